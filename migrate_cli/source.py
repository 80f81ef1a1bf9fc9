"""Source text as it is on disk: decoding that keeps the encoding, BOM and line endings (writing.py writes)."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# PEP 263: the cookie must be in one of the first two lines.
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_NEWLINE = re.compile(r"\r\n|\r|\n")


class UndecodableSource(ValueError):
    pass


@dataclass(frozen=True)
class SourceText:
    """A file's text plus what is needed to write it back byte-for-byte the same way."""

    text: str
    encoding: str
    bom: bool
    newline: str

    @classmethod
    def decode(cls, data: bytes, *, python: bool = False) -> SourceText:
        bom = data.startswith(codecs.BOM_UTF8)
        body = data[len(codecs.BOM_UTF8) :] if bom else data
        encoding = "utf-8"
        if python and not bom:
            for line in body.split(b"\n", 2)[:2]:
                match = _COOKIE.match(line)
                if match:
                    encoding = match.group(1).decode("ascii")
                    break
        try:
            codecs.lookup(encoding)
            text = body.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise UndecodableSource(f"cannot decode as {encoding}: {exc}") from None
        first = _NEWLINE.search(text)
        return cls(text=text, encoding=encoding, bom=bom, newline=first.group(0) if first else "\n")

    def encode(self, text: str) -> bytes:
        data = text.encode(self.encoding)
        return codecs.BOM_UTF8 + data if self.bom else data


class LineIndex:
    """Maps (line, column) positions to offsets in a text; lines end at \\r\\n, \\r or \\n only
    (like Python's tokenizer, unlike str.splitlines)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]

    def line_text(self, line: int) -> str:
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end]

    def offset(self, line: int, utf8_column: int) -> int:
        """Offset of an `ast` position (1-based line, column counted in UTF-8 bytes)."""
        start = self.starts[line - 1]
        if utf8_column == 0:
            return start
        line_text = self.line_text(line)
        if line_text.isascii():
            return start + utf8_column
        return start + len(line_text.encode("utf-8")[:utf8_column].decode("utf-8", "replace"))

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based, columns counted in characters."""
        from bisect import bisect_right

        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1
