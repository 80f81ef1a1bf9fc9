"""Adding keyword arguments to a call in the call's own layout, with LibCST.

LibCST knows which comma and which whitespace (comments included) belongs to which argument; from that we
derive the separator the call already uses (`, ` or a newline plus the arguments' indentation) and whether
it ends with a trailing comma, and produce one insertion that reads as if the author had written it.
"""

from __future__ import annotations

from functools import cache


@cache
def _cst():
    # LibCST takes a quarter of a second to import: only files that need an argument added pay for it.
    import libcst

    return libcst


def _code(node) -> str:
    return _cst().Module(body=[]).code_for_node(node)


def _newline_and_indent(whitespace: str) -> str | None:
    """'\\n    ' for whitespace that breaks the line (comments dropped), else None."""
    if "\n" not in whitespace and "\r" not in whitespace:
        return None
    head, _, indent = whitespace.rpartition("\n")
    newline = "\r\n" if head.endswith("\r") else "\n"
    return newline + indent


def keyword_insertion(call_source: str, arguments: list[str]) -> tuple[int, str]:
    """(offset in call_source, text to insert there) that adds `arguments` to the call."""
    cst = _cst()
    call = cst.parse_expression(call_source)
    if not isinstance(call, cst.Call):
        raise ValueError("not a call")
    offset = len(_code(call.func)) + len(_code(call.whitespace_after_func)) + 1
    before_args = _code(call.whitespace_before_args)
    offset += len(before_args)
    if not call.args:
        line_break = _newline_and_indent(before_args)
        if line_break is None:
            return offset, ", ".join(arguments)
        # `OpenAI(\n)`: one argument a line, indented one level past the closing parenthesis.
        indent = line_break.lstrip("\r\n")
        step = "\t" if indent.startswith("\t") else "    "
        newline = line_break[: len(line_break) - len(indent)]
        start = offset - len(before_args) + before_args.index(newline) + len(newline)
        return start, "".join(f"{indent}{step}{a},{newline}" for a in arguments)

    tails = []
    for arg in call.args:
        text = _code(arg)
        tail = (_code(arg.comma) if isinstance(arg.comma, cst.Comma) else "") + _code(arg.whitespace_after_arg)
        tails.append(tail)
        offset += len(text)
    last_tail = tails[-1]
    last_core_end = offset - len(last_tail)

    # The separator between arguments: the one before the last argument, else the one after `(`.
    between = tails[-2].split(",", 1)[1] if len(tails) >= 2 else before_args
    line_break = _newline_and_indent(between)
    if isinstance(call.args[-1].comma, cst.Comma):
        # Trailing comma: new arguments go after it, each with its own trailing comma.
        comma_end = last_core_end + last_tail.index(",") + 1
        if line_break is None:
            return comma_end, "".join(f" {a}," for a in arguments)
        # Keep the last argument's comment on its line: insert after that line's end.
        rest = last_tail[last_tail.index(",") + 1 :]
        newline_at = rest.find("\n")
        if newline_at == -1:
            return comma_end, "".join(f"{line_break}{a}," for a in arguments)
        indent = line_break.lstrip("\r\n")
        newline = line_break[: len(line_break) - len(indent)]
        return comma_end + newline_at + 1, "".join(f"{indent}{a},{newline}" for a in arguments)
    separator = "," + (line_break or " ")
    return last_core_end, "".join(separator + a for a in arguments)
