"""`verify -- COMMAND` (README, Check the result): the user's own tests, run against the local emulation of the services.

`fixtures/verify/shop` is a small application of several modules on the real openai and anthropic SDKs
(structured output, streaming, a required tool call, the Responses API, async, Anthropic tools) with its own
pytest suite. Before `apply` every request it makes goes to OpenAI or Anthropic and passes; after `apply`
(the real CLI) every request reaches ByteSpike and passes; each hand-broken variant is reported at its
file and line with exit 1, in every format. `fixtures/verify/node` is the same for Node's fetch.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, Repo, run_cli

pytest.importorskip("openai", reason="the openai package is a test dependency (pip install '.[test]')")
pytest.importorskip("anthropic", reason="the anthropic package is a test dependency (pip install '.[test]')")

SHOP = ROOT / "fixtures" / "verify" / "shop"
NODE_APP = ROOT / "fixtures" / "verify" / "node"
KEYS = {
    "OPENAI_API_KEY": "sk-test-openai-0123456789abcdefghij",
    "ANTHROPIC_API_KEY": "sk-ant-test-0123456789abcdefghijkl",
    "BYTESPIKE_API_KEY": "sk-byts-test-0123456789abcdefghij",
}
PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
FORMATS = ["text", "json", "markdown", "sarif", "github"]


def verify(repo: Repo, *args: str, env: dict[str, str] | None = None):
    return run_cli("verify", *args, cwd=repo.path, env={**KEYS, **(env or {})})


def shop(repo: Repo, migrated: bool = False) -> Repo:
    repo.copy_tree(SHOP)
    repo.commit("the shop")
    if migrated:
        done = run_cli("apply", ".", cwd=repo.path)
        assert done.code == 0, done.stderr
        repo.commit("migrated")
    return repo


def line_of(repo: Repo, path: str, text: str) -> int:
    lines = repo.read(path).decode().splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_before_apply_every_request_goes_to_openai_or_anthropic_and_passes(repo):
    shop(repo)
    done = verify(repo, "--format", "json", "--", *PYTEST)
    assert done.code == 0, done.stderr
    assert "5 passed" in done.stdout  # COMMAND's own output passes through
    report = json.loads(done.stderr)
    assert report["command"] == {"argv": PYTEST, "exit_code": 0}
    requests = report["requests"]
    assert [(r["site"]["path"], r["host"], r["model"], r["key_variable"], r["verdict"]) for r in requests] == [
        ("shop/catalog.py", "api.openai.com", "gpt-4o", "OPENAI_API_KEY", "ok"),
        ("shop/catalog.py", "api.openai.com", "gpt-4o-mini", "OPENAI_API_KEY", "ok"),
        ("shop/orders.py", "api.openai.com", "gpt-5", "OPENAI_API_KEY", "ok"),
        ("shop/orders.py", "api.openai.com", "gpt-4o", "OPENAI_API_KEY", "ok"),
        ("shop/support.py", "api.anthropic.com", "claude-3-5-sonnet-20241022", "ANTHROPIC_API_KEY", "ok"),
        ("shop/support.py", "api.anthropic.com", "claude-3-5-haiku-20241022", "ANTHROPIC_API_KEY", "ok"),
    ]
    assert requests[0]["site"]["line"] == line_of(repo, "shop/catalog.py", "client.chat.completions.parse(")
    assert requests[3]["path"] == "/v1/responses"
    assert report["summary"]["fail"] == 0


def test_after_apply_every_request_reaches_bytespike_and_passes(repo):
    shop(repo, migrated=True)
    done = verify(repo, "--", *PYTEST)
    assert done.code == 0, done.stdout + done.stderr
    assert "5 passed" in done.stdout
    assert "6 requests from 6 sites: 6 ok" in done.stderr
    assert "FAIL" not in done.stderr
    report = json.loads(verify(repo, "--format", "json", "--", *PYTEST).stderr)
    assert {(r["host"], r["key_variable"], r["verdict"]) for r in report["requests"]} == {
        ("llm.bytespike.ai", "BYTESPIKE_API_KEY", "ok")
    }
    assert [r["model"] for r in report["requests"]] == [
        "gpt-5-4",
        "gpt-5-4-mini",
        "gpt-5-5",
        "gpt-5-4",
        "claude-sonnet-4-6",
        "claude-haiku-4-5",
    ]


# Hand-broken variants: (name, migrated first, file, text replaced, replacement, the line reported, a program).
BROKEN = [
    (
        "openai-id-on-bytespike",
        True,
        "shop/catalog.py",
        'model="gpt-5-4",',
        'model="gpt-4o",',
        "client.chat.completions.parse(",
        "from shop import catalog; catalog.describe('a mug')",
        "'gpt-4o' is not in ByteSpike's catalog (its ByteSpike id: gpt-5-4)",
    ),
    (
        "files-on-bytespike",
        True,
        "shop/catalog.py",
        "def draft(",
        "def upload():\n    return client.files.create(file=('notes.txt', b'x'), purpose='assistants')\n\n\ndef draft(",
        "return client.files.create(",
        "from shop import catalog; catalog.upload()",
        "ByteSpike does not serve /v1/files",
    ),
    (
        "bytespike-key-to-openai",
        False,
        "shop/llm.py",
        "client = OpenAI()",
        "import os\nclient = OpenAI(api_key=os.environ['BYTESPIKE_API_KEY'])",
        "client.chat.completions.create(",
        "from shop import catalog; catalog.draft('mug')",
        "a ByteSpike key (BYTESPIKE_API_KEY) sent to OpenAI",
    ),
    (
        "anthropic-key-to-openai",
        False,
        "shop/llm.py",
        "client = OpenAI()",
        "import os\nclient = OpenAI(api_key=os.environ['ANTHROPIC_API_KEY'])",
        "client.chat.completions.create(",
        "from shop import catalog; catalog.draft('mug')",
        "an Anthropic key (ANTHROPIC_API_KEY) sent to OpenAI",
    ),
    (
        "anthropic-id-on-openai",
        False,
        "shop/orders.py",
        'model="gpt-5",',
        'model="claude-3-5-sonnet-20241022",',
        "client.chat.completions.create(",
        "from shop import orders; orders.order_to_look_up('order 42')",
        "OpenAI has no model 'claude-3-5-sonnet-20241022'",
    ),
]


@pytest.mark.parametrize("case", BROKEN, ids=[c[0] for c in BROKEN])
def test_a_broken_request_is_reported_at_its_file_and_line_in_every_format(repo, case):
    name, migrated, path, old, new, site_text, program, reason = case
    shop(repo, migrated=migrated)
    source = repo.read(path).decode()
    assert old in source
    repo.write(path, source.replace(old, new, 1))
    site = "shop/catalog.py" if name.endswith("key-to-openai") else path
    line = line_of(repo, site, site_text)
    command = [sys.executable, "-c", f"import sys\ntry:\n    {program}\nexcept Exception as e:\n    sys.exit(3)"]
    for output in FORMATS:
        done = verify(repo, "--format", output, "--", *command)
        assert done.code == 1, (output, done.stderr)
        shown = done.stdout + done.stderr
        for key in KEYS.values():
            assert key not in shown
        if output == "json":
            report = json.loads(done.stderr)
            assert report["command"]["exit_code"] == 3
            [failed] = [r for r in report["requests"] if r["verdict"] == "fail"]
            assert failed["site"] == {"path": site, "line": line}
            assert reason in failed["reason"]
        elif output == "sarif":
            [result] = json.loads(done.stderr)["runs"][0]["results"]
            location = result["locations"][0]["physicalLocation"]
            assert (location["artifactLocation"]["uri"], location["region"]["startLine"]) == (site, line)
            assert reason in result["message"]["text"]
        elif output == "github":
            assert f"::error file={site},line={line},title=request-would-fail::" in done.stderr
        elif output == "markdown":
            assert f"| `{site}:{line}` |" in done.stderr and "**fail**" in done.stderr
        else:
            assert f"{site}:{line}\n  FAIL  " in done.stderr and reason in done.stderr


def test_nothing_intercepted_says_so_and_exits_0(repo):
    repo.write("main.py", "print('no model was called')\n")
    done = verify(repo, "--", sys.executable, "main.py")
    assert done.code == 0
    assert done.stdout == "no model was called\n"
    assert "0 requests reached the OpenAI, Anthropic or ByteSpike endpoints: nothing verified" in done.stderr
    assert " ok" not in done.stderr
    report = json.loads(verify(repo, "--format", "json", "--", sys.executable, "main.py").stderr)
    assert report["requests"] == [] and report["summary"]["requests"] == 0


def test_a_test_that_mocks_the_http_client_itself_keeps_its_mock(repo):
    """respx answers the test's request before the emulation could: the test passes as it does without verify,
    and the report says plainly that nothing reached the services."""
    pytest.importorskip("respx", reason="respx is a test dependency (pip install '.[test]')")
    repo.write(
        "test_mocked.py",
        """import httpx
