"""The promise that matters most, for JavaScript: the migrated program runs.

A small Node program (ES modules across files: a shared client, a client that uses Files, model constants
in their own module) runs under Node with the real `openai` npm package, installed by this test, against
`bytespike-migrate verify`'s emulation of OpenAI and ByteSpike, which refuses what the real service would (a
wrong key, a model id it does not serve, an API it does not offer). Before and after `apply`, every call succeeds; after it, the calls that move reach ByteSpike.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Repo, git, run_cli

NODE, NPM = shutil.which("node"), shutil.which("npm")
pytestmark = pytest.mark.skipif(NODE is None or NPM is None, reason="needs node and npm on PATH to run the program")

# Runs the program's `main()`; its requests are answered by `bytespike-migrate verify`'s emulation.
HARNESS = r"""
import { pathToFileURL } from "node:url";

const app = await import(pathToFileURL(process.argv[2]).href);
await app.main();
"""

PROGRAM = {
    "app/openai.mjs": 'import OpenAI from "openai";\n\nexport const client = new OpenAI();\n',
    "app/models.mjs": 'export const CHAT_MODEL = "gpt-4o-mini";\nexport const KB_MODEL = "gpt-4o";\n',
    "app/chat.mjs": (
        'import { client } from "./openai.mjs";\nimport { CHAT_MODEL } from "./models.mjs";\n\n'
        "export async function ask(question) {\n"
        "  const r = await client.chat.completions.create({\n"
        "    model: CHAT_MODEL,\n"
        '    messages: [{ role: "user", content: question }],\n'
        "  });\n"
        "  return r.choices[0].message.content;\n"
        "}\n"
    ),
    "app/kb.cjs": (
        'const OpenAI = require("openai");\nconst { KB_MODEL } = require("./kb_models.cjs");\n\n'
        "const kb = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n\n"
        "async function lookup(question) {\n"
        "  const files = await kb.files.list();\n"
        '  const r = await kb.chat.completions.create({ model: KB_MODEL, messages: [{ role: "user", content: question }] });\n'
        "  return [files.data.length, r.choices[0].message.content];\n"
        "}\n\nmodule.exports = { lookup };\n"
    ),
    "app/kb_models.cjs": 'module.exports = { KB_MODEL: "gpt-4o" };\n',
    "app/main.mjs": (
        'import { ask } from "./chat.mjs";\nimport kb from "./kb.cjs";\n\n'
        "export async function main() {\n"
        '  console.log(await ask("hello"));\n'
        '  console.log(JSON.stringify(await kb.lookup("where")));\n'
        '  const direct = await (await import("./direct.mjs")).run();\n'
        "  console.log(direct);\n"
        "}\n"
    ),
    "app/direct.mjs": (
        "import OpenAI from 'openai';\n\n"
        "const openai = new OpenAI({\n  apiKey: process.env.OPENAI_API_KEY,\n  maxRetries: 0,\n});\n\n"
        "export async function run() {\n"
        "  const r = await openai.chat.completions.create({ model: `gpt-5`, messages: [{ role: 'user', content: 'x' }] });\n"
        "  return r.model;\n}\n"
    ),
}


# The current openai package sends through the global fetch; openai 4 through node-fetch and `https.request`:
# `verify` answers both.
@pytest.fixture(scope="module", params=["openai", "openai@4"], ids=["openai", "openai4"])
def node_project(tmp_path_factory, request) -> Path:
    """A folder with the `openai` npm package installed; repositories are made inside it."""
    folder = tmp_path_factory.mktemp("node")
    (folder / "package.json").write_text('{"name": "fake-run", "private": true}\n')
    done = subprocess.run(
        [NPM, "install", "--no-audit", "--no-fund", "--loglevel=error", request.param],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (folder / "harness.mjs").write_text(HARNESS)
    return folder


def _run(node_project: Path, repo: Path) -> list[dict]:
    """The requests the program made, under `verify` (the emulation users run their tests against)."""
    report = node_project / "verify.json"
    env = {**os.environ, "OPENAI_API_KEY": "sk-openai-fake", "BYTESPIKE_API_KEY": "sk-byts-fake"}
    env.pop("OPENAI_BASE_URL", None)
    program = [NODE, str(node_project / "harness.mjs"), str(repo / "app" / "main.mjs")]
    done = subprocess.run(
        [sys.executable, "-m", "migrate_cli", "verify", "--format", "json", "-o", str(report), "--", *program],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    output = json.loads(report.read_text())
    assert output["command"]["exit_code"] == 0, done.stdout + done.stderr
    assert all(r["verdict"] == "ok" for r in output["requests"]), output["requests"]
    return output["requests"]


def test_the_migrated_program_runs(node_project: Path):
    folder = node_project / "repo"
    folder.mkdir()
    repo = Repo(folder)
    for name, text in PROGRAM.items():
        repo.write(name, text)
    repo.commit()

    before = _run(node_project, folder)
    assert {call["host"] for call in before} == {"api.openai.com"}

    applied = run_cli("apply", ".", cwd=folder)
    assert applied.code == 0, applied.stderr
    assert git("status", "--porcelain", cwd=folder)  # something changed
    after = _run(node_project, folder)
    where = {(c["path"], c["model"]): c["host"] for c in after}
    # The shared client and the direct one move, with ByteSpike ids; the client that uses Files is split:
    # its Files call stays on OpenAI, its chat call moves to the ByteSpike client beside it, with its id.
    assert where[("/v1/chat/completions", "gpt-5-4-mini")] == "llm.bytespike.ai"
    assert where[("/v1/chat/completions", "gpt-5-5")] == "llm.bytespike.ai"
    assert where[("/v1/files", None)] == "api.openai.com"
    assert where[("/v1/chat/completions", "gpt-5-4")] == "llm.bytespike.ai"
    assert len(after) == len(before) == 4

    repo.commit("migrated")
    assert run_cli("revert", ".", cwd=folder).code == 0
    for name, text in PROGRAM.items():
        assert repo.read(name) == text.encode(), name
    assert {call["host"] for call in _run(node_project, folder)} == {"api.openai.com"}
