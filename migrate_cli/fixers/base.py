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


PYTHON_FIXERS: list[Fixer] = []


def python_fixer(
    name: str, description: str, *, directions: tuple[str, ...] = ("forward",)
) -> Callable[[Callable[[State], None]], Callable[[State], None]]:
    def register(run: Callable[[State], None]) -> Callable[[State], None]:
        PYTHON_FIXERS.append(Fixer(name, description, run, frozenset(directions)))
        return run

    return register


def fixers_for(reverse: bool) -> list[Fixer]:
    direction = "reverse" if reverse else "forward"
    return [f for f in PYTHON_FIXERS if direction in f.directions]
