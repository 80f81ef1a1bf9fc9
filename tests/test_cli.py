"""The real command in real git repositories: exit codes, safety, output contracts."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import Repo, run_cli

CHAT = """\
import os

from openai import OpenAI

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
reply = client.chat.completions.create(model="gpt-4o", messages=[])
"""
MIGRATED = CHAT.replace('OPENAI_API_KEY"]', 'BYTESPIKE_API_KEY"], base_url="https://llm.bytespike.ai/v1"').replace(
    "gpt-4o", "gpt-5-4"
)
SECRET = "sk-proj-Zyx987wvu654TSR321qpo098NML765"


def test_diff_prints_a_unified_diff_writes_nothing_and_exits_1(repo: Repo):
    repo.write("app/llm.py", CHAT)
    repo.commit()
    done = run_cli("diff", ".", cwd=repo.path)
    assert done.code == 1, done.stderr
    assert done.stdout.startswith("--- a/app/llm.py\n+++ b/app/llm.py\n")
    assert '+reply = client.chat.completions.create(model="gpt-5-4", messages=[])' in done.stdout
    assert "Would change 1 file" in done.stderr
    assert repo.read("app/llm.py").decode() == CHAT


def test_apply_dry_run_is_diff(repo: Repo):
    repo.write("llm.py", CHAT)
    repo.commit()
    dry = run_cli("apply", "--dry-run", ".", cwd=repo.path)
    diff = run_cli("diff", ".", cwd=repo.path)
    assert (dry.code, dry.stdout) == (diff.code, diff.stdout) == (1, diff.stdout)
    assert repo.read("llm.py").decode() == CHAT


def test_diff_exits_0_when_nothing_would_change(repo: Repo):
    repo.write("llm.py", MIGRATED)
    repo.write("util.py", "print('no llm here')\n")
    repo.commit()
    done = run_cli("diff", ".", cwd=repo.path)
    assert done.code == 0, done.stdout + done.stderr
    assert done.stdout == ""
    assert "Nothing to change" in done.stderr


def test_apply_writes_and_second_apply_changes_nothing(repo: Repo):
    repo.write("llm.py", CHAT)
    repo.commit()
    first = run_cli("apply", ".", cwd=repo.path)
    assert first.code == 0, first.stderr
    assert repo.read("llm.py").decode() == MIGRATED
    assert "Changed 1 file" in first.stderr
    repo.commit("migrated")
    second = run_cli("apply", ".", cwd=repo.path)
    assert second.code == 0
    assert "Changed 0 files" in second.stderr
    assert repo.status() == ""


def test_scan_exit_code_follows_error_findings(repo: Repo):
    repo.write("ok.py", CHAT)
    repo.commit()
    assert run_cli("scan", ".", cwd=repo.path).code == 0
    repo.write("kb.py", "from openai import OpenAI\nOpenAI().files.create(file=b'', purpose='x')\n")
    done = run_cli("scan", ".", cwd=repo.path)
    assert done.code == 1
    assert "error[unsupported-api]" in done.stderr
    assert done.stdout == ""


def test_apply_refuses_uncommitted_changes_to_files_it_would_touch(repo: Repo):
    repo.write("llm.py", CHAT)
    repo.write("other.py", "x = 1\n")
    repo.commit()
    repo.write("llm.py", CHAT + "# work in progress\n")
    done = run_cli("apply", ".", cwd=repo.path)
    assert done.code == 2
    assert "llm.py" in done.stderr and "--allow-dirty" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert repo.read("llm.py").decode() == CHAT + "# work in progress\n"
    forced = run_cli("apply", "--allow-dirty", ".", cwd=repo.path)
    assert forced.code == 0
    assert "gpt-5-4" in repo.read("llm.py").decode()


def test_dirty_files_it_would_not_touch_do_not_block(repo: Repo):
    repo.write("llm.py", CHAT)
    repo.write("notes.py", "x = 1\n")
    repo.commit()
    repo.write("notes.py", "x = 2\n")
    assert run_cli("apply", ".", cwd=repo.path).code == 0
    assert "gpt-5-4" in repo.read("llm.py").decode()


def test_untracked_file_counts_as_uncommitted(repo: Repo):
    repo.commit("empty")
    repo.write("new.py", CHAT)
    done = run_cli("apply", ".", cwd=repo.path)
    assert done.code == 2
    assert repo.read("new.py").decode() == CHAT


def test_secret_key_is_never_shown_in_full(repo: Repo):
    repo.write("keys.py", f'from openai import OpenAI\nclient = OpenAI(api_key="{SECRET}")\nclient.models.list()\n')
    repo.write("near.py", f'from openai import OpenAI\nOTHER = "{SECRET}"\nclient = OpenAI()\nclient.models.list()\n')
    repo.commit()
    outputs = [
        run_cli("diff", ".", cwd=repo.path),
        run_cli("diff", ".", "--format", "json", cwd=repo.path),
        run_cli("scan", ".", cwd=repo.path),
        run_cli("apply", ".", cwd=repo.path),
    ]
    for done in outputs:
        assert SECRET[:7] not in done.stdout + done.stderr
    assert SECRET[:6] + "…" in outputs[0].stdout
    assert "hardcoded-key" in outputs[2].stderr
    assert SECRET not in repo.read("keys.py").decode()


def test_jobs_do_not_change_output_or_its_order(repo: Repo):
    # Enough source for the process pool to start.
    for i in range(120):
        body = CHAT + "".join(f"\ndef f{j}():\n    return {j} * 'gpt-4o-mini'\n" for j in range(60))
        if i % 7 == 0:
            body += "\nclient.files.create(file=b'', purpose='x')\n"
        repo.write(f"pkg{i % 5}/mod_{i:03}.py", body)
    repo.commit()
    one = run_cli("diff", ".", "--jobs", "1", cwd=repo.path)
    two = run_cli("diff", ".", "--jobs", "2", cwd=repo.path)
    assert one.code == two.code == 1
    assert one.stdout == two.stdout and one.stderr == two.stderr
    json_one = run_cli("diff", ".", "-j", "1", "--format", "json", cwd=repo.path).stdout
    json_two = run_cli("diff", ".", "-j", "2", "--format", "json", cwd=repo.path).stdout
    assert json_one == json_two


def test_json_output_follows_the_schema(repo: Repo):
    repo.write("app/llm.py", CHAT)
    repo.write("app/kb.py", "from openai import OpenAI\nOpenAI().files.create(file=b'', purpose='x')\n")
    repo.commit()
    done = run_cli("diff", ".", "--format", "json", cwd=repo.path)
    assert done.code == 1
    data = done.json()
    assert data["version"] == 1
    assert {"path": "app/llm.py", "changed": True} in [{k: f[k] for k in ("path", "changed")} for f in data["files"]]
    finding = next(f for f in data["findings"] if f["rule"] == "unsupported-api")
    assert finding == {
        "path": "app/kb.py",
        "line": 2,
        "column": 1,
        "rule": "unsupported-api",
        "severity": "error",
        "message": finding["message"],
        "provider": "openai",
    }
    assert data["summary"]["files_scanned"] == 2
    assert data["summary"]["files_changed"] == 1
    assert data["summary"]["findings"] == len(data["findings"])


def test_paths_are_relative_to_the_working_directory(repo: Repo):
    repo.write("src/app/llm.py", CHAT)
    repo.commit()
    done = run_cli("diff", "app", "--format", "json", cwd=repo.path / "src")
    assert [(f["path"], f["changed"]) for f in done.json()["files"]] == [("app/llm.py", True)]


def test_single_files_as_arguments(repo: Repo):
    repo.write("a.py", CHAT)
    repo.write("b.py", CHAT)
    repo.commit()
    done = run_cli("diff", "a.py", "--format", "json", cwd=repo.path)
    assert [f["path"] for f in done.json()["files"]] == ["a.py"]


def test_file_that_does_not_parse_is_reported_and_the_run_goes_on(repo: Repo):
    repo.write("broken.py", "from openai import OpenAI\nclient = OpenAI(\n")
    repo.write("good.py", CHAT)
    repo.commit()
    done = run_cli("apply", ".", cwd=repo.path)
    assert done.code == 0
    assert "broken.py:" in done.stderr and "parse-error" in done.stderr
    assert repo.read("broken.py") == b"from openai import OpenAI\nclient = OpenAI(\n"
    assert "gpt-5-4" in repo.read("good.py").decode()


def test_file_mode_is_kept(repo: Repo):
    script = repo.write("tool.py", "#!/usr/bin/env python3\n" + CHAT)
    script.chmod(0o755)
    repo.commit()
    assert run_cli("apply", ".", cwd=repo.path).code == 0
    assert stat.S_IMODE(script.stat().st_mode) == 0o755
    assert not [p for p in repo.path.iterdir() if p.name.endswith(".tmp")]


def test_ignored_binary_and_excluded_files_are_skipped(repo: Repo):
    repo.write(".gitignore", "generated/\n")
    repo.write("generated/llm.py", CHAT)
    repo.write("blob.py", b"from openai import OpenAI\x00\x01gpt-4o")
    repo.write("vendor/llm.py", CHAT)
    repo.write("app.py", CHAT)
    repo.commit()
    done = run_cli("diff", ".", "--exclude", "vendor/", "--format", "json", cwd=repo.path)
    assert [f["path"] for f in done.json()["files"]] == ["app.py"]
    assert done.json()["summary"]["files_skipped"] == {"binary": 1, "excluded": 1}


def test_symlinks_are_not_followed(repo: Repo, tmp_path: Path):
    outside = tmp_path / "outside.py"
    outside.write_text(CHAT)
    repo.write("app.py", CHAT)
    os.symlink(outside, repo.path / "link.py")
    repo.commit()
    done = run_cli("apply", ".", cwd=repo.path)
    assert done.code == 0
    assert outside.read_text() == CHAT
    assert (repo.path / "link.py").is_symlink()
    assert "1 symlink" in done.stderr


def test_folder_outside_git_honours_gitignore(tmp_path: Path):
    (tmp_path / "proj" / "build").mkdir(parents=True)
    (tmp_path / "proj" / ".gitignore").write_text("build/\n*.gen.py\n")
    (tmp_path / "proj" / "build" / "llm.py").write_text(CHAT)
    (tmp_path / "proj" / "x.gen.py").write_text(CHAT)
    (tmp_path / "proj" / "llm.py").write_text(CHAT)
    done = run_cli("apply", "proj", "--format", "json", cwd=tmp_path)
    assert done.code == 0
    assert [f["path"] for f in done.json()["files"]] == ["proj/llm.py"]
    assert (tmp_path / "proj" / "build" / "llm.py").read_text() == CHAT


def test_map_option_and_project_table_override_the_mapping(repo: Repo):
    repo.write("pyproject.toml", '[tool.bytespike-migrate]\nmap = { "gpt-4o" = "claude-sonnet-4-6" }\n')
    repo.write("llm.py", CHAT.replace("gpt-4o", "gpt-4o") + 'SMALL = "gpt-4o-mini"\n')
    repo.commit()
    done = run_cli("diff", ".", cwd=repo.path)
    assert '+reply = client.chat.completions.create(model="claude-sonnet-4-6", messages=[])' in done.stdout
    flag = run_cli("diff", ".", "--map", "gpt-4o-mini=gemini-3-flash", cwd=repo.path)
    assert '+SMALL = "gemini-3-flash"' in flag.stdout
    assert "claude-sonnet-4-6" in flag.stdout


def test_base_url_and_key_env_options(repo: Repo):
    repo.write("llm.py", CHAT)
    repo.commit()
    done = run_cli("diff", ".", "--base-url", "https://gw.example.com/v1", "--key-env", "GW_KEY", cwd=repo.path)
    assert 'os.environ["GW_KEY"], base_url="https://gw.example.com/v1"' in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "missing-folder"], "path does not exist: missing-folder"),
        (["diff", ".", "--map", "gpt-4o"], "expected OLD=NEW"),
        (["diff", ".", "--map", "gpt-4o=bad id"], "is not a model id"),
        (["diff", ".", "--map", "gpt-4o=gpt-4o-mini"], "chains"),
        (["diff", ".", "--base-url", "llm.example.com"], "is not an http(s) URL"),
        (["diff", ".", "--key-env", "1BAD"], "not a valid environment variable name"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(repo: Repo, args: list[str], message: str):
    done = run_cli(*args, cwd=repo.path)
    assert done.code == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_malformed_project_table_is_a_clear_error(repo: Repo):
    repo.write("pyproject.toml", "[tool.bytespike-migrate]\nmap = 3\n")
    done = run_cli("diff", ".", cwd=repo.path)
    assert done.code == 2
    assert "map must be a table" in done.stderr
    repo.write("pyproject.toml", "[tool.bytespike-migrate\n")
    done = run_cli("diff", ".", cwd=repo.path)
    assert done.code == 2 and "cannot read" in done.stderr and "Traceback" not in done.stderr


def test_version_and_help(repo: Repo):
    from migrate_cli import __version__

    assert run_cli("--version", cwd=repo.path).stdout.strip() == f"bytespike-migrate {__version__}"
    helped = run_cli("diff", "--help", cwd=repo.path)
    assert helped.code == 0 and "--format" in helped.stdout


def test_quiet_prints_only_the_diff(repo: Repo):
    repo.write("llm.py", CHAT)
    repo.commit()
    done = run_cli("diff", ".", "--quiet", cwd=repo.path)
    assert done.code == 1 and done.stdout and done.stderr == ""


def test_a_file_that_cannot_be_written_is_reported_and_the_rest_written(repo: Repo):
    """A file gone between reading and writing (a real failure root cannot bypass): reported, no traceback,
    the other files written, no migration record for what was not written."""
    from migrate_cli.pipeline.ruleset import load_rules
    from migrate_cli.pipeline.runner import RunOptions, _write, run

    repo.write("a.py", CHAT)
    repo.write("gone/b.py", CHAT)
    repo.commit()
    report = run(RunOptions(paths=[repo.path], rules=load_rules(), write=False))
    (repo.path / "gone" / "b.py").unlink()
    (repo.path / "gone").rmdir()
    _write(report, report.absolute, RunOptions(paths=[repo.path], rules=load_rules(), allow_dirty=True), None)
    assert report.written == ["a.py"] or report.written[0].endswith("a.py")
    assert any("not written" in e for e in report.internal_errors)
    assert "gpt-5-4" in repo.read("a.py").decode()


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["scan", ".", "--format", "bogus"], "'bogus' is not one of"),
        (["apply", ".", "-o", "."], "'-o'"),
        (["scan", ".", "--jobs", "x"], "'--jobs'"),
        (["scan", ".", "--nope"], "--nope"),
        (["bogus"], "'bogus'"),
    ],
    ids=["bad-choice", "directory-output", "not-a-number", "unknown-option", "unknown-command"],
)
def test_a_usage_error_of_the_command_line_is_one_line(repo: Repo, args: list[str], named: str):
    done = run_cli(*args, cwd=repo.path)
    assert done.code == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("bytespike-migrate: error: "), done.stderr
    assert named in done.stderr and "--help" in done.stderr


def test_no_arguments_still_prints_the_help(repo: Repo):
    done = run_cli(cwd=repo.path)
    assert done.code == 2 and "Usage: bytespike-migrate" in done.stdout + done.stderr and "apply" in done.stderr
