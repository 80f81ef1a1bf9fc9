"""The command line: parses the options, runs the pipeline, picks a reporter and sets the exit code.

The options are declared once, as the fields of CommandOptions; what a run's findings look like when shown,
the review of `apply --interactive` and the progress bar live with the reporters (migrate_cli/reporters/).
"""

import functools
import inspect
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional, TextIO, get_type_hints

import typer

from migrate_cli import __version__

if TYPE_CHECKING:  # imported when run, not when the command line loads
    from migrate_cli.pipeline.runner import RunOptions, RunReport
    from migrate_cli.pipeline.settings import Settings
    from migrate_cli.reporters.text import Writer

EXIT_OK, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2
# Click's base exception, from the copy of Click Typer uses (its own, in recent releases): a base of the
# BadParameter that Typer exports.
_ClickException: Any = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")

app = typer.Typer(
    name="bytespike-migrate",
    help="Move a code base from the OpenAI API to ByteSpike (endpoint, key, model ids), and report what cannot move.",
    add_completion=True,
    # Piped help is not wrapped at 80 columns (a terminal's width is used on a terminal).
    context_settings={
        "help_option_names": ["-h", "--help"],
        **({} if sys.stdout.isatty() else {"terminal_width": 10_000, "max_content_width": 10_000}),
    },
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
    junit = "junit"
    gitlab = "gitlab"


class RulesFormat(str, Enum):
    """What `rules` can print."""

    text = "text"
    json = "json"


class ColorChoice(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def _only_some(default: Any) -> Any:
    """The default of an option only some commands take: each names it in `@with_options(...)`."""
    return field(default=default, metadata={"only_some": True})


@dataclass(frozen=True)
class CommandOptions:
    """What a command was given on the command line, gathered in one object.

    Each field declares its option once, flags, help and default: `with_options` builds every command's
    parameters from these fields, in this order. `apply`, `diff`, `revert` and `scan` take every field but
    those marked `_only_some`, which a command names to take it.
    """

    paths: Annotated[
        Optional[list[Path]],
        typer.Argument(
            help="Folders or files to migrate (default: the current folder); `-` alone: read them from standard input, "
            "one a line.",
            show_default=False,
        ),
    ] = None
    output: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = OutputFormat.text
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: one per core).")] = 0
    exclude: Annotated[
        Optional[list[str]], typer.Option("--exclude", help="Skip paths matching this glob (repeatable).")
    ] = None
    maps: Annotated[
        Optional[list[str]], typer.Option("--map", help="Add or override a model mapping, OLD=NEW (repeatable).")
    ] = None
    base_url: Annotated[Optional[str], typer.Option("--base-url", help="ByteSpike base URL to write.")] = None
    key_env: Annotated[Optional[str], typer.Option("--key-env", help="Environment variable for the key.")] = None
    since: Annotated[
        Optional[str], typer.Option("--since", help="Only files changed since this git revision (and uncommitted).")
    ] = None
    config: Annotated[
        Optional[Path],
        typer.Option("--config", help="Settings file (instead of pyproject's [tool.bytespike-migrate])."),
    ] = None
    select: Annotated[
        Optional[list[str]], typer.Option("--select", help="Report only these findings (ids: `rules`; repeatable).")
    ] = None
    ignore: Annotated[
        Optional[list[str]], typer.Option("--ignore", help="Do not report these findings (ids: `rules`; repeatable).")
    ] = None
    available: Annotated[
        Optional[list[str]],
        typer.Option(
            "--available",
            help="An API family your ByteSpike key reaches though the documentation does not list it, "
            "e.g. embeddings (repeatable).",
        ),
    ] = None
    disable: Annotated[
        Optional[list[str]], typer.Option("--disable", help="Turn a rewrite rule off (repeatable; see `rules`).")
    ] = None
    no_split: Annotated[
        bool, typer.Option("--no-split", help="Keep every client whose calls mix served and unsupported APIs whole.")
    ] = False
    from_: Annotated[
        Optional[list[str]],
        typer.Option(
            "--from", help="Migrate only from this provider: openai or anthropic (repeatable; default: every provider)."
        ),
    ] = None
    show_settings: Annotated[
        bool, typer.Option("--show-settings", help="Print the effective settings and where each comes from, and exit.")
    ] = False
    no_progress: Annotated[bool, typer.Option("--no-progress", help="Never show a progress bar.")] = False
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the cache (.bytespike-migrate-cache/).")
    ] = False
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print the diff and the findings only: no summary, notes or progress.")
    ] = False
    silent: Annotated[
        bool, typer.Option("--silent", "-s", help="Print the diff only: no findings, summary, notes or progress.")
    ] = False
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also say which files were skipped and why, and sum up each file.")
    ] = False
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even when `diff` finds changes or `scan` an error finding.")
    ] = False
    color: Annotated[
        ColorChoice,
        typer.Option("--color", help="Colour: auto (on a terminal, unless NO_COLOR is set), always or never."),
    ] = ColorChoice.auto
    output_file: Annotated[
        Optional[Path],
        typer.Option(
            "--output-file", "-o", help="Write the report (what goes to standard output) to this file.", dir_okay=False
        ),
    ] = None
    # Options only some of the commands take.
    interactive: Annotated[
        bool, typer.Option("--interactive", "-i", help="Show each file's diff and ask before writing it.")
    ] = _only_some(False)
    allow_dirty: Annotated[
        bool, typer.Option("--allow-dirty", help="Write even over uncommitted changes to the files touched.")
    ] = _only_some(False)
    patch: Annotated[
        Optional[Path], typer.Option("--patch", help="Also write the change as a patch `git apply` accepts.")
    ] = _only_some(None)
    prefer: Annotated[
        Optional[list[str]],
        typer.Option(
            "--prefer", help="Reverse: the OpenAI or Anthropic id for an ambiguous ByteSpike id, BYTESPIKE=OLD."
        ),
    ] = _only_some(None)


