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
    rule: str
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
