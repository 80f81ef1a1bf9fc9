"""Edits: exact text replacements at offsets of a file's text, the unit every rule produces.

Rewriting by spans keeps every byte outside an edit as it was, makes each change explainable on its own,
and gives the migration record what it needs to find and undo a site later.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Edit:
    start: int
    end: int
    new: str
    kind: str  # what the edit does (`model-id`, `base-url`); "rule" in the record and the JSON output
    secret: bool = False  # the replaced text holds a secret: never store or show it


class OverlappingEdits(ValueError):
    pass


def apply_edits(text: str, edits: list[Edit]) -> str:
    """The text with every edit applied; edits may not overlap (insertions at one offset keep their order)."""
    out: list[str] = []
    cursor = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < cursor:
            raise OverlappingEdits(f"edits overlap at offset {edit.start}")
        out.append(text[cursor : edit.start])
        out.append(edit.new)
        cursor = edit.end
    out.append(text[cursor:])
    return "".join(out)


def removal_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The text to delete to remove one argument or property (text[start:end]), its comma and the space
    that goes with it: the whole line when it stands alone on one, else the comma after it, else the one
    before it."""
    after = end
    while after < len(text) and text[after] in " \t":
        after += 1
    has_comma = after < len(text) and text[after] == ","
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip() == "" and has_comma:
        rest = after + 1
        while rest < len(text) and text[rest] in " \t":
            rest += 1
        if text.startswith("\r\n", rest):
            return line_start, rest + 2
        if rest < len(text) and text[rest] in "\r\n":
            return line_start, rest + 1
    if has_comma:
        tail = after + 1
        while tail < len(text) and text[tail] in " \t":
            tail += 1
        return start, tail
    before = start
    while before > 0 and text[before - 1] in " \t\r\n":
        before -= 1
    if before > 0 and text[before - 1] == ",":
        return before - 1, end
    return start, end
