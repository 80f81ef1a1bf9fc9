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
    github = "github"
    sarif = "sarif"
    markdown = "markdown"


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
NoCache = Annotated[
    bool, typer.Option("--no-cache", help="Neither read nor write the cache (.bytespike-migrate-cache/).")
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print no findings or summary, only the diff.")]
Since = Annotated[
    Optional[str], typer.Option("--since", help="Only files changed since this git revision (and uncommitted).")
]
Config = Annotated[
    Optional[Path], typer.Option("--config", help="Settings file (instead of pyproject's [tool.bytespike-migrate]).")
]
Select = Annotated[Optional[list[str]], typer.Option("--select", help="Report only these rules (repeatable).")]
Ignore = Annotated[Optional[list[str]], typer.Option("--ignore", help="Do not report these rules (repeatable).")]
ShowSettings = Annotated[
    bool, typer.Option("--show-settings", help="Print the effective settings and where each comes from, and exit.")
]
Prefer = Annotated[
    Optional[list[str]],
    typer.Option("--prefer", help="Reverse: the OpenAI id for an ambiguous ByteSpike id, BYTESPIKE=OPENAI."),
]
Available = Annotated[
    Optional[list[str]],
    typer.Option("--available", help="An API family your ByteSpike key reaches though the documentation does "
                 "not list it, e.g. embeddings (repeatable)."),
]
NoSplit = Annotated[
    bool, typer.Option("--no-split", help="Keep every client whose calls mix served and unsupported APIs whole.")
]
Disable = Annotated[
    Optional[list[str]], typer.Option("--disable", help="Turn a rewrite rule off (repeatable; see `rules`).")
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
    """bytespike-migrate: apply, diff, scan or revert a repository."""


def _one_line(message: str) -> str:
    """A message as one line with no key in it: control characters escaped, keys cut to 6 characters."""
    from migrate_cli.masking import redact_message
    from migrate_cli.safepaths import printable

    return printable(redact_message(str(message)))


def _fail(message: str) -> typer.Exit:
    typer.echo(f"bytespike-migrate: error: {_one_line(message)}", err=True)
    return typer.Exit(EXIT_ERROR)


class _Common:
    """The options every command shares, gathered once."""

    def __init__(self, **options) -> None:
        self.__dict__.update(options)


def _execute(mode: str, common: "_Common", *, allow_dirty: bool = False, prefer=None, patch: Optional[Path] = None,
             interactive: bool = False) -> None:
    """mode: apply, diff, scan, revert, revert-diff."""
    from migrate_cli.discovery import DiscoveryError, RecordError, RepositoryBusy
    from migrate_cli.gitguard import DirtyCheckError
    from migrate_cli.ruleset import RulesError
    from migrate_cli.runner import DirtyTreeError, RunOptions, has_record, revert, run
    from migrate_cli.safepaths import OutsideRoot
    from migrate_cli.settings import build_settings

    targets = list(common.paths) if common.paths else [Path(".")]
    for target in targets:
        if not target.exists():
            raise _fail(f"path does not exist: {target}")
    try:
        settings = build_settings(
            targets, maps=common.maps or [], base_url=common.base_url, key_env=common.key_env, prefer=prefer,
            select=common.select, ignore=common.ignore, excludes=common.exclude, config=common.config,
            available=common.available, disable=common.disable, no_split=common.no_split,
            reverse=mode.startswith("revert"),
        )
    except RulesError as exc:
        raise _fail(str(exc)) from None
    if common.show_settings:
        _show_settings(settings, common.output)
        raise typer.Exit(EXIT_OK)

    from migrate_cli.reporters import text

    err = text.stderr()
    if interactive and not sys.stdin.isatty():
        raise _fail("--interactive needs a terminal on standard input; use `diff` to review non-interactively")
    options = RunOptions(
        paths=targets,
        rules=settings.rules,
        write=mode in ("apply", "revert"),
        jobs=common.jobs,
        excludes=settings.excludes,
        allow_dirty=allow_dirty,
        record=mode == "apply",
        since=common.since,
        select=settings.select,
        ignore=settings.ignore,
        choose=_ask_each(err) if interactive else None,
        cache=not common.no_cache,
    )
    show_progress = err.is_terminal and not (common.no_progress or common.quiet or interactive)
    try:
        with _Progress(err, enabled=show_progress) as progress:
            if mode.startswith("revert") and has_record(targets):
                report = revert(options, progress=progress.update)
            else:
                # Without a record, the reverse runs on the inverse rules.
                report = run(options, progress=progress.update)
    except (DiscoveryError, RecordError, DirtyCheckError, RepositoryBusy) as exc:
        raise _fail(str(exc)) from None
    except OutsideRoot as exc:
        raise _fail(f"refusing a path outside the repository: {exc}") from None
    except OSError as exc:  # the migration record could not be written, a folder could not be listed
        raise _fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")) from None
    except DirtyTreeError as exc:
        listing = ", ".join(exc.paths[:5]) + (f" and {len(exc.paths) - 5} more" if len(exc.paths) > 5 else "")
        raise _fail(
            f"uncommitted changes in files {mode} would rewrite: {listing}; commit or stash them, "
            "or pass --allow-dirty"
        ) from None

    _mask_findings(report, settings.rules)
    if patch is not None:
        _write_patch(report, targets, patch, err, settings.rules.secret)
    _render(report, mode, common, err)
    for message in report.internal_errors:
        typer.echo(f"bytespike-migrate: error: {_one_line(message)}", err=True)

    if report.internal_errors:
        raise typer.Exit(EXIT_ERROR)
    if mode in ("diff", "revert-diff") and report.changed:
        raise typer.Exit(EXIT_CHANGES)
    if mode == "scan" and any(f.severity.value == "error" for f in report.findings):
        raise typer.Exit(EXIT_CHANGES)
    raise typer.Exit(EXIT_OK)


def _render(report, mode: str, common: _Common, err) -> None:
    output = common.output
    if output is OutputFormat.json:
        from migrate_cli.reporters import json_report

        sys.stdout.write(json_report.render(report))
    elif output is OutputFormat.github:
        from migrate_cli.reporters import github

        sys.stdout.write(github.render(report))
    elif output is OutputFormat.sarif:
        from migrate_cli.reporters import sarif

        sys.stdout.write(sarif.render(report))
    elif output is OutputFormat.markdown:
        from migrate_cli.reporters import markdown

        sys.stdout.write(markdown.render(report, mode))
    else:
        from migrate_cli.reporters import text

        if mode in ("diff", "revert-diff"):
            text.render_diff(report, text.stdout())
        if not common.quiet:
            text.render_findings(report, err)
            err.line([(text.summary_line(report, mode), "")])


def _mask_findings(report, rules) -> None:
    """Every finding and error message with keys cut to their first 6 characters, whatever produced it
    (a parser's message can quote the line it stopped at)."""
    from dataclasses import replace

    for result in report.results:
        result.findings = [f if not rules.secret.search(f.message) else replace(f, message=rules.redact(f.message))
                           for f in result.findings]
        result.internal_error = rules.redact(result.internal_error)


def _write_patch(report, targets: list[Path], patch: Path, err, secret) -> None:
    from migrate_cli import patch as patches
    from migrate_cli.discovery import record_root

    data, withheld = patches.build(report, record_root(targets[0]), secret)
    try:
        patch.write_bytes(data)
    except OSError as exc:
        raise _fail(f"cannot write the patch {patch}: {exc.strerror or exc}") from None
    for shown, why in withheld:
        err.line([(f"{shown}: left out of the patch: {why}; run `apply` for it", "")])


def _show_settings(settings, output: OutputFormat) -> None:
    if output is OutputFormat.json:
        import json

        from migrate_cli.masking import redact_message

        document = {name: {"value": value, "from": where} for name, (value, where) in settings.origin.items()}
        sys.stdout.write(redact_message(json.dumps(document, indent=2, default=str)) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Effective settings", show_lines=False)
    table.add_column("setting")
    table.add_column("value", overflow="fold")
    table.add_column("from")
    for name, (value, where) in settings.origin.items():
        shown = ", ".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else str(value)
        table.add_row(name, _one_line(shown), _one_line(str(where)))
    Console(highlight=False).print(table, markup=False)


def _ask_each(err):
    """apply --interactive: show each file's diff and ask y/n/a/q."""

    def choose(changed):
        from rich.prompt import Prompt

        from migrate_cli.reporters.text import render_diff, stdout
        from migrate_cli.runner import RunReport

        chosen = []
        out = stdout()
        for position, result in enumerate(changed):
            render_diff(RunReport([result], 1, {}), out)
            answer = Prompt.ask(
                f"Apply this change to {result.path}? [y]es, [n]o, [a]ll the rest, [q]uit",
                choices=["y", "n", "a", "q"], default="y", console=err.console, show_choices=False,
            )
            if answer == "y":
                chosen.append(result)
            elif answer == "a":
                chosen.extend(changed[position:])
                break
            elif answer == "q":
                break
        return chosen

    return choose


class _Progress:
    """A Rich progress bar on stderr, shown only on a terminal and only for long runs."""

    def __init__(self, writer, enabled: bool) -> None:
        self.writer, self.enabled = writer, enabled
        self.bar = self.task = None

    def __enter__(self) -> "_Progress":
        return self

    def update(self, done: int, total: int) -> None:
        if not self.enabled or total < PROGRESS_MIN_FILES:
            return
        if self.bar is None:
            from rich.progress import Progress

            self.bar = Progress(console=self.writer.console, transient=True)
            self.bar.start()
            self.task = self.bar.add_task("Migrating", total=total)
        self.bar.update(self.task, completed=done)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


_SHARED_OPTIONS = (
    ("output", Format, OutputFormat.text),
    ("jobs", Jobs, 0),
    ("exclude", Exclude, None),
    ("maps", Map, None),
    ("base_url", BaseUrl, None),
    ("key_env", KeyEnv, None),
    ("since", Since, None),
    ("config", Config, None),
    ("select", Select, None),
    ("ignore", Ignore, None),
    ("available", Available, None),
    ("disable", Disable, None),
    ("no_split", NoSplit, False),
    ("show_settings", ShowSettings, False),
    ("no_progress", NoProgress, False),
    ("no_cache", NoCache, False),
    ("quiet", Quiet, False),
)


def _with_shared_options(command):
    """Adds the options every command shares to `command`'s signature (Typer reads the signature); the
    command receives them gathered in one `common` argument."""
    import functools
    import inspect

    signature = inspect.signature(command)
    own = [p for p in signature.parameters.values() if p.name != "common"]
    paths = inspect.Parameter("paths", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None, annotation=Paths)
    shared = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
              for name, annotation, default in _SHARED_OPTIONS]

    @functools.wraps(command)
    def with_options(**options):
        names = ["paths", *(name for name, _, _ in _SHARED_OPTIONS)]
        common = _Common(**{name: options.pop(name) for name in names})
        return command(common=common, **options)

    parameters = [paths, *own, *shared]
    with_options.__signature__ = signature.replace(parameters=parameters)
    with_options.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_options


@app.command()
@_with_shared_options
def apply(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Do not write: the same as `diff`.")] = False,
    interactive: Annotated[
        bool, typer.Option("--interactive", "-i", help="Show each file's diff and ask before writing it.")
    ] = False,
    allow_dirty: AllowDirty = False,
    common: Optional[_Common] = None,
) -> None:
    """Rewrite the files in place (and keep the migration record)."""
    _execute("diff" if dry_run else "apply", common, allow_dirty=allow_dirty, interactive=interactive and not dry_run)


@app.command()
@_with_shared_options
def diff(
    reverse: Annotated[bool, typer.Option("--reverse", help="The reverse migration, as a diff.")] = False,
    patch: Annotated[
        Optional[Path], typer.Option("--patch", help="Also write the change as a patch `git apply` accepts.")
    ] = None,
    prefer: Prefer = None,
    common: Optional[_Common] = None,
) -> None:
    """Print the unified diff and the findings, write nothing; exit 1 when something would change."""
    _execute("revert-diff" if reverse else "diff", common, prefer=prefer, patch=patch)


@app.command()
@_with_shared_options
def revert(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Do not write: print the diff.")] = False,
    allow_dirty: AllowDirty = False,
    prefer: Prefer = None,
    common: Optional[_Common] = None,
) -> None:
    """Undo the migration: replay the migration record backwards, or apply the inverse rules."""
    _execute("revert-diff" if dry_run else "revert", common, allow_dirty=allow_dirty, prefer=prefer)


@app.command()
@_with_shared_options
def scan(common: Optional[_Common] = None) -> None:
    """Report findings only; exit 1 when one of them is an error."""
    _execute("scan", common)


@app.command()
def rules(
    output: Annotated[OutputFormat, typer.Option("--format", help="text (a table) or json.")] = OutputFormat.text,
) -> None:
    """Print the model map (forward and reverse), the URLs, the key variables and the API families."""
    from migrate_cli.reporters import rules_table
    from migrate_cli.ruleset import RulesError, load_rules

    try:
        ruleset = load_rules()
    except RulesError as exc:
        raise _fail(str(exc)) from None
    if output is OutputFormat.json:
        sys.stdout.write(rules_table.render_json(ruleset))
    else:
        rules_table.render_text(ruleset)


def main() -> None:
    """The console script. Whatever happens, it ends in one line and an exit status, never a traceback:
    Ctrl-C and SIGTERM (interrupts.py) say what was and was not written, and exit 130."""
    from migrate_cli import interrupts

    interrupts.install()
    try:
        app()
    except interrupts.Interrupted as exc:
        _stopped(exc.message or interrupts.completed or "nothing was written")
    except KeyboardInterrupt:
        _stopped(interrupts.completed or "nothing was written")
    except RecursionError:
        typer.echo("bytespike-migrate: error: input nested too deeply to process", err=True)
        sys.exit(EXIT_ERROR)
    except Exception as exc:  # a bug: one line that names it, not a traceback
        typer.echo(f"bytespike-migrate: internal error: {type(exc).__name__}: {_one_line(str(exc))}", err=True)
        sys.exit(EXIT_ERROR)


def _stopped(what: str) -> None:
    import signal

    from migrate_cli import interrupts

    for signum in interrupts.SIGNALS:
        signal.signal(signum, signal.SIG_IGN)  # the one line is written whole
    interrupts.stop_pools()
    try:
        sys.stdout.flush()
    except Exception:  # noqa: BLE001 - a closed pipe: nothing more to say there
        pass
    typer.echo(f"bytespike-migrate: interrupted: {_one_line(what)}", err=True)
    sys.exit(130)
