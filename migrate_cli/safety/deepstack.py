"""Deeply nested input, on a stack deep enough for it.

Valid input can be deep: CPython compiles a call chain of 1,400 links or an `if` with 2,900 `elif`s, and
`json.load` reads arrays nested thousands deep. The analysis walks such trees recursively (`ast.NodeVisitor`,
LibCST, the configuration walkers), several frames a level, and the interpreter's limit of 1,000 frames
stops it at a few hundred levels (a chain of 250 links). A file whose work runs out of frames is done again
on a thread of its own with a large stack and a high limit; only what is deeper still is reported as too
deep to read (a `parse-error` finding). Retrying only then keeps the common case on the calling thread.

Whether a Python file parses is decided at the interpreter's own limit on a fresh stack (`parse_python`):
this tool accepts the files `python` compiles, however deep its own call stack is at that point, and a
limit raised for the analysis never lets through a file the interpreter would refuse.
"""

from __future__ import annotations

import ast
import sys
import threading
import warnings
from collections.abc import Callable
from types import FrameType
from typing import TypeVar

T = TypeVar("T")

# The limit Python runs a program with (read at start-up, before anything here raises it).
INTERPRETER_LIMIT = sys.getrecursionlimit()
# 100,000 frames is twenty times what the deepest source CPython compiles needs of the analysis; the
# stack is reserved, not committed: only the pages a deep file touches are used. The largest C frames
# (PyYAML's composer, the JSON scanner) use well under the 5 KiB a frame this leaves.
DEEP_LIMIT = 100_000
DEEP_STACK_BYTES = 512 * 1024 * 1024


def on_fresh_stack(function: Callable[..., T], *args: object, limit: int = DEEP_LIMIT) -> T:
    """function(*args) on a new thread with a large stack and `limit` as the recursion limit; its result,
    or its exception raised here. The calling thread only waits meanwhile, so the interpreter-wide limit
    is changed for that time and put back."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:  # handed to the caller, whatever it is
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="deep-input", daemon=True)
    previous_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(limit)
    try:
        previous_size = threading.stack_size(DEEP_STACK_BYTES)
        try:
            thread.start()  # the stack size applies to threads started while it is set
        finally:
            threading.stack_size(previous_size)
        thread.join()
    finally:
        sys.setrecursionlimit(previous_limit)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def deeply(function: Callable[..., T], *args: object) -> T:
    """function(*args); done again on a deep stack when it runs out of frames. A RecursionError from
    here means the input is deeper than even that allows."""
    try:
        return function(*args)
    except RecursionError:
        pass  # the frames are released before the retry
    return on_fresh_stack(function, *args)


def _parse(source: str | bytes) -> ast.Module:
    with warnings.catch_warnings():
        # Invalid escape sequences and the like are the author's business, not this run's output.
        warnings.simplefilter("ignore")
        return ast.parse(source)


def _parse_as_the_interpreter(source: str | bytes) -> ast.Module:
    """The tree, when the interpreter would compile the source: CPython's parser counts the frames
    already on the stack against the recursion limit, and `python file.py` compiles with none. (Measured
    on call chains and `elif` ladders: this refuses at most one level that `python file.py` still takes,
    never one more.)"""
    depth = 0
    frame: FrameType | None = sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    sys.setrecursionlimit(INTERPRETER_LIMIT + depth + 2)  # and _parse and ast.parse; on_fresh_stack puts it back
    return _parse(source)


def parse_python(source: str | bytes) -> ast.Module:
    """ast.parse, deciding as the interpreter does when it compiles the file. A parse that succeeds here,
    below this tool's own frames, succeeds for the interpreter too; one that runs out of frames, or one
    made while the limit is raised for deep input, is decided again from a fresh stack."""
    if sys.getrecursionlimit() == INTERPRETER_LIMIT:
        try:
            return _parse(source)
        except RecursionError:
            pass
    return on_fresh_stack(_parse_as_the_interpreter, source, limit=INTERPRETER_LIMIT)
