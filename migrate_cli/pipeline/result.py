"""What processing one file produces; the runner collects these and the reporters render them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from migrate_cli.reporters.findings import Finding

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from migrate_cli.pipeline.edits import Edit
    from migrate_cli.pipeline.ruleset import Ruleset
    from migrate_cli.pipeline.source import LineIndex, SourceText
    from migrate_cli.python.facts import ModuleFacts
    from migrate_cli.resolve.resolution import FilePlan

CONTEXT = 40  # characters of the written text kept on each side of an edit, to find it again


class WorkItem(NamedTuple):
    """A file of the run for a handler: its kind (the handler's name), its path as shown, its bytes."""

    kind: str
    shown: str
    data: bytes


class PlannedItem(NamedTuple):
    """A file processed again with the plan the repository-wide resolution made for it (resolution.FilePlan)."""

    kind: str
    shown: str
    data: bytes
    plan: FilePlan


@dataclass(frozen=True)
class EditRecord:
    """One edit as the migration record and the reporters see it (no secret ever stored).

    `old` is the text the edit replaced (for a removed secret: the expression `revert` puts back in its
    place), `new` the text it wrote, `offset` where `new` starts in the written text, and the contexts
    the written text around it. Every key in `old`, `new` and the contexts is masked (safety/masking.py): a key
    the edit kept is named in `masked` by its masked form, and `revert` takes it back from the file.
    """

    kind: str  # the edit's kind (`model-id`); the record's `rule` key
    line: int
    column: int
    old: str
    new: str
    secret: bool = False
    offset: int = 0
    context_before: str = ""
    context_after: str = ""
    masked: tuple[str, ...] = ()  # masked forms of the keys `old` holds (and the written text still has)
    # The providers whose migration made the edit (two for one both needed: an `import os`); `revert --from`
    # undoes an edit only with all of them. Empty in records written before edits named their provider.
    providers: tuple[str, ...] = ()


@dataclass
class FileResult:
    path: str  # as shown: relative to the working directory, '/'-separated
    changed: bool = False
    new_data: bytes | None = None
    original_digest: str = ""
    diff: str = ""
    edits: list[EditRecord] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    internal_error: str = ""
    written_digest: str = ""  # sha1 of new_data
    env_reads: frozenset[str] = frozenset()  # environment variables the file still reads after the rewrite
    facts: ModuleFacts | None = None  # Python: what the repository-wide resolution needs; dropped after it
    # the edits.Edit spans of the original text (pipeline/providers.py merges)
    text_edits: list = field(default_factory=list)

    def wrote(
        self,
        shown: str,
        source: SourceText,
        text: str,
        new_data: bytes,
        edits: list,
        rules: Ruleset,
        restore: Callable[[str], str],
        providers: tuple[str, ...] | list[tuple[str, ...]],
    ) -> None:
        """The file is rewritten: `text` (written as `new_data`) from `source` by `edits`; its diff and the record
        of its edits (`restore`, `providers`: record_edits's)."""
        import hashlib

        from migrate_cli.pipeline.diffing import unified_diff
        from migrate_cli.pipeline.source import LineIndex

        self.changed = True
        self.text_edits = edits
        self.new_data = new_data
        self.written_digest = hashlib.sha1(new_data).hexdigest()
        self.diff = unified_diff(shown, source.text, text, rules.redact)
        self.edits = record_edits(
            source.text,
            text,
            edits,
            LineIndex(source.text),
            restore,
            rules.secret,
            lambda q: f"__import__({q}os{q}).environ[{q}{rules.openai_key_env}{q}]",
            providers,
        )


def record_edits(
    old_text: str,
    new_text: str,
    edits: Sequence[Edit],
    index: LineIndex,
    restore_secret: Callable[[str], str],
    secret: re.Pattern[str] | None = None,
    key_read: Callable[[str], str] | None = None,
    providers: tuple[str, ...] | list[tuple[str, ...]] = (),
) -> list[EditRecord]:
    """EditRecords for `edits` (sorted, non-overlapping) that turned old_text into new_text.

    `providers`: the providers whose migration made the edits, for all of them or (a list) edit by edit.

    `secret`: the key pattern; every key in what is recorded is masked. A key in the replaced text that
    the written text no longer holds was removed by the edit: the edit becomes a secret one, and the
    quoted literal is recorded as `key_read(quote)`, the environment read `revert` puts in its place.
    """
    from migrate_cli.safety.masking import mask, masked_keys

    masked_old = mask(old_text, secret) if secret is not None else old_text
    masked_new = mask(new_text, secret) if secret is not None else new_text
    written_keys = set(masked_keys(new_text, secret)) if secret is not None else set()
    records = []
    shift = 0
    # An `import os` of its own among the edits (a notebook cell's added first lines): revert keeps it when it
    # puts a removed key back as a read, so the read is a plain `os.environ[…]`.
    adds_os = any(e.kind == "import-os" for e in edits)
    for number, edit in enumerate(edits):
        start = edit.start + shift
        end = start + len(edit.new)
        line, column = index.position(edit.start)
        is_secret = edit.secret
        kept: tuple[str, ...] = ()
        if is_secret:
            old = restore_secret(edit.new)
        else:
            old = masked_old[edit.start : edit.end]
            if old != old_text[edit.start : edit.end]:
                keys = masked_keys(old_text[edit.start : edit.end], secret)  # type: ignore[arg-type]
                removed = [k for k in keys if k not in written_keys]
                kept = tuple(sorted(k for k in keys if k in written_keys))
                if removed:
                    is_secret = True
                    # The `import os` apply put at the start of this edit (a notebook cell's first lines) goes
                    # back with the read, so that the read can be a plain `os.environ[…]`, as everywhere else.
                    added = _ADDED_IMPORT_OS.match(masked_new[start:end])
                    read = key_read
                    if key_read is not None and (adds_os or added is not None and not _IMPORTS_OS.search(old)):
                        read = lambda quote: _PLAIN_OS.sub("os.", key_read(quote))  # noqa: E731
                    for key in removed:
                        old = _replace_literal(old, key, read)
                    if added is not None and read is not key_read and not adds_os:
                        old = added.group(0) + old
        records.append(
            EditRecord(
                edit.kind,
                line,
                column,
                old,
                masked_new[start:end],
                is_secret,
                start,
                masked_new[max(0, start - CONTEXT) : start],
                masked_new[end : end + CONTEXT],
                kept,
                providers[number] if isinstance(providers, list) else providers,
            )
        )
        shift += len(edit.new) - (edit.end - edit.start)
    return records


# `import os` (and the blank line after it) at the start of a rewritten span, as Python source or as the
# first lines of a notebook cell's JSON source list.
_ADDED_IMPORT_OS = re.compile(r'import os\r?\n(?:\r?\n)?|"import os\\n",\s*(?:"\\n",\s*)?')
_IMPORTS_OS = re.compile(r"^[ \t\"]*import os\b", re.MULTILINE)
_PLAIN_OS = re.compile(r"__import__\((\\?[\"'])os\1\)\.")


def _replace_literal(text: str, key: str, key_read: Callable[[str], str] | None) -> str:
    """`text` with the quoted literal holding the (masked) key replaced by an environment read; the quotes
    may be escaped (a notebook cell's source inside JSON). An unquoted key becomes `sk-...`."""
    import re

    def read(match: re.Match) -> str:
        return key_read(match.group(1) + match.group(2)) if key_read else "sk-..."

    replaced = re.sub(r"(\\?)([\"'])" + re.escape(key) + r"\1\2", read, text)
    return replaced.replace(key, "sk-...")