def with_options(*names: str, every_run_option: bool = True) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """A command's parameters built from CommandOptions: `paths`, then the command's own parameters (its
    switches of mode, such as `--dry-run`), then the options `names` (in that order), then, with
    `every_run_option`, every option all of `apply`, `diff`, `revert` and `scan` take. The command is called
    with its own parameters and `options`, one CommandOptions of the rest.

    Typer reads a command's parameters from its signature; the one given here (`__signature__`) holds an
    `inspect.Parameter` per option, annotated with the field's `typer.Option`.
    """
    declared = {f.name: f for f in fields(CommandOptions)}
    hints = get_type_hints(CommandOptions, include_extras=True)
    unknown = [name for name in names if name not in declared]
    if unknown:
        raise ValueError(f"with_options: no such option: {', '.join(unknown)}")
    chosen = list(names)
    if every_run_option:
        chosen += [name for name, f in declared.items() if not f.metadata.get("only_some") and name not in names]

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        own = [p for p in inspect.signature(command).parameters.values() if p.name != "options"]
        shared = [
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=declared[name].default, annotation=hints[name]
            )
            for name in chosen
        ]
        paths = [p for p in shared if p.name == "paths"]
        parameters = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in [*paths, *own]] + [
            p for p in shared if p.name != "paths"
        ]
        own_names = {p.name for p in own}

        @functools.wraps(command)
        def run(**given: Any) -> None:
            mine = {name: given.pop(name) for name in own_names}
            command(options=CommandOptions(**given), **mine)

        del run.__wrapped__  # Typer reads the parameters below, not the command's own
        run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in parameters}
        return run

    return decorate


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
    from migrate_cli.safety.masking import redact_message
    from migrate_cli.safety.safepaths import printable

    return printable(redact_message(str(message)))


def _fail(message: str) -> typer.Exit:
    typer.echo(f"bytespike-migrate: error: {_one_line(message)}", err=True)
    return typer.Exit(EXIT_ERROR)


def _usage(message: str) -> typer.Exit:
    """A usage error, as Click reports its own: exit 2 and a pointer to --help."""
    typer.echo(f"bytespike-migrate: error: {_one_line(message)} (see --help)", err=True)
    return typer.Exit(EXIT_ERROR)


def _paths_given(paths: Optional[list[Path]]) -> list[Path]:
    """The paths to look at: those given, `-` alone for newline-separated paths on standard input (as
    `git diff --name-only` prints them), or the current folder."""
    if not paths:
        return [Path(".")]
    if any(str(p) == "-" for p in paths):
        if len(paths) > 1:
            raise _usage("`-` (paths from standard input) must be the only path")
        if sys.stdin is None or sys.stdin.isatty():
            raise _usage("`-` reads paths from standard input, which is a terminal here; pipe them in")
        listed = [line.rstrip("\r") for line in sys.stdin.read().split("\n")]
        given = [Path(line) for line in dict.fromkeys(listed) if line.strip()]
        if not given:
            typer.echo("bytespike-migrate: no paths on standard input: nothing to do", err=True)
            raise typer.Exit(EXIT_OK)
        return given
    return list(paths)


