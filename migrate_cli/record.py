"""The migration record: what `apply` changed, kept at the repository root so `revert` can undo it exactly.

A TOML file (written with tomlkit, one value per line, so it reads well in a pull request). Every `apply`
that writes adds a run; `revert` undoes runs newest first, site by site, and trims the record to what it
could not undo (removing it when nothing is left). No secret is ever stored in it: an API key literal
that `apply` removed is recorded as removed, and `revert` puts an environment read in its place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from migrate_cli import __version__
from migrate_cli.result import EditRecord

from migrate_cli.discovery import RECORD_NAME, RecordError  # noqa: E402,F401

HEADER = (
    "Written by `bytespike-migrate apply`: every edit it made, so that `bytespike-migrate revert` can undo\n"
    "them exactly. Commit it with the migration. It holds no secrets: a removed key literal is recorded as\n"
    "removed, never stored."
)


@dataclass
class RecordedFile:
    path: str  # relative to the record's folder, '/'-separated
    written_digest: str  # sha1 of the file as apply wrote it
    edits: list[EditRecord] = field(default_factory=list)


@dataclass
class RecordedRun:
    tool: str
    files: list[RecordedFile] = field(default_factory=list)


def record_path(root: Path) -> Path:
    return root / RECORD_NAME


def load(root: Path) -> list[RecordedRun]:
    path = record_path(root)
    if not path.is_file():
        return []
    import tomlkit

    try:
        data = tomlkit.parse(path.read_text(encoding="utf-8")).unwrap()
        runs = []
        for run in data.get("runs", []):
            files = []
            for entry in run.get("files", []):
                edits = [
                    EditRecord(
                        rule=e["rule"], line=int(e["line"]), column=int(e["column"]), old=e["before"],
                        new=e["after"], secret=bool(e.get("secret", False)), offset=int(e["offset"]),
                        context_before=e.get("context_before", ""), context_after=e.get("context_after", ""),
                    )
                    for e in entry.get("edits", [])
                ]
                files.append(RecordedFile(entry["path"], entry["written_sha1"], edits))
            runs.append(RecordedRun(run.get("tool", ""), files))
        return runs
    except (OSError, UnicodeDecodeError, KeyError, TypeError, ValueError) as exc:
        raise RecordError(f"cannot read the migration record {path}: {exc}") from None
    except Exception as exc:  # tomlkit's parse errors
        raise RecordError(f"the migration record {path} is not valid TOML: {exc}") from None


def save(root: Path, runs: list[RecordedRun]) -> None:
    """Write the record, or remove it when no run is left."""
    import tomlkit

    from migrate_cli.source import write_atomic

    path = record_path(root)
    runs = [r for r in runs if any(f.edits for f in r.files)]
    if not runs:
        if path.exists():
            path.unlink()
        return
    document = tomlkit.document()
    for line in HEADER.splitlines():
        document.add(tomlkit.comment(line))
    document["version"] = 1
    run_tables = tomlkit.aot()
    for run in runs:
        run_table = tomlkit.table()
        run_table["tool"] = run.tool
        file_tables = tomlkit.aot()
        for recorded in run.files:
            if not recorded.edits:
                continue
            file_table = tomlkit.table()
            file_table["path"] = recorded.path
            file_table["written_sha1"] = recorded.written_digest
            edit_tables = tomlkit.aot()
            for edit in recorded.edits:
                table = tomlkit.table()
                table["rule"] = edit.rule
                table["line"] = edit.line
                table["column"] = edit.column
                table["offset"] = edit.offset
                table["before"] = edit.old
                table["after"] = edit.new
                if edit.secret:
                    table["secret"] = True
                table["context_before"] = edit.context_before
                table["context_after"] = edit.context_after
                edit_tables.append(table)
            file_table["edits"] = edit_tables
            file_tables.append(file_table)
        run_table["files"] = file_tables
        run_tables.append(run_table)
    document["runs"] = run_tables
    data = tomlkit.dumps(document).encode("utf-8")
    if path.exists():
        write_atomic(path, data)
    else:
        path.write_bytes(data)


def add_run(root: Path, files: list[RecordedFile]) -> None:
    runs = load(root)
    runs.append(RecordedRun(f"bytespike-migrate {__version__}", files))
    save(root, runs)


@dataclass
class Located:
    edit: EditRecord
    start: int  # where edit.new stands in the current text; -1 when it could not be found


def locate(text: str, edits: list[EditRecord], unchanged: bool) -> list[Located]:
    """Where each recorded edit's written text stands now.

    When the file is byte-for-byte what apply wrote, the recorded offsets are exact. Otherwise each site
    is found by its written text with as much of its recorded context as still matches uniquely, the one
    nearest the recorded offset winning a tie; a site whose text is gone was edited by hand.
    """
    if unchanged:
        return [Located(e, e.offset) for e in edits]
    found = []
    for edit in edits:
        found.append(Located(edit, _find(text, edit)))
    return found


def _find(text: str, edit: EditRecord) -> int:
    before, after = edit.context_before, edit.context_after
    for keep in (len(before), len(before) // 2, 8, 0):
        lead = before[len(before) - min(keep, len(before)) :]
        for trail_keep in (len(after), len(after) // 2, 8, 0):
            trail = after[: min(trail_keep, len(after))]
            if not lead and not trail and (before or after):
                continue  # the written text alone could be anyone's: a site needs some of its context
            needle = lead + edit.new + trail
            hits = []
            at = text.find(needle)
            while at != -1:
                hits.append(at + len(lead))
                at = text.find(needle, at + 1)
            if len(hits) == 1:
                return hits[0]
            if len(hits) > 1:
                # Not unique with this much context: more context cannot be had, so take the nearest.
                return min(hits, key=lambda h: abs(h - edit.offset))
    return -1
