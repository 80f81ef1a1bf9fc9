"""Effective settings: the rules file, then the project's table, then command-line flags (which win).

The project's table is `[tool.bytespike-migrate]` in the scanned repository's `pyproject.toml`, or the
file given with `--config` (a TOML file with the same keys, at its top level or under that table).
Every setting remembers where it came from, for `--show-settings`.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from migrate_cli.pipeline import providers
from migrate_cli.pipeline.ruleset import RulesError, Ruleset, load_rules, parse_map_option
from migrate_cli.reporters.findings import is_code

TABLE = "bytespike-migrate"
KEYS = (
    "map",
    "exclude",
    "base-url",
    "key-env",
    "prefer",
    "select",
    "ignore",
    "available",
    "disable",
    "split",
    *providers.KEYS,
)


@dataclass
class Settings:
    rules: Ruleset
    excludes: list[str] = field(default_factory=list)
    select: set[str] = field(default_factory=set)
    ignore: set[str] = field(default_factory=set)
    disable: set[str] = field(default_factory=set)  # rewrite rules turned off
    origin: dict[str, tuple[object, str]] = field(default_factory=dict)  # name -> (value, where from)
    providers: list[Ruleset] = field(default_factory=list)  # every provider the run migrates from (`rules` first)


def find_pyproject(paths: list[Path]) -> Path | None:
    """The pyproject.toml of the first path's project: in the folder or the nearest parent that has one,
    stopping at the repository root (outside git: the folder itself, where the record would be). Nothing
    above the repository is read: its settings are the repository's own."""
    from migrate_cli.pipeline.discovery import record_root

    start = paths[0] if paths else Path.cwd()
    folder = (start if start.is_dir() else start.parent).resolve()
    root = record_root(folder)
    for candidate in [folder, *folder.parents]:
        found = candidate / "pyproject.toml"
        if found.is_file() and not found.is_symlink():
            return found
        if candidate == root or (candidate / ".git").exists():
            return None
    return None


def project_table(path: Path | None, *, whole_file: bool = False) -> dict:
    if path is None:
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RulesError(f"cannot read {path}: {exc}") from None
    table = data.get("tool", {}).get(TABLE)
    if table is None:
        table = {k: v for k, v in data.items() if k in KEYS} if whole_file else {}
    if not isinstance(table, dict):
        raise RulesError(f"{path}: [tool.{TABLE}] must be a table")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise RulesError(f"{path}: unknown setting {unknown[0]!r} (known: {', '.join(KEYS)})")
    return table


