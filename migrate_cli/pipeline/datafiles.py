"""Data files: model ids in a JSON, YAML or TOML file that no code of the repository names are data (a
website's leaderboard, benchmark results), not requests. Their `unmapped-model` findings, one per id, buried
the findings that matter (248 in one leaderboard file of one repository); each such file gets one instead,
that counts and names them.

Whether code reads a file is judged by its name: a file whose name stands in no Python, notebook or
TypeScript file of the repository is read by none of them (a name built at run time is missed, and the file
then counts as data: its ids are still reported, summarised). The code files are read only when a data file
has such findings, and most of them were read already by the byte search."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from migrate_cli.pipeline.handlers import CODE_KINDS, DATA_KINDS, handler_for
from migrate_cli.reporters.findings import Finding

if TYPE_CHECKING:
    from collections.abc import Iterable

    from migrate_cli.pipeline.result import FileResult
    from migrate_cli.pipeline.runner import Listing, RunReport

_ID = re.compile(r"model id '([^']+)'")


def summarise_data_files(report: RunReport, listing: Listing, displays: dict[str, str]) -> None:
    """Replaces the `unmapped-model` findings of the data files no code names by one per provider and folder
    (a benchmark writes one results file per run). `displays`: provider name -> how messages name it ("OpenAI")."""
    candidates = []
    for result in report.results:
        handler = handler_for(result.path)
        if (
            handler is not None
            and handler.name in DATA_KINDS
            and any(f.code == "unmapped-model" for f in result.findings)
        ):
            candidates.append(result)
    if not candidates:
        return
    code = ((path, data) for path, _, _, handler, data in listing.files if handler.name in CODE_KINDS)
    unread = unnamed([result.path for result in candidates], code)
    by_folder: dict[str, list[FileResult]] = {}
    for result in sorted(candidates, key=lambda r: r.path):
        if result.path in unread:
            by_folder.setdefault(result.path.rpartition("/")[0], []).append(result)
    for folder, results in by_folder.items():
        found = [f for result in results for f in result.findings if f.code == "unmapped-model"]
        for result in results:
            result.findings = [f for f in result.findings if f.code != "unmapped-model"]
        results[0].findings = sorted(results[0].findings + _summarised(found, displays, folder or "."))


def unnamed(paths: list[str], code: Iterable[tuple[str, bytes | None]]) -> set[str]:
    """The files of `paths` whose name stands in none of the code files (path, bytes, None: read here when
    needed): read by no code of the repository, as far as the tool can tell."""
    names = {path: path.rpartition("/")[2].encode() for path in paths}
    unread = set(paths)
    for path, data in code:
        if not unread:
            break
        if data is None:
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError:
                continue
        unread -= {p for p in unread if names[p] in data}
    return unread


def _summarised(findings: list[Finding], displays: dict[str, str], folder: str) -> list[Finding]:
    """One `unmapped-model` finding per provider for the ids of `findings` (of the data files of one folder), at
    the first of that provider's files."""
    kept: list[Finding] = []
    by_provider: dict[str, list[Finding]] = {}
    for f in findings:
        by_provider.setdefault(f.provider, []).append(f)
    for provider, found in by_provider.items():
        ids = list(dict.fromkeys(m.group(1) for f in found if (m := _ID.search(f.message))))
        shown = ", ".join(repr(i) for i in ids[:3]) + (", …" if len(ids) > 3 else "")
        display = displays.get(provider, "OpenAI")
        count = f"{len(ids)} {display} model id{'s' if len(ids) != 1 else ''}"
        first = found[0]
        files = len({f.path for f in found})
        where = "this data file" if files == 1 else f"{files} data files of {folder}/"
        kept.append(
            replace(
                first,
                message=(
                    f"{count} with no ByteSpike mapping ({shown}) in {where}, whose name no code of the "
                    f"repository mentions: left as they are; map them (--map ID=NEW) if something reads them as models"
                ),
            )
        )
    return kept
