"""Effective settings: the rules file, then the scanned repository's `[tool.bytespike-migrate]`, then flags."""

from __future__ import annotations

import tomllib
from pathlib import Path

from migrate_cli.ruleset import RulesError, Ruleset, load_rules, parse_map_option

TABLE = "bytespike-migrate"


def find_pyproject(paths: list[Path]) -> Path | None:
    """The pyproject.toml of the first path's project: in the folder or the nearest parent that has one,
    stopping at the repository root."""
    start = paths[0] if paths else Path.cwd()
    folder = start if start.is_dir() else start.parent
    for candidate in [folder.resolve(), *folder.resolve().parents]:
        if (candidate / "pyproject.toml").is_file():
            return candidate / "pyproject.toml"
        if (candidate / ".git").exists():
            return None
    return None


def project_table(pyproject: Path | None) -> dict:
    if pyproject is None:
        return {}
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RulesError(f"cannot read {pyproject}: {exc}") from None
    table = data.get("tool", {}).get(TABLE, {})
    if not isinstance(table, dict):
        raise RulesError(f"{pyproject}: [tool.{TABLE}] must be a table")
    return table


def build_rules(
    paths: list[Path],
    *,
    maps: list[str],
    base_url: str | None,
    key_env: str | None,
    prefer: list[str] | None = None,
    reverse: bool = False,
    rules_file: Path | None = None,
) -> tuple[Ruleset, list[str]]:
    """The ruleset to run with, and the project's extra exclude globs."""
    rules = load_rules(rules_file)
    pyproject = find_pyproject(paths)
    table = project_table(pyproject)
    where = f"{pyproject} [tool.{TABLE}]"
    project_map = table.get("map", {})
    if not isinstance(project_map, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in project_map.items()
    ):
        raise RulesError(f"{where}: map must be a table of id = id strings")
    overrides = {}
    for old, new in project_map.items():
        overrides.update([parse_map_option(f"{old}={new}")])
    for text in maps:
        overrides.update([parse_map_option(text)])
    excludes = table.get("exclude", [])
    if not isinstance(excludes, list) or not all(isinstance(e, str) for e in excludes):
        raise RulesError(f"{where}: exclude must be a list of globs")
    for key in ("base-url", "key-env"):
        if key in table and not isinstance(table[key], str):
            raise RulesError(f"{where}: {key} must be a string")
    project_prefer = table.get("prefer", {})
    if not isinstance(project_prefer, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in project_prefer.items()
    ):
        raise RulesError(f"{where}: prefer must be a table of id = id strings")
    preferences = dict(project_prefer)
    for text in prefer or []:
        old, new = parse_map_option(text, option="--prefer")
        preferences[old] = new
    rules = rules.with_settings(
        prefer=preferences,
        maps=overrides,
        base_url=base_url if base_url is not None else table.get("base-url"),
        key_env=key_env if key_env is not None else table.get("key-env"),
    )
    return (rules.reversed() if reverse else rules), excludes
