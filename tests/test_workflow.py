"""The pull-request workflow: CI formats, patches, --since, settings, interactive review, pre-commit."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, Repo, git, run_cli, run_in_a_terminal

CHAT = (
    'import os\n\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\nMODEL = "gpt-4o"\n'
    "client.chat.completions.create(model=MODEL, messages=[])\n"
)
KB = "from openai import OpenAI\n\nkb = OpenAI()\nkb.files.create(file=b'', purpose='assistants')\n"


@pytest.fixture
def project(repo: Repo) -> Repo:
    repo.write("app/chat.py", CHAT)
    repo.write("app/kb.py", KB)
    repo.write("app/stored.py", "from openai import OpenAI\nOpenAI().responses.retrieve('resp_1')\n")
    repo.commit()
    return repo


def test_github_format_is_one_workflow_command_per_finding(project: Repo):
    done = run_cli("diff", ".", "--format", "github", cwd=project.path)
    assert done.code == 1
    lines = done.stdout.splitlines()
    data = run_cli("diff", ".", "--format", "json", cwd=project.path).json()
    assert len(lines) == len(data["findings"])
    assert any(line.startswith("::error file=app/kb.py,line=4,col=1,title=unsupported-api::") for line in lines)
    assert any(line.startswith("::warning file=app/kb.py,line=3,col=6,title=client-kept-on-openai::") for line in lines)
    assert any(line.startswith("::notice file=app/stored.py,") and "unverified-api" in line for line in lines)


def test_sarif_format(project: Repo):
    done = run_cli("scan", ".", "--format", "sarif", cwd=project.path)
    sarif = json.loads(done.stdout)
    assert sarif["version"] == "2.1.0" and sarif["$schema"].endswith("sarif-2.1.0.json")
    (run,) = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "bytespike-migrate"
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == sorted(set(ids))
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert run["results"]
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].startswith("app/")
        assert location["region"]["startLine"] >= 1 and location["region"]["startColumn"] >= 1
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["unsupported-api"] == "error" and levels["unverified-api"] == "note"


def test_sarif_is_valid_against_a_schema_of_its_required_structure(project: Repo):
    import jsonschema

    schema = {
        "type": "object",
        "required": ["version", "runs"],
        "properties": {
            "version": {"const": "2.1.0"},
            "runs": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["tool", "results"],
                    "properties": {
                        "tool": {
                            "type": "object",
                            "required": ["driver"],
                            "properties": {"driver": {"type": "object", "required": ["name", "rules"]}},
                        },
                        "results": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["ruleId", "message", "locations"],
                                "properties": {
                                    "message": {"type": "object", "required": ["text"]},
                                    "level": {"enum": ["none", "note", "warning", "error"]},
                                },
                            },
                        },
                    },
                },
            },
        },
    }
    jsonschema.validate(json.loads(run_cli("scan", ".", "--format", "sarif", cwd=project.path).stdout), schema)


def test_markdown_summary(project: Repo):
    done = run_cli("diff", ".", "--format", "markdown", cwd=project.path)
    text = done.stdout
    assert text.startswith("## ByteSpike migration")
    assert "| `app/chat.py` |" in text
    assert "### Findings by rule" in text and "| `unsupported-api` | error | 1 |" in text
    assert "### Needs a human" in text and "app/kb.py:4" in text
    assert "bytespike-migrate revert ." in text


def test_patch_applies_to_the_unchanged_tree_and_gives_what_apply_writes(tmp_path: Path):
    (tmp_path / "source").mkdir()
    source = Repo(tmp_path / "source")
    source.write("chat.py", CHAT)
    source.write("crlf.py", CHAT.replace("\n", "\r\n"))
    source.write("latin1.py", "# -*- coding: latin-1 -*-\nGREETING = 'Grüße'\n".encode("latin-1") + CHAT.encode())
    source.write("bom.py", b"\xef\xbb\xbf" + CHAT.encode())
    source.write("no_newline.py", CHAT.rstrip("\n"))
    source.write(".env.example", "OPENAI_API_KEY=sk-...\nMODEL=gpt-4o\n")
    source.write(
        "secret.py",
        'from openai import OpenAI\nc = OpenAI(api_key="sk-proj-Abcdefghij0123456789KLMNOP")\nc.models.list()\n',
    )
    source.commit()
    patch = tmp_path / "change.patch"
    done = run_cli("diff", ".", "--patch", str(patch), cwd=source.path)
    assert done.code == 1
    assert "secret.py: left out of the patch" in done.stderr
    assert b"sk-proj-Abcdefghij" not in patch.read_bytes()
    applied = tmp_path / "applied"
    subprocess.run(["git", "clone", "-q", str(source.path), str(applied)], check=True)
    subprocess.run(["git", "apply", str(patch)], cwd=applied, check=True)
    assert run_cli("apply", ".", cwd=source.path).code == 0
    for name in ("chat.py", "crlf.py", "latin1.py", "bom.py", "no_newline.py", ".env.example"):
        assert (applied / name).read_bytes() == source.read(name), name


def test_since_limits_the_run_to_files_changed_since_a_revision(repo: Repo):
    repo.write("old.py", CHAT)
    repo.commit("old")
    base = git("rev-parse", "HEAD", cwd=repo.path).strip()
    repo.write("committed.py", CHAT)
    repo.commit("new")
    repo.write("staged.py", CHAT)
    git("add", "staged.py", cwd=repo.path)
    repo.write("untracked.py", CHAT)
    done = run_cli("diff", ".", "--since", base, "--format", "json", cwd=repo.path)
    assert [f["path"] for f in done.json()["files"]] == ["committed.py", "staged.py", "untracked.py"]
    bad = run_cli("diff", ".", "--since", "no-such-ref", cwd=repo.path)
    assert bad.code == 2 and "unknown revision" in bad.stderr


def test_settings_precedence_and_show_settings(repo: Repo, tmp_path: Path):
    repo.write(
        "pyproject.toml",
        '[tool.bytespike-migrate]\nmap = { "gpt-4o" = "claude-sonnet-4-6" }\n'
        'key-env = "TEAM_KEY"\nignore = ["unverified-api"]\n',
    )
    repo.write("chat.py", CHAT)
    repo.commit()
    shown = run_cli("diff", ".", "--show-settings", "--format", "json", "--key-env", "FLAG_KEY", cwd=repo.path)
    settings = shown.json()
    assert settings["key-env"] == {"value": "FLAG_KEY", "from": "command line"}
    assert settings["map"]["value"]["gpt-4o"] == "claude-sonnet-4-6" and "pyproject.toml" in settings["map"]["from"]
    assert settings["base-url"]["from"] == "default"
    assert settings["ignore"]["value"] == ["unverified-api"]
    text = run_cli("diff", ".", "--show-settings", cwd=repo.path)
    assert "Effective settings" in text.stdout and "key-env" in text.stdout
    diff = run_cli("diff", ".", cwd=repo.path).stdout
    assert 'os.environ["TEAM_KEY"]' in diff and '"claude-sonnet-4-6"' in diff
    config = tmp_path / "migrate.toml"
    config.write_text('key-env = "FROM_CONFIG"\n')
    assert 'os.environ["FROM_CONFIG"]' in run_cli("diff", ".", "--config", str(config), cwd=repo.path).stdout
    config.write_text('colour = "blue"\n[tool.bytespike-migrate]\nselect = ["no-such-rule"]\n')
    bad = run_cli("diff", ".", "--config", str(config), cwd=repo.path)
    assert bad.code == 2 and "unknown rule 'no-such-rule'" in bad.stderr


def test_select_and_ignore_filter_findings(project: Repo):
    only = run_cli("scan", ".", "--select", "unverified-api", "--format", "json", cwd=project.path).json()
    assert {f["rule"] for f in only["findings"]} == {"unverified-api"}
    rest = run_cli("scan", ".", "--ignore", "unsupported-api", "--format", "json", cwd=project.path).json()
    assert "unsupported-api" not in {f["rule"] for f in rest["findings"]} and rest["findings"]


def test_rules_command(repo: Repo):
    data = run_cli("rules", "--format", "json", cwd=repo.path).json()
    assert {"openai": "o1", "bytespike": "gpt-5-4-mini", "approximate": True} in data["forward"]
    mini = next(r for r in data["reverse"] if r["bytespike"] == "gpt-5-4-mini")
    assert sorted(mini["also_from"]) == ["gpt-5-mini", "o1", "o1-preview"]
    assert data["unsupported_apis"]["files"] == ["files", "File"]
    table = run_cli("rules", cwd=repo.path)
    assert "gpt-image-2" in table.stdout and "vector-stores" in table.stdout


def test_interactive_refuses_without_a_terminal(project: Repo):
    done = run_cli("apply", "--interactive", ".", cwd=project.path)
    assert done.code == 2 and "needs a terminal" in done.stderr
    assert project.status() == ""


def test_interactive_asks_for_each_file_in_a_real_terminal(project: Repo):
    # Two files would change (app/kb.py's client stays on OpenAI): no to the first, yes to the second.
    code, output = run_in_a_terminal(project.path, ["apply", "-i", "."], ["n", "y"], env={"TERM": "dumb"})
    assert code == 0, output
    assert output.count("Apply this change") == 2
    assert "Apply this change to app/chat.py" in output and "Changed 1 file" in output
    changed = set(project.status().split())
    assert "app/stored.py" in changed and "app/chat.py" not in changed and "app/kb.py" not in changed


@pytest.mark.skipif(
    shutil.which("pre-commit") is None and not Path(sys.executable).with_name("pre-commit").exists(),
    reason="pre-commit is in the test extras",
)
def test_pre_commit_hook_definition_with_try_repo(project: Repo, tmp_path: Path):
    if not (ROOT / ".git").exists():
        pytest.skip("try-repo needs this project as a git repository")
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).with_name("pre-commit"))
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    done = subprocess.run(
        [pre_commit, "try-repo", str(ROOT), "bytespike-migrate", "--all-files"],
        cwd=project.path,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert '+MODEL = "gpt-5-4"' in done.stdout
    project.write("app/chat.py", project.read("app/chat.py").decode())  # unchanged: the hook never writes
    assert "OPENAI_API_KEY" in project.read("app/chat.py").decode()
