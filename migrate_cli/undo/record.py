"""The migration record: what `apply` changed, kept at the repository root so `revert` can undo it exactly.

A TOML file, one value per line, so it reads well in a pull request. Every `apply` that writes adds a run;
`revert` undoes runs newest first, site by site, and trims the record to what it could not undo (removing
it when nothing is left). No secret is ever stored in it: a key literal that `apply` removed is recorded
as removed, and every other key in the recorded text is masked (safety/masking.py).

The record is also the journal of the run that writes it (safety/journal.py): each file's entry carries the
digest of the file before and after the write, and a `state` while the write is under way, so a run
stopped at any point leaves a record that says exactly what was written.

Written by a small emitter: tomlkit took 262 s and 1.1 GB to write the record of one 100,000-edit file
(its array-of-tables rendering is quadratic); the emitter takes well under a second. Read line by line
with `json.loads` for the values when the file is exactly in the emitter's layout (the record of that
file, 26 MB, in 1.5 s; `tomllib` takes 12 s), and with `tomllib` otherwise: after a hand edit, say.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from migrate_cli import __version__
from migrate_cli.pipeline.discovery import RECORD_NAME, RecordError
from migrate_cli.pipeline.result import EditRecord
from migrate_cli.safety.safepaths import OutsideRoot, inside, printable

VERSION = 2  # 2: original_sha1 and the journal's states; 1 is still read
READABLE_VERSIONS = (1, 2)
WRITING, WRITTEN = "writing", "written"
HEADER = (
    "Written by `bytespike-migrate apply`: every edit it made, so that `bytespike-migrate revert` can undo\n"
    "them exactly. Commit it with the migration. It holds no secrets: a removed key literal is recorded as\n"
    "removed, never stored, and any other key is masked."
)


@dataclass
class RecordedFile:
    path: str  # relative to the record's folder, '/'-separated
    written_digest: str  # sha1 of the file as apply wrote it
    edits: list[EditRecord] = field(default_factory=list)
    original_digest: str = ""  # sha1 of the file before apply wrote it ("" in version 1 records)
    state: str = WRITTEN  # WRITING from the moment the run is journaled until the file has landed
    reverted_digest: str = ""  # while a revert is under way: sha1 of the file it is writing
    undo: set[int] = field(default_factory=set)  # while a revert is under way: the edits it undoes


@dataclass
class RecordedRun:
    tool: str
    files: list[RecordedFile] = field(default_factory=list)


def record_path(root: Path) -> Path:
    return root / RECORD_NAME


def temporary_path(root: Path) -> Path:
    return root / f".{RECORD_NAME}.tmp"


def exists(root: Path) -> bool:
    return record_path(root).is_file()


def load(root: Path) -> list[RecordedRun]:
    """The record's runs ([] when there is no record); RecordError when it is not one this tool can trust."""
    path = record_path(root)
    shown = printable(str(path))
    if not path.exists():
        return []
    try:
        if path.is_symlink() or not path.is_file():
            raise RecordError(f"the migration record {shown} is not a regular file: refusing to read it")
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise RecordError(f"cannot read the migration record {shown}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise RecordError(f"the migration record {shown} is not UTF-8 text") from None
    if not text.strip():
        raise RecordError(
            f"the migration record {shown} is empty: not a record this tool wrote; "
            "restore it from version control or delete it"
        )
    import tomllib

    try:
        data = _emitted(text)
        if data is None:
            data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RecordError(f"the migration record {shown} is not valid TOML: {exc}") from None
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or "runs" not in data:
        raise RecordError(
            f"{shown} is not a migration record written by bytespike-migrate (no version "
            "or no runs): refusing to use it"
        )
    if version not in READABLE_VERSIONS:
        raise RecordError(
            f"the migration record {shown} has version {version}; this bytespike-migrate "
            f"reads versions {', '.join(map(str, READABLE_VERSIONS))}: upgrade it"
        )
    try:
        runs = [_run(run, root) for run in _tables(data["runs"])]
    except OutsideRoot as exc:
        raise RecordError(
            f"the migration record {shown} names a path outside the repository: {exc}; refusing to use it"
        ) from None
    except (KeyError, TypeError, ValueError) as exc:
        raise RecordError(f"the migration record {shown} is damaged: {type(exc).__name__}: {exc}") from None
    if not runs:
        raise RecordError(f"the migration record {shown} holds no runs: not a record this tool wrote")
    return runs


_TABLES = {"[[runs]]": 1, "[[runs.files]]": 2, "[[runs.files.edits]]": 3}


def _emitted(text: str) -> dict | None:
    """The record as tomllib would read it, when every line is in the emitter's layout; else None."""
    top: dict = {}
    runs: list[dict] = []
    current = top
    decode = json.JSONDecoder().decode
    for line in text.split("\n"):
        if not line or line[0] == "#":
            continue
        if line[0] == "[":
            depth = _TABLES.get(line)
            if depth is None:
                return None
            current = {}
            if depth == 1:
                runs.append(current)
                top["runs"] = runs
            elif depth == 2:
                if not runs:
                    return None
                runs[-1].setdefault("files", []).append(current)
            else:
                if not runs or not runs[-1].get("files"):
                    return None
                runs[-1]["files"][-1].setdefault("edits", []).append(current)
            continue
        key, sep, value = line.partition(" = ")
        if not sep or not key.replace("_", "").isalnum() or key in current or "\t" in value:
            return None
        try:
            current[key] = decode(value)
        except ValueError:
            return None
        if isinstance(current[key], (float, dict)) or value.startswith(("+", "-")):
            return None
    return top


def _tables(value: object) -> list[dict]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise TypeError("expected an array of tables")
    return value


def _text(table: dict, key: str, default: str | None = None) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise TypeError(f"{key} must be a string")
    return value


def _number(table: dict, key: str) -> int:
    value = table[key]
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{key} must be a number >= 0")
    return value


def _run(run: dict, root: Path) -> RecordedRun:
    files = []
    for entry in _tables(run.get("files", [])):
        rel = _text(entry, "path")
        inside(root, rel)
        edits, undo = [], set()
        for number, e in enumerate(_tables(entry.get("edits", []))):
            masked = e.get("masked", [])
            if not isinstance(masked, list) or not all(isinstance(m, str) for m in masked):
                raise TypeError("masked must be a list of strings")
            providers = e.get("providers", [])
            if not isinstance(providers, list) or not all(isinstance(m, str) for m in providers):
                raise TypeError("providers must be a list of strings")
            edits.append(
                EditRecord(
                    kind=_text(e, "rule"),
                    line=_number(e, "line"),
                    column=_number(e, "column"),
                    old=_text(e, "before"),
                    new=_text(e, "after"),
                    secret=e.get("secret", False) is True,
                    offset=_number(e, "offset"),
                    context_before=_text(e, "context_before", ""),
                    context_after=_text(e, "context_after", ""),
                    masked=tuple(masked),
                    providers=tuple(providers),
                )
            )
            if e.get("undo", False) is True:
                undo.add(number)
        state = _text(entry, "state", WRITTEN)
        if state not in (WRITING, WRITTEN):
            raise ValueError(f"unknown state {state!r}")
        files.append(
            RecordedFile(
                rel,
                _text(entry, "written_sha1"),
                edits,
                _text(entry, "original_sha1", ""),
                state,
                _text(entry, "reverted_sha1", ""),
                undo,
            )
        )
    return RecordedRun(_text(run, "tool", ""), files)


def _string(value: str) -> str:
    # A JSON string is a TOML basic string, but for DEL, which TOML wants escaped.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def dumps(runs: list[RecordedRun]) -> str:
    out = [f"# {line}\n" for line in HEADER.splitlines()]
    out.append(f"version = {VERSION}\n")
    for run in runs:
        out.append(f"\n[[runs]]\ntool = {_string(run.tool)}\n")
        for recorded in run.files:
            if not recorded.edits:
                continue
            out.append(f"\n[[runs.files]]\npath = {_string(recorded.path)}\n")
            if recorded.original_digest:
                out.append(f"original_sha1 = {_string(recorded.original_digest)}\n")
            out.append(f"written_sha1 = {_string(recorded.written_digest)}\n")
            if recorded.state != WRITTEN:
                out.append(f"state = {_string(recorded.state)}\n")
            if recorded.reverted_digest:
                out.append(f"reverted_sha1 = {_string(recorded.reverted_digest)}\n")
            for number, edit in enumerate(recorded.edits):
                out.append(
                    f"\n[[runs.files.edits]]\nrule = {_string(edit.kind)}\nline = {edit.line}\n"
                    f"column = {edit.column}\noffset = {edit.offset}\nbefore = {_string(edit.old)}\n"
                    f"after = {_string(edit.new)}\n"
                )
                if edit.secret:
                    out.append("secret = true\n")
                if edit.masked:
                    out.append(f"masked = [{', '.join(map(_string, edit.masked))}]\n")
                if edit.providers:
                    out.append(f"providers = [{', '.join(map(_string, edit.providers))}]\n")
                if number in recorded.undo:
                    out.append("undo = true\n")
                out.append(
                    f"context_before = {_string(edit.context_before)}\ncontext_after = {_string(edit.context_after)}\n"
                )
    return "".join(out)


def save(root: Path, runs: list[RecordedRun]) -> None:
    """Write the record (temporary file, fsync, rename), or remove it when no edit is left in it."""
    path = record_path(root)
    runs = [r for r in runs if any(f.edits for f in r.files)]
    if not runs:
        if path.exists():
            path.unlink()
            _sync_folder(root)
        return
    data = dumps(runs).encode("utf-8")
    tmp = temporary_path(root)
    mode = 0o666
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        pass
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), mode)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        remove_temporary(root)
        raise
    _sync_folder(root)


def remove_temporary(root: Path) -> None:
    try:
        os.unlink(temporary_path(root))
    except OSError:
        pass


def _sync_folder(folder: Path) -> None:
    """A rename is durable once its folder is synced (not possible everywhere: then as durable as it gets)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def new_run(files: list[RecordedFile]) -> RecordedRun:
    return RecordedRun(f"bytespike-migrate {__version__}", files)


@dataclass
class Located:
    edit: EditRecord
    start: int  # where edit.new stands in the current text; -1 when it could not be found


def locate(text: str, edits: list[EditRecord], unchanged: bool) -> list[Located]:
    """Where each recorded edit's written text stands now (`text` masked as the record is).

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