def _execute(mode: str, options: CommandOptions) -> None:
    """mode: apply, diff, scan, revert, revert-diff."""
    from migrate_cli.pipeline.ruleset import RulesError
    from migrate_cli.pipeline.runner import RunOptions
    from migrate_cli.pipeline.settings import build_settings
    from migrate_cli.reporters import text
    from migrate_cli.reporters.prepare import prepare

    text.set_color(options.color.value)
    targets = _paths_given(options.paths)
    for target in targets:
        if not target.exists():
            raise _fail(f"path does not exist: {target}")
    try:
        settings = build_settings(
            targets,
            maps=options.maps or [],
            base_url=options.base_url,
            key_env=options.key_env,
            prefer=options.prefer,
            select=options.select,
            ignore=options.ignore,
            excludes=options.exclude,
            config=options.config,
            available=options.available,
            disable=options.disable,
            no_split=options.no_split,
            reverse=mode.startswith("revert"),
            from_=options.from_,
        )
    except RulesError as exc:
        raise _fail(str(exc)) from None
    if options.show_settings:
        _show_settings(settings, options)

    err = text.stderr()
    if options.interactive:
        from migrate_cli.reporters import review
    if options.interactive and not sys.stdin.isatty():
        raise _fail("--interactive needs a terminal on standard input; use `diff` to review non-interactively")
    run_options = RunOptions(
        paths=targets,
        rules=settings.rules,
        write=mode in ("apply", "revert"),
        jobs=options.jobs,
        excludes=settings.excludes,
        allow_dirty=options.allow_dirty,
        record=mode == "apply",
        since=options.since,
        select=settings.select,
        ignore=settings.ignore,
        # The review's diffs go to standard output in text mode; a document there (--format json, …) is
        # kept whole, and the review goes to standard error, where the questions are.
        choose=review.ask_each(err, on_stderr=options.output is not OutputFormat.text and options.output_file is None)
        if options.interactive
        else None,
        cache=not options.no_cache,
    )
    show_progress = err.is_terminal and not (
        options.no_progress or options.quiet or options.silent or options.interactive
    )
    report = _run(mode, run_options, settings, err, show_progress, targets)

    prepare(report, settings.rules, applied=mode == "apply")
    if options.patch is not None:
        _write_patch(report, targets, options.patch, err, settings.rules.secret, quiet=options.quiet or options.silent)
    if options.output_file is not None:
        try:
            with open(options.output_file, "w", encoding="utf-8", newline="") as out:
                _render(report, mode, options, err, out)
        except OSError as exc:
            raise _fail(f"cannot write --output-file {options.output_file}: {exc.strerror or exc}") from None
    else:
        _render(report, mode, options, err, sys.stdout)
    for message in report.internal_errors:
        typer.echo(f"bytespike-migrate: error: {_one_line(message)}", err=True)

    if report.internal_errors:
        raise typer.Exit(EXIT_ERROR)
    found = (mode in ("diff", "revert-diff") and report.changed) or (
        mode == "scan" and any(f.severity.value == "error" for f in report.findings)
    )
    raise typer.Exit(EXIT_CHANGES if found and not options.exit_zero else EXIT_OK)


def _show_settings(settings: "Settings", options: CommandOptions) -> NoReturn:
    """`--show-settings`: the settings a run would use, as a table or JSON, and nothing else."""
    from migrate_cli.reporters import settings_table  # rich's tables: only for --show-settings

    if options.output not in (OutputFormat.text, OutputFormat.json):
        raise _usage(f"--show-settings prints text or json, not --format {options.output.value}")
    if options.output_file is not None:
        try:
            with open(options.output_file, "w", encoding="utf-8") as out:
                settings_table.render(settings, out, as_json=options.output is OutputFormat.json)
        except OSError as exc:
            raise _fail(f"cannot write --output-file {options.output_file}: {exc.strerror or exc}") from None
    else:
        settings_table.render(settings, sys.stdout, as_json=options.output is OutputFormat.json)
    raise typer.Exit(EXIT_OK)


