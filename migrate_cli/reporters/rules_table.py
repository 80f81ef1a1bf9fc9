"""`bytespike-migrate rules`: the facts the tool works from, as Rich tables or JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from migrate_cli.pipeline.ruleset import Ruleset
from migrate_cli.reporters.findings import all_codes

if TYPE_CHECKING:
    from rich.console import Console

    from migrate_cli.python.rewrite_rules import PythonRule


def document(rules: Ruleset) -> dict:
    models = rules.models

    def families(paths: dict) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for path, family in paths.items():
            grouped.setdefault(family, []).append(".".join(path))
        return grouped

    return {
        "forward": [
            {"openai": src, "bytespike": dst, "approximate": src in models.approximate}
            for src, dst in models.forward.items()
        ],
        "reverse": [
            {
                "bytespike": src,
                "openai": dst,
                "also_from": [m for m in models.reverse_ambiguous.get(src, []) if m != dst],
            }
            for src, dst in models.reverse.items()
        ],
        "base_urls": {"bytespike": rules.bytespike_url, "openai": rules.openai_url},
        "key_variables": {"bytespike": rules.key_env, "openai": rules.openai_key_env},
        "unsupported_apis": families(rules.apis.unsupported),
        "unverified_apis": families(rules.apis.unverified),
        "typescript_unsupported_apis": families(rules.typescript.apis.unsupported),
        "findings": {c.id: {"severity": c.severity.value, "description": c.meaning} for c in all_codes().values()},
        "rewrite_rules": [
            {
                "name": f.name,
                "changes": f.description,
                "directions": sorted(f.directions),
                "can_disable": f.rewrites,
                "findings": list(f.finding_ids()),
            }
            for f in _python_rules()
        ],
        "rules_file": rules.source,
    }


def _python_rules() -> tuple[PythonRule, ...]:
    from migrate_cli.python.rewrite_rules import python_rules

    return python_rules()


def render_markdown() -> str:
    """The README's rule and finding tables, generated from the declarations (a test keeps them equal)."""
    lines = ["| rule | what it does | findings it can report | `--disable` |", "|---|---|---|---|"]
    for f in _python_rules():
        findings = ", ".join(f"`{e}`" for e in f.finding_ids()) or "–"
        lines.append(f"| `{f.name}` | {f.description} | {findings} | {'yes' if f.rewrites else 'no (analysis)'} |")
    lines += ["", "| finding | severity | meaning |", "|---|---|---|"]
    order = {"error": 0, "warning": 1, "info": 2}
    for c in sorted(all_codes().values(), key=lambda c: order[c.severity.value]):
        lines.append(f"| `{c.id}` | {c.severity.value} | {c.meaning} |")
    return "\n".join(lines) + "\n"


_PER_PROVIDER = (
    "forward",
    "reverse",
    "base_urls",
    "key_variables",
    "unsupported_apis",
    "unverified_apis",
    "typescript_unsupported_apis",
    "rules_file",
)


def render_json(rules: Ruleset | list[Ruleset]) -> str:
    """The first rule set's document (OpenAI's), with every provider's own facts under `providers`."""
    rulesets = rules if isinstance(rules, list) else [rules]
    data = document(rulesets[0])
    if len(rulesets) > 1:
        data["providers"] = {r.provider: {k: v for k, v in document(r).items() if k in _PER_PROVIDER} for r in rulesets}
    return json.dumps(data, indent=2) + "\n"


def render_text(rules: Ruleset | list[Ruleset]) -> None:
    """Each provider's model map, endpoints and API families, then the rewrite rules and findings once."""
    from migrate_cli.reporters.text import console_for

    rulesets = rules if isinstance(rules, list) else [rules]
    console = console_for()
    for ruleset in rulesets:
        _provider_tables(console, ruleset)
    _shared_tables(console, document(rulesets[0]))


def _provider_tables(console: Console, rules: Ruleset) -> None:
    from rich.table import Table

    data = document(rules)
    name = rules.provider_display
    forward = Table(title=f"Model map: {name} → ByteSpike")
    for column in (f"{name} id", "ByteSpike id", "note"):
        forward.add_column(column)
    for row in data["forward"]:
        forward.add_row(row["openai"], row["bytespike"], "approximate, always reported" if row["approximate"] else "")
    reverse = Table(title=f"Reverse: ByteSpike → {name}")
    for column in ("ByteSpike id", f"{name} id", "note"):
        reverse.add_column(column)
    for row in data["reverse"]:
        note = f"ambiguous: also {', '.join(row['also_from'])} (--prefer)" if row["also_from"] else ""
        reverse.add_row(row["bytespike"], row["openai"], note)
    facts = Table(title=f"Endpoints and keys ({name} SDK)")
    for column in ("", "ByteSpike", name):
        facts.add_column(column)
    facts.add_row("base URL", data["base_urls"]["bytespike"], data["base_urls"]["openai"])
    facts.add_row("key variable", data["key_variables"]["bytespike"], data["key_variables"]["openai"])
    apis = Table(title=f"API families ({name})")
    for column in ("family", "calls", "on ByteSpike"):
        apis.add_column(column)
    for family, paths in data["unsupported_apis"].items():
        apis.add_row(family, ", ".join(paths), "not available (unsupported-api)")
    for family, paths in data["unverified_apis"].items():
        apis.add_row(family, ", ".join(paths), "not documented (unverified-api)")
    for family, paths in data["typescript_unsupported_apis"].items():
        apis.add_row(f"{family} (JS)", ", ".join(paths), "not available (unsupported-api)")
    for table in (forward, reverse, facts, apis):
        console.print(table)
    console.print(f"Rules file: {data['rules_file']}", highlight=False)


def _shared_tables(console: Console, data: dict) -> None:
    from rich.table import Table

    rewrite = Table(title="Rewrite rules (Python), in the order they run")
    for column in ("rule", "what it does", "findings", "--disable"):
        rewrite.add_column(column)
    for row in data["rewrite_rules"]:
        rewrite.add_row(row["name"], row["changes"], ", ".join(row["findings"]), "yes" if row["can_disable"] else "no")
    findings = Table(title="Findings")
    for column in ("finding", "severity", "meaning"):
        findings.add_column(column)
    for rule, entry in data["findings"].items():
        findings.add_row(rule, entry["severity"], entry["description"])
    for table in (rewrite, findings):
        console.print(table)


def _update_readme(path: str) -> None:
    from pathlib import Path

    readme = Path(path)
    text = readme.read_text(encoding="utf-8")
    start = text.index("\n", text.index("<!-- generated from the rules' declarations")) + 1
    end = text.index("<!-- end of generated tables -->")
    readme.write_text(text[:start] + render_markdown() + text[end:], encoding="utf-8")


if __name__ == "__main__":
    import sys

    _update_readme(sys.argv[1] if len(sys.argv) > 1 else "README.md")
