"""Many repositories (README, Migrating many repositories): the all-repos autofixer and the multi-gitter recipe, run for real.

Each test builds bare "remote" repositories in a temp folder, an all-repos config whose `json_file` source
lists them by path and whose push is `merge_to_master` (fast-forward: the remote's default branch gets
exactly the fixer's commit), clones them with `all-repos-clone`, and runs `bytespike-migrate-fleet`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, git, run_cli

IDENTITY = {
    "GIT_AUTHOR_NAME": "Fleet Test",
    "GIT_AUTHOR_EMAIL": "fleet@example.com",
    "GIT_COMMITTER_NAME": "Fleet Test",
    "GIT_COMMITTER_EMAIL": "fleet@example.com",
}
# A clean migration: no error finding.
SERVICE = (
    'import os\n\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n\n\n'
    'def ask(text):\n    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", '
    '"content": text}])\n'
)
# Nothing for the tool: never searched, never cloned by the fixer.
PLAIN = "def add(a, b):\n    return a + b\n"
# Needs migrating, but its settings table is broken: `apply` exits 2.
BROKEN_SETTINGS = '[project]\nname = "broken"\n\n[tool.bytespike-migrate]\nbase-url = "not a url"\n'


def _demo_key() -> str:
    """The demo's hard-coded key, read from the fixture: outputs are checked for it, never print it."""
    found = re.search(r'"(sk-[A-Za-z0-9_-]{20,})"', (ROOT / "fixtures/demo/scripts/weekly_report.py").read_text())
    assert found, "the demo no longer holds a hard-coded key"
    return found[1]


DEMO_KEY = _demo_key()


@dataclass
class Done:
    code: int
    output: str  # stdout and stderr together, in order: all-repos and the fixer print to both


@dataclass
class Fleet:
    root: Path
    config: Path
    origins: dict[str, Path]  # name -> bare repository

    def clone_path(self, name: str) -> Path:
        return self.root / "repos" / name

    def run(self, *args: str, script: bool = False, answers: str = "") -> Done:
        command = (
            [str(Path(sys.executable).parent / "bytespike-migrate-fleet")]
            if script
            else [sys.executable, "-m", "migrate_cli.fleet.autofix"]
        )
        done = subprocess.run(
            [*command, "-C", str(self.config), *args],
            check=False,
            cwd=self.root,
            env=_env(),
            input=answers,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=600,
        )
        return Done(done.returncode, done.stdout)

    def heads(self) -> dict[str, str]:
        """Every ref of every remote, and the state of every all-repos clone."""
        state = {
            name: git("for-each-ref", "--format=%(refname) %(objectname)", cwd=path)
            for name, path in self.origins.items()
        }
        for name in self.origins:
            clone = self.clone_path(name)
            state[f"clone {name}"] = git("rev-parse", "HEAD", cwd=clone) + git("status", "--porcelain", cwd=clone)
        return state

    def main(self, name: str) -> str:
        return git("rev-parse", "main", cwd=self.origins[name]).strip()


def _env() -> dict[str, str]:
    return {**os.environ, **IDENTITY, "NO_COLOR": "1", "GIT_CONFIG_NOSYSTEM": "1"}


def _run(*args: str, cwd: Path) -> str:
    return subprocess.run(args, cwd=cwd, env=_env(), check=True, capture_output=True, text=True).stdout


def _make_origin(root: Path, name: str, files: dict[str, str] | None = None, tree: Path | None = None) -> Path:
    work = root / "work" / name
    work.mkdir(parents=True)
    if tree is not None:
        shutil.copytree(tree, work, dirs_exist_ok=True)
    for path, text in (files or {}).items():
        (work / path).parent.mkdir(parents=True, exist_ok=True)
        (work / path).write_text(text)
    _run("git", "init", "-q", "-b", "main", cwd=work)
    _run("git", "add", "-A", cwd=work)
    _run("git", "commit", "-q", "-m", f"{name}: first commit", cwd=work)
    origin = root / "origins" / f"{name}.git"
    _run("git", "clone", "-q", "--bare", str(work), str(origin), cwd=root)
    return origin


