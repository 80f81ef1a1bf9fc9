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


def _before_and_after(node_project: Path, name: str, program: dict[str, str]) -> tuple[list[dict], list[dict], dict]:
    """A program's requests before and after `apply` (each run under `verify`, every request ok), and the
    findings of `apply`: the program is a repository of its own inside the folder with the package."""
    folder = node_project / name
    folder.mkdir()
    repo = Repo(folder)
    for file, text in program.items():
        repo.write(file, text)
    repo.commit()
    before = _run(node_project, folder)
    applied = run_cli("apply", ".", "--format", "json", cwd=folder)
    assert applied.code == 0, applied.stderr
    return before, _run(node_project, folder), applied.json()


def test_an_exported_key_a_kept_client_and_a_raw_request_import_still_holds_the_openai_key(node_project: Path):
    # `export const apiKey = process.env.OPENAI_API_KEY` gives its moving client the key, and another module's
    # embeddings client (which stays) and a fetch to OpenAI's URL import it too: the declaration was renamed to
    # BYTESPIKE_API_KEY, and both sent the ByteSpike key to OpenAI (401).
    program = {
        "app/llm.mjs": (
            'import OpenAI from "openai";\nexport const apiKey = process.env.OPENAI_API_KEY;\n'
            "const client = new OpenAI({ apiKey });\n"
            'export const ask = () => client.chat.completions.create({ model: "gpt-4o", messages: [] });\n'
        ),
        "app/emb.mjs": (
            'import OpenAI from "openai";\nimport { apiKey } from "./llm.mjs";\nconst e = new OpenAI({ apiKey });\n'
            'export const embed = () => e.embeddings.create({ model: "text-embedding-3-small", input: "x" });\n'
        ),
        "app/raw.mjs": (
            'import { apiKey } from "./llm.mjs";\nexport async function raw() {\n'
            '  const r = await fetch("https://api.openai.com/v1/embeddings", {\n    method: "POST",\n'
            '    headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" },\n'
            '    body: JSON.stringify({ model: "text-embedding-3-small", input: "x" }),\n  });\n'
            "  if (!r.ok) throw new Error(`embeddings: ${r.status}`);\n}\n"
        ),
        "app/main.mjs": (
            'import { ask } from "./llm.mjs";\nimport { embed } from "./emb.mjs";\nimport { raw } from "./raw.mjs";\n'
            "export async function main() {\n  await ask();\n  await embed();\n  await raw();\n}\n"
        ),
        ".env.example": "OPENAI_API_KEY=\n",
    }
    before, after, _ = _before_and_after(node_project, "exported-key", program)
    assert len(before) == len(after) == 3
    where = {c["path"]: (c["host"], c["model"]) for c in after}
    assert where["/v1/chat/completions"] == ("llm.bytespike.ai", "gpt-5-4")
    assert [c["host"] for c in after if c["path"] == "/v1/embeddings"] == ["api.openai.com"] * 2
    env = (node_project / "exported-key" / ".env.example").read_text()
    assert env.startswith("OPENAI_API_KEY=\n") and "BYTESPIKE_API_KEY=" in env


def test_a_client_whose_model_comes_from_a_json_config_a_kept_client_reads_stays(node_project: Path):
    # `require("./ai.config.json")`: `cfg.chatModel` reaches a client that moves, `cfg.assistantModel` one that
    # stays (Assistants): the file's ids, decided for the whole file, stayed, and the moved client sent gpt-4o to
    # ByteSpike (404). The chat client stays with the file.
    program = {
        "app/ai.config.json": '{\n  "chatModel": "gpt-4o",\n  "assistantModel": "gpt-4o-mini"\n}\n',
        "app/chat.cjs": (
            'const OpenAI = require("openai");\nconst cfg = require("./ai.config.json");\nconst client = new OpenAI();\n'
            "exports.chat = () => client.chat.completions.create({ model: cfg.chatModel, messages: [] });\n"
        ),
        "app/assist.cjs": (
            'const OpenAI = require("openai");\nconst cfg = require("./ai.config.json");\nconst oa = new OpenAI();\n'
            "exports.mk = () => oa.beta.assistants.create({ model: cfg.assistantModel });\n"
        ),
        "app/main.mjs": (
            'import chat from "./chat.cjs";\nimport assist from "./assist.cjs";\n'
            "export async function main() {\n  await chat.chat();\n  await assist.mk();\n}\n"
        ),
    }
    before, after, _ = _before_and_after(node_project, "json-config", program)
    assert len(before) == len(after) == 2
    where = {c["path"]: (c["host"], c["model"]) for c in after}
    assert where["/v1/chat/completions"] == ("api.openai.com", "gpt-4o")
    assert where["/v1/assistants"] == ("api.openai.com", "gpt-4o-mini")


def test_a_model_a_spread_of_the_incoming_body_can_override_is_unknown(node_project: Path):
    # `create({ model: "gpt-4o-mini", ...body })`: the body's `model` wins where it has one; the literal was taken
    # for the model and the client moved, and a caller's gpt-4.1 reached ByteSpike (404). A spread before the
    # literal cannot override it: that request moves.
    program = {
        "app/route.mjs": (
            'import OpenAI from "openai";\nexport async function POST(req) {\n  const body = await req.json();\n'
            "  const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n"
            '  const r = await openai.responses.create({ model: "gpt-4o-mini", ...body, stream: false });\n'
            "  return r.model;\n}\n"
        ),
        "app/fixed.mjs": (
            'import OpenAI from "openai";\nexport async function POST(req) {\n  const body = await req.json();\n'
            "  const openai = new OpenAI();\n"
            '  const r = await openai.chat.completions.create({ ...body, model: "gpt-4o" });\n  return r.model;\n}\n'
        ),
        "app/main.mjs": (
            'import { POST } from "./route.mjs";\nimport { POST as fixed } from "./fixed.mjs";\n'
            'const request = (body) => new Request("http://localhost/api", { method: "POST", body: JSON.stringify(body) });\n'
            "export async function main() {\n"
            '  await POST(request({ model: "gpt-4.1", input: "hi" }));\n'
            '  await fixed(request({ model: "gpt-4.1", messages: [] }));\n}\n'
        ),
    }
    before, after, applied = _before_and_after(node_project, "spread", program)
    assert len(before) == len(after) == 2
    where = {c["path"]: (c["host"], c["model"]) for c in after}
    assert where["/v1/responses"] == ("api.openai.com", "gpt-4.1")
    assert where["/v1/chat/completions"] == ("llm.bytespike.ai", "gpt-5-4")
    (kept,) = [f for f in applied["findings"] if f["rule"] == "client-kept-on-openai"]
    assert kept["path"] == "app/route.mjs" and "the body of a request" in kept["message"]