def _run(
    mode: str, run_options: "RunOptions", settings: "Settings", err: "Writer", show_progress: bool, targets: list[Path]
) -> "RunReport":
    """The engine's run for `mode`, its errors turned into the command line's."""
    from migrate_cli.pipeline import providers
    from migrate_cli.pipeline.discovery import DiscoveryError, RecordError, RepositoryBusy
    from migrate_cli.pipeline.runner import DirtyTreeError, has_record, revert
    from migrate_cli.reporters.progress import LABEL, Progress
    from migrate_cli.safety.gitguard import DirtyCheckError
    from migrate_cli.safety.safepaths import OutsideRoot

    try:
        with Progress(err, enabled=show_progress, label=LABEL[mode]) as progress:
            if mode.startswith("revert") and has_record(targets):
                report = revert(
                    run_options, progress=progress.update, providers=frozenset(r.provider for r in settings.providers)
                )
            else:
                # Without a record, the reverse runs on the inverse rules.
                report = providers.run(run_options, settings.providers, progress=progress.update)
    except (DiscoveryError, RecordError, DirtyCheckError, RepositoryBusy) as exc:
        raise _fail(str(exc)) from None
    except OutsideRoot as exc:
        raise _fail(f"refusing a path outside the repository: {exc}") from None
    except OSError as exc:  # the migration record could not be written, a folder could not be listed
        raise _fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")) from None
    except DirtyTreeError as exc:
        listing = ", ".join(exc.paths[:5]) + (f" and {len(exc.paths) - 5} more" if len(exc.paths) > 5 else "")
        raise _fail(
            f"uncommitted changes in files {mode} would rewrite: {listing}; commit or stash them, or pass --allow-dirty"
        ) from None
    return report


def _render(report: "RunReport", mode: str, options: CommandOptions, err: "Writer", out: TextIO) -> None:
    """The report on `out` (standard output or --output-file); in text mode, the findings go to standard
    error, or with the diff into --output-file, and the summary always to standard error."""
    output = options.output
    if output is OutputFormat.json:
        from migrate_cli.reporters import json_report

        out.write(json_report.render(report))
    elif output is OutputFormat.github:
        from migrate_cli.reporters import github

        out.write(github.render(report))
    elif output is OutputFormat.sarif:
        from migrate_cli.reporters import sarif

        out.write(sarif.render(report))
    elif output is OutputFormat.markdown:
        from migrate_cli.reporters import markdown

        out.write(markdown.render(report, mode))
    elif output is OutputFormat.junit:
        from migrate_cli.reporters import junit

        out.write(junit.render(report, mode))
    elif output is OutputFormat.gitlab:
        from migrate_cli.reporters import gitlab

        out.write(gitlab.render(report))
    else:
        from migrate_cli.reporters import text

        writer = text.Writer(out) if options.output_file is None else text.Writer(out, styled=False)
        if mode in ("diff", "revert-diff"):
            text.render_diff(report, writer)
        if not options.silent:
            text.render_findings(report, writer if options.output_file is not None else err)
        if options.verbose and not options.silent:
            text.render_skipped(report, err)
            text.render_file_table(report, mode, err)
        if not (options.quiet or options.silent):
            err.line([(text.summary_line(report, mode), "")])


def _write_patch(
    report: "RunReport", targets: list[Path], patch: Path, err: "Writer", secret: re.Pattern[str], quiet: bool = False
) -> None:
    from migrate_cli.pipeline import patch as patches
    from migrate_cli.pipeline.discovery import record_root

    data, withheld = patches.build(report, record_root(targets[0]), secret)
    try:
        patch.write_bytes(data)
    except OSError as exc:
        raise _fail(f"cannot write the patch {patch}: {exc.strerror or exc}") from None
    for shown, why in [] if quiet else withheld:
        err.line([(f"{shown}: left out of the patch: {why}; run `apply` for it", "")])


@app.command()
@with_options("interactive", "allow_dirty")
def apply(
    options: CommandOptions,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Do not write: the same as `diff`.")] = False,
) -> None:
    """Rewrite the files in place (and keep the migration record)."""
    _execute("diff" if dry_run else "apply", replace(options, interactive=options.interactive and not dry_run))


@app.command()
@with_options("patch", "prefer")
def diff(
    options: CommandOptions,
    reverse: Annotated[bool, typer.Option("--reverse", help="The reverse migration, as a diff.")] = False,
) -> None:
    """Print the unified diff and the findings, write nothing; exit 1 when something would change."""
    _execute("revert-diff" if reverse else "diff", options)


@app.command()
@with_options("allow_dirty", "prefer")
def revert(
    options: CommandOptions,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Do not write: print the diff.")] = False,
) -> None:
    """Undo the migration: replay the migration record backwards, or apply the inverse rules."""
    _execute("revert-diff" if dry_run else "revert", options)


@app.command()
@with_options()
def scan(options: CommandOptions) -> None:
    """Report findings only; exit 1 when one of them is an error."""
    _execute("scan", options)