import respx
from openai import OpenAI


@respx.mock
def test_reply():
    route = respx.post("https://api.openai.com/v1/chat/completions").mock(return_value=httpx.Response(
        200, json={"id": "x", "object": "chat.completion", "created": 0, "model": "gpt-4o", "choices": [
            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "mocked"}}]}))
    reply = OpenAI(api_key="sk-test").chat.completions.create(model="gpt-4o", messages=[])
    assert reply.choices[0].message.content == "mocked" and route.call_count == 1
""",
    )
    done = verify(repo, "--", sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_mocked.py")
    assert done.code == 0, done.stderr
    assert "1 passed" in done.stdout
    assert "0 requests reached the OpenAI, Anthropic or ByteSpike endpoints: nothing verified" in done.stderr


def test_output_file_keeps_the_report_apart_from_what_command_prints(repo):
    shop(repo)
    done = verify(repo, "--format", "json", "-o", "report.json", "--", *PYTEST)
    assert done.code == 0
    assert "5 passed" in done.stdout and done.stderr == ""
    assert len(json.loads(repo.read("report.json"))["requests"]) == 6


def test_other_traffic_is_untouched_and_a_project_sitecustomize_still_runs(repo):
    """A host the emulation does not answer goes to the network as it would (here: refused, nothing listens
    on it), and the project's own sitecustomize runs after the interception's."""
    repo.write("tools/sitecustomize.py", "import os\nos.environ['PROJECT_SITECUSTOMIZE'] = 'ran'\n")
    repo.write(
        "main.py",
        "import os, httpx\n"
        "print(os.environ.get('PROJECT_SITECUSTOMIZE'))\n"
        "try:\n    httpx.get('http://127.0.0.1:9/v1/models', timeout=2)\n"
        "except httpx.ConnectError:\n    print('not answered here')\n",
    )
    done = verify(repo, "--", sys.executable, "main.py", env={"PYTHONPATH": str(repo.path / "tools")})
    assert done.code == 0, done.stderr
    assert done.stdout == "ran\nnot answered here\n"
    assert "nothing verified" in done.stderr


def test_a_key_in_the_environment_never_reaches_the_report(repo):
    """Even a key that does not look like one (no sk- prefix) and a literal key the program sends."""
    secret = "plainsecretvalue0123456789"
    repo.write(
        "main.py",
        "import openai\n"
        "client = openai.OpenAI(api_key='sk-literal-0123456789abcdefghijkl')\n"
        "try:\n    client.models.list()\nexcept openai.APIError:\n    pass\n"
        "openai.OpenAI(api_key=__import__('os').environ['MY_SERVICE_TOKEN']).models.list()\n",
    )
    for output in FORMATS:
        done = verify(repo, "--format", output, "--", sys.executable, "main.py", env={"MY_SERVICE_TOKEN": secret})
        assert done.code == 0, done.stderr
        assert secret not in done.stderr and "sk-literal-0123456789abcdefghijkl" not in done.stderr
    report = json.loads(
        verify(repo, "--format", "json", "--", sys.executable, "main.py", env={"MY_SERVICE_TOKEN": secret}).stderr
    )
    assert [r["key_variable"] for r in report["requests"]] == ["(not from the environment)", "MY_SERVICE_TOKEN"]


HANG = """import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
open("pids", "w").write(f"{os.getpid()} {child.pid}")
time.sleep(300)
"""


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A zombie waiting for its parent to be reaped is gone too.
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "State:\tZ" in status.read_text()


def _wait_for(path: Path, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while not (path.exists() and path.read_text().strip().count(" ") == 1):
        assert time.time() < deadline, f"{path} was not written"
        time.sleep(0.1)


def test_a_hanging_command_is_stopped_at_the_timeout_with_what_it_started(repo):
    repo.write("hang.py", HANG)
    done = verify(repo, "--timeout", "3", "--", sys.executable, "hang.py")
    assert done.code == 1
    assert "was stopped after 3 s (--timeout)" in done.stderr
    pids = [int(p) for p in repo.read("pids").split()]
    time.sleep(0.5)
    assert all(_gone(pid) for pid in pids)


def test_ctrl_c_stops_the_command_and_everything_it_started(repo):
    repo.write("hang.py", HANG)
    env = {**os.environ, **KEYS, "NO_COLOR": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "migrate_cli",
            "verify",
            "--format",
            "json",
            "-o",
            "report.json",
            "--",
            sys.executable,
            "hang.py",
        ],
        cwd=repo.path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for(repo.path / "pids")
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    report = json.loads(repo.read("report.json"))
    assert report["command"]["exit_code"] is None and report["summary"]["stopped"] == "interrupted"
    pids = [int(p) for p in repo.read("pids").split()]
    time.sleep(0.5)
    assert all(_gone(pid) for pid in pids)


def test_a_command_that_cannot_start_is_a_usage_error(repo):
    done = verify(repo, "--", "no-such-command-here")
    assert done.code == 2
    assert "cannot run no-such-command-here" in done.stderr
    assert verify(repo).code == 2


node = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed: the fetch hook needs it")


@node
def test_node_fetch_to_openai_is_answered_and_reported_at_its_line(repo):
    repo.copy_tree(NODE_APP)
    done = verify(repo, "--format", "json", "--", "node", "ask.js")
    assert done.code == 0, done.stderr
    assert done.stdout == "ok from gpt-4o\n"
    [request] = json.loads(done.stderr)["requests"]
    assert request == {
        "site": {"path": "ask.js", "line": line_of(repo, "ask.js", "await fetch(")},
        "host": "api.openai.com",
        "method": "POST",
        "path": "/v1/chat/completions",
        "model": "gpt-4o",
        "key_variable": "OPENAI_API_KEY",
        "verdict": "ok",
        "reason": "",
    }


@node
def test_node_bytespike_key_sent_to_openai_fails(repo):
    repo.copy_tree(NODE_APP)
    repo.write("ask.js", repo.read("ask.js").decode().replace("OPENAI_API_KEY", "BYTESPIKE_API_KEY"))
    done = verify(repo, "--", "node", "ask.js")
    assert done.code == 1
    assert done.stdout == ""
    line = line_of(repo, "ask.js", "await fetch(")
    assert (
        f"ask.js:{line}\n  FAIL  POST api.openai.com/v1/chat/completions  model gpt-4o  key BYTESPIKE_API_KEY: "
        "a ByteSpike key (BYTESPIKE_API_KEY) sent to OpenAI" in done.stderr
    )
    assert "`node ask.js` exited 1" in done.stderr