def _pairs(value: object, where: str, name: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise RulesError(f"{where}: {name} must be a table of id = id strings")
    return dict(value)


def _globs(value: object, where: str, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(e, str) for e in value):
        raise RulesError(f"{where}: {name} must be a list of strings")
    return value


def _rules_named(values: list[str], where: str) -> set[str]:
    for rule in values:
        if not is_code(rule):
            from migrate_cli.python.rewrite_rules import python_rules  # only for the message: start-up stays without it

            if any(r.name == rule for r in python_rules()):
                raise RulesError(
                    f"{where}: {rule!r} is a rewrite rule, not a finding (turn it off with --disable "
                    "or disable; finding ids: `bytespike-migrate rules`)"
                )
            raise RulesError(f"{where}: unknown rule {rule!r} (finding ids: `bytespike-migrate rules`)")
    return set(values)


def _rewrite_rules_named(values: list[str], where: str) -> set[str]:
    if not values:
        return set()  # the rules' package stays off start-up (a sparse tree's run is mostly start-up)
    from migrate_cli.python.rewrite_rules import python_rules

    known = sorted({r.name for r in python_rules() if r.rewrites})
    for rule in values:
        if rule not in known:
            if is_code(rule):
                raise RulesError(
                    f"{where}: {rule!r} is a finding, not a rewrite rule (leave it out of the report "
                    f"with --ignore or ignore; rewrite rules: {', '.join(known)})"
                )
            raise RulesError(f"{where}: unknown rewrite rule {rule!r} (known: {', '.join(known)})")
    return set(values)


def _shown(path: Path | None) -> str:
    if path is None:
        return "pyproject.toml"
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _check_preferences(rules: Ruleset, overrides: dict[str, str], preferences: dict[str, str], where: str) -> None:
    """A preference names, for a ByteSpike id the reverse maps, one of the OpenAI ids that map to it (the
    rules file's or a --map/map one): the reverse may only write back an id that was there before."""
    models = rules.models
    forward = {**models.forward, **overrides}
    for bytespike_id, openai_id in preferences.items():
        sources = sorted(
            {*(o for o, b in forward.items() if b == bytespike_id), *models.reverse_ambiguous.get(bytespike_id, ())}
        )
        if bytespike_id not in models.reverse and not sources:
            raise RulesError(
                f"{where} {bytespike_id}={openai_id}: {bytespike_id!r} is not a ByteSpike id the "
                "reverse migration maps (see `bytespike-migrate rules`)"
            )
        if openai_id not in sources:
            raise RulesError(
                f"{where} {bytespike_id}={openai_id}: {openai_id!r} is not an OpenAI id that maps to "
                f"{bytespike_id} (one of: {', '.join(sources)})"
            )


def _overrides(table: dict, where: str, maps: list[str]) -> dict[str, str]:
    """The model map's overrides: the settings table's `map`, then `--map` options."""
    overrides: dict[str, str] = {}
    for old, new in _pairs(table.get("map", {}), where, "map").items():
        overrides.update([parse_map_option(f"{old}={new}", option=f"{where}: map")])
    for text in maps:
        overrides.update([parse_map_option(text)])
    return overrides


def _preferences(
    rules: Ruleset, overrides: dict[str, str], table: dict, where: str, prefer: list[str]
) -> dict[str, str]:
    """The reverse map's choices: the settings table's `prefer`, then `--prefer` options, each checked."""
    preferences = _pairs(table.get("prefer", {}), where, "prefer")
    for old, new in preferences.items():
        parse_map_option(f"{old}={new}", option=f"{where}: prefer")
    _check_preferences(rules, overrides, preferences, f"{where}: prefer")
    flagged: dict[str, str] = {}
    for text in prefer:
        old, new = parse_map_option(text, option="--prefer")
        flagged[old] = new
    _check_preferences(rules, overrides, flagged, "--prefer")
    preferences.update(flagged)
    return preferences


def build_settings(
    paths: list[Path],
    *,
    maps: list[str],
    base_url: str | None,
    key_env: str | None,
    prefer: list[str] | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    excludes: list[str] | None = None,
    config: Path | None = None,
    reverse: bool = False,
    available: list[str] | None = None,
    disable: list[str] | None = None,
    no_split: bool = False,
    rules_file: Path | None = None,
    from_: list[str] | None = None,
    project: tuple[dict, str] | None = None,
) -> Settings:
    """`project`: the project's table and where it was read, when already read (each provider's settings
    are built from the same table: looking for it again costs a `git rev-parse` a provider)."""
    rules = load_rules(rules_file)
    if project is None:
        source = config if config is not None else find_pyproject(paths)
        if config is not None and not config.is_file():
            raise RulesError(f"--config {config}: no such file")
        # Named as given (--config), or relative to the working folder when the file is in it.
        project = (
            project_table(source, whole_file=config is not None),
            f"{source}" if config is not None else f"{_shown(source)} [tool.{TABLE}]",
        )
    table, where = project
    if rules_file is None:  # every provider chosen, each with its own settings (pipeline/providers.py)
        return providers.build(
            functools.partial(build_settings, project=project),
            paths,
            table,
            where,
            from_,
            maps=maps,
            base_url=base_url,
            key_env=key_env,
            prefer=prefer,
            select=select,
            ignore=ignore,
            excludes=excludes,
            config=config,
            reverse=reverse,
            available=available,
            disable=disable,
            no_split=no_split,
        )
    table = providers.table_for(table, rules, where)
    origin: dict[str, tuple[object, str]] = {}

    def note(name: str, value: object, from_table: bool, from_flag: bool) -> None:
        origin[name] = (value, "command line" if from_flag else where if from_table else "default")

    overrides = _overrides(table, where, maps)
    preferences = _preferences(rules, overrides, table, where, prefer or [])
    for key in ("base-url", "key-env"):
        if key in table and not isinstance(table[key], str):
            raise RulesError(f"{where}: {key} must be a string")
    families = set(available or _globs(table.get("available", []), where, "available"))
    try:
        rules = rules.with_settings(available=families, prefer=preferences, maps=overrides)
    except RulesError as exc:
        raise RulesError(f"{'--map' if maps else where + ': map'}: {exc}") from None
    for key, flag, value in (("base-url", "--base-url", base_url), ("key-env", "--key-env", key_env)):
        given = value if value is not None else table.get(key)  # a string when in the table (checked above)
        if given is None:
            continue
        try:
            if key == "base-url":
                rules = rules.with_settings(base_url=given)
            else:
                rules = rules.with_settings(key_env=given)
        except RulesError as exc:
            raise RulesError(f"{flag if value is not None else f'{where}: {key}'}: {exc}") from None
    all_excludes = [*_globs(table.get("exclude", []), where, "exclude"), *(excludes or [])]
    chosen = _rules_named(
        select or _globs(table.get("select", []), where, "select"), "--select" if select else f"{where}: select"
    )
    dropped = _rules_named(
        ignore or _globs(table.get("ignore", []), where, "ignore"), "--ignore" if ignore else f"{where}: ignore"
    )

    turned_off = _rewrite_rules_named(
        disable or _globs(table.get("disable", []), where, "disable"), "--disable" if disable else f"{where}: disable"
    )
    note("available", sorted(families), "available" in table, bool(available))
    note("disable", sorted(turned_off), "disable" in table, bool(disable))
    note("map", rules.models.forward, "map" in table, bool(maps))
    note("prefer", rules.models.reverse, "prefer" in table, bool(prefer))
    note("base-url", rules.bytespike_url, "base-url" in table, base_url is not None)
    note("key-env", rules.key_env, "key-env" in table, key_env is not None)
    note("exclude", all_excludes, "exclude" in table, bool(excludes))
    note("select", sorted(chosen) or "all rules", "select" in table, bool(select))
    note("ignore", sorted(dropped), "ignore" in table, bool(ignore))
    origin["rules file"] = (rules.source, "built in")
    if "split" in table and not isinstance(table["split"], bool):
        raise RulesError(f"{where}: split must be true or false")
    split = not no_split and table.get("split", True)
    note("split", split, "split" in table, no_split)
    rules = replace(rules, disabled=frozenset(turned_off), split=split)
    return Settings(rules.reversed() if reverse else rules, all_excludes, chosen, dropped, turned_off, origin)