@pytest.fixture
def fleet(tmp_path: Path) -> Fleet:
    origins = {
        "demo": _make_origin(tmp_path, "demo", tree=ROOT / "fixtures/demo"),
        "service": _make_origin(tmp_path, "service", {"app/chat.py": SERVICE, "README.md": "A service.\n"}),
        "plain": _make_origin(tmp_path, "plain", {"calc.py": PLAIN, "README.md": "Arithmetic.\n"}),
        "broken": _make_origin(tmp_path, "broken", {"app/chat.py": SERVICE, "pyproject.toml": BROKEN_SETTINGS}),
    }
    (tmp_path / "repos.json").write_text(json.dumps({name: str(path) for name, path in origins.items()}))
    config = tmp_path / "all-repos.json"
    config.write_text(
        json.dumps(
            {
                "output_dir": "repos",
                "source": "all_repos.source.json_file",
                "source_settings": {"filename": str(tmp_path / "repos.json")},
                "push": "all_repos.push.merge_to_master",
                "push_settings": {"fast_forward": True},
            }
        )
    )
    config.chmod(stat.S_IRUSR | stat.S_IWUSR)  # all-repos refuses a config others can read
    _run(sys.executable, "-m", "all_repos.clone", "-C", str(config), cwd=tmp_path)
    return Fleet(tmp_path, config, origins)


@dataclass
class Applied:
    tree: str
    report: dict  # apply's --format json document

    @property
    def changed(self) -> list[str]:
        return [f["path"] for f in self.report["files"] if f["changed"]]

    @property
    def errors(self) -> list[str]:
        return [
            f"{f['path']}:{f['line']}:{f['column']}: {f['rule']}: {f['message']}"
            for f in self.report["findings"]
            if f["severity"] == "error"
        ]


def _fresh_clone(fleet: Fleet, name: str, at: str = "main") -> Path:
    (fleet.root / "fresh").mkdir(exist_ok=True)
    clone = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=fleet.root / "fresh"))
    _run("git", "clone", "-q", str(fleet.origins[name]), str(clone), cwd=fleet.root)
    _run("git", "checkout", "-q", at, cwd=clone)
    return clone


def _apply_fresh(fleet: Fleet, name: str, at: str, *apply_args: str) -> Applied:
    """What `bytespike-migrate apply` gives on a fresh clone of the remote at `at`: the tree, the report."""
    clone = _fresh_clone(fleet, name, at)
    done = run_cli("apply", ".", "--format", "json", *apply_args, cwd=clone)
    assert done.code == 0, done.stderr
    _run("git", "add", "--all", cwd=clone)
    return Applied(_run("git", "write-tree", cwd=clone).strip(), done.json())


def _section(output: str, heading: str) -> str:
    """The indented lines under a heading of the final listing."""
    lines = output.splitlines()
    start = lines.index(heading)
    section = []
    for line in lines[start + 1 :]:
        if not line.startswith("    "):
            break
        section.append(line)
    return "\n".join(section)


def test_dry_run_shows_each_diff_and_changes_nothing(fleet: Fleet):
    before = fleet.heads()
    done = fleet.run("--dry-run", script=True)
    key_shown = DEMO_KEY in done.output  # checked first: a failing assertion below prints the output
    assert not key_shown, "the demo's secret key is printed in full"
    assert fleet.heads() == before
    # Picked by the byte search: the three repositories that mention OpenAI, not the plain one.
    assert re.findall(r"^\*\*\*(?!Errored$)(.+)$", done.output, re.MULTILINE) == [
        str(fleet.clone_path(n)) for n in ("broken", "demo", "service")
    ]
    assert '+client = OpenAI(api_key=os.environ["BYTESPIKE_API_KEY"]' in done.output
    assert '-ESCALATION_MODEL = "gpt-4o"' in done.output and '+ESCALATION_MODEL = "gpt-5-4"' in done.output
    assert "+++ b/.bytespike-migrate.toml" in done.output
    # The demo removes a hard-coded key: the diff shows its first 6 characters only.
    assert '-openai.api_key = "sk-pro…"' in done.output
    assert "repositories: 2 would be migrated, 0 with nothing to change, 1 failed, 1 needs a look" in done.output
    assert done.code == 1  # one repository failed


