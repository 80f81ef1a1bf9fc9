"""The command line: parses options, runs the pipeline, picks a reporter, sets the exit code. Nothing else."""

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from migrate_cli import __version__

EXIT_OK, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2
PROGRESS_MIN_FILES = 50

app = typer.Typer(
    name="bytespike-migrate",
    help="Move a code base from the OpenAI API to ByteSpike (endpoint, key, model ids), and report what "
    "cannot move.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


Paths = Annotated[
    Optional[list[Path]],
    typer.Argument(help="Folders or files to migrate (default: the current folder).", show_default=False),
]
Format = Annotated[OutputFormat, typer.Option("--format", help="Output format.")]
Jobs = Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: one per core).")]
Exclude = Annotated[
    Optional[list[str]], typer.Option("--exclude", help="Skip paths matching this glob (repeatable).")
]
Map = Annotated[
    Optional[list[str]],
    typer.Option("--map", help="Add or override a model mapping, OLD=NEW (repeatable)."),
]
BaseUrl = Annotated[Optional[str], typer.Option("--base-url", help="ByteSpike base URL to write.")]
KeyEnv = Annotated[Optional[str], typer.Option("--key-env", help="Environment variable for the key.")]
NoProgress = Annotated[bool, typer.Option("--no-progress", help="Never show a progress bar.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print no findings or summary, only the diff.")]
Prefer = Annotated[
    Optional[list[str]],
    typer.Option("--prefer", help="Reverse: the OpenAI id for an ambiguous ByteSpike id, BYTESPIKE=OPENAI."),
]
AllowDirty = Annotated[
    bool, typer.Option("--allow-dirty", help="Write even over uncommitted changes to the files touched.")
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bytespike-migrate {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """bytespike-migrate: apply, diff or scan a repository."""


def _fail(message: str) -> typer.Exit:
    typer.echo(f"bytespike-migrate: error: {message}", err=True)
    return typer.Exit(EXIT_ERROR)


def _execute(
    mode: str,  # apply, diff, scan, revert, revert-diff
    paths: Optional[list[Path]],
    output: OutputFormat,
    jobs: int,
    exclude: Optional[list[str]],
    maps: Optional[list[str]],
    base_url: Optional[str],
    key_env: Optional[str],
    no_progress: bool,
    quiet: bool,
    allow_dirty: bool = False,
    prefer: Optional[list[str]] = None,
) -> None:
    from rich.console import Console

    from migrate_cli.discovery import DiscoveryError
    from migrate_cli.reporters import text
    from migrate_cli.ruleset import RulesError
    from migrate_cli.record import RecordError
    from migrate_cli.runner import DirtyTreeError, RunOptions, has_record, revert, run
    from migrate_cli.settings import build_rules

    targets = list(paths) if paths else [Path(".")]
    for target in targets:
        if not target.exists():
            raise _fail(f"path does not exist: {target}")
    try:
        rules, project_excludes = build_rules(
            targets, maps=maps or [], base_url=base_url, key_env=key_env, prefer=prefer,
            reverse=mode.startswith("revert"),
        )
    except RulesError as exc:
        raise _fail(str(exc)) from None

    err = Console(stderr=True, highlight=False)
    options = RunOptions(
        paths=targets,
        rules=rules,
        write=mode in ("apply", "revert"),
        jobs=jobs,
        excludes=[*project_excludes, *(exclude or [])],
        allow_dirty=allow_dirty,
        record=mode == "apply",
    )
    show_progress = err.is_terminal and not (no_progress or quiet)
    try:
        with _Progress(err, enabled=show_progress) as progress:
            if mode.startswith("revert") and has_record(targets):
                report = revert(options, progress=progress.update)
            else:
                # Without a record, the reverse runs on the inverse rules.
                report = run(options, progress=progress.update)
    except (DiscoveryError, RecordError) as exc:
        raise _fail(str(exc)) from None
    except DirtyTreeError as exc:
        listing = ", ".join(exc.paths[:5]) + (f" and {len(exc.paths) - 5} more" if len(exc.paths) > 5 else "")
        raise _fail(
            f"uncommitted changes in files apply would rewrite: {listing}; commit or stash them, "
            "or pass --allow-dirty"
        ) from None

    if output is OutputFormat.json:
        from migrate_cli.reporters import json_report

        sys.stdout.write(json_report.render(report))
    else:
        if mode in ("diff", "revert-diff"):
            text.render_diff(report, Console(highlight=False))
        if not quiet:
            text.render_findings(report, err)
            err.print(text.summary_line(report, mode), highlight=False, soft_wrap=True)
    for message in report.internal_errors:
        typer.echo(f"bytespike-migrate: internal error: {message}", err=True)

    if report.internal_errors:
        raise typer.Exit(EXIT_ERROR)
    if mode in ("diff", "revert-diff") and report.changed:
        raise typer.Exit(EXIT_CHANGES)
    if mode == "scan" and any(f.severity.value == "error" for f in report.findings):
        raise typer.Exit(EXIT_CHANGES)
    raise typer.Exit(EXIT_OK)


class _Progress:
    """A Rich progress bar on stderr, shown only on a terminal and only for long runs."""

    def __init__(self, console, enabled: bool) -> None:
        self.console, self.enabled = console, enabled
        self.bar = self.task = None

    def __enter__(self) -> "_Progress":
        return self

    def update(self, done: int, total: int) -> None:
        if not self.enabled or total < PROGRESS_MIN_FILES:
            return
        if self.bar is None:
            from rich.progress import Progress

            self.bar = Progress(console=self.console, transient=True)
            self.bar.start()
            self.task = self.bar.add_task("Migrating", total=total)
        self.bar.update(self.task, completed=done)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command()
def apply(
    paths: Paths = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Do not write: the same as `diff`.")] = False,
    allow_dirty: AllowDirty = False,
    output: Format = OutputFormat.text,
    jobs: Jobs = 0,
    exclude: Exclude = None,
    maps: Map = None,
    base_url: BaseUrl = None,
    key_env: KeyEnv = None,
    no_progress: NoProgress = False,
    quiet: Quiet = False,
) -> None:
    """Rewrite the files in place."""
    _execute("diff" if dry_run else "apply", paths, output, jobs, exclude, maps, base_url, key_env,
             no_progress, quiet, allow_dirty)


@app.command()
def diff(
    paths: Paths = None,
    reverse: Annotated[bool, typer.Option("--reverse", help="The reverse migration, as a diff.")] = False,
    prefer: Prefer = None,
    output: Format = OutputFormat.text,
    jobs: Jobs = 0,
    exclude: Exclude = None,
    maps: Map = None,
    base_url: BaseUrl = None,
    key_env: KeyEnv = None,
    no_progress: NoProgress = False,
    quiet: Quiet = False,
) -> None:
    """Print the unified diff and the findings, write nothing; exit 1 when something would change."""
    _execute("revert-diff" if reverse else "diff", paths, output, jobs, exclude, maps, base_url, key_env,
             no_progress, quiet, prefer=prefer)


@app.command()
def revert(
    paths: Paths = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Do not write: print the diff.")] = False,
    allow_dirty: AllowDirty = False,
    prefer: Prefer = None,
    output: Format = OutputFormat.text,
    jobs: Jobs = 0,
    exclude: Exclude = None,
    maps: Map = None,
    base_url: BaseUrl = None,
    key_env: KeyEnv = None,
    no_progress: NoProgress = False,
    quiet: Quiet = False,
) -> None:
    """Undo the migration: replay the migration record backwards, or apply the inverse rules."""
    _execute("revert-diff" if dry_run else "revert", paths, output, jobs, exclude, maps, base_url, key_env,
             no_progress, quiet, allow_dirty, prefer)


@app.command()
def scan(
    paths: Paths = None,
    output: Format = OutputFormat.text,
    jobs: Jobs = 0,
    exclude: Exclude = None,
    maps: Map = None,
    base_url: BaseUrl = None,
    key_env: KeyEnv = None,
    no_progress: NoProgress = False,
    quiet: Quiet = False,
) -> None:
    """Report findings only; exit 1 when one of them is an error."""
    _execute("scan", paths, output, jobs, exclude, maps, base_url, key_env, no_progress, quiet)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("bytespike-migrate: interrupted", err=True)
        sys.exit(130)
