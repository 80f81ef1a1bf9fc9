"""`bytespike-migrate-fleet`: the migration as an all-repos autofixer, for many repositories (README, Migrating many
repositories).

all-repos clones an organisation's repositories (`all-repos-clone`) and its `autofix_lib` runs a fix in a
fresh clone of each, commits it on a branch and pushes it, or opens a pull request, as the config's
`push` says. Here the fix is `bytespike-migrate apply`, run as a command exactly as a user runs it.

    bytespike-migrate-fleet -C all-repos.json --dry-run
    bytespike-migrate-fleet -C all-repos.json --map gpt-4o=claude-sonnet-4-6 -- --select unsupported-api

autofix_lib commits every repository with the one message it is given and, for a repository whose fix
raised, prints `***Errored` and goes on. Two additions on top, through the hooks it has:
- each repository's commit message gets that repository's summary (files changed, findings by rule, the
  error findings, the `revert` command): the push function is wrapped to amend the message first;
- each repository's outcome is written as a JSON file into a folder the run shares (with `-j` the fixes
  run in other processes), and the listing at the end, failures and repositories that need a look, is
  read from there.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import shlex
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from all_repos import autofix_lib
from all_repos.config import Config
from all_repos.grep import grep

from migrate_cli.pipeline.handlers import Prefilter, handler_for
from migrate_cli.pipeline.ruleset import PROVIDERS, RulesError, load_provider, parse_map_option

TITLE = "Move from the OpenAI API to ByteSpike"
BRANCH = "bytespike-migrate"  # all-repos names the branch all-repos_autofix_bytespike-migrate
REVERT = "bytespike-migrate revert ."
SUMMARY_FILE = "bytespike-migrate-fleet-summary"  # in the clone's git folder: from apply_fix to the push
MESSAGE_FILE = "bytespike-migrate-fleet-message"
REDACT_DRIVER = "bytespike-migrate-redact"
LISTED = 30  # changed files and error findings listed in one commit message; the rest are counted
SEVERITIES = ("error", "warning", "info")
# apply's own options that would stop it writing or replace the JSON report the fixer reads.
REFUSED = frozenset(
    {"--format", "--dry-run", "--interactive", "-i", "--show-settings", "--quiet", "-q", "--output-file", "-o"}
)


class ApplyFailed(RuntimeError):
    """`bytespike-migrate apply` failed in a repository: all-repos commits nothing there."""


@dataclass
class Outcome:
    repo: str
    failure: str = ""  # why apply failed; nothing is committed
    changed: list[str] = field(default_factory=list)  # the files apply changed
    errors: list[str] = field(default_factory=list)  # error-severity findings, one line each
    pushed: bool = False


def find_repos(config: Config, *, maps: Sequence[str] = ()) -> list[str]:
    """The cloned repositories holding at least one file `apply` would look at: `git grep` for the
    prefilter's tokens (tracked text files, searched in C), then the tool's own prefilter on the files it
    names, with the handler `apply` would use (a file with only an id's first word needs the id quoted).
    `--map` ids count too. A repository picked here may still need no change: it then gets no commit. Every
    provider's tokens are looked for (`openai`, `anthropic`, their ids): `apply` migrates from each."""
    from migrate_cli.pipeline.providers import owns_map

    prefilters = []
    for name in PROVIDERS:
        rules = load_provider(name)
        own = dict(parse_map_option(text) for text in maps)
        own = {old: new for old, new in own.items() if owns_map(rules, old) or name == "openai"}
        if own:
            rules = rules.with_settings(maps=own)
        prefilters.append(Prefilter(rules))
    tokens = dict.fromkeys(t for p in prefilters for t in (p.name.upper(), *p.tokens))
    patterns = [arg for token in tokens for arg in ("-e", token.decode())]
    found = grep(config, ("-l", "-z", "-I", "-F", *patterns))
    return sorted(
        repo for repo, names in found.items() if any(_has_candidate(repo, names, prefilter) for prefilter in prefilters)
    )


def _has_candidate(repo: str, names: bytes, prefilter: Prefilter) -> bool:
    for name in filter(None, names.split(b"\0")):
        path = os.fsdecode(name)
        handler = handler_for(path)
        if handler is None:
            continue
        try:
            data = Path(repo, path).read_bytes()
        except OSError:
            continue
        if prefilter(data) if handler.exact_prefilter else prefilter.loose(data):
            return True
    return False


def apply_fix(*, apply_args: Sequence[str], outcomes: str, names: dict[str, str]) -> None:
    """In the clone (the current folder): `bytespike-migrate apply .`, then `git add --all` (the migration
    record is a new file, which `git commit -a` would leave out). Raises when apply fails, so all-repos
    commits nothing; keeps the summary for the commit message and the outcome for the final listing."""
    repo = _repo_name(names)
    _redact_diffs()
    # -P: the clone's own folder never goes on sys.path (a `migrate_cli/` or `json.py` in it would load).
    done = autofix_lib.run(
        sys.executable,
        "-P",
        "-m",
        "migrate_cli",
        "apply",
        ".",
        "--format",
        "json",
        "--no-progress",
        *apply_args,
        check=False,
        capture_output=True,
        text=True,
    )
    try:
        if done.returncode != 0:
            raise ApplyFailed(f"`bytespike-migrate apply` exited {done.returncode}: {_last_line(done.stderr)}")
        try:
            report = json.loads(done.stdout)
        except ValueError:
            raise ApplyFailed("`bytespike-migrate apply` printed no JSON report") from None
    except ApplyFailed as exc:
        _save(outcomes, Outcome(repo, failure=str(exc)))
        raise
    findings = report.get("findings", [])
    outcome = Outcome(
        repo,
        changed=[f["path"] for f in report.get("files", []) if f.get("changed")],
        errors=[_finding_line(f) for f in findings if f["severity"] == "error"],
    )
    _save(outcomes, outcome)
    summary = commit_summary(outcome.changed, findings)
    Path(_git_path(SUMMARY_FILE)).write_text(summary, encoding="utf-8")
    print(summary, flush=True)
    autofix_lib.run("git", "add", "--all")


def commit_summary(changed: Sequence[str], findings: Sequence[dict[str, Any]]) -> str:
    """The body of the commit message: files changed, findings by rule, the error findings, how to undo."""
    if not changed:
        lines = ["`bytespike-migrate apply` changed nothing."]
    else:
        lines = [f"`bytespike-migrate apply` changed {_count(len(changed), 'file')}:"]
        lines += [f"    {path}" for path in changed[:LISTED]]
    if len(changed) > LISTED:
        lines.append(f"    and {len(changed) - LISTED} more")
    if findings:
        by_rule = Counter((f["severity"], f["rule"]) for f in findings)
        lines += ["", "Findings by rule:"]
        for (severity, rule), count in sorted(by_rule.items(), key=lambda i: (_rank(i[0][0]), i[0][1])):
            lines.append(f"    {rule} ({severity}): {count}")
    errors = [_finding_line(f) for f in findings if f["severity"] == "error"]
    if errors:
        lines += ["", "Needs a look before merging (error findings):"]
        lines += [f"    {line}" for line in errors[:LISTED]]
        if len(errors) > LISTED:
            lines.append(f"    and {len(errors) - LISTED} more: `bytespike-migrate scan .` lists them all")
    if changed:
        lines += ["", f"To undo: {REVERT}"]
    return "\n".join(lines)


def push_with_summary(
    settings: Any, branch_name: str, *, push: Callable[[Any, str], None], outcomes: str, names: dict[str, str]
) -> None:
    """The config's own push, once the commit's message carries this repository's summary (after the
    title, before the trailers all-repos or a commit-msg hook added)."""
    summary = Path(_git_path(SUMMARY_FILE)).read_text(encoding="utf-8")
    message = subprocess.run(("git", "log", "-1", "--format=%B"), check=True, capture_output=True, text=True).stdout
    title, _, rest = message.partition("\n\n")
    message_file = Path(_git_path(MESSAGE_FILE))
    message_file.write_text(f"{title}\n\n{summary}\n\n{rest}".rstrip() + "\n", encoding="utf-8")
    autofix_lib.run("git", "commit", "--amend", "--quiet", "--file", str(message_file))
    push(settings, branch_name)
    repo = _repo_name(names)
    outcome = _load(outcomes, repo) or Outcome(repo)
    outcome.pushed = True
    _save(outcomes, outcome)


def _redact_diffs() -> None:
    """Secret keys in the diff all-repos prints are cut to 6 characters (`redact`'s docstring says why).
    Only this temporary clone's own settings change."""
    attributes = Path(_git_path("info/attributes"))
    attributes.parent.mkdir(parents=True, exist_ok=True)
    with attributes.open("a", encoding="utf-8") as file:
        file.write(f"* diff={REDACT_DRIVER}\n")
    command = shlex.join([sys.executable, "-P", "-m", "migrate_cli.fleet.redact"])
    subprocess.run(("git", "config", f"diff.{REDACT_DRIVER}.textconv", command), check=True)


def _git_path(name: str) -> str:
    return subprocess.run(
        ("git", "rev-parse", "--git-path", name), check=True, capture_output=True, text=True
    ).stdout.strip()


def _repo_name(names: dict[str, str]) -> str:
    """The repository as the user named it (its all-repos clone), from the clone's origin: all-repos
    points the temporary clone's origin at the repository's own remote."""
    done = subprocess.run(("git", "config", "remote.origin.url"), check=False, capture_output=True, text=True)
    remote = done.stdout.strip()
    return names.get(remote, remote)


def _names_by_remote(repos: Sequence[str]) -> dict[str, str]:
    names = {}
    for repo in repos:
        done = subprocess.run(
            ("git", "-C", repo, "config", "remote.origin.url"), check=False, capture_output=True, text=True
        )
        if done.returncode == 0:
            names[done.stdout.strip()] = repo
    return names


def _outcome_path(outcomes: str, repo: str) -> Path:
    return Path(outcomes, hashlib.sha1(repo.encode()).hexdigest() + ".json")


def _save(outcomes: str, outcome: Outcome) -> None:
    _outcome_path(outcomes, outcome.repo).write_text(json.dumps(asdict(outcome)), encoding="utf-8")


def _load(outcomes: str, repo: str) -> Outcome | None:
    try:
        return Outcome(**json.loads(_outcome_path(outcomes, repo).read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None


def _finding_line(finding: dict[str, Any]) -> str:
    return f"{finding['path']}:{finding['line']}:{finding['column']}: {finding['rule']}: {finding['message']}"


def _rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def _count(number: int, noun: str, plural: str = "") -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip() if lines else "no message"


def report(repos: Sequence[str], outcomes: str, *, dry_run: bool, interactive: bool) -> int:
    """The listing at the end: counts, the repositories that failed (nothing pushed), those that need a
    look (error findings). 1 when one failed, else 0."""
    migrated, unchanged, declined = [], [], []
    failed: list[tuple[str, str]] = []
    look: list[Outcome] = []
    for repo in repos:
        outcome = _load(outcomes, repo)
        if outcome is None:
            failed.append((repo, "the migration did not run: see ***Errored above"))
            continue
        if outcome.failure:
            failed.append((repo, outcome.failure))
            continue
        if outcome.errors:
            look.append(outcome)
        if not outcome.changed:
            unchanged.append(repo)
        elif dry_run or outcome.pushed:
            migrated.append(repo)
        elif interactive:
            declined.append(repo)
        else:
            failed.append((repo, "migrated but not pushed: see ***Errored above"))
    counts = [
        f"{len(migrated)} {'would be migrated' if dry_run else 'migrated'}",
        f"{len(unchanged)} with nothing to change",
    ]
    if declined:
        counts.append(f"{len(declined)} not committed (declined, or see ***Errored above)")
    counts += [f"{len(failed)} failed", f"{len(look)} {'needs' if len(look) == 1 else 'need'} a look"]
    print(f"bytespike-migrate-fleet: {_count(len(repos), 'repository', 'repositories')}: " + ", ".join(counts))
    if failed:
        print("Failed, nothing pushed:")
        for repo, why in failed:
            print(f"    {repo}: {why}")
    if look:
        _list_the_ones_to_look_at(look, dry_run)
    sys.stdout.flush()
    return 1 if failed else 0


def _list_the_ones_to_look_at(look: list[Outcome], dry_run: bool) -> None:
    """The repositories with error findings, each with its first findings."""
    print("Needs a look (error findings):")
    for outcome in look:
        if not outcome.changed:
            where = "nothing to change"
        else:
            where = "would be in its commit message" if dry_run else "in its commit message"
        print(f"    {outcome.repo}: {_count(len(outcome.errors), 'error finding')}, {where}")
        for line in outcome.errors[:LISTED]:
            print(f"        {line}")
        if len(outcome.errors) > LISTED:
            print(f"        and {len(outcome.errors) - LISTED} more")


def _split_apply_args(argv: list[str]) -> tuple[list[str], list[str]]:
    if "--" in argv:
        at = argv.index("--")
        return argv[:at], argv[at + 1 :]
    return argv, []


def main(argv: Sequence[str] | None = None) -> int:
    own, passed = _split_apply_args(list(sys.argv[1:] if argv is None else argv))
    parser = argparse.ArgumentParser(
        prog="bytespike-migrate-fleet",
        allow_abbrev=False,  # `--config` must not pass for all-repos' --config-filename
        description="Run `bytespike-migrate apply` in every repository of an all-repos config that holds "
        "something to migrate; commit each change with its findings summary and push it as the config says.",
        epilog="Arguments after `--` go to `bytespike-migrate apply` as they are (e.g. `-- --select RULE`).",
    )
    autofix_lib.add_fixer_args(parser)
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="OLD=NEW",
        help="apply's --map: add or override a model mapping (repeatable).",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="apply's --exclude: skip matching paths (repeatable).",
    )
    parser.add_argument("--base-url", metavar="URL", help="apply's --base-url: the ByteSpike base URL to write.")
    parser.add_argument("--key-env", metavar="NAME", help="apply's --key-env: the key's environment variable.")
    args = parser.parse_args(own)
    for arg in passed:
        if arg.partition("=")[0] in REFUSED or (arg.startswith("-o") and not arg.startswith("--")):
            parser.error(
                f"{arg} cannot be passed to apply here: the fixer reads apply's JSON report and "
                "writes; use --dry-run before `--` for a dry run"
            )
    for text in args.map:
        try:
            parse_map_option(text)
        except RulesError as exc:
            parser.error(str(exc))
    apply_args = [
        *(a for text in args.map for a in ("--map", text)),
        *(a for glob in args.exclude for a in ("--exclude", glob)),
        *(("--base-url", args.base_url) if args.base_url else ()),
        *(("--key-env", args.key_env) if args.key_env else ()),
        *passed,
    ]

    try:
        repos, config, commit, autofix_settings = autofix_lib.from_cli(
            args,
            find_repos=functools.partial(find_repos, maps=args.map),
            msg=TITLE,
            branch_name=BRANCH,
        )
        repos = tuple(repos)[: autofix_settings.limit]
    except OSError as exc:  # no config file, or nothing cloned yet
        hint = "; run all-repos-clone first" if str(exc.filename).endswith("repos_filtered.json") else ""
        print(f"bytespike-migrate-fleet: error: {exc.filename}: {exc.strerror or exc}{hint}", file=sys.stderr)
        return 2
    names = _names_by_remote(repos)
    with tempfile.TemporaryDirectory(prefix="bytespike-migrate-fleet-") as outcomes:
        autofix_lib.fix(
            repos,
            apply_fix=functools.partial(apply_fix, apply_args=apply_args, outcomes=outcomes, names=names),
            config=config._replace(
                push=functools.partial(
                    push_with_summary,
                    push=config.push,
                    outcomes=outcomes,
                    names=names,
                )
            ),
            commit=commit,
            autofix_settings=autofix_settings,
        )
        return report(repos, outcomes, dry_run=autofix_settings.dry_run, interactive=autofix_settings.interactive)


if __name__ == "__main__":
    raise SystemExit(main())
