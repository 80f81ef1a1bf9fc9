"""The command line's conventions (those of Ruff and ast-grep), each through the real command in a real
git repository: -h, completion, --exit-zero, --color, -v, -q/-s, --output-file, junit, gitlab, the diff
and edits in json, honest messages, and the interactive review in a real pseudo-terminal."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import Repo, run_cli, run_in_a_terminal

CHAT = (
    'import os\n\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n'
    'MODEL = "gpt-4o"\nclient.chat.completions.create(model=MODEL, messages=[])\n'
)
KB = "from openai import OpenAI\n\nkb = OpenAI()\nkb.files.create(file=b'', purpose='assistants')\n"
SECRET = "sk-proj-Zyx987wvu654TSR321qpo098NML765"
KEYED = (
    f'from openai import OpenAI\n\nclient = OpenAI(api_key="{SECRET}")\n'
    'client.chat.completions.create(model="gpt-4o", messages=[])\n'
)
ANSI = "\x1b["


@pytest.fixture
def project(repo: Repo) -> Repo:
    repo.write("app/chat.py", CHAT)
    repo.write("app/kb.py", KB)
    repo.commit()
    return repo


# -- what users of Ruff reach for ------------------------------------------------------------------------


def test_h_is_help_everywhere(repo: Repo):
    for args in (["-h"], ["diff", "-h"], ["rules", "-h"]):
        done = run_cli(*args, cwd=repo.path)
        assert done.code == 0 and "--help" in done.stdout and "Usage: bytespike-migrate" in done.stdout, args
    assert "--exit-zero" in run_cli("scan", "-h", cwd=repo.path).stdout


def test_the_commands_that_run_share_the_same_options(repo: Repo):
    """apply, diff, revert and scan each list the shared options (declared once, in CommandOptions), alike."""

    def shared(command: str) -> list[str]:
        lines = run_cli(command, "-h", cwd=repo.path).stdout.splitlines()
        start = next(i for i, line in enumerate(lines) if line.strip().startswith("--format"))
        return lines[start:]

    assert "--output-file" in "".join(shared("scan"))
    assert shared("apply") == shared("diff") == shared("revert") == shared("scan")


def test_every_declared_option_is_in_the_help_of_the_commands_that_take_it(repo: Repo):
    """An option is declared once, as a field of CommandOptions: every command that runs the migration lists
    it with its flags and its help, and those that take only some options list only theirs."""
    from typing import get_type_hints

    import typer

    from migrate_cli.cli import CommandOptions

    hints = get_type_hints(CommandOptions, include_extras=True)
    takes = {
        "apply": {"interactive", "allow_dirty"},
        "diff": {"patch", "prefer"},
        "revert": {"allow_dirty", "prefer"},
        "scan": set(),
    }
    only_some = {"interactive", "allow_dirty", "patch", "prefer"}
    for command, own in takes.items():
        shown = " ".join(run_cli(command, "-h", cwd=repo.path).stdout.split())
        for name, hint in hints.items():
            [declared] = hint.__metadata__
            if not isinstance(declared, typer.models.OptionInfo):
                continue  # the paths argument
            flags = [declared.default, *declared.param_decls]
            listed = ", ".join(sorted(flags, key=len))  # `-q, --quiet`
            if name in only_some and name not in own:
                assert flags[0] not in shown.split(), (command, name)
            else:
                assert f"{listed} " in shown and declared.help in shown, (command, name)
    verify = run_cli("verify", "-h", cwd=repo.path).stdout
    assert all(flag in verify for flag in ("--base-url", "--key-env", "--config"))
    assert "--exclude" not in verify and "--color" in run_cli("rules", "-h", cwd=repo.path).stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_shell_completion_script_is_printed(repo: Repo, shell: str):
    # The shell named, not detected from the processes the test runs under (which may be no shell at all).
    done = run_cli("--show-completion", shell, cwd=repo.path, env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert done.code == 0, done.stderr
    assert "_BYTESPIKE_MIGRATE_COMPLETE" in done.stdout
    assert "--install-completion" in run_cli("--help", cwd=repo.path).stdout


def test_completion_completes_commands(repo: Repo):
    done = run_cli(
        cwd=repo.path,
        env={"_BYTESPIKE_MIGRATE_COMPLETE": "complete_bash", "COMP_WORDS": "bytespike-migrate sc", "COMP_CWORD": "1"},
    )
    assert "scan" in done.stdout.split()


def test_exit_zero(project: Repo):
    assert run_cli("diff", ".", cwd=project.path).code == 1
    assert run_cli("scan", ".", cwd=project.path).code == 1
    done = run_cli("diff", ".", "--exit-zero", cwd=project.path)
    assert done.code == 0 and "+++ b/app/chat.py" in done.stdout
    assert run_cli("scan", ".", "--exit-zero", cwd=project.path).code == 0
    # Errors stay errors.
    assert run_cli("scan", "missing", "--exit-zero", cwd=project.path).code == 2


def test_color_always_never_and_no_color(project: Repo):
    always = run_cli("diff", ".", "--color", "always", cwd=project.path)  # NO_COLOR is set: the flag wins
    assert ANSI in always.stdout and ANSI in always.stderr
    assert "\x1b[32m+" in always.stdout or "\x1b[32m" in always.stdout
    never = run_cli("diff", ".", "--color", "never", cwd=project.path, env={"FORCE_COLOR": "1"})
    assert ANSI not in never.stdout + never.stderr and "+++ b/app/chat.py" in never.stdout
    forced = run_cli("diff", ".", cwd=project.path, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert ANSI in forced.stdout
    auto = run_cli("diff", ".", cwd=project.path, env={"FORCE_COLOR": "1"})  # and NO_COLOR=1
    assert ANSI not in auto.stdout + auto.stderr
    bad = run_cli("diff", ".", "--color", "sometimes", cwd=project.path)
    assert bad.code == 2 and "--color" in bad.stderr
    assert ANSI in run_cli("rules", "--color", "always", cwd=project.path).stdout


def test_verbose_says_what_was_skipped_and_why(project: Repo):
    project.write("vendor/big.py", "x = 1\n")
    project.write("app/blob.py", b"\0\0\0openai")
    project.commit()
    plain = run_cli("scan", ".", "--exclude", "vendor/", cwd=project.path)
    assert "skipped 1 file: excluded" not in plain.stderr
    done = run_cli("scan", ".", "--exclude", "vendor/", "-v", cwd=project.path)
    assert "skipped 1 file: excluded (matched --exclude" in done.stderr
    assert "skipped 1 file: binary" in done.stderr


def test_verbose_names_the_files_the_run_names(project: Repo):
    project.write("bad\x01name.py", "import openai\n")
    done = run_cli("scan", ".", "-v", cwd=project.path)
    assert "skipped 1 file: unprintable file name" in done.stderr
    assert "\n  bad\\x01name.py\n" in done.stderr


def test_quiet_keeps_the_findings_silent_keeps_only_the_diff(project: Repo):
    loud = run_cli("scan", ".", cwd=project.path)
    quiet = run_cli("scan", ".", "-q", cwd=project.path)
    assert quiet.code == 1 and "error[unsupported-api]" in quiet.stderr
    assert "scanned" in loud.stderr and "scanned" not in quiet.stderr
    silent = run_cli("diff", ".", "-s", cwd=project.path)
    assert silent.code == 1 and silent.stderr == "" and "+++ b/app/chat.py" in silent.stdout


def test_output_file(project: Repo, tmp_path: Path):
    report = tmp_path / "report.json"
    done = run_cli("diff", ".", "--format", "json", "--output-file", str(report), cwd=project.path)
    assert done.code == 1 and done.stdout == ""
    assert json.loads(report.read_text())["summary"]["files_changed"] == 1
    text = tmp_path / "report.txt"
    done = run_cli("diff", ".", "-o", str(text), "--color", "always", cwd=project.path)
    written = text.read_text()
    assert done.stdout == "" and "+++ b/app/chat.py" in written and "error[unsupported-api]" in written
    assert ANSI not in written and "Would change 1 file" in done.stderr
    bad = run_cli("diff", ".", "-o", str(tmp_path / "no" / "such" / "dir.txt"), cwd=project.path)
    assert bad.code == 2 and "--output-file" in bad.stderr and "Traceback" not in bad.stderr


def test_progress_label_on_a_terminal(repo: Repo):
    for n in range(60):
        repo.write(f"m{n}.py", "import openai\n")
    repo.commit()
    _, output = run_in_a_terminal(repo.path, ["scan", ".", "--no-cache"], [])
    assert "Scanning" in output and "Migrating" not in output
    _, output = run_in_a_terminal(repo.path, ["diff", ".", "--no-cache"], [])
    assert "Checking" in output and "Migrating" not in output
    _, output = run_in_a_terminal(repo.path, ["diff", ".", "--no-cache", "--no-progress"], [])
    assert "Checking" not in output


# -- formats ---------------------------------------------------------------------------------------------


def test_junit_is_xml_with_a_failing_case_per_finding_and_change(project: Repo):
    done = run_cli("diff", ".", "--format", "junit", cwd=project.path)
    assert done.code == 1
    root = ElementTree.fromstring(done.stdout)
    findings = run_cli("diff", ".", "--format", "json", cwd=project.path).json()["findings"]
    assert root.tag == "testsuites" and int(root.get("failures")) == len(findings) + 1
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"app/chat.py", "app/kb.py"}
    failures = [f for f in root.iter("failure")]
    assert {f.get("type") for f in failures} >= {"error", "warning", "change"}
    assert any(c.get("name") == "migration" for c in suites["app/chat.py"].iter("testcase"))
    done = run_cli("scan", "app/chat.py", "--format", "junit", "--select", "unverified-api", cwd=project.path)
    root = ElementTree.fromstring(done.stdout)
    assert root.get("failures") == "0" and root.get("tests") == "1"


def test_gitlab_code_quality(project: Repo):
    project.write("app/twice.py", KB + "kb.files.create(file=b'', purpose='assistants')\n")
    project.commit()
    done = run_cli("scan", ".", "--format", "gitlab", cwd=project.path)
    items = json.loads(done.stdout)
    assert items and all(set(i) == {"description", "check_name", "fingerprint", "severity", "location"} for i in items)
    assert all(i["severity"] in {"info", "minor", "major", "critical", "blocker"} for i in items)
    assert all(
        set(i["location"]) == {"path", "lines"} and isinstance(i["location"]["lines"]["begin"], int) for i in items
    )
    assert len({i["fingerprint"] for i in items}) == len(items)
    unsupported = next(i for i in items if i["check_name"] == "unsupported-api")
    assert unsupported["severity"] == "major" and unsupported["location"]["path"].startswith("app/")
    # The same findings, lines moved (and the line numbers their messages quote): the same fingerprints.
    project.write("app/kb.py", "# a comment\n" + KB)
    again = json.loads(run_cli("scan", ".", "--format", "gitlab", cwd=project.path).stdout)
    assert {i["fingerprint"] for i in again} == {i["fingerprint"] for i in items}


def test_json_carries_each_files_diff_and_edits_and_never_a_key(repo: Repo):
    repo.write("app/keyed.py", KEYED)
    repo.commit()
    data = run_cli("diff", ".", "--format", "json", cwd=repo.path).json()
    entry = next(f for f in data["files"] if f["path"] == "app/keyed.py")
    assert entry["changed"] and entry["diff"].startswith("--- a/app/keyed.py")
    edits = entry["edits"]
    assert all(set(e) == {"rule", "line", "column", "old", "new", "secret", "providers"} for e in edits)
    assert all(e["providers"] == ["openai"] for e in edits)
    assert entry["written"] is False
    model = next(e for e in edits if e["old"] == '"gpt-4o"')
    assert model["new"] == '"gpt-5-4"' and model["line"] == 4
    key = next(e for e in edits if e["secret"])
    assert key["old"] is None and "BYTESPIKE_API_KEY" in key["new"]
    document = json.dumps(data)
    assert SECRET not in document and SECRET[:7] not in document


# -- honest messages -------------------------------------------------------------------------------------


@pytest.mark.parametrize("output", ["sarif", "github", "markdown", "junit", "gitlab"])
def test_rules_refuses_a_format_it_cannot_print(repo: Repo, output: str):
    done = run_cli("rules", "--format", output, cwd=repo.path)
    assert done.code == 2 and done.stdout == "" and "--format" in done.stderr


def test_show_settings_refuses_a_format_it_cannot_print(project: Repo):
    done = run_cli("scan", ".", "--show-settings", "--format", "sarif", cwd=project.path)
    assert done.code == 2 and done.stdout == "" and "--show-settings" in done.stderr


def test_piped_tables_do_not_wrap(project: Repo, tmp_path: Path):
    deep = tmp_path / ("a-long-folder-name-" * 6) / "settings.toml"
    deep.parent.mkdir(parents=True)
    deep.write_text('key-env = "TEAM_KEY"\nexclude = ["' + "x" * 120 + '/"]\n')
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    shown = subprocess.run(
        [sys.executable, "-m", "migrate_cli", "scan", ".", "--show-settings", "--config", str(deep)],
        cwd=project.path,
        capture_output=True,
        text=True,
        env={**env, "NO_COLOR": "1"},
    )
    assert str(deep) in shown.stdout and "x" * 120 in shown.stdout
    rules = subprocess.run(
        [sys.executable, "-m", "migrate_cli", "rules"],
        cwd=project.path,
        capture_output=True,
        text=True,
        env={**env, "NO_COLOR": "1"},
    )
    assert max(len(line) for line in rules.stdout.splitlines()) > 80
    data = run_cli("rules", "--format", "json", cwd=project.path).json()
    for rule, entry in data["findings"].items():  # the table lists every finding with its severity
        assert any(
            line.lstrip("│┃ ").startswith(rule) and entry["severity"] in line for line in rules.stdout.splitlines()
        )


def test_patch_note_respects_quiet(repo: Repo, tmp_path: Path):
    repo.write("app/keyed.py", KEYED)
    repo.commit()
    loud = run_cli("diff", ".", "--patch", str(tmp_path / "a.patch"), cwd=repo.path)
    assert "left out of the patch" in loud.stderr
    quiet = run_cli("diff", ".", "-q", "--patch", str(tmp_path / "b.patch"), cwd=repo.path)
    assert "left out of the patch" not in quiet.stderr and "hardcoded-key" in quiet.stderr


# -- the interactive review ------------------------------------------------------------------------------


def test_review_shows_every_choice_and_help(project: Repo):
    project.write("app/second.py", CHAT)
    project.commit()
    code, output = run_in_a_terminal(project.path, ["apply", "-i", "."], ["x", "?", "n", "y"])
    assert code == 0, output
    assert "Answer y, n, a or q (? explains them)" in output
    assert "[y]es, [n]o, [a]ll the rest, [q]uit, [?] help" in output
    assert "q  quit: write only the files already chosen" in output
    assert output.count("Apply this change to app/chat.py (1/2)") == 3  # asked again after each
    assert "Apply this change to app/second.py (2/2)" in output and "Changed 1 file" in output
    changed = project.status()
    assert "app/second.py" in changed and "app/chat.py" not in changed


def test_review_colours_the_diff(project: Repo):
    _, output = run_in_a_terminal(project.path, ["apply", "-i", "."], ["q"], env={"NO_COLOR": "", "TERM": "xterm"})
    assert "\x1b[32m+" in output and "\x1b[31m-" in output
    assert project.status() == ""


def test_after_quitting_the_findings_describe_what_was_written(repo: Repo):
    repo.write("app/keyed.py", KEYED)
    repo.commit()
    code, output = run_in_a_terminal(repo.path, ["apply", "-i", "."], ["q"])
    assert code == 0, output
    assert repo.status() == ""
    assert "replaced by" not in output
    assert "left in place: this file was not written" in output and "Changed 0 files" in output
    assert SECRET not in output and SECRET[:7] not in output


# -- paths from standard input, the per-file table ---------------------------------------------------------


def _piped(cwd: Path, stdin: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "migrate_cli", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_paths_from_standard_input(project: Repo):
    project.write("app/other.py", CHAT)
    project.commit()
    done = _piped(project.path, "app/chat.py\n\napp/kb.py\n", "diff", "-", "--format", "json")
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert sorted(f["path"] for f in data["files"]) == ["app/chat.py", "app/kb.py"]
    empty = _piped(project.path, "", "diff", "-")
    assert empty.returncode == 0 and "no paths on standard input" in empty.stderr and empty.stdout == ""
    mixed = _piped(project.path, "app/chat.py\n", "diff", "-", "app/kb.py")
    assert mixed.returncode == 2 and "must be the only path" in mixed.stderr
    missing = _piped(project.path, "app/gone.py\n", "diff", "-")
    assert missing.returncode == 2 and "app/gone.py" in missing.stderr


def test_verbose_sums_up_each_file(project: Repo):
    done = run_cli("diff", ".", "-v", cwd=project.path)
    rows = {
        line.split()[0]: line.split()
        for line in done.stderr.splitlines()
        if line.strip().startswith("app/") and ":" not in line
    }
    assert rows["app/chat.py"][1:3] == ["to", "change"] and rows["app/kb.py"][1] == "–"
    assert rows["app/kb.py"][-3:] == ["1", "1", "0"]  # unsupported-api, client-kept-on-openai

    def has_table(stderr: str) -> bool:
        return any(line.split()[:2] == ["file", "change"] for line in stderr.splitlines())

    assert has_table(done.stderr) and not has_table(run_cli("diff", ".", cwd=project.path).stderr)


def test_show_settings_to_an_output_file(project: Repo, tmp_path: Path):
    target = tmp_path / "settings.json"
    done = run_cli("scan", ".", "--show-settings", "--format", "json", "-o", str(target), cwd=project.path)
    assert done.code == 0 and done.stdout == ""
    assert json.loads(target.read_text())["key-env"]["value"] == "BYTESPIKE_API_KEY"


def test_review_keeps_a_json_document_whole(project: Repo):
    main, secondary = pty.openpty()
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "TERM": "xterm"}
    # Standard input and error on the terminal, standard output into a pipe: the document alone.
    process = subprocess.Popen(
        [sys.executable, "-m", "migrate_cli", "apply", "-i", ".", "--format", "json"],
        cwd=project.path,
        stdin=secondary,
        stdout=subprocess.PIPE,
        stderr=secondary,
        env=env,
    )
    os.close(secondary)
    seen = b""
    deadline = time.time() + 60
    while time.time() < deadline and b"Apply this change" not in seen:
        ready, _, _ = select.select([main], [], [], 0.2)
        if ready:
            seen += os.read(main, 4096)
    os.write(main, b"y\n")
    stdout, _ = process.communicate(timeout=60)
    os.close(main)
    assert b"+++ b/app/chat.py" in seen
    data = json.loads(stdout)
    assert data["summary"]["files_changed"] == 1 and "app/chat.py" in project.status()
    assert [(f["path"], f["changed"], f["written"]) for f in data["files"]] == [
        ("app/chat.py", True, True),
        ("app/kb.py", False, False),
    ]
    assert data["summary"]["files_written"] == 1


def test_gitlab_a_hard_coded_key_is_critical(repo: Repo):
    repo.write("app/keyed.py", KEYED)
    repo.commit()
    items = json.loads(run_cli("scan", ".", "--format", "gitlab", cwd=repo.path).stdout)
    key = next(i for i in items if i["check_name"] == "hardcoded-key")
    assert key["severity"] == "critical" and SECRET[:7] not in json.dumps(items)


def test_piped_help_is_not_wrapped(repo: Repo):
    done = run_cli("diff", "-h", cwd=repo.path, env={"COLUMNS": "80"})
    line = next(line for line in done.stdout.splitlines() if line.strip().startswith("paths..."))
    assert "standard input, one a line" in line  # the whole description on the option's own line


def test_verbose_names_a_file_skipped_as_too_large(repo: Repo):
    repo.write("big.py", "# " + "x" * (3 * 1024 * 1024) + "\nimport openai\n")
    repo.commit()
    done = run_cli("scan", ".", "-v", cwd=repo.path)
    assert "big.py: skipped: too large" in done.stderr
