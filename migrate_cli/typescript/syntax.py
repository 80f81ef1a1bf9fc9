"""Parsing TypeScript and JavaScript with tree-sitter, and reading its trees.

tree-sitter's grammars give every node's exact byte span, recover from errors (so a file the grammar
does not fully know is still analysed for what it calls, though never rewritten), and come as wheels
with the C parser inside: no Node.js is needed to run the tool. Spans are in UTF-8 bytes; `Module`
turns them into offsets of the decoded text, which is what edits are made of.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache

import tree_sitter_javascript
import tree_sitter_typescript
from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree

from migrate_cli.typescript import EXTENSIONS

_WIDE = re.compile(r"[^\x00-\x7f]")


def language_of(path: str) -> str | None:
    name = path.rpartition("/")[2]
    dot = name.rfind(".")
    return EXTENSIONS.get(name[dot:].lower()) if dot > 0 else None


@cache
def grammar(language: str) -> Language:
    if language == "typescript":
        return Language(tree_sitter_typescript.language_typescript())
    if language == "tsx":
        return Language(tree_sitter_typescript.language_tsx())
    return Language(tree_sitter_javascript.language())


@cache
def parser(language: str) -> Parser:
    return Parser(grammar(language))


@cache
def _query(language: str, kinds: tuple[str, ...]) -> Query:
    known = grammar(language)
    patterns = [f"({kind}) @{kind}" for kind in kinds if known.id_for_node_kind(kind, True)]
    return Query(known, " ".join(patterns))


def nodes_of(tree: Tree, language: str, kinds: tuple[str, ...]) -> list[Node]:
    """The nodes of the given kinds, in source order. A query runs in tree-sitter's C code: measured on
    openai-node's 463 modules, walking every node in Python took 2.6 s of a 7 s run."""
    found = QueryCursor(_query(language, kinds)).captures(tree.root_node)
    return sorted((n for nodes in found.values() for n in nodes), key=lambda n: (n.start_byte, -n.end_byte))


# A JSX attribute's string with a bare `&` (`href="?a=1&b=2"`), which the grammars read as the start of a
# character reference: one error, or the whole file in errors with two of them.
_ATTRIBUTE_AMPERSAND = re.compile(rb"""(?<=[\w-]=)(?:"[^"\n{}<>]*&[^"\n]*"|'[^'\n{}<>]*&[^'\n]*')""")


# `importOriginal<typeof import("openai")>()`, vitest's `vi.mock` idiom: a type query of an import as a call's type
# argument, which tree-sitter-typescript 0.23.2 fails (a `typeof import(…)` type elsewhere parses).
_TYPEOF_IMPORT = re.compile(rb"""typeof\s+import\(\s*(?:"[^"\n]*"|'[^'\n]*')\s*\)(?=\s*[,>])""")
# `(): import("@ag-ui/client").Tool[]`: an import type's member in an annotation, which the grammar fails too.
_IMPORT_TYPE = re.compile(rb"""(?<=[:<|&,])(\s*)(import\(\s*(?:"[^"\n]*"|'[^'\n]*')\s*\)(?:\.[A-Za-z_$][\w$]*)+)""")


# `export type * from "./types"` (TypeScript 5.0): a re-export of types only, nothing at run time.
_EXPORT_TYPE_STAR = re.compile(
    rb"""export\s+type\s+\*(?:\s+as\s+[A-Za-z_$][\w$]*)?\s+from\s+(?:"[^"\n]*"|'[^'\n]*')\s*;?"""
)


def _blank(match: re.Match[bytes]) -> bytes:
    """The text of a match as spaces, its line breaks kept: every offset holds."""
    return bytes(c if c in b"\r\n" else 32 for c in match.group(0))


def _tagged_type_arguments(data: bytes) -> bytes:
    """``styled.div<{ open: boolean }>`…` ``: a tagged template's type arguments, which the grammars fail, blanked."""
    out = bytearray(data)
    at = data.find(b">`")
    while at != -1:
        depth, i = 0, at
        while i >= 0:
            c = data[i]
            if c == ord(">"):
                depth += 1
            elif c == ord("<"):
                depth -= 1
                if depth == 0:
                    break
            elif c in b";`" or i < at - 400:
                i = -1
                break
            i -= 1
        if i > 0 and (chr(data[i - 1]).isalnum() or data[i - 1] in b"_$)"):
            out[i : at + 1] = bytes(c if c in b"\r\n" else 32 for c in data[i : at + 1])
        at = data.find(b">`", at + 2)
    return bytes(out)


def parse(text: str, language: str) -> Tree:
    data = text.encode("utf-8")
    tree = parser(language).parse(data)
    if not tree.root_node.has_error:
        return tree
    # Parsed again with what the grammars fail and TypeScript reads masked (same length: every offset holds): each
    # such `&` read as a `+`, each such type (`typeof import("x")`, `import("x").T`) as `any`; kept when that parses.
    masked = data
    if language != "typescript":
        masked = _ATTRIBUTE_AMPERSAND.sub(lambda m: m.group(0).replace(b"&", b"+"), masked)
    if language != "javascript":
        masked = _TYPEOF_IMPORT.sub(lambda m: b"any".ljust(len(m.group(0))), masked)
        masked = _IMPORT_TYPE.sub(lambda m: m.group(1) + b"any".ljust(len(m.group(2))), masked)
        masked = _EXPORT_TYPE_STAR.sub(_blank, masked)
        if b">`" in masked:
            masked = _tagged_type_arguments(masked)
    if masked != data:
        again = parser(language).parse(masked)
        if first_error(again.root_node) is None:
            return again
    return tree


