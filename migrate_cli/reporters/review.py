"""`apply --interactive`: each file's diff, then a question: write it or not."""

from __future__ import annotations

from collections.abc import Callable

from migrate_cli.pipeline.result import FileResult
from migrate_cli.reporters.text import Writer
from migrate_cli.safety.masking import redact_message
from migrate_cli.safety.safepaths import printable

REVIEW_HELP = (
    "y  yes: write this file",
    "n  no: leave this file as it is",
    "a  all: write this file and every one after it without asking",
    "q  quit: write only the files already chosen, leave the rest",
    "?  this help",
)


def ask_each(err: Writer, on_stderr: bool = False) -> Callable[[list[FileResult]], list[FileResult]]:
    """apply --interactive: show each file's diff and ask y/n/a/q (? for help)."""

    def choose(changed: list[FileResult]) -> list[FileResult]:
        from rich.markup import escape
        from rich.prompt import Prompt

        class _ReviewPrompt(Prompt):
            illegal_choice_message = "[prompt.invalid.choice]Answer y, n, a or q (? explains them)"

        from collections import Counter

        from migrate_cli.pipeline.runner import RunReport
        from migrate_cli.reporters.text import render_diff, stdout

        chosen: list[FileResult] = []
        out = err if on_stderr else stdout()
        for position, result in enumerate(changed):
            shown = printable(redact_message(result.path))
            render_diff(RunReport([result], 1, Counter()), out)
            while True:
                answer = _ReviewPrompt.ask(
                    escape(
                        f"Apply this change to {shown} ({position + 1}/{len(changed)})? "
                        "[y]es, [n]o, [a]ll the rest, [q]uit, [?] help"
                    ),
                    choices=["y", "n", "a", "q", "?"],
                    default="y",
                    console=err.console,
                    show_choices=False,
                )
                if answer != "?":
                    break
                for line in REVIEW_HELP:
                    err.line([(line, "")])
            if answer == "y":
                chosen.append(result)
            elif answer == "a":
                chosen.extend(changed[position:])
                break
            elif answer == "q":
                break
        return chosen

    return choose
