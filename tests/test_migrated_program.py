"""The promise above all (docs/design.md): the migrated program runs.

Each application under fixtures/coherence/<app>/before is a real program of several modules. It is run
before `apply` and after it under `bytespike-migrate verify`, whose emulation of OpenAI, Anthropic and
ByteSpike (migrate_cli/verify/) refuses what the real services refuse: a wrong key, an endpoint ByteSpike does
not serve, a model id the service does not know. Before: every
request succeeds, on OpenAI or Anthropic.
After: every request still succeeds, and the ones listed in `requests.txt` reached ByteSpike. The migrated
tree is also compared with `after/` byte for byte, its findings with `findings.txt`; a second `apply`
changes nothing; `revert` gives back every byte. `stack` reaches OpenAI only through frameworks (LangChain,
LlamaIndex, LiteLLM, DSPy, pydantic-ai, instructor, CrewAI, AutoGen: README, Frameworks), installed with the test
extras and routed to the same fakes: after `apply` its chat requests reach ByteSpike, its embeddings OpenAI.

`python tests/test_migrated_program.py` regenerates after/, findings.txt and requests.txt from the current
code; review the `git diff` before committing it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT, Repo, run_cli

APPS = ROOT / "fixtures" / "coherence"
TESTS = Path(__file__).resolve().parent
RECORD = ".bytespike-migrate.toml"

pytest.importorskip("openai", reason="the openai package is a test dependency (pip install '.[test]')")
pytest.importorskip("anthropic", reason="the anthropic package is a test dependency (pip install '.[test]')")


def _apps() -> list[str]:
    return sorted(p.name for p in APPS.iterdir() if (p / "before").is_dir())


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
        and ".git" not in p.relative_to(folder).parts
        and p.name != RECORD
        and not {"__pycache__", ".pytest_cache", ".bytespike-migrate-cache"} & set(p.parts)
    }


# The keys the programs run with, and the frameworks kept offline: LiteLLM's model prices from its own package,
# its async calls through httpx (not aiohttp), no telemetry from CrewAI or OpenTelemetry.
PROGRAM_ENV = {
    "OPENAI_API_KEY": "sk-openai-test-key-0000000000",
    "ANTHROPIC_API_KEY": "sk-ant-test-key-0000000000",
    "BYTESPIKE_API_KEY": "sk-byts-test-key-0000000000",
    "LITELLM_LOCAL_MODEL_COST_MAP": "True",
    "DISABLE_AIOHTTP_TRANSPORT": "True",
    "CREWAI_DISABLE_TELEMETRY": "true",
    "OTEL_SDK_DISABLED": "true",
    "CREWAI_TRACING_ENABLED": "false",
}


def run_program(folder: Path, app: str) -> list[dict]:
    """Runs `<app>.main.run()` in its own process under `bytespike-migrate verify`, the emulation users run
    their own tests against; the requests it made, in order, each with the emulation's verdict."""
    report = folder.parent / "verify.json"
    program = [sys.executable, "-c", f"import {app}.main as m; m.run()"]
    # A home of its own: CrewAI writes a key and its storage folders under the user's home when imported.
    with tempfile.TemporaryDirectory() as home:
        env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(folder), "PYTHONDONTWRITEBYTECODE": "1", "HOME": home}
        done = subprocess.run(
            [sys.executable, "-m", "migrate_cli", "verify", "--format", "json", "-o", str(report), "--", *program],
            cwd=folder,
            env={**env, **PROGRAM_ENV},
            capture_output=True,
            text=True,
            timeout=180,
        )
    output = json.loads(report.read_text())
    report.unlink()
    assert output["command"]["exit_code"] == 0, done.stderr[-3000:]
    return output["requests"]


def _routes(requests: list[dict]) -> list[str]:
    return [f"{r['host']} {r['path']} {r['model']}" for r in requests]


def _findings(output: dict) -> list[str]:
    return sorted(f"{f['path']}:{f['line']}:{f['column']}: {f['rule']}" for f in output["findings"])


def _require(app: str) -> None:
    """An application of frameworks (`requires.txt`: the modules it imports) runs where they are installed,
    as they are with the test extras."""
    listed = APPS / app / "requires.txt"
    for module in listed.read_text().split() if listed.exists() else ():
        pytest.importorskip(module, reason=f"{module} is a test dependency (pip install '.[test]')")