def test_run_commits_what_apply_gives_once_per_repository(fleet: Fleet):
    before = {name: fleet.main(name) for name in fleet.origins}
    refs = fleet.heads()
    done = fleet.run()
    key_shown = DEMO_KEY in done.output
    assert not key_shown, "the demo's secret key is printed in full"
    assert done.code == 1, done.output  # the broken repository

    for name in ("demo", "service"):
        after = fleet.main(name)
        assert git("rev-list", f"{before[name]}..{after}", cwd=fleet.origins[name]).split() == [after]
        tree = git("rev-parse", f"{after}^{{tree}}", cwd=fleet.origins[name]).strip()
        assert tree == _apply_fresh(fleet, name, before[name]).tree
    for name in ("plain", "broken"):  # nothing to do; failed: nothing committed, nothing pushed
        assert fleet.heads()[name] == refs[name]

    # The message carries apply's own report: files changed, findings by rule, the error findings.
    demo = _apply_fresh(fleet, "demo", before["demo"])
    assert demo.errors, "the demo is meant to leave error findings"
    message = git("log", "-1", "--format=%B", "main", cwd=fleet.origins["demo"])
    assert message.startswith(
        f"Move from the OpenAI API to ByteSpike\n\n`bytespike-migrate apply` changed "
        f"{len(demo.changed)} files:\n" + "".join(f"    {p}\n" for p in demo.changed)
    )
    by_rule = Counter((f["severity"], f["rule"]) for f in demo.report["findings"])
    assert message.count(" (error): ") + message.count(" (warning): ") + message.count(" (info): ") == len(by_rule)
    for (severity, rule), count in by_rule.items():
        assert f"\n    {rule} ({severity}): {count}\n" in message
    assert "\nNeeds a look before merging (error findings):\n" + "".join(f"    {e}\n" for e in demo.errors) in message
    assert message.rstrip("\n").endswith(
        "\n\nTo undo: bytespike-migrate revert .\n\nCommitted via https://github.com/asottile/all-repos"
    )
    key_shown = DEMO_KEY in message
    assert not key_shown, "the demo's secret key is in the commit message"
    service = git("log", "-1", "--format=%B", "main", cwd=fleet.origins["service"])
    assert "changed 1 file:\n    app/chat.py\n" in service and "Needs a look" not in service

    assert "repositories: 2 migrated, 0 with nothing to change, 1 failed, 1 needs a look" in done.output
    broken = run_cli("apply", ".", cwd=_fresh_clone(fleet, "broken"))
    assert broken.code == 2
    failed = _section(done.output, "Failed, nothing pushed:")
    assert failed.strip() == (
        f"{fleet.clone_path('broken')}: `bytespike-migrate apply` exited 2: {broken.stderr.strip().splitlines()[-1]}"
    )
    look = _section(done.output, "Needs a look (error findings):")
    assert look.splitlines()[0].strip() == (
        f"{fleet.clone_path('demo')}: {len(demo.errors)} error findings, in its commit message"
    )
    assert "service" not in look


def test_parallel_jobs_give_the_same_commits_and_listing(fleet: Fleet):
    """With -j the fixes run in other processes: outcomes and summaries still reach the listing."""
    before = {name: fleet.main(name) for name in fleet.origins}
    done = fleet.run("-j", "3")
    assert done.code == 1, done.output
    for name in ("demo", "service"):
        assert fleet.main(name) != before[name]
        tree = git("rev-parse", "main^{tree}", cwd=fleet.origins[name]).strip()
        assert tree == _apply_fresh(fleet, name, before[name]).tree
    assert "Findings by rule:" in git("log", "-1", "--format=%B", "main", cwd=fleet.origins["demo"])
    assert "repositories: 2 migrated, 0 with nothing to change, 1 failed, 1 needs a look" in done.output


def test_interactive_commits_only_what_is_approved(fleet: Fleet):
    before = fleet.heads()
    done = fleet.run("--interactive", answers="y\nn\n")  # demo: yes; service: no (broken fails first)
    assert done.output.count("***Looks good [y,n,s,q,?]? ") == 2
    after = fleet.heads()
    assert {name for name in fleet.origins if after[name] != before[name]} == {"demo"}
    assert (
        "1 migrated, 0 with nothing to change, 1 not committed (declined, or see ***Errored above), 1 failed"
        in done.output
    )