@app.command()
@with_options("color", every_run_option=False)
def rules(
    options: CommandOptions,
    output: Annotated[RulesFormat, typer.Option("--format", help="text (tables) or json.")] = RulesFormat.text,
) -> None:
    """Print the model map (forward and reverse), the URLs, the key variables and the API families."""
    from migrate_cli.pipeline.ruleset import PROVIDERS, RulesError, load_provider
    from migrate_cli.reporters import rules_table

    try:
        ruleset = [load_provider(name) for name in PROVIDERS]
    except RulesError as exc:
        raise _fail(str(exc)) from None
    from migrate_cli.reporters import text

    text.set_color(options.color.value)
    if output is RulesFormat.json:
        sys.stdout.write(rules_table.render_json(ruleset))
    else:
        rules_table.render_text(ruleset)


class VerifyFormat(str, Enum):
    """What `verify` can print."""

    text = "text"
    json = "json"
    markdown = "markdown"
    sarif = "sarif"
    github = "github"


@app.command(context_settings={"allow_interspersed_args": False, "ignore_unknown_options": True})
@with_options("base_url", "key_env", "config", every_run_option=False)
def verify(
    options: CommandOptions,
    command: Annotated[
        list[str],
        typer.Argument(
            help="The command to run, after `--`: your tests (`pytest -q`, `npm test`) or your program.",
            show_default=False,
        ),
    ],
    output: Annotated[VerifyFormat, typer.Option("--format", help="Output format.")] = VerifyFormat.text,
    timeout: Annotated[
        Optional[float],
        typer.Option("--timeout", min=0, help="Stop COMMAND (and what it started) after this many seconds."),
    ] = None,
    output_file: Annotated[
        Optional[Path],
        typer.Option(
            "--output-file", "-o", help="Write the report to this file instead of standard error.", dir_okay=False
        ),
    ] = None,
) -> None:
    """Run COMMAND with the OpenAI, Anthropic and ByteSpike services emulated on this machine, and report
    every request it made; exit 1 when one would fail."""
    import os

    from migrate_cli.pipeline.ruleset import RulesError
    from migrate_cli.pipeline.settings import build_settings
    from migrate_cli.reporters.verify import RENDERERS
    from migrate_cli.safety.masking import without_secrets
    from migrate_cli.verify.command import CommandNotRun, run

    if not command:
        raise _usage("give the command to run after `--`, e.g. `verify -- pytest -q`")
    try:
        settings = build_settings(
            [Path(".")], maps=[], base_url=options.base_url, key_env=options.key_env, config=options.config
        )
        report = run(command, settings.providers, Path.cwd(), timeout=timeout)
    except RulesError as exc:
        raise _fail(str(exc)) from None
    except CommandNotRun as exc:
        raise _fail(str(exc)) from None
    shown = without_secrets(RENDERERS[output.value](report), os.environ, settings.rules.secret)
    if output_file is not None:
        try:
            output_file.write_text(shown, encoding="utf-8")
        except OSError as exc:
            raise _fail(f"cannot write --output-file {output_file}: {exc.strerror or exc}") from None
    else:
        sys.stderr.write(shown)
        sys.stderr.flush()
    if report.stopped == "interrupted":
        raise typer.Exit(130)
    raise typer.Exit(EXIT_CHANGES if report.failed or report.stopped else EXIT_OK)


def main() -> None:
    """The console script. Whatever happens, it ends in one line and an exit status, never a traceback:
    Ctrl-C and SIGTERM (safety/interrupts.py) say what was and was not written, and exit 130."""
    from migrate_cli.safety import interrupts

    interrupts.install()
    try:
        # Click's own errors come back here instead of being printed as four lines (usage, a pointer to
        # --help, a blank line, the error): every error of this tool is one line.
        code = app(prog_name="bytespike-migrate", standalone_mode=False)
    except _ClickException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            exc.show()  # the help itself, for a bare `bytespike-migrate`
        else:
            typer.echo(f"bytespike-migrate: error: {_one_line(exc.format_message())} (see --help)", err=True)
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("Aborted!", err=True)  # end of input at a prompt, as Click reports it
        sys.exit(1)
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
    sys.exit(code if isinstance(code, int) else EXIT_OK)


def _stopped(what: str) -> None:
    import signal

    from migrate_cli.safety import interrupts

    for signum in interrupts.SIGNALS:
        signal.signal(signum, signal.SIG_IGN)  # the one line is written whole
    interrupts.stop_pools()
    try:
        sys.stdout.flush()
    except Exception:
        pass
    typer.echo(f"bytespike-migrate: interrupted: {_one_line(what)}", err=True)
    sys.exit(130)
