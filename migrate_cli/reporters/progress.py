"""The progress bar of a long run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from migrate_cli.reporters.text import Writer

if TYPE_CHECKING:  # loaded only when a run is long enough to show the bar
    import rich.progress

# Below this many files a run is over before a bar would help.
MIN_FILES = 50
# What the bar says, by mode.
LABEL = {"apply": "Migrating", "diff": "Checking", "scan": "Scanning", "revert": "Reverting", "revert-diff": "Checking"}


class Progress:
    """A Rich progress bar on stderr, shown only on a terminal and only for long runs."""

    def __init__(self, writer: Writer, enabled: bool, label: str = "Migrating") -> None:
        self.writer, self.enabled, self.label = writer, enabled, label
        self.bar: rich.progress.Progress | None = None
        self.task: rich.progress.TaskID | None = None

    def __enter__(self) -> Progress:
        return self

    def update(self, done: int, total: int) -> None:
        if not self.enabled or total < MIN_FILES:
            return
        if self.bar is None:
            from rich.progress import Progress as Bar

            self.bar = Bar(console=self.writer.console, transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
            self.bar.refresh()  # shown from the start, however short the run
        if self.task is not None:
            self.bar.update(self.task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
