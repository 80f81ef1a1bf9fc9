"""`revert` with a migration record: each recorded site whose text is still what `apply` wrote gets its
old text back; a site edited by hand since is left alone and reported.

Runs are undone newest first. When a file is byte-for-byte what `apply` wrote, the recorded offsets are
exact, so `apply` then `revert` gives the original bytes back (a removed secret key excepted: it comes
back as an OPENAI_API_KEY read). After unrelated edits elsewhere in the file, sites are found by their
recorded context. Keys are matched in their masked form, as the record keeps them (safety/masking.py).

Linear in the number of edits when the file is what apply wrote: sites are checked for overlap in one
sweep in offset order (a 110,000-edit file took over 12 minutes when each site was checked against every
site taken before it).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from migrate_cli.pipeline.diffing import unified_diff
from migrate_cli.pipeline.edits import Edit, apply_edits
from migrate_cli.pipeline.result import EditRecord, FileResult
from migrate_cli.pipeline.ruleset import Ruleset
from migrate_cli.pipeline.source import LineIndex, SourceText, UndecodableSource
from migrate_cli.reporters.findings import Finding
from migrate_cli.safety.deepstack import deeply
from migrate_cli.safety.masking import mask
from migrate_cli.undo import record


@dataclass
class FileRevert:
    """One recorded file, reverted in memory."""

    root: Path
    rel: str
    result: FileResult
    kept: dict[int, list[EditRecord]] = field(default_factory=dict)  # run index -> edits still recorded
    entries: list = field(default_factory=list)  # the record's entries a write of this file settles


def _digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def revert_file(
    root: Path,
    rel: str,
    shown: str,
    entries: list[tuple[int, record.RecordedFile]],
    rules: Ruleset,
    providers: frozenset[str] | None = None,
) -> FileRevert:
    """`entries`: (run index, RecordedFile) for this file, newest run first. `providers`: undo only the
    edits every provider of which is among these (`revert --from anthropic` leaves OpenAI's edits, and an
    `import os` both providers' edits need); an edit recorded before edits named their provider is undone
    whatever `providers` says."""
    path = root / rel
    result = FileResult(shown)
    outcome = FileRevert(root, rel, result)
    try:
        data = path.read_bytes()
    except OSError:
        result.findings.append(
            Finding(shown, 1, 1, "revert-conflict", "recorded by apply but no longer readable: nothing reverted")
        )
        outcome.kept = {index: list(entry.edits) for index, entry in entries}
        return outcome
    result.original_digest = _digest(data)
    python = rel.endswith(".py")
    try:
        source = SourceText.decode(data, python=python)
    except UndecodableSource as exc:
        result.findings.append(Finding(shown, 1, 1, "parse-error", f"not reverted: {exc}"))
        outcome.kept = {index: list(entry.edits) for index, entry in entries}
        return outcome

    text = source.text
    current = data
    for index, entry in entries:
        if entry.state == record.WRITING:
            # An apply stopped while writing this file, and the file is neither what it read nor what it
            # wrote: which of the recorded edits are in it cannot be known, and is not guessed.
            result.findings.append(
                Finding(
                    shown,
                    1,
                    1,
                    "revert-conflict",
                    "apply was stopped while writing this file, which has changed since: nothing of that run "
                    "reverted here; compare it with version control",
                )
            )
            outcome.kept[index] = list(entry.edits)
            continue
        recorded = entry.edits
        left = [] if providers is None else [e for e in recorded if e.providers and not set(e.providers) <= providers]
        if left:
            left_ids = {id(e) for e in left}
            entry = replace(entry, edits=[e for e in entry.edits if id(e) not in left_ids])
        edits, kept = _undo_run(text, _digest(current) == entry.written_digest, entry.edits, shown, rules, result)
        text = apply_edits(text, edits)
        current = source.encode(text)
        if kept or left:
            still = {id(e) for e in kept + left}
            outcome.kept[index] = [e for e in recorded if id(e) in still]

    if text != source.text:
        from migrate_cli.pipeline.handlers import handler_for

        handler = handler_for(path)
        try:
            if handler is not None:
                deeply(handler.verify, text)
            new_data = source.written(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            result.findings.append(
                Finding(
                    shown,
                    getattr(exc, "lineno", 1) or 1,
                    1,
                    "parse-error",
                    f"revert would not parse, file left unchanged: {exc}",
                )
            )
            outcome.kept = {index: list(entry.edits) for index, entry in entries}
            return outcome
        result.changed = True
        result.new_data = new_data
        result.written_digest = _digest(result.new_data)
        result.diff = unified_diff(shown, source.text, text, rules.redact)
    result.findings.sort()
    return outcome


def _undo_run(
    text: str, unchanged: bool, recorded: list[EditRecord], shown: str, rules: Ruleset, result: FileResult
) -> tuple[list[Edit], list[EditRecord]]:
    """The edits that undo one run's recorded edits in `text` (`unchanged`: the file is what that run
    wrote), and the recorded edits left as they are, each with a `revert-conflict` finding in `result`."""
    # A removed secret comes back as an environment read, which needs the `import os` apply added.
    keeps_os = any(e.secret for e in recorded)
    view = mask(text, rules.secret)
    keys = _unambiguous(text, rules.secret) if any(e.masked for e in recorded) else {}
    index_now = LineIndex(text)
    edits: list[Edit] = []
    kept: list[EditRecord] = []

    def conflict(edit: EditRecord, start: int, why: str) -> None:
        kept.append(edit)
        line = index_now.position(start)[0] if start >= 0 else edit.line
        result.findings.append(
            Finding(
                shown,
                line,
                edit.column,
                "revert-conflict",
                f"{edit.kind} edit {rules.redact(edit.new)!r} {why}: left as is",
            )
        )

    candidates = []
    for order, site in enumerate(record.locate(view, recorded, unchanged)):
        edit = site.edit
        if keeps_os and edit.kind == "import-os" and not edit.secret:
            continue
        end = site.start + len(edit.new)
        if site.start < 0 or view[site.start : end] != edit.new:
            conflict(edit, site.start, "was changed by hand since apply")
            continue
        candidates.append((site.start, end, order, edit))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    reach, reach_start = -1, -1  # the furthest end of the sites taken so far, and where that site starts
    for start, end, _, edit in candidates:
        if start < reach and (start < end or reach_start < start):
            conflict(edit, start, "overlaps another recorded edit")
            continue
        old = edit.old
        if edit.masked:
            found = _keys_at(edit, text[start:end], keys)
            if found is None:
                conflict(edit, start, "replaced text holding a key that is no longer in the file")
                continue
            for masked_form in edit.masked:
                old = old.replace(masked_form, found[masked_form])
        if end > reach:
            reach, reach_start = end, start
        edits.append(Edit(start, end, old, edit.kind))
        if edit.secret:
            line, column = index_now.position(start)
            result.findings.append(Finding(shown, line, column, "hardcoded-key", _secret_not_restored(old)))
    return edits, kept


def _secret_not_restored(old: str) -> str:
    """What a revert says where apply removed a key literal, `old` the text that comes back in its place."""
    return "the key literal apply removed is not restored (it was never stored): " + (
        f"the code now reads {variable} in its place"
        if (variable := _variable_read(old)) is not None
        else f"{old!r} stands in its place; put your key there"
    )


def _variable_read(old: str) -> str | None:
    """The variable a recorded key read names (`os.environ["ANTHROPIC_API_KEY"]` -> ANTHROPIC_API_KEY)."""
    match = re.search(r"""environ\[\\?["']([A-Za-z_][A-Za-z0-9_]*)\\?["']\]""", old)
    return match.group(1) if match else None


def _keys_at(edit: EditRecord, written: str, keys: dict[str, str]) -> dict[str, str] | None:
    """The real key behind each masked form of an edit: read where the edit's new text stands in the file
    (`written`, its masked form is `edit.new`: masking keeps lengths), else the one key of the file with that
    masked form. Two keys of one notebook can mask alike (`sk-pro****…`): the file-wide lookup alone would put
    one where the other was. None when a key is missing or ambiguous."""
    found: dict[str, str] = {}
    for masked_form in edit.masked:
        real = None
        at = edit.new.find(masked_form)
        while at >= 0:
            here = written[at : at + len(masked_form)]
            if real is not None and here != real:
                return None
            real = here
            at = edit.new.find(masked_form, at + 1)
        real = real if real is not None else keys.get(masked_form)
        if real is None:
            return None
        found[masked_form] = real
    return found


def _unambiguous(text: str, secret: re.Pattern[str]) -> dict[str, str]:
    """The keys in `text` by their masked form, those whose masked form stands for one key only."""
    by_form: dict[str, set[str]] = {}
    for key in secret.findall(text):
        by_form.setdefault(mask(key, secret), set()).add(key)
    return {form: next(iter(keys)) for form, keys in by_form.items() if len(keys) == 1}
