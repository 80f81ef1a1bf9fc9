"""Source text as it is on disk: decoding that keeps the encoding, BOM and line endings (safety/writing.py writes)."""

from __future__ import annotations

import codecs
import io
import re
import tokenize
from dataclasses import dataclass

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
    python: bool = False

    @classmethod
    def decode(cls, data: bytes, *, python: bool = False) -> SourceText:
        bom = data.startswith(codecs.BOM_UTF8)
        body = data[len(codecs.BOM_UTF8) :] if bom else data
        encoding = _python_encoding(data) if python else "utf-8"
        try:
            codecs.lookup(encoding)
            text = body.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise UndecodableSource(f"cannot decode as {encoding}: {exc}") from None
        first = _NEWLINE.search(text)
        return cls(text=text, encoding=encoding, bom=bom, newline=first.group(0) if first else "\n", python=python)

    def encode(self, text: str) -> bytes:
        data = text.encode(self.encoding)
        return codecs.BOM_UTF8 + data if self.bom else data

    def written(self, text: str) -> bytes:
        """`text` as it would be written, when Python reads those bytes back as `text`: an edit that pushed
        the encoding declaration below line 2 (or wrote a character the encoding lacks) would leave a file
        that no longer decodes, or decodes differently, however well its text parses."""
        data = self.encode(text)
        if self.python and codecs.lookup(_python_encoding(data)).name != codecs.lookup(self.encoding).name:
            raise UndecodableSource(f"the rewrite would change how Python decodes the file ({self.encoding})")
        return data


def _python_encoding(data: bytes) -> str:
    """The encoding Python reads a source file in: the standard library's own reading of the BOM and the
    PEP 263 declaration (only on line 1, or on line 2 below a comment or blank line), so that what this
    tool decodes is what the interpreter decodes, and what the interpreter refuses (a BOM with a declaration
    of another encoding, an unknown encoding) is refused here too."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        if data.startswith(codecs.BOM_UTF8):
            raise UndecodableSource(
                "encoding problem: a UTF-8 byte order mark, and a declaration of another encoding"
            ) from None
        raise UndecodableSource(exc.msg) from None
    return "utf-8" if encoding == "utf-8-sig" else encoding


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