def test_second_run_changes_nothing(fleet: Fleet):
    fleet.run("--repos", str(fleet.clone_path("demo")), str(fleet.clone_path("service")))
    migrated = fleet.heads()
    # The all-repos clones are not updated in between: the fixer's fresh clones fetch the remotes.
    done = fleet.run()
    assert fleet.heads() == migrated
    assert "repositories: 0 migrated, 2 with nothing to change, 1 failed, 1 needs a look" in done.output
    # What stays on OpenAI is still reported: the scan of the migrated demo.
    scan = run_cli("scan", ".", "--format", "json", cwd=_fresh_clone(fleet, "demo")).json()
    errors = [f for f in scan["findings"] if f["severity"] == "error"]
    assert errors
    look = _section(done.output, "Needs a look (error findings):")
    assert f"{fleet.clone_path('demo')}: {len(errors)} error findings, nothing to change\n" in look + "\n"


def test_repos_limits_the_run(fleet: Fleet):
    before = fleet.heads()
    done = fleet.run("--repos", str(fleet.clone_path("service")))
    assert done.code == 0, done.output
    after = fleet.heads()
    assert {name for name in fleet.origins if after[name] != before[name]} == {"service"}
    assert (
        "bytespike-migrate-fleet: 1 repository: 1 migrated, 0 with nothing to change, 0 failed, 0 need a look"
        in done.output
    )


def test_limit_takes_the_first_repositories_found(fleet: Fleet):
    before = fleet.heads()
    done = fleet.run("--limit", "2")
    changed = {name for name, head in fleet.heads().items() if head != before[name] and name in fleet.origins}
    assert changed == {"demo"}  # found in name order: broken (fails), demo; service is past the limit
    assert "2 repositories: 1 migrated" in done.output


def test_apply_options_pass_through(fleet: Fleet):
    service = fleet.clone_path("service")
    start = fleet.main("service")
    done = fleet.run(
        "--repos",
        str(service),
        "--map",
        "gpt-4o=claude-sonnet-4-6",
        "--key-env",
        "SUPPORT_KEY",
        "--",
        "--ignore",
        "unverified-api",
    )
    assert done.code == 0, done.output
    text = git("show", "main:app/chat.py", cwd=fleet.origins["service"])
    assert 'os.environ["SUPPORT_KEY"]' in text and 'model="claude-sonnet-4-6"' in text
    tree = git("rev-parse", "main^{tree}", cwd=fleet.origins["service"]).strip()
    assert (
        tree
        == _apply_fresh(fleet, "service", start, "--map", "gpt-4o=claude-sonnet-4-6", "--key-env", "SUPPORT_KEY").tree
    )


def test_passed_findings_filter_reaches_the_commit_message(fleet: Fleet):
    fleet.run("--repos", str(fleet.clone_path("demo")), "--", "--ignore", "hardcoded-key")
    message = git("log", "-1", "--format=%B", "main", cwd=fleet.origins["demo"])
    assert "\n    unsupported-api (error): " in message and "hardcoded-key" not in message


def _usage(tmp_path: Path, *args: str) -> Done:
    """A run that must stop at its arguments: the config does not even exist."""
    done = subprocess.run(
        [sys.executable, "-m", "migrate_cli.fleet.autofix", "-C", "missing.json", *args],
        check=False,
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
    )
    return Done(done.returncode, done.stdout + done.stderr)


@pytest.mark.parametrize(
    "passed",
    [["--dry-run"], ["--format", "text"], ["--format=sarif"], ["-i"], ["--output-file", "r.json"], ["-or.json"]],
)
def test_apply_options_the_fixer_needs_are_refused(tmp_path: Path, passed: list[str]):
    done = _usage(tmp_path, "--", *passed)
    assert done.code == 2
    assert "cannot be passed to apply here" in done.output


def test_a_bad_map_is_a_usage_error(tmp_path: Path):
    done = _usage(tmp_path, "--map", "gpt-4o")
    assert done.code == 2 and "--map" in done.output


def test_all_repos_config_abbreviation_is_not_taken(tmp_path: Path):
    """`--config` is apply's option; it must not pass for all-repos' --config-filename."""
    done = _usage(tmp_path, "--config", "settings.toml")
    assert done.code == 2 and "unrecognized arguments: --config" in done.output


def test_a_missing_config_is_one_line(tmp_path: Path):
    done = _usage(tmp_path)
    assert done.code == 2
    assert done.output == "bytespike-migrate-fleet: error: missing.json: No such file or directory\n"


