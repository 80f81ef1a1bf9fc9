"""`--show-settings`: the effective settings and where each comes from, as a table or as JSON."""

from __future__ import annotations

import json
from typing import TextIO

from rich.table import Table

from migrate_cli.pipeline.settings import Settings
from migrate_cli.reporters.text import console_for
from migrate_cli.safety.masking import redact_message
from migrate_cli.safety.safepaths import printable


def render(settings: Settings, out: TextIO, *, as_json: bool) -> None:
    if as_json:
        document = {name: {"value": value, "from": where} for name, (value, where) in settings.origin.items()}
        out.write(redact_message(json.dumps(document, indent=2, default=str)) + "\n")
        return
    table = Table(title="Effective settings", show_lines=False)
    table.add_column("setting")
    table.add_column("value", overflow="fold")
    table.add_column("from")
    for name, (value, where) in settings.origin.items():
        shown = ", ".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else str(value)
        table.add_row(name, _one_line(shown), _one_line(str(where)))
    console_for(out).print(table, markup=False)


def _one_line(text: str) -> str:
    """A cell as one line with no key in it: control characters escaped, keys cut to 6 characters."""
    return printable(redact_message(text))
