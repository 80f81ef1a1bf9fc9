"""The Python rewrite rules: one module per rule in `rules/python/`, one class per rule.

A rule declares its name (what `--disable` takes), what it changes, the directions it runs in and the
findings it can report; the `rules` command and the README's tables are generated from those
declarations. Rules run in the order of their `order` (then name): the ones that add or move code first,
the ones that swap values next, the ones that only report last. Adding a rule is adding a module to
`rules/python/` (and its fixture pairs): nothing here or in the engine names it.

The folder is found beside the package in a checkout and inside it (`migrate_cli/_rules/python`) in an
installed wheel; its modules are imported under one synthetic package, so they can be loaded in any
worker process and never collide with a user's modules.
"""

from __future__ import annotations

import importlib
import sys
import types
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from migrate_cli.reporters.findings import Code, declare

if TYPE_CHECKING:
    from migrate_cli.python.analysis import State

PACKAGE = "bytespike_migrate_rules"


class RuleError(ValueError):
    """A rule module declares something unusable; the message names the module."""


class PythonRule:
    """One rewrite rule: subclass it in a module of `rules/python/` and implement `run`."""

    name: ClassVar[str]
    description: ClassVar[str]
    directions: ClassVar[frozenset[str]] = frozenset({"forward"})  # "forward" (OpenAI -> ByteSpike), "reverse"
    rewrites: ClassVar[bool] = True  # False: it only reports (cannot be turned off with --disable)
    # The findings it can report: a `Code` declared in the rule's module for a finding only it reports, or the id
    # of a code several places report (`reporters/findings.py`).
    emits: ClassVar[tuple[str | Code, ...]] = ()
    order: ClassVar[int] = 50

    _registry: ClassVar[list[type[PythonRule]]] = []

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        from migrate_cli.reporters.findings import CODES

        try:
            for own in cls.emits:
                if isinstance(own, Code):
                    declare(own)
        except ValueError as error:
            raise RuleError(f"rule {cls.name} ({cls.__module__}): {error}") from None
        unknown = [e for e in cls.finding_ids() if e not in CODES]
        if unknown:
            raise RuleError(
                f"rule {cls.name} ({cls.__module__}) names unknown findings {unknown}: declare a Code in its "
                "module, or import the one another rule declares"
            )
        PythonRule._registry.append(cls)

    @classmethod
    def finding_ids(cls) -> tuple[str, ...]:
        return tuple(e.id if isinstance(e, Code) else e for e in cls.emits)

    def run(self, state: State) -> None:
        raise NotImplementedError


def rules_folder() -> Path:
    """`rules/python`: inside the installed wheel, or beside the package in a source checkout."""
    here = Path(__file__).resolve().parent.parent  # migrate_cli/
    for candidate in (here / "_rules" / "python", here.parent / "rules" / "python"):
        if candidate.is_dir():
            return candidate
    raise RuleError("the rules/python folder was not found beside the package")


@cache
def python_rules() -> tuple[PythonRule, ...]:
    """Every rule, in run order."""
    folder = rules_folder()
    package = sys.modules.get(PACKAGE)
    if package is None:
        package = types.ModuleType(PACKAGE)
        package.__path__ = [str(folder)]
        sys.modules[PACKAGE] = package
    for path in sorted(folder.glob("*.py")):
        if not path.name.startswith("_"):
            importlib.import_module(f"{PACKAGE}.{path.stem}")
    found = [cls for cls in PythonRule._registry if cls.__module__.startswith(PACKAGE + ".")]
    names = [cls.name for cls in found]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise RuleError(f"more than one rule is named {', '.join(duplicates)}")
    return tuple(cls() for cls in sorted(found, key=lambda cls: (cls.order, cls.name)))


def rules_for(reverse: bool, disabled: frozenset[str] = frozenset()) -> list[PythonRule]:
    direction = "reverse" if reverse else "forward"
    return [r for r in python_rules() if direction in r.directions and r.name not in disabled]


def run_rules(state: State) -> None:
    """The client analysis, then every rule of the run's direction that is not turned off."""
    from migrate_cli.python.client_analysis import decide_clients

    decide_clients(state)
    for rule in rules_for(state.rules.reverse, state.rules.disabled):
        rule.run(state)
    state.place_os_import()
