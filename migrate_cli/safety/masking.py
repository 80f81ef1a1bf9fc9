"""Secrets in what the tool keeps: masked to their first 6 characters, keeping every length.

The migration record needs the text around each edit to find the site again, and that text can hold a
key (a kept client's, one in a comment, a YAML value the tool reported). It stores the masked text, whose
offsets are the file's own, and `revert` matches it against the file masked the same way: a key never
reaches the record, and no site moves.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

KEPT = 6  # characters of a key any output may show
FILL = "*"


def mask(text: str, secret: re.Pattern[str]) -> str:
    """`text` with every key's characters after its first 6 replaced by `*` (same length)."""
    return secret.sub(lambda m: m.group(0)[:KEPT] + FILL * (len(m.group(0)) - KEPT), text)


def masked_keys(text: str, secret: re.Pattern[str]) -> dict[str, str]:
    """The keys in `text`, by their masked form."""
    return {mask(found, secret): found for found in secret.findall(text)}


def redact_message(text: str) -> str:
    """An error message with every key cut to its first 6 characters (the built-in rules' pattern; a
    message can come before any settings were read)."""
    from migrate_cli.pipeline.ruleset import RulesError, load_rules

    try:
        return load_rules().redact(text)
    except (RulesError, OSError, ValueError):
        return re.sub(r"sk-[A-Za-z0-9_\-]{20,}", lambda m: m.group(0)[:KEPT] + "…", text)


def without_secrets(text: str, environ: Mapping[str, str], secret: re.Pattern[str]) -> str:
    """`text` with every key cut to 6 characters: those that look like keys, and the values of the
    environment's key, token and secret variables, whatever they look like (a report of a program's run
    can quote any of them)."""
    values = sorted(
        {
            v
            for n, v in environ.items()
            if len(v) > KEPT + 2 and re.search(r"KEY|TOKEN|SECRET|PASSWORD", n, re.IGNORECASE)
        },
        key=len,
        reverse=True,
    )
    for value in values:
        text = text.replace(value, value[:KEPT] + "…")
    return secret.sub(lambda m: m.group(0)[:KEPT] + "…", text)
