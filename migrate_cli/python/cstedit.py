"""Every change to Python source is made by a LibCST transformer, on the node it changes.

The analysis (python/analysis.py, python/facts.py) says *where*: it runs on the standard library's `ast` over every
candidate file. A rule says *what*: a LibCST transformer applied to the node's own source, parsed alone
(`libcst.parse_expression`), or built directly from it when it is one string token. The edit kept is
the difference between the node's code before and after, so the diff, the record and `revert` carry
exact spans, and the rest of the file is never regenerated.

Why not one LibCST tree per changed module: measured on openai-agents-python (920 files, 411
candidates, 31 of which change), `ast.parse` of the candidates takes 4.7 s, a LibCST parse of them
23.6 s, and a parse with `ScopeProvider` and `QualifiedNameProvider` 213 s, single-process; on the
dense benchmark (1,000 modules that all change) a whole-module LibCST parse of each would cost as much
as the baseline the tool must stay under. A node's source parses in well under a millisecond.

The transformers shared by several rules live here (swapping a string's value, replacing a node,
adding and removing keyword arguments in the call's own layout); rules may bring their own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from migrate_cli.pipeline.edits import Edit

if TYPE_CHECKING:
    from types import ModuleType
    from typing import Any

    import libcst
    import libcst as cst


@cache
def _cst() -> ModuleType:
    # LibCST takes about 0.2 s to import: a run that changes no Python file never pays for it.
    import libcst

    return libcst


def code(node: cst.CSTNode, newline: str = "\n") -> str:
    return _cst().Module(body=[], default_newline=newline).code_for_node(node)


def parse_node(source: str, newline: str = "\n") -> cst.BaseExpression:
    """The LibCST node of one expression's source (a call, a name, a literal), exactly as written. Nodes are
    immutable: one source parsed once serves every edit of it (a repository repeats its client's constructor)."""
    return _parse_node(source, newline)


@lru_cache(maxsize=4096)
def _parse_node(source: str, newline: str) -> cst.BaseExpression:
    cst = _cst()
    stripped = source.strip()
    if stripped[:1] in "\"'" or stripped[:2].lower() in ("r'", 'r"', "u'", 'u"', "b'", 'b"'):
        try:
            return cst.SimpleString(source)  # one token: no parse needed
        except cst.CSTValidationError:
            pass
    try:
        node = cst.parse_expression(source)
    except cst.ParserSyntaxError:
        # An expression continued over lines without brackets (a backslash): parenthesised, it parses.
        node = cst.parse_expression(f"({source})").with_changes(lpar=[], rpar=[])
    if code(node, newline) != source:
        raise ValueError("LibCST does not give back the source of a node it parsed")  # no source: it may be a key
    return node


def transform(source: str, transformer: cst.CSTTransformer, newline: str = "\n") -> str:
    """The node's source after the transformer has run on it."""
    return code(apply(parse_node(source, newline), transformer), newline)


def apply(node: cst.BaseExpression, transformer: cst.CSTTransformer) -> cst.BaseExpression:
    """The node after the transformer has run on it (the shared transformers replace it, never remove it)."""
    result = node.visit(transformer)
    if not isinstance(result, _cst().BaseExpression):
        raise TypeError(f"{type(transformer).__name__} removed the node it was given")
    return result


def edit_for(
    source: str, start: int, new: str, rule: str, *, secret: bool = False, minimal: bool = False
) -> Edit | None:
    """The edit that turns `source` (at offset `start`) into `new`: the whole node replaced, or, with
    `minimal` and a change that only adds (or only removes) text, that insertion (deletion) alone, so
    other edits inside the node (a literal in an argument) stay apart from it."""
    if new == source:
        return None
    if not minimal:
        return Edit(start, start + len(source), new, rule, secret)
    head = 0
    limit = min(len(source), len(new))
    while head < limit and source[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and source[len(source) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    if head + tail in (len(source), len(new)):
        return Edit(start + head, start + len(source) - tail, new[head : len(new) - tail], rule, secret)
    return Edit(start, start + len(source), new, rule, secret)


# -- transformers and nodes shared by the rules ------------------------------------------------------------


def keywords_from(texts: Sequence[str]) -> list[tuple[str, cst.BaseExpression]]:
    """`name=value` texts (a rules file's extra arguments, a built value) as keyword names and LibCST nodes."""
    pairs = []
    for text in texts:
        name, _, value = text.partition("=")
        pairs.append((name.strip(), parse_node(value.strip())))
    return pairs


def string_node(value: str, quote: str = '"', prefix: str = "") -> cst.SimpleString:
    return _cst().SimpleString(f"{prefix}{quote}{value}{quote}")


def environ_read(os_name: str, variable: str, quote: str = '"') -> cst.Subscript:
    """`os.environ["VARIABLE"]`."""
    cst = _cst()
    return cst.Subscript(
        value=cst.Attribute(value=cst.Name(os_name), attr=cst.Name("environ")),
        slice=[cst.SubscriptElement(slice=cst.Index(value=string_node(variable, quote)))],
    )


def keyword(name: str, value: cst.BaseExpression) -> cst.Arg:
    cst = _cst()
    return cst.Arg(
        value=value,
        keyword=cst.Name(name),
        equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")),
    )


class _Root:
    """A transformer base that changes only the node it was given (the root of the snippet)."""

    def on_visit(self, node: cst.CSTNode) -> bool:
        return False  # the root's children are not this rule's business

    def on_leave(self, original: cst.CSTNode, updated: cst.CSTNode) -> cst.CSTNode:
        return self.leave_root(updated)

    def leave_root(self, node: Any) -> cst.CSTNode:
        raise NotImplementedError


def _transformer(cls: type) -> type:
    """Binds a _Root subclass to LibCST's CSTTransformer on first use (LibCST is imported lazily)."""
    return type(cls.__name__, (cls, _cst().CSTTransformer), {})


def swap_string(value: str) -> cst.CSTTransformer:
    """A string literal gets a new value; its prefix and quotes stay."""

    class SwapString(_Root):
        def leave_root(self, node: cst.SimpleString) -> cst.SimpleString:
            prefix = node.prefix
            quote = node.quote
            return node.with_changes(value=f"{prefix}{quote}{value}{quote}")

    return _transformer(SwapString)()


def replace_with(build: Callable[[cst.CSTNode], cst.CSTNode]) -> cst.CSTTransformer:
    """The node is replaced by what `build` makes of it (parentheses around it stay)."""

    class Replace(_Root):
        def leave_root(self, node: cst.BaseExpression) -> cst.CSTNode:
            return build(node).with_changes(lpar=node.lpar, rpar=node.rpar)

    return _transformer(Replace)()


def _newline_and_indent(ws: cst.BaseParenthesizableWhitespace, newline: str) -> str | None:
    """'\\n    ' for whitespace that breaks the line (comments dropped), else None."""
    text = code(ws, newline)
    if "\n" not in text and "\r" not in text:
        return None
    return newline + text.rpartition("\n")[2]


def _break(
    newline: str,
    indent: str,
    first_line: cst.TrailingWhitespace | None = None,
    empty_lines: Sequence[cst.EmptyLine] = (),
) -> cst.ParenthesizedWhitespace:
    cst = _cst()
    return cst.ParenthesizedWhitespace(
        first_line=first_line or cst.TrailingWhitespace(newline=cst.Newline(newline)),
        empty_lines=list(empty_lines),
        indent=True,
        last_line=cst.SimpleWhitespace(indent),
    )


def _after_trailing_comma(last: cst.Arg | cst.BaseDictElement, new: list, line_break: str | None, newline: str) -> list:
    """The last element of a list that ends with a comma, and the new elements after it, each with its own
    comma: `, ` between them, or a line break at the elements' indentation with a comment on the last
    element's line left there."""
    cst = _cst()
    tail = last.comma.whitespace_after  # type: ignore[union-attr]
    if line_break is None:
        head_space = separator_space = cst.SimpleWhitespace(" ")
        closing = tail
    else:
        indent = line_break.lstrip("\r\n")
        separator_space = _break(newline, indent)
        if isinstance(tail, cst.ParenthesizedWhitespace):
            head_space = _break(newline, indent, tail.first_line)
            closing = _break(newline, tail.last_line.value, None, tail.empty_lines)
        else:
            head_space, closing = _break(newline, indent), tail
    commas = [cst.Comma(whitespace_after=separator_space)] * (len(new) - 1) + [cst.Comma(whitespace_after=closing)]
    head = last.with_changes(comma=last.comma.with_changes(whitespace_after=head_space))  # type: ignore[union-attr]
    return [head, *(element.with_changes(comma=comma) for element, comma in zip(new, commas))]


def add_keywords(arguments: Sequence[tuple[str, cst.BaseExpression]], newline: str = "\n") -> cst.CSTTransformer:
    """Keyword arguments appended to a call, laid out as the call lays out its own: the separator it uses
    (`, ` or a line break plus the arguments' indentation, comments left where they are) and its trailing
    comma, if it has one."""
    cst = _cst()

    class AddKeywords(_Root):
        def leave_root(self, call: libcst.Call) -> libcst.Call:
            new = [keyword(name, value) for name, value in arguments]
            args = list(call.args)
            if not args:
                step_from = _newline_and_indent(call.whitespace_before_args, newline)
                if step_from is None:
                    comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                    return call.with_changes(args=[a.with_changes(comma=comma) for a in new[:-1]] + new[-1:])
                # `OpenAI(\n)`: one argument a line, indented one level past the closing parenthesis.
                indent = step_from.lstrip("\r\n")
                inner = indent + ("\t" if indent.startswith("\t") else "    ")
                before = call.whitespace_before_args
                first = before.first_line if isinstance(before, cst.ParenthesizedWhitespace) else None
                empty = before.empty_lines if isinstance(before, cst.ParenthesizedWhitespace) else ()
                commas = [cst.Comma(whitespace_after=_break(newline, inner))] * (len(new) - 1)
                commas.append(cst.Comma(whitespace_after=_break(newline, indent, None, empty)))
                return call.with_changes(
                    whitespace_before_args=_break(newline, inner, first),
                    args=[a.with_changes(comma=c) for a, c in zip(new, commas)],
                )

            last = args[-1]
            # The separator between arguments: the one before the last argument, else the one after `(`.
            between = args[-2].comma.whitespace_after if len(args) >= 2 else call.whitespace_before_args  # type: ignore[union-attr]
            line_break = _newline_and_indent(between, newline)
            if isinstance(last.comma, cst.Comma):
                # Trailing comma: new arguments go after it, each with its own trailing comma.
                return call.with_changes(args=[*args[:-1], *_after_trailing_comma(last, new, line_break, newline)])
            if line_break is None:
                separator = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            else:
                separator = cst.Comma(whitespace_after=_break(newline, line_break.lstrip("\r\n")))
            after = last.whitespace_after_arg
            if (
                line_break is not None
                and isinstance(after, cst.ParenthesizedWhitespace)
                and after.first_line.comment is not None
                and last.keyword is not None
            ):
                # `response_format=None  # a note` then `)`: the note stays on the argument it is about, and the
                # new keywords go before that argument (one insertion, apart from edits inside the call).
                return call.with_changes(args=[*args[:-1], *(a.with_changes(comma=separator) for a in new), last])
            moved = [last.with_changes(comma=separator, whitespace_after_arg=cst.SimpleWhitespace(""))]
            moved += [a.with_changes(comma=separator) for a in new[:-1]]
            moved.append(new[-1].with_changes(whitespace_after_arg=after))
            return call.with_changes(args=[*args[:-1], *moved])

    return _transformer(AddKeywords)()


def add_dict_entries(
    entries: Sequence[tuple[cst.BaseExpression, cst.BaseExpression]], newline: str = "\n"
) -> cst.CSTTransformer:
    """Entries appended to a dict literal, laid out as its own: one a line at the entries' indentation, or
    `, ` between them; a trailing comma kept where the dict has one."""
    cst = _cst()

    class AddEntries(_Root):
        def leave_root(self, node: libcst.Dict) -> libcst.Dict:
            new = [
                cst.DictElement(
                    key,
                    value,
                    whitespace_before_colon=cst.SimpleWhitespace(""),
                    whitespace_after_colon=cst.SimpleWhitespace(" "),
                )
                for key, value in entries
            ]
            elements = list(node.elements)
            spaced = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            if not elements:
                return node.with_changes(elements=[e.with_changes(comma=spaced) for e in new[:-1]] + new[-1:])
            last = elements[-1]
            between = elements[-2].comma.whitespace_after if len(elements) >= 2 else node.lbrace.whitespace_after  # type: ignore[union-attr]
            line_break = _newline_and_indent(between, newline)
            indent = line_break.lstrip("\r\n") if line_break is not None else ""
            separator = cst.Comma(whitespace_after=_break(newline, indent)) if line_break is not None else spaced
            if isinstance(last.comma, cst.Comma):
                tail = last.comma.whitespace_after
                before_brace = node.rbrace.whitespace_before
                if (
                    line_break is not None
                    and isinstance(before_brace, cst.ParenthesizedWhitespace)
                    and not isinstance(tail, cst.ParenthesizedWhitespace)
                ):
                    # `"model": "gpt-4o",  # comment` then `}`: the comment and line break belong to the brace.
                    head = last.with_changes(
                        comma=last.comma.with_changes(whitespace_after=_break(newline, indent, before_brace.first_line))
                    )
                    commas = [separator] * (len(new) - 1) + [cst.Comma(whitespace_after=tail)]
                    return node.with_changes(
                        elements=[*elements[:-1], head, *(e.with_changes(comma=c) for e, c in zip(new, commas))],
                        rbrace=node.rbrace.with_changes(
                            whitespace_before=_break(
                                newline, before_brace.last_line.value, None, before_brace.empty_lines
                            )
                        ),
                    )
                return node.with_changes(
                    elements=[*elements[:-1], *_after_trailing_comma(last, new, line_break, newline)]
                )
            moved = [last.with_changes(comma=separator), *(e.with_changes(comma=separator) for e in new[:-1]), new[-1]]
            return node.with_changes(elements=[*elements[:-1], *moved])

    return _transformer(AddEntries)()


def remove_keywords(names: Sequence[str]) -> cst.CSTTransformer:
    """Keyword arguments removed from a call, with their comma and the line they stood on."""

    class RemoveKeywords(_Root):
        def leave_root(self, call: libcst.Call) -> libcst.Call:
            args = list(call.args)
            kept: list[cst.Arg] = []
            for i, arg in enumerate(args):
                if arg.keyword is not None and arg.keyword.value in names:
                    if i == len(args) - 1 and kept:
                        # The last argument goes: the one before it ends the list as it did.
                        kept[-1] = kept[-1].with_changes(comma=arg.comma, whitespace_after_arg=arg.whitespace_after_arg)
                    elif i == len(args) - 1:
                        return call.with_changes(args=[])
                    continue
                kept.append(arg)
            return call.with_changes(args=kept)

    return _transformer(RemoveKeywords)()


def rename_tail(suffix: str) -> cst.CSTTransformer:
    """`client` → `client<suffix>`, `self.client` → `self.client<suffix>`."""

    class RenameTail(_Root):
        def leave_root(self, node: cst.Name | cst.Attribute) -> cst.Name | cst.Attribute:
            if isinstance(node, _cst().Attribute):
                return node.with_changes(attr=node.attr.with_changes(value=node.attr.value + suffix))
            return node.with_changes(value=node.value + suffix)  # type: ignore[operator]

    return _transformer(RenameTail)()


def rebuild_call(dropped: Sequence[str], added: Sequence[tuple[str, cst.BaseExpression]]) -> cst.CSTTransformer:
    """A call on one line with its keyword arguments (`**options` included) less `dropped`, plus `added`:
    a new client made from an existing client's constructor."""
    cst = _cst()

    class RebuildCall(_Root):
        def leave_root(self, call: libcst.Call) -> libcst.Call:
            kept = [
                a.with_changes(comma=cst.MaybeSentinel.DEFAULT, whitespace_after_arg=cst.SimpleWhitespace(""))
                for a in call.args
                if (a.keyword is not None and a.keyword.value not in dropped) or a.star == "**"
            ]
            return call.with_changes(
                whitespace_before_args=cst.SimpleWhitespace(""),
                args=[*kept, *(keyword(name, value) for name, value in added)],
            )

    return _transformer(RebuildCall)()


def assignment(target: cst.BaseAssignTargetExpression, value: cst.BaseExpression) -> cst.SimpleStatementLine:
    cst = _cst()
    return cst.SimpleStatementLine(body=[cst.Assign(targets=[cst.AssignTarget(target=target)], value=value)])


def import_statement(module: str, alias: str = "") -> cst.SimpleStatementLine:
    """`import os`, or `import os as _os`."""
    cst = _cst()
    asname = cst.AsName(name=cst.Name(alias)) if alias else None
    return cst.SimpleStatementLine(body=[cst.Import(names=[cst.ImportAlias(name=cst.Name(module), asname=asname)])])


def remove_dict_entries(keys: Sequence[str]) -> cst.CSTTransformer:
    """Entries of a dict literal removed by their string key, with their comma and the line they stood on."""
    cst = _cst()

    class RemoveEntries(_Root):
        def leave_root(self, node: libcst.Dict) -> libcst.Dict:
            elements = list(node.elements)
            kept: list = []
            for i, element in enumerate(elements):
                key = element.key if isinstance(element, cst.DictElement) else None
                if isinstance(key, cst.SimpleString) and key.evaluated_value in keys:
                    if i == len(elements) - 1 and kept:
                        kept[-1] = kept[-1].with_changes(comma=element.comma)
                    continue
                kept.append(element)
            return node.with_changes(elements=kept)

    return _transformer(RemoveEntries)()


def import_from_statement(module: str, names: Sequence[str]) -> cst.SimpleStatementLine:
    """`from module import a, b`."""
    cst = _cst()
    dotted = cst.parse_expression(module)
    assert isinstance(dotted, (cst.Name, cst.Attribute))
    return cst.SimpleStatementLine(
        body=[cst.ImportFrom(module=dotted, names=[cst.ImportAlias(name=cst.Name(name)) for name in names])]
    )


def renamed_statement(
    source: str, old: str, new: str, newline: str = "\n", labels: Sequence[tuple[str, str]] = ()
) -> cst.BaseStatement | None:
    """The statement of `source` (a whole statement, compound or not, at the module's level) with every
    string literal whose value is `old` given the value `new`, quotes and prefix kept (and a keyword named `old`
    named `new`), and in its other
    string literals each word of `labels` replaced (a prompt's "OpenAI API key"); None when no literal is
    `old`."""
    lib = _cst()
    try:
        statement = lib.parse_statement(source, lib.PartialParserConfig(default_newline=newline))
    except lib.ParserSyntaxError:
        return None
    renamed: list[cst.CSTNode] = []

    class Rename:
        def leave_SimpleString(self, original: cst.SimpleString, updated: cst.SimpleString) -> cst.SimpleString:
            if original.evaluated_value == old:
                renamed.append(original)
                return updated.with_changes(value=f"{updated.prefix}{updated.quote}{new}{updated.quote}")
            value = updated.value
            for word, replacement in labels:
                value = value.replace(word, replacement)
            return updated.with_changes(value=value)

        def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
            # `os.environ.update(OPENAI_API_KEY="fake-key")`: the variable is the keyword.
            if original.keyword is not None and original.keyword.value == old:
                renamed.append(original)
                return updated.with_changes(keyword=lib.Name(new))
            return updated

    result = statement.visit(type("Rename", (Rename, lib.CSTTransformer), {})())
    return result if renamed and isinstance(result, lib.BaseStatement) else None


def statement_code(node: cst.BaseStatement, newline: str = "\n") -> str:
    """One statement's line, without its newline (the caller places it)."""
    return code(node, newline).rstrip("\r\n")
