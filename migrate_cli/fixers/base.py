"""The fixer registry: a fixer is one rewrite rule; adding a rule adds one module and nothing else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from migrate_cli.pystate import State


@dataclass(frozen=True)
class Fixer:
    name: str
    description: str
    run: Callable[[State], None]
    directions: frozenset[str]  # "forward" (OpenAI -> ByteSpike), "reverse"
    rewrites: bool = True  # False: it only analyses and reports (cannot be turned off with --disable)


PYTHON_FIXERS: list[Fixer] = []


def python_fixer(
    name: str, description: str, *, directions: tuple[str, ...] = ("forward",), rewrites: bool = True
) -> Callable[[Callable[[State], None]], Callable[[State], None]]:
    def register(run: Callable[[State], None]) -> Callable[[State], None]:
        PYTHON_FIXERS.append(Fixer(name, description, run, frozenset(directions), rewrites))
        return run

    return register


def fixers_for(reverse: bool, disabled: frozenset[str] = frozenset()) -> list[Fixer]:
    direction = "reverse" if reverse else "forward"
    return [f for f in PYTHON_FIXERS if direction in f.directions and f.name not in disabled]
