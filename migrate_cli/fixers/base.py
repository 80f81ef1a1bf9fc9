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
    emits: tuple[str, ...] = ()  # the finding rules it can report (findings.RULE_SEVERITY)


PYTHON_FIXERS: list[Fixer] = []


def python_fixer(
    name: str, description: str, *, directions: tuple[str, ...] = ("forward",), rewrites: bool = True,
    emits: tuple[str, ...] = (),
) -> Callable[[Callable[[State], None]], Callable[[State], None]]:
    """Registers a rule: its name (for --disable), what it changes, and the findings it can report."""
    from migrate_cli.findings import RULE_SEVERITY

    unknown = [e for e in emits if e not in RULE_SEVERITY]
    if unknown:
        raise ValueError(f"rule {name} declares unknown findings {unknown}")

    def register(run: Callable[[State], None]) -> Callable[[State], None]:
        PYTHON_FIXERS.append(Fixer(name, description, run, frozenset(directions), rewrites, tuple(emits)))
        return run

    return register


def fixers_for(reverse: bool, disabled: frozenset[str] = frozenset()) -> list[Fixer]:
    direction = "reverse" if reverse else "forward"
    return [f for f in PYTHON_FIXERS if direction in f.directions and f.name not in disabled]