def test_nothing_cloned_yet_says_what_to_run(fleet: Fleet):
    shutil.rmtree(fleet.root / "repos")
    done = fleet.run("--dry-run")
    assert done.code == 2
    assert done.output.endswith("repos_filtered.json: No such file or directory; run all-repos-clone first\n")


def test_redact_cuts_keys_in_diffs(tmp_path: Path):
    key = "sk-" + "abcdefghijklmnopqrstuvwxyzabcd"
    source = tmp_path / "settings.py"
    source.write_text(f'KEY = "{key}"\nOTHER = "sk-short"\n')
    done = subprocess.run(
        [sys.executable, "-m", "migrate_cli.fleet.redact", str(source)], capture_output=True, text=True, check=True
    )
    assert done.stdout == 'KEY = "sk-abc…"\nOTHER = "sk-short"\n'


def _readme_section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n### {title}\n")
    end = text.find("\n## ", start)
    following = text.find("\n### ", start + 1)
    return text[start : min(x for x in (end, following) if x != -1)]


def _code_blocks(section: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", section, re.DOTALL)


def test_readme_all_repos_steps(fleet: Fleet):
    """The README's commands, as a new user runs them, against the fixture's local config."""
    section = _readme_section("all-repos")
    (config_text,) = _code_blocks(section, "json")
    readme_config = json.loads(config_text)
    assert readme_config["source"] == "all_repos.source.json_file" and readme_config["output_dir"] == "repos"
    (steps,) = _code_blocks(section, "bash")
    commands = [line.split("#")[0].strip() for line in steps.splitlines() if line.strip()]
    assert commands == [
        "chmod 600 all-repos.json",
        "all-repos-clone -C all-repos.json",
        "bytespike-migrate-fleet -C all-repos.json --dry-run",
        "bytespike-migrate-fleet -C all-repos.json",
    ]
    os.replace(fleet.config, fleet.root / "all-repos.json")
    env = {**_env(), "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    results = []
    for command in commands:
        done = subprocess.run(command, shell=True, cwd=fleet.root, env=env, capture_output=True, text=True)
        results.append(done.returncode)
    assert results == [0, 0, 1, 1]  # the broken repository fails, in the dry run too
    assert (
        git("log", "-1", "--format=%s", "main", cwd=fleet.origins["service"]).strip()
        == "Move from the OpenAI API to ByteSpike"
    )


@pytest.fixture
def multi_gitter_script(tmp_path: Path) -> Path:
    (script_text,) = _code_blocks(_readme_section("multi-gitter"), "sh")
    script = tmp_path / "bytespike.sh"
    script.write_text(script_text)
    script.chmod(0o755)
    return script


@pytest.mark.parametrize("dry_run", [False, True])
def test_multi_gitter_script(fleet: Fleet, multi_gitter_script: Path, dry_run: bool):
    """multi-gitter's contract: in a plain clone, the script exits 0 and leaves changes (`git status` not
    empty) only where there is something to migrate; a non-zero exit means failed, no pull request."""
    env = {**_env(), "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    if dry_run:
        env["DRY_RUN"] = "true"  # what multi-gitter sets under --dry-run: the script must not care
    outcomes = {}
    for name in ("demo", "service", "plain", "broken"):
        clone = fleet.root / "multi-gitter" / name
        _run("git", "clone", "-q", str(fleet.origins[name]), str(clone), cwd=fleet.root)
        _run("git", "checkout", "-q", "-b", "bytespike-migrate", cwd=clone)
        done = subprocess.run(
            [str(multi_gitter_script)],
            cwd=clone,
            env={**env, "REPOSITORY": f"acme/{name}"},
            capture_output=True,
            text=True,
        )
        changed = bool(git("status", "-s", cwd=clone))
        outcomes[name] = (done.returncode == 0, changed)
        if name == "demo":
            key_shown = DEMO_KEY in done.stdout + done.stderr
            assert not key_shown, "the demo's secret key is printed in full"
            assert '-openai.api_key = "sk-pro…"' in done.stdout  # the diff, in the log
        if name == "service":
            _run("git", "add", ".", cwd=clone)
            assert _run("git", "write-tree", cwd=clone).strip() == _apply_fresh(fleet, name, fleet.main(name)).tree
    assert outcomes == {
        "demo": (True, True),
        "service": (True, True),  # pull requests
        "plain": (True, False),  # nothing to change: no pull request
        "broken": (False, False),  # failed
    }
