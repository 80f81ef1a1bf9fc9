"""The emulated services' contract, from the rules data: the same catalog, served paths, key format and id
patterns the migration itself uses, so `verify` checks a program against what `apply` assumed."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from migrate_cli.pipeline.ruleset import PROVIDERS, Ruleset, load_provider
from migrate_cli.verify.emulator import ANTHROPIC, BYTESPIKE, OPENAI


def build(providers: list[Ruleset]) -> dict[str, Any]:
    """The contract for the emulator. `providers`: the settings' rules (their base URL and maps count);
    the shipped rules of every provider are added, so the default hosts are always answered."""
    shipped = [load_provider(name) for name in PROVIDERS]
    rules = {r.provider: r for r in shipped}
    rules.update({r.provider: r for r in providers if r.provider in rules})
    everyone = [*rules.values(), *shipped, *providers]
    openai_rules, anthropic_rules = rules[OPENAI], rules[ANTHROPIC]
    catalog = sorted({m for r in everyone for m in r.models.catalog})
    bytespike_hosts: dict[str, list[str]] = {}
    for r in everyone:
        parts = urlsplit(r.bytespike_url)
        path = parts.path.rstrip("/")
        if r.provider == OPENAI and path.endswith("/v1"):  # the served paths carry the /v1 themselves
            path = path[: -len("/v1")]
        prefixes = bytespike_hosts.setdefault((parts.hostname or "").lower(), [])
        if path not in prefixes:
            prefixes.append(path)
    return {
        "key_prefix": next(r.key_prefix for r in everyone if r.key_prefix),
        OPENAI: _provider(openai_rules, catalog),
        ANTHROPIC: _provider(anthropic_rules, catalog),
        BYTESPIKE: {
            "hosts": sorted(bytespike_hosts),
            "path_prefixes": {host: sorted(p, key=len, reverse=True) for host, p in bytespike_hosts.items()},
            "served": {OPENAI: list(openai_rules.bytespike_served), ANTHROPIC: list(anthropic_rules.bytespike_served)},
            "catalog": catalog,
            # For the reason of a refusal: "'gpt-4o' is not in ByteSpike's catalog (its ByteSpike id: gpt-5-4)".
            "forward": {**anthropic_rules.models.forward, **openai_rules.models.forward},
        },
    }


def _provider(rules: Ruleset, catalog: list[str]) -> dict[str, Any]:
    """A provider's hosts, the ids it serves (by pattern) and the ByteSpike ids it refuses."""
    models = rules.models
    patterns = [models.openai_id.pattern]
    if models.openai_only is not None:
        patterns.append(models.openai_only.pattern)
    # A fine-tuned model (`ft:gpt-4o-mini:org::id`) is the provider's too.
    patterns.append(r"ft:.+")
    return {
        "hosts": sorted({urlsplit(rules.openai_url).hostname or "", *rules.openai_hosts}),
        "id_patterns": patterns,
        # ByteSpike's ids, but those the provider serves under the same name (gpt-5-mini, claude-sonnet-4-6).
        "bytespike_only": sorted(set(catalog) - set(models.forward) - set(models.reverse.values()) - models.current),
    }