@pytest.mark.parametrize("app", _apps())
def test_the_migrated_program_runs(repo: Repo, app: str):
    _require(app)
    before = APPS / app / "before"
    repo.copy_tree(before)
    repo.commit()

    requests = run_program(repo.path, app)
    assert requests and all(r["verdict"] == "ok" for r in requests), requests
    assert {r["host"] for r in requests} <= {"api.openai.com", "api.anthropic.com"}

    applied = run_cli("apply", ".", "--format", "json", cwd=repo.path)
    assert applied.code == 0, applied.stderr
    assert _files(repo.path) == _files(APPS / app / "after")
    assert _findings(applied.json()) == (APPS / app / "findings.txt").read_text().split("\n")[:-1]

    requests = run_program(repo.path, app)
    refused = [r for r in requests if r["verdict"] != "ok"]
    assert not refused, refused  # every request reached a server that accepts it
    assert _routes(requests) == (APPS / app / "requests.txt").read_text().split("\n")[:-1]
    assert any(r["host"] == "llm.bytespike.ai" for r in requests)

    repo.commit("migrated")
    again = run_cli("apply", ".", "--format", "json", cwd=repo.path)
    assert again.json()["summary"]["files_changed"] == 0
    assert run_cli("revert", ".", cwd=repo.path).code == 0
    assert _files(repo.path) == _files(before)


def test_revert_from_one_provider_leaves_the_other_migrated(repo: Repo):
    """`revert --from anthropic` undoes the Anthropic migration alone (the record names each edit's
    provider): the program still runs, its Anthropic requests back on Anthropic, its OpenAI ones still on
    ByteSpike; the next `revert` gives back every byte."""
    before = APPS / "duo" / "before"
    repo.copy_tree(before)
    repo.commit()
    applied = run_cli("apply", ".", "--format", "json", cwd=repo.path)
    assert applied.code == 0, applied.stderr
    providers = {p for f in applied.json()["files"] for e in f["edits"] for p in e["providers"]}
    assert providers == {"openai", "anthropic"}
    assert {f["provider"] for f in applied.json()["findings"]} <= {"openai", "anthropic"}
    repo.commit("migrated")

    partly = run_cli("revert", ".", "--from", "anthropic", cwd=repo.path)
    assert partly.code == 0, partly.stderr
    assert "revert-conflict" not in partly.stderr
    requests = run_program(repo.path, "duo")
    assert all(r["verdict"] == "ok" for r in requests), requests
    hosts = {(r["host"], r["path"].split("/")[-1]) for r in requests}
    assert ("llm.bytespike.ai", "completions") in hosts  # OpenAI's chat requests: still on ByteSpike
    assert ("api.anthropic.com", "messages") in hosts and ("llm.bytespike.ai", "messages") not in hosts
    assert (repo.path / RECORD).exists()

    repo.commit("Anthropic back")
    assert run_cli("revert", ".", cwd=repo.path).code == 0
    assert _files(repo.path) == _files(before)
    assert not (repo.path / RECORD).exists()


def test_dummy_keys_in_test_suites_still_pass(repo: Repo):
    """openai-agents-python's pattern: `OpenAI(api_key="test_key")` then `assert client.api_key == ...`."""
    repo.copy_tree(APPS / "shop" / "before")
    repo.commit()
    assert run_cli("apply", ".", cwd=repo.path).code == 0
    assert 'api_key="test_key"' in repo.read("tests/test_offline.py").decode()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_offline.py"],
        cwd=repo.path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr


def regenerate() -> None:
    for app in _apps():
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / app
            shutil.copytree(APPS / app / "before", folder)
            done = subprocess.run(
                [sys.executable, "-m", "migrate_cli", "apply", ".", "--format", "json"],
                cwd=folder,
                capture_output=True,
                text=True,
                check=False,
            )
            output = json.loads(done.stdout)
            (APPS / app / "record").unlink(missing_ok=True)
            (folder / RECORD).unlink(missing_ok=True)
            target = APPS / app / "after"
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(
                folder, target, ignore=shutil.ignore_patterns("__pycache__", RECORD, ".bytespike-migrate-cache")
            )
            (APPS / app / "findings.txt").write_text("".join(f + "\n" for f in _findings(output)))
            requests = run_program(folder, app)
            (APPS / app / "requests.txt").write_text("".join(r + "\n" for r in _routes(requests)))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    regenerate()