def first_error(node: Node) -> Node | None:
    """The first ERROR or MISSING node below `node`, or None when the tree is clean.

    Two kinds are let through, which TypeScript accepts and the grammars do not (tree-sitter-typescript
    0.23.2, the newest release, and tree-sitter-javascript 0.25): a bare `&` in JSX text
    (`<Label>Files & Folders</Label>`) or in a JSX attribute's string (`<a href="?a=1&b=2">`), and the
    variance annotations of TypeScript 4.7 on type parameters (`interface Box<in out T>`), which only types
    read.
    """
    if not node.has_error:
        return None
    if node.is_error and (_jsx_ampersand(node) or _variance(node)):
        return None
    if node.is_error or node.is_missing:
        return node
    for child in node.children:
        found = first_error(child)
        if found is not None:
            return found
    return None


def _jsx_ampersand(node: Node) -> bool:
    parent = node.parent
    text = node.text or b""
    if parent is not None and parent.type == "string" and parent.parent is not None:
        # `<a href="x?a=1&b=2">`: the grammar reads `&b` as the start of a character reference.
        return parent.parent.type == "jsx_attribute" and b"\n" not in (parent.text or b"")
    return (
        parent is not None
        and parent.type in ("jsx_element", "jsx_fragment")
        and text.startswith(b"&")
        and not any(mark in text for mark in (b"<", b">", b"{", b"}"))
    )


def _variance(node: Node) -> bool:
    parent = node.parent
    return (
        parent is not None
        and parent.type == "type_parameters"
        and re.search(rb"[<,]\s*(?:in|out)\s+(?:out\s+)?[A-Za-z_$]", parent.text or b"") is not None
        and all(child.type in ("identifier", "type_identifier") for child in node.children)
    )


def parses_as_any(text: str) -> bool:
    """For `revert`, which knows the text but not the file: some grammar reads it without error."""
    return any(first_error(parse(text, language).root_node) is None for language in ("typescript", "tsx", "javascript"))


def walk(node: Node) -> Iterator[Node]:
    """Every node below `node` (included), in source order."""
    cursor = node.walk()
    while True:
        current = cursor.node
        if current is not None:  # a cursor started on a node is always on one
            yield current
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return


class Offsets:
    """Byte offsets of the UTF-8 encoding → character offsets of the text. Only the characters beyond
    ASCII are indexed (a table per byte cost 2.3 s on openai-node's sources)."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []  # byte offset just after each non-ASCII character
        self.extra: list[int] = []  # bytes beyond one per character, up to and including it
        if not text.isascii():
            total = 0
            for match in _WIDE.finditer(text):
                width = len(match.group(0).encode("utf-8"))
                total += width - 1
                self.starts.append(match.start() + total + 1)
                self.extra.append(total)

    def __call__(self, byte: int) -> int:
        if not self.starts:
            return byte
        index = bisect_right(self.starts, byte)
        return byte - (self.extra[index - 1] if index else 0)


def text_of(node: Node | None) -> str:
    return node.text.decode("utf-8", "replace") if node is not None and node.text is not None else ""


def unwrap(node: Node | None) -> Node | None:
    """The expression inside parentheses, `await`, `x!`, `x as T`, `x satisfies T`."""
    while node is not None and node.type in (
        "parenthesized_expression",
        "await_expression",
        "non_null_expression",
        "as_expression",
        "satisfies_expression",
        "type_assertion",
    ):
        inner = node.child_by_field_name("expression") if node.type == "parenthesized_expression" else None
        node = inner or next((c for c in node.named_children if c.type not in ("type_arguments",)), None)
    return node


def string_content(node: Node) -> tuple[str, int, int, bool] | None:
    """(value, start byte, end byte of the content, exact) of a string or substitution-free template
    literal; `exact`: the content is the value itself (no escape sequences). None for other nodes."""
    if node.type not in ("string", "template_string", "template_literal_type"):
        return None
    parts = []
    exact = True
    for child in node.named_children:
        if child.type == "string_fragment":
            parts.append(text_of(child))
        elif child.type == "escape_sequence":
            exact = False
            parts.append(_unescape(text_of(child)))
        elif child.type in ("template_substitution", "template_type"):
            return None
        elif child.type == "comment":
            continue
        else:
            return None
    start, end = node.start_byte + 1, node.end_byte - 1
    return "".join(parts), start, end, exact


def _unescape(sequence: str) -> str:
    simple = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "b": "\b", "f": "\f", "v": "\v"}
    body = sequence[1:]
    if body in simple:
        return simple[body]
    if body.startswith("u{") and body.endswith("}"):
        return chr(int(body[2:-1], 16))
    if body.startswith(("u", "x")) and len(body) > 1:
        try:
            return chr(int(body[1:], 16))
        except ValueError:
            return body
    return body.lstrip("\r\n")


def callee_chain(call: Node) -> tuple[Node, tuple[str, ...]] | None:
    """`member_chain` of what a call or a `new` calls (`pkg.fn(…)`, `new metrics.Metric(…)`)."""
    return member_chain(call.child_by_field_name("function") or call.child_by_field_name("constructor"))


def member_chain(node: Node | None) -> tuple[Node, tuple[str, ...]] | None:
    """`a.b.c` → (node of `a`, ('b', 'c')); `this.x.y` → (node of `this.x`, ('y',)). Optional chains and
    `!` are seen through. None when a link is computed (`a[b]`)."""
    path: list[str] = []
    while True:
        node = unwrap(node)
        if node is None:
            return None
        if node.type == "member_expression":
            obj = node.child_by_field_name("object")
            prop = node.child_by_field_name("property")
            if prop is None or obj is None:
                return None
            inner = unwrap(obj)
            if inner is not None and inner.type == "this":
                return node, tuple(reversed(path))
            path.append(text_of(prop))
            node = obj
            continue
        return node, tuple(reversed(path))
