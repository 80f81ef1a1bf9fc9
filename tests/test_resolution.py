"""The repository-wide resolution: values flow one way, unknown is a value, test doubles are not requests.

Each case is a small repository migrated by the real command; where a case is about what the program does
after the migration, the migrated program is run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import Repo, run_cli


def _apply(repo: Repo, *args: str) -> dict:
    repo.commit()
    done = run_cli("apply", ".", "--format", "json", *args, cwd=repo.path)
    assert done.code == 0, done.stderr
    return done.json()


def _modified(repo: Repo) -> list[str]:
    """The committed files the run changed, sorted (the record and the cache are new files, not these)."""
    return sorted(line[3:] for line in repo.status().splitlines() if line.startswith(" M"))


def _findings(output: dict, rule: str) -> list[dict]:
    return [f for f in output["findings"] if f["rule"] == rule]


def test_a_field_default_spread_into_a_request_moves_with_its_client(repo: Repo):
    repo.write("app/__init__.py", "")
    repo.write(
        "app/agent.py", 'from pydantic import BaseModel\n\n\nclass Agent(BaseModel):\n    model: str = "gpt-4o"\n'
    )
    repo.write(
        "app/run.py",
        "from openai import OpenAI\n\nfrom app.agent import Agent\n\nclient = OpenAI()\n\n\n"
        "def run(agent, prompt):\n"
        '    params = {"model": agent.model, "messages": [{"role": "user", "content": prompt}]}\n'
        "    return client.chat.completions.create(**params)\n\n\n"
        'if __name__ == "__main__":\n    run(Agent(), "hi")\n',
    )
    _apply(repo)
    assert 'model: str = "gpt-5-4"' in repo.read("app/agent.py").decode()
    assert "llm.bytespike.ai" in repo.read("app/run.py").decode()


def test_a_model_from_the_callers_of_a_public_function_keeps_its_client(repo: Repo):
    """`send(model, …)` is the repository's API: its callers are outside, and may pass any OpenAI id."""
    repo.write(
        "lib/send.py",
        'from openai import OpenAI\n\nclient = OpenAI()\nDEFAULT = "gpt-4o"\n\n\n'
        "def send(model, message):\n"
        "    return client.chat.completions.create(model=model, messages=[message])\n",
    )
    output = _apply(repo)
    assert repo.status() == ""
    kept = _findings(output, "client-kept-on-openai")
    assert kept and "the parameter `model` of `send`, which nothing in the repository calls" in kept[0]["message"]


def test_typescript_follows_a_model_through_a_private_function_to_an_exported_one(repo: Repo):
    """gpt-pilot's templates: `sendRequestToOpenAI(model, …)` is called only by the exported
    `sendLLMRequest(provider, model, message)`, whose callers are outside; the client moved, silently."""
    repo.write(
        "llm.js",
        'const OpenAI = require("openai");\n\nconst openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n\n'
        "async function send(model, message) {\n"
        '  return openai.chat.completions.create({ model: model, messages: [{ role: "user", content: message }] });\n'
        "}\n\nasync function sendLLMRequest(provider, model, message) {\n  return send(model, message);\n}\n\n"
        "module.exports = { sendLLMRequest };\n",
    )
    output = _apply(repo)
    assert repo.status() == ""
    (kept,) = _findings(output, "client-kept-on-openai")
    assert "the parameter `model` of `sendLLMRequest` (llm.js:9)" in kept["message"]


def test_a_model_the_repository_passes_moves_with_the_orphans(repo: Repo):
    repo.write(
        "app.py",
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\n"
        "def send(model, message):\n"
        "    return client.chat.completions.create(model=model, messages=[message])\n\n\n"
        'send("gpt-4o-mini", {"role": "user", "content": "hi"})\n',
    )
    _apply(repo)
    text = repo.read("app.py").decode()
    assert "llm.bytespike.ai" in text and 'send("gpt-5-4-mini"' in text


def test_a_command_line_default_is_followed_and_an_unmapped_one_keeps_the_client(repo: Repo):
    repo.write(
        "grade.py",
        "import argparse\n\nfrom openai import OpenAI\n\n"
        "parser = argparse.ArgumentParser()\n"
        'parser.add_argument("--grader-model", default="gpt-5.4")\n'
        "args = parser.parse_args()\n"
        "client = OpenAI()\n"
        "client.chat.completions.create(model=args.grader_model, messages=[])\n",
    )
    repo.write(
        "chat.py",
        "import argparse\n\nfrom openai import OpenAI\n\n"
        "parser = argparse.ArgumentParser()\n"
        'parser.add_argument("--chat-model", default="gpt-4o")\n'
        "args = parser.parse_args()\n"
        "OpenAI().chat.completions.create(model=args.chat_model, messages=[])\n",
    )
    output = _apply(repo)
    assert b"bytespike" not in repo.read("grade.py")  # gpt-5.4 has no ByteSpike mapping: it stays whole
    assert any("gpt-5.4" in f["message"] for f in _findings(output, "client-kept-on-openai"))
    chat = repo.read("chat.py").decode()
    assert 'default="gpt-5-4"' in chat and "llm.bytespike.ai" in chat


def test_requests_inside_a_request_take_their_models_with_them(repo: Repo):
    repo.write(
        "batch.py",
        'import anthropic\n\nBATCH_MODEL = "claude-3-5-sonnet-20241022"\n'
        "client = anthropic.Anthropic()\n"
        'client.messages.batches.create(requests=[{"custom_id": "a", "params": '
        '{"model": BATCH_MODEL, "max_tokens": 10, "messages": []}}])\n',
    )
    _apply(repo)
    text = repo.read("batch.py").decode()
    assert "llm.bytespike.ai" in text and 'BATCH_MODEL = "claude-sonnet-4-6"' in text


def test_requests_appended_to_a_batch_list_take_their_models_with_them(repo: Repo):
    """A batch built in a loop (`batch.append({"params": {"model": BATCH_MODEL, …}})`) carries its model: the
    client moved while the id stayed as an orphan (held because another request's model is unknown)."""
    repo.write(
        "batch.py",
        'import os\n\nimport anthropic\n\nBATCH_MODEL = "claude-3-5-sonnet-20241022"\n'
        "client = anthropic.Anthropic()\n\n\n"
        "def submit(questions):\n"
        "    batch = []\n"
        "    for i, question in enumerate(questions):\n"
        '        batch.append({"custom_id": str(i), "params": '
        '{"model": BATCH_MODEL, "max_tokens": 10, "messages": [question]}})\n'
        "    return client.messages.batches.create(requests=batch)\n\n\n"
        "def relay(body):\n"
        '    proxy = anthropic.Anthropic(base_url=os.environ["PROXY_URL"])\n'
        '    return proxy.messages.create(model=body["model"], max_tokens=10, messages=[])\n',
    )
    _apply(repo)
    text = repo.read("batch.py").decode()
    assert "llm.bytespike.ai" in text and 'BATCH_MODEL = "claude-sonnet-4-6"' in text


def test_content_that_refers_to_a_stored_file_keeps_the_client(repo: Repo):
    repo.write(
        "ask.py",
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef ask(file_id):\n"
        '    return client.responses.create(model="gpt-4o", input=[{"role": "user", "content": '
        '[{"type": "input_file", "file_id": file_id}]}])\n',
    )
    output = _apply(repo)
    assert repo.status() == ""
    assert [f["line"] for f in _findings(output, "unsupported-api")] == [7]


def test_a_lookup_by_model_is_a_use_not_a_flow(repo: Repo):
    """A table keyed by ids, among them one with no mapping, does not hold back the model it is looked up by."""
    repo.write("app/__init__.py", "")
    repo.write("app/settings.py", 'MODEL = "gpt-4o"\n')
    repo.write(
        "app/budget.py",
        'CONTEXT_WINDOW = {"gpt-4o": 128000, "gpt-4-turbo": 128000}\n\n\n'
        "def fit(text, model):\n    return text[: CONTEXT_WINDOW[model]]\n",
    )
    repo.write(
        "app/chat.py",
        "from openai import OpenAI\n\nfrom app import settings\nfrom app.budget import fit\n\n"
        "client = OpenAI()\n\n\ndef ask(text):\n"
        "    return client.chat.completions.create(model=settings.MODEL, messages=[fit(text, "
        "settings.MODEL)])\n",
    )
    _apply(repo)
    assert "llm.bytespike.ai" in repo.read("app/chat.py").decode()
    assert repo.read("app/settings.py") == b'MODEL = "gpt-5-4"\n'
    # The table's key for that id moves with it; the unmapped one is left.
    assert repo.read("app/budget.py").decode().startswith('CONTEXT_WINDOW = {"gpt-5-4": 128000, "gpt-4-turbo"')


def test_an_id_looked_up_in_data_read_from_a_file_keeps_that_data_s_key(repo: Repo):
    """A price table read from JSON keeps OpenAI's ids as its keys: the ids that look it up stay with them,
    through a function's parameter too, while a table of the repository's own moves with its keys."""
    repo.write("prices.json", '{"openai": {"gpt-4o": 2.5}}\n')
    repo.write(
        "pricing.py",
        "import json\nfrom pathlib import Path\n\n"
        'TABLE = json.loads((Path(__file__).parent / "prices.json").read_text())\nLOCAL = {"gpt-4o": 2.5}\n\n\n'
        'def cost(model):\n    return TABLE["openai"][model]\n\n\ndef local_cost(model):\n    return LOCAL[model]\n',
    )
    repo.write(
        "check.py",
        "from pricing import cost, local_cost\n\n"
        'assert cost("gpt-4o") == 2.5\nassert local_cost("gpt-4o") == 2.5\nprint("ok")\n',
    )
    repo.write(
        "chat.py",
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef ask(text):\n"
        '    return client.chat.completions.create(model="gpt-4o-mini", messages=[text])\n',
    )
    output = _apply(repo)
    assert "llm.bytespike.ai" in repo.read("chat.py").decode()
    assert 'LOCAL = {"gpt-5-4": 2.5}' in repo.read("pricing.py").decode()
    check = repo.read("check.py").decode()
    assert 'cost("gpt-4o")' in check and 'local_cost("gpt-5-4")' in check
    (held,) = [f for f in _findings(output, "dynamic-model") if f["path"] == "check.py"]
    assert "looked up in data the tool does not rewrite (pricing.py:9)" in held["message"]
    done = subprocess.run([sys.executable, "check.py"], cwd=repo.path, capture_output=True, text=True)
    assert done.stdout == "ok\n", done.stderr


def test_typescript_keeps_an_id_looked_up_in_data_read_from_a_file(repo: Repo):
    repo.write("prices.json", '{"gpt-4o": 2.5}\n')
    repo.write(
        "check.mjs",
        'import fs from "fs";\n\n'
        'const table = JSON.parse(fs.readFileSync("prices.json", "utf8"));\n'
        'const local = { "gpt-4o": 2.5 };\n'
        'if (table["gpt-4o"] !== 2.5 || local["gpt-4o"] !== 2.5) throw new Error("lost");\n',
    )
    repo.write(
        "chat.mjs",
        'import OpenAI from "openai";\n\nconst client = new OpenAI();\n'
        'export const ask = (text) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [text] });\n',
    )
    repo.write(
        "pricing.js",
        'const fs = require("fs");\n\nclass ModelPricing {\n'
        '  #pricing = JSON.parse(fs.readFileSync("prices.json", "utf8"));\n'
        "  #find(model) {\n    return this.#pricing[model];\n  }\n"
        "  costOf(model = null) {\n    return this.#find(model);\n  }\n}\n\n"
        "module.exports = { ModelPricing };\n",
    )
    repo.write(
        "pricing.test.js",
        'const { ModelPricing } = require("./pricing");\n\n'
        'if (new ModelPricing().costOf("gpt-4o") !== 2.5) throw new Error("lost");\n',
    )
    # A method of the same name on an object of another package is not the repository's (`create` here).
    repo.write(
        "factory.js",
        "// openai clients\nclass Factory {\n  static create(provider, config) {\n    return { provider, config };\n  }\n}\n",
    )
    output = _apply(repo)
    assert "llm.bytespike.ai" in repo.read("chat.mjs").decode() and '"gpt-5-4-mini"' in repo.read("chat.mjs").decode()
    assert 'costOf("gpt-4o")' in repo.read("pricing.test.js").decode()  # through two methods to the lookup
    check = repo.read("check.mjs").decode()
    assert 'table["gpt-4o"]' in check and '"gpt-5-4": 2.5' in check and 'local["gpt-5-4"]' in check
    (held,) = [f for f in _findings(output, "dynamic-model") if f["path"] == "check.mjs"]
    assert "looked up in data the tool does not rewrite (check.mjs:5)" in held["message"]


def test_a_configuration_endpoint_moves_only_with_its_key_its_ids_and_its_readers(repo: Repo):
    """From MetaGPT's and gpt-pilot's configuration: `base_url` was pointed at ByteSpike by its key's name,
    while the client that reads it stayed, or the id beside it had no mapping."""
    repo.write("read.yaml", "llm:\n  base_url: https://api.openai.com/v1\n  model: gpt-4o\n")
    repo.write(
        "app.py",
        "import yaml\nfrom openai import OpenAI\n\n"
        'cfg = yaml.safe_load(open("read.yaml"))["llm"]\nclient = OpenAI(base_url=cfg["base_url"])\n'
        'client.moderations.create(input="hi")\nclient.chat.completions.create(model=cfg["model"], messages=[])\n',
    )
    repo.write(
        "agents.yaml",
        "planner:\n  base_url: https://api.openai.com/v1\n  model: gpt-4-turbo\n"
        "writer:\n  base_url: https://api.openai.com/v1\n  model: gpt-4o\n",
    )
    repo.write(
        "chat.py",
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef ask(text):\n"
        '    return client.chat.completions.create(model="gpt-4o-mini", messages=[text])\n',
    )
    output = _apply(repo)
    assert "llm.bytespike.ai" in repo.read("chat.py").decode()
    assert repo.read("read.yaml") == b"llm:\n  base_url: https://api.openai.com/v1\n  model: gpt-4o\n"
    assert repo.read("agents.yaml").decode() == (
        "planner:\n  base_url: https://api.openai.com/v1\n  model: gpt-4-turbo\n"
        "writer:\n  base_url: https://llm.bytespike.ai/v1\n  model: gpt-5-4\n"
    )
    held = {f["path"]: f["message"] for f in _findings(output, "dynamic-config") if "endpoint" in f["message"]}
    assert "a model id beside it (line 3) stays on OpenAI" in held["read.yaml"]
    assert "a model id beside it (line 3) has no ByteSpike mapping" in held["agents.yaml"]


def test_a_request_made_without_the_sdk_holds_the_ids_no_followed_request_takes(repo: Repo):
    """From mem0's Chrome extension and openai-realtime-console: `fetch("https://api.openai.com/v1/…")` stays
    on OpenAI with a model the tool does not follow; an id that may be its stays too, in both languages."""
    repo.write(
        "raw.py",
        'import requests\n\nCONFIG = {"model": "gpt-4o"}\n\n\ndef ask(model):\n'
        '    return requests.post("https://api.openai.com/v1/chat/completions", json={"model": model})\n',
    )
    repo.write(
        "chat.py",
        'from openai import OpenAI\n\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o-mini", messages=[])\n',
    )
    repo.write(
        "background.js",
        "export async function ask(request) {\n"
        '  return fetch("https://api.openai.com/v1/chat/completions", { method: "POST", body: JSON.stringify({ '
        "model: request.model }) });\n}\n",
    )
    repo.write("content.js", 'export const config = { model: "gpt-4o" };\n')
    repo.write(
        "other.js",
        'import OpenAI from "openai";\n\nconst client = new OpenAI();\n'
        'export const hi = () => client.chat.completions.create({ model: "gpt-4o-mini", messages: [] });\n',
    )
    output = _apply(repo)
    assert _modified(repo) == ["chat.py", "other.js"]
    held = {f["path"]: f["message"] for f in _findings(output, "dynamic-model")}
    assert "(raw.py:7)" in held["raw.py"]  # the request body sends a model the tool cannot follow
    assert "a request made without the SDK (background.js:2)" in held["content.js"]
    raw = {f["path"] for f in _findings(output, "dynamic-config") if "outside an SDK client" in f["message"]}
    assert raw == {"raw.py", "background.js"}


def test_an_env_model_a_kept_typescript_client_reads_stays(repo: Repo):
    """From LibreChat's OPENAI_TITLE_MODEL: the env value moved while the only client reading it stayed (its
    endpoint comes from the environment); one a moving client reads moves with it."""
    repo.write(
        "kept.js",
        'const OpenAI = require("openai");\n\nconst { OPENAI_REVERSE_PROXY, TITLE_MODEL } = process.env;\n'
        "const client = new OpenAI({ baseURL: OPENAI_REVERSE_PROXY });\n\n"
        "async function title(text) {\n  return client.chat.completions.create({ model: TITLE_MODEL, messages: [text] });\n}\n"
        "module.exports = { title };\n",
    )
    repo.write(
        "moved.js",
        'const OpenAI = require("openai");\n\nconst client = new OpenAI();\n\n'
        "async function chat(text) {\n"
        "  return client.chat.completions.create({ model: process.env.CHAT_MODEL, messages: [text] });\n}\n"
        "module.exports = { chat };\n",
    )
    repo.write(".env.example", "OPENAI_API_KEY=x\nTITLE_MODEL=gpt-4o-mini\nCHAT_MODEL=gpt-4o\n")
    _apply(repo)
    assert "llm.bytespike.ai" in repo.read("moved.js").decode()
    env = repo.read(".env.example").decode()
    assert "TITLE_MODEL=gpt-4o-mini\n" in env and "CHAT_MODEL=gpt-5-4\n" in env


def test_configuration_ids_beside_another_server_s_endpoint_stay(repo: Repo):
    """LibreChat's `endpoints.custom`: OpenRouter's entry keeps OpenRouter's ids (`openai/gpt-4o`), at any depth
    below its `baseURL`; the entry on OpenAI's own `baseURL` (a key the tool now reads, camelCase) moves whole."""
    repo.write(
        "librechat.yaml",
        "endpoints:\n  custom:\n"
        "    - name: OpenRouter\n      baseURL: https://openrouter.ai/api/v1\n"
        "      models:\n        default: ['openai/gpt-4o']\n      titleModel: openai/gpt-4o-mini\n"
        "    - name: Direct\n      baseURL: https://api.openai.com/v1\n"
        "      models:\n        default: ['gpt-4o']\n",
    )
    repo.write(
        "chat.py",
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef ask(text):\n"
        '    return client.chat.completions.create(model="gpt-4o-mini", messages=[text])\n',
    )
    output = _apply(repo)
    assert repo.read("librechat.yaml").decode() == (
        "endpoints:\n  custom:\n"
        "    - name: OpenRouter\n      baseURL: https://openrouter.ai/api/v1\n"
        "      models:\n        default: ['openai/gpt-4o']\n      titleModel: openai/gpt-4o-mini\n"
        "    - name: Direct\n      baseURL: https://llm.bytespike.ai/v1\n"
        "      models:\n        default: ['gpt-5-4']\n"
    )
    (held,) = [f for f in _findings(output, "dynamic-config") if f["path"] == "librechat.yaml"]
    assert "beside the endpoint 'https://openrouter.ai/api/v1' left as they are: another server's" in held["message"]


def test_configuration_ids_beside_an_openai_url_the_tool_does_not_rewrite_stay(repo: Repo):
    """camel's JSON configs (`url`) and TaskWeaver's flat keys (`llm.api_base`): an id moved while the OpenAI
    URL beside it stayed; a flat dotted key is read by its last part, so that endpoint now moves with it."""
    repo.write("camel.json", '{"url": "https://api.openai.com/v1", "model": "gpt-4o"}\n')
    repo.write("taskweaver.json", '{"llm.api_base": "https://api.openai.com/v1", "llm.model": "gpt-4o"}\n')
    repo.write(
        "chat.py",
        'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4o-mini", messages=[])\n',
    )
    _apply(repo)
    assert repo.read("camel.json") == b'{"url": "https://api.openai.com/v1", "model": "gpt-4o"}\n'
    assert repo.read("taskweaver.json") == b'{"llm.api_base": "https://llm.bytespike.ai/v1", "llm.model": "gpt-5-4"}\n'


def test_typescript_ids_beside_another_server_s_endpoint_stay(repo: Repo):
    """mem0's LiteLLM class: `super({ ...config, baseURL: config.baseURL || "http://localhost:4000", model:
    config.model || "gpt-5-mini" })` talks to a proxy that keeps its own ids; it was mapped as an orphan."""
    repo.write(
        "litellm.ts",
        "export class LiteLLM {\n  constructor(config: { baseURL?: string; model?: string }) {\n"
        '    this.options = { ...config, baseURL: config.baseURL || "http://localhost:4000", '
        'model: config.model || "gpt-5-mini" };\n  }\n  options: object;\n}\n',
    )
    repo.write(
        "other.ts",
        'import OpenAI from "openai";\n\nconst client = new OpenAI();\n'
        'export const hi = () => client.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
    )
    repo.write(
        "defaults.ts", 'export const LLM = { provider: "litellm", model: "gpt-4o", url: "http://localhost:4000" };\n'
    )
    output = _apply(repo)
    assert _modified(repo) == ["other.ts"]
    (held,) = [f for f in _findings(output, "dynamic-model") if f["path"] == "litellm.ts"]
    assert "another server's endpoint (http://localhost:4000)" in held["message"]
    (held,) = [f for f in _findings(output, "dynamic-model") if f["path"] == "defaults.ts"]
    assert "another server's endpoint (http://localhost:4000)" in held["message"]


def test_typescript_follows_a_client_getter_and_keeps_its_default_model(repo: Repo):
    """anything-llm's CometAPI provider: `this.client` is a getter returning `this._client`, a client on another
    server; the model default of its constructor stayed unfollowed and was mapped as an orphan."""
    repo.write(
        "comet.js",
        'const OpenAI = require("openai");\n\nclass Comet {\n  constructor(config = {}) {\n'
        '    const { model = "gpt-5-mini" } = config;\n'
        '    this._client = new OpenAI({ baseURL: "https://api.cometapi.com/v1", apiKey: process.env.COMET_KEY });\n'
        "    this.model = model;\n  }\n\n  get client() {\n    return this._client;\n  }\n\n"
        "  ask(messages) {\n    return this.client.chat.completions.create({ model: this.model, messages });\n  }\n}\n\n"
        "module.exports = Comet;\n",
    )
    repo.write(
        "other.js",
        'const OpenAI = require("openai");\n\nconst client = new OpenAI();\n'
        'module.exports = () => client.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
    )
    _apply(repo)
    assert _modified(repo) == ["other.js"]


def test_a_model_from_an_attribute_nothing_sets_keeps_its_client(repo: Repo):
    """TaskWeaver's plugins: `self.config.get("model")`, where a framework fills `config`; nothing in the
    repository sets it, so its model comes from outside (the client moved, silently)."""
    repo.write(
        "plugin.py",
        "from openai import OpenAI\n\n\nclass Summary:\n    def __call__(self, text):\n"
        '        client = OpenAI()\n        return client.chat.completions.create(model=self.config.get("model"), '
        "messages=[text])\n",
    )
    output = _apply(repo)
    assert repo.status() == ""
    (kept,) = _findings(output, "client-kept-on-openai")
    assert "the attribute `Summary.config`, which nothing in the repository sets" in kept["message"]


def test_typescript_a_model_from_a_field_nothing_sets_keeps_its_client(repo: Repo):
    repo.write(
        "bot.ts",
        'import OpenAI from "openai";\n\nexport class Bot {\n  model!: string;\n  async ask() {\n'
        "    const client = new OpenAI();\n    return client.chat.completions.create({ model: this.model, messages: [] });\n"
        "  }\n}\n",
    )
    output = _apply(repo)
    assert repo.status() == ""
    (kept,) = _findings(output, "client-kept-on-openai")
    assert "the field `this.model` (bot.ts:7), which nothing in the repository sets" in kept["message"]


def test_a_raw_request_by_host_holds_orphans_and_the_model_list_does_not(repo: Repo):
    """aicommits: `https.request({ hostname: "api.openai.com", path: "/v1/chat/completions" })` is a request
    made without the SDK; opencommit's `GET /v1/models` takes no model, and holds nothing."""
    repo.write(
        "raw.ts",
        'import https from "https";\n\nexport function ask(model = "gpt-4o-mini") {\n'
        '  return https.request({ hostname: "api.openai.com", path: "/v1/chat/completions", method: "POST" });\n}\n',
    )
    repo.write(
        "other.ts",
        'import OpenAI from "openai";\n\nconst client = new OpenAI();\n'
        'export const hi = () => client.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
    )
    _apply(repo)
    assert _modified(repo) == ["other.ts"]
    repo.write(
        "raw.ts",
        'export const FALLBACK = ["gpt-4o"];\nexport const list = () => fetch("https://api.openai.com/v1/models");\n',
    )
    repo.commit("models")
    _apply(repo)
    assert 'FALLBACK = ["gpt-5-4"]' in repo.read("raw.ts").decode()


def test_an_env_endpoint_a_kept_client_reads_stays(repo: Repo):
    """ChatDev's `.env.example`: `BASE_URL=https://api.openai.com/v1` was pointed at ByteSpike by its name, while
    the client reading it (`base_url=os.getenv("BASE_URL")`) is left whole; with no code at all, ids a YAML
    file takes stay and so does the env file beside it."""
    repo.write(".env.example", "BASE_URL=https://api.openai.com/v1\nOPENAI_API_KEY=x\n")
    repo.write(
        "app.py",
        "import os\n\nfrom openai import OpenAI\n\n"
        'client = OpenAI(base_url=os.getenv("BASE_URL"))\nclient.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    repo.write(
        "chat.py",
        'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4o-mini", messages=[])\n',
    )
    repo.write("agents/.env.example", "BASE_URL=https://api.openai.com/v1\n")
    repo.write("agents/workflow.yaml", "agent:\n  name: gpt-4o\n  base_url: ${BASE_URL}\n")
    _apply(repo)
    assert "llm.bytespike.ai" in repo.read("chat.py").decode()
    assert repo.read(".env.example").decode().startswith("BASE_URL=https://api.openai.com/v1\n")
    assert repo.read("agents/.env.example") == b"BASE_URL=https://api.openai.com/v1\n"


def test_typescript_follows_a_client_through_a_parameter_and_keeps_one_handed_to_a_package(repo: Repo):
    """openai-agents-js's examples: `ask(new OpenAI(), "gpt-5.4")` moved the client with an id ByteSpike does
    not have (the parameter's client was not followed); `setDefaultOpenAIClient(new OpenAI())` hands it to a
    package whose requests and models the tool cannot see (Python keeps such a client too)."""
    repo.write(
        "ask.ts",
        'import OpenAI from "openai";\n\nasync function ask(c: OpenAI, model: string) {\n'
        '  return c.chat.completions.create({ model, messages: [] });\n}\n\nexport const run = () => ask(new OpenAI(), "gpt-5.4");\n',
    )
    repo.write(
        "agents.ts",
        'import OpenAI from "openai";\nimport { setDefaultOpenAIClient } from "@openai/agents";\n\n'
        "setDefaultOpenAIClient(new OpenAI());\n",
    )
    repo.write(
        "mapped.ts",
        'import OpenAI from "openai";\n\nasync function ask(c: OpenAI, model: string) {\n'
        '  return c.chat.completions.create({ model, messages: [] });\n}\n\nexport const run = () => ask(new OpenAI(), "gpt-4o");\n',
    )
    # A chat call on a receiver the tool cannot follow is chat, not the legacy completions endpoint.
    repo.write(
        "engine.js",
        'const OpenAI = require("openai");\n\nfunction init() {\n'
        "  const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n"
        '  return { client, model: "gpt-4o" };\n}\n\nconst { client, model } = init();\n'
        "module.exports = () => client.chat.completions.create({ model, messages: [] });\n",
    )
    output = _apply(repo)
    assert _modified(repo) == ["engine.js", "mapped.ts"]
    assert not _findings(output, "unsupported-api")
    assert '"gpt-5-4"' in repo.read("mapped.ts").decode()
    kept = {f["path"]: f["message"] for f in _findings(output, "client-kept-on-openai")}
    assert "which has no ByteSpike mapping" in kept["ask.ts"]
    assert "it is handed to `setDefaultOpenAIClient(new OpenAI())`" in kept["agents.ts"]


def test_typescript_mock_calls_are_not_requests(repo: Repo):
    """openai-agents-js's tests: `client.files.create.mockResolvedValue(…)` was taken for a files request,
    which split the client and reported an error; test doubles are not requests, as in Python."""
    repo.write(
        "chat.test.ts",
        'import OpenAI from "openai";\n\nconst client = new OpenAI();\n'
        '(client.files.create as any).mockResolvedValue({ id: "f" });\n'
        'export const ask = () => client.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
    )
    output = _apply(repo)
    assert "llm.bytespike.ai" in repo.read("chat.test.ts").decode()
    assert not _findings(output, "unsupported-api") and not _findings(output, "client-kept-on-openai")


def test_kept_requests_with_their_own_model_do_not_hold_orphans_back(repo: Repo):
    repo.write(
        "kb.py",
        'from openai import OpenAI\n\nkb = OpenAI()\nkb.files.create(file=b"", purpose="assistants")\n'
        'kb.responses.create(model="gpt-4o-mini", input="x", tools=[{"type": "file_search"}])\n',
    )
    repo.write(
        "chat.py",
        'from openai import OpenAI\n\nchat = OpenAI()\nchat.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    repo.write("presets.py", 'PRESETS = {"summary": "gpt-4o-mini"}\n')
    _apply(repo)
    assert b'"gpt-4o-mini"' in repo.read("kb.py")
    assert repo.read("presets.py") == b'PRESETS = {"summary": "gpt-5-4-mini"}\n'


def test_test_doubles_are_not_requests(repo: Repo):
    repo.write(
        "app.py",
        'from openai import OpenAI\n\nMODEL = "gpt-4o"\nclient = OpenAI()\n\n\ndef ask():\n'
        "    return client.chat.completions.create(model=MODEL, messages=[])\n",
    )
    repo.write(
        "tests/test_app.py",
        "from unittest.mock import MagicMock\n\n\ndef test_ask():\n"
        "    fake = MagicMock()\n"
        '    fake.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    _apply(repo)
    text = repo.read("app.py").decode()
    assert "llm.bytespike.ai" in text and 'MODEL = "gpt-5-4"' in text


def test_an_added_key_read_binds_os_where_it_lands(repo: Repo):
    """A function with its own `import os` further down has a local `os`: the key read added above that import
    must not raise UnboundLocalError."""
    repo.write(
        "make.py",
        "from openai import OpenAI\n\n\ndef make():\n    client = OpenAI()\n    import os\n"
        "    ask = lambda: client.models.list()  # noqa: E731\n    return client, os.getcwd(), ask\n",
    )
    _apply(repo)
    env = {**os.environ, "BYTESPIKE_API_KEY": "sk-byts-test", "PYTHONPATH": str(repo.path)}
    ran = subprocess.run(
        [sys.executable, "-c", "import make; make.make()"], cwd=repo.path, env=env, capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stderr
    assert "BYTESPIKE_API_KEY" in repo.read("make.py").decode()


def test_an_added_key_read_in_a_function_with_a_name_os_of_its_own_reads_the_module(repo: Repo):
    """`def ask(msg, os="linux")`: `os.environ[…]` written there read the string parameter (AttributeError before
    the request was sent). Those uses read the module through an alias; the others keep `os`."""
    client = "    client = OpenAI()\n    client.ask = lambda: client.models.list()\n"
    repo.write(
        "shadow.py",
        "from openai import OpenAI\n\n\ndef make(os='linux'):\n" + client + "    return client, os\n",
    )
    repo.write(
        "both.py",
        "import os\n\nfrom openai import OpenAI\n\n\ndef make(os='linux'):\n" + client + "    return client\n\n\n"
        "def plain():\n" + client + "    return client, os.sep\n",
    )
    _apply(repo)
    assert "import os as _os\n" in repo.read("shadow.py").decode()
    assert "import os\n" not in repo.read("shadow.py").decode()
    env = {**os.environ, "BYTESPIKE_API_KEY": "sk-byts-test", "PYTHONPATH": str(repo.path)}
    ran = subprocess.run(
        [
            sys.executable,
            "-c",
            "import shadow, both; print(shadow.make()[0].api_key, both.make().api_key, both.plain()[0].api_key)",
        ],
        cwd=repo.path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split() == ["sk-byts-test"] * 3
    done = run_cli("revert", ".", cwd=repo.path)
    assert done.code == 0, done.stderr
    assert repo.status() == ""


def test_a_function_that_carries_its_own_imports_gets_its_own_import_os(repo: Repo):
    """babyagi runs a registered function's source alone (`exec` of `inspect.getsource`): a key read added in
    a function that imports what it uses itself needs `os` bound there, not at the top of its module."""
    repo.write(
        "registry.py",
        "import inspect\n\nCODE = {}\n\n\ndef register(fn):\n    source = inspect.getsource(fn)\n"
        '    CODE[fn.__name__] = source[source.index("def ") :]\n    return fn\n\n\n'
        "def run(name, *args):\n    scope = {}\n    exec(CODE[name], scope)\n    return scope[name](*args)\n",
    )
    repo.write(
        "pack.py",
        "from registry import register\n\n\n@register\ndef make():\n    from openai import OpenAI\n\n"
        "    client = OpenAI()\n    client.ask = lambda: client.models.list()\n    return client\n",
    )
    repo.write(
        "local.py",
        "import os\n\n\ndef make():\n    from openai import OpenAI\n\n    client = OpenAI()\n"
        "    return client, os.getcwd(), lambda: client.models.list()\n",
    )
    _apply(repo)
    assert repo.read("pack.py").decode().startswith("from registry import register\n")  # none at the top
    assert repo.read("local.py").decode().count("import os") == 1  # the module's own serves it
    env = {**os.environ, "BYTESPIKE_API_KEY": "sk-byts-test", "PYTHONPATH": str(repo.path)}
    ran = subprocess.run(
        [sys.executable, "-c", "import pack, registry; print(registry.run('make').base_url)"],
        cwd=repo.path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert ran.stdout.strip() == "https://llm.bytespike.ai/v1/", ran.stderr


def test_the_module_client_configured_by_the_environment_is_configured_in_code(repo: Repo):
    repo.write(
        "app.py",
        'import openai\n\n\ndef ask():\n    return openai.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    _apply(repo)
    env = {**os.environ, "BYTESPIKE_API_KEY": "sk-byts-test", "PYTHONPATH": str(repo.path)}
    env.pop("OPENAI_BASE_URL", None)
    ran = subprocess.run(
        [sys.executable, "-c", "import app, openai; print(openai.base_url, openai.api_key)"],
        cwd=repo.path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert ran.stdout.split() == ["https://llm.bytespike.ai/v1/", "sk-byts-test"], ran.stderr
    assert 'model="gpt-5-4"' in repo.read("app.py").decode()
    assert run_cli("revert", ".", cwd=repo.path).code == 0
    assert repo.status() == ""


def test_a_framework_agent_on_the_assistants_api_stays_with_what_it_shares(repo: Repo):
    """AutoGen's GPTAssistantAgent uses OpenAI's Assistants API: a config list it shares stays with it."""
    repo.write(
        "agents.py",
        "import os\n\nfrom autogen import AssistantAgent\n"
        "from autogen.agentchat.contrib.gpt_assistant_agent import GPTAssistantAgent\n\n"
        'config_list = [{"model": "gpt-4o", "api_key": os.environ["OPENAI_API_KEY"]}]\n'
        'chat = AssistantAgent("chat", llm_config={"config_list": config_list})\n'
        'helper = GPTAssistantAgent("helper", llm_config={"config_list": config_list})\n',
    )
    output = _apply(repo)
    assert repo.status() == ""
    assert any("assistants API" in f["message"] for f in _findings(output, "client-kept-on-openai"))
    assert _findings(output, "model-shared")


def test_an_env_file_follows_the_code_of_its_folder(repo: Repo):
    """A sub-project where nothing moves keeps its env file; the one beside code that moves gets the key."""
    repo.write(
        "chat/app.py",
        "import os\n\nfrom openai import OpenAI\n\n"
        'client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n'
        'client.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    repo.write("chat/.env.example", "OPENAI_API_KEY=\n")
    repo.write(
        "search/index.py",
        'from openai import OpenAI\n\nOpenAI().embeddings.create(model="text-embedding-3-small", input="x")\n',
    )
    repo.write("search/.env.example", "OPENAI_API_KEY=\nOPENAI_BASE_URL=https://api.openai.com/v1\n")
    _apply(repo)
    assert repo.read("chat/.env.example") == b"BYTESPIKE_API_KEY=\n"
    assert repo.read("search/.env.example") == b"OPENAI_API_KEY=\nOPENAI_BASE_URL=https://api.openai.com/v1\n"


def test_a_request_that_passes_its_own_key_keeps_the_module_client(repo: Repo):
    repo.write(
        "img.py",
        "import openai\n\n\ndef draw(prompt, key):\n"
        '    return openai.Image.create(api_key=key, prompt=prompt, model="gpt-image-1")\n',
    )
    output = _apply(repo)
    assert repo.status() == ""
    assert any("passes its own api_key" in f["message"] for f in _findings(output, "client-kept-on-openai"))


def test_an_image_request_without_a_model_keeps_its_client(repo: Repo):
    """The SDK's default image model is OpenAI's own (dall-e-2): ByteSpike does not serve it."""
    repo.write("draw.py", 'from openai import OpenAI\n\nclient = OpenAI()\nclient.images.generate(prompt="a cat")\n')
    output = _apply(repo)
    assert repo.status() == ""
    assert any("default image model" in f["message"] for f in _findings(output, "client-kept-on-openai"))


def test_typescript_keeps_a_client_whose_requests_send_an_unmapped_id_as_python_does(repo: Repo):
    repo.write(
        "a.ts",
        'import OpenAI from "openai";\nconst openai = new OpenAI();\nconst MODEL = "gpt-4.1";\n'
        "export const ask = () => openai.chat.completions.create({ model: MODEL, messages: [] });\n",
    )
    repo.write(
        "b.ts",
        'import OpenAI from "openai";\nconst other = new OpenAI();\n'
        'export const b = () => other.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
    )
    output = _apply(repo)
    assert b"bytespike" not in repo.read("a.ts")
    assert "llm.bytespike.ai" in repo.read("b.ts").decode() and '"gpt-5-4"' in repo.read("b.ts").decode()
    assert any("'gpt-4.1'" in f["message"] for f in _findings(output, "client-kept-on-openai"))


def test_a_model_handed_to_code_the_tool_cannot_follow_stays(repo: Repo):
    """`agent.run(model=m)` on an agent with no model of its own: pydantic-ai's default provider, OpenAI."""
    repo.write(
        "a.py",
        'from pydantic_ai import Agent\n\nagent = Agent()\nmodels = [("openai:gpt-5-mini", "OPENAI_API_KEY")]\n\n\n'
        'async def main():\n    for m, _ in models:\n        await agent.run("hi", model=m)\n',
    )
    repo.write("b.py", 'from pydantic_ai import Agent\n\nchat = Agent("openai:gpt-4o")\n')
    output = _apply(repo)
    assert b'"openai:gpt-5-mini"' in repo.read("a.py")
    assert "gpt-5-4" in repo.read("b.py").decode()
    assert any("agent.run(" in f["message"] for f in _findings(output, "dynamic-model"))


def test_a_name_bound_to_two_clients_in_two_branches_is_two_clients(repo: Repo):
    repo.write(
        "batch.py",
        """from anthropic import Anthropic
from openai import OpenAI


def submit(provider, path):
    if provider == "anthropic":
        client = Anthropic()
        return client.messages.batches.create(requests=[])
    else:
        client = OpenAI()
        upload = client.files.create(file=open(path, "rb"), purpose="batch")
        return client.batches.create(input_file_id=upload.id, endpoint="/v1/chat/completions",
                                     completion_window="24h")


def chat(provider, text):
    if provider == "anthropic":
        client = Anthropic()
        return client.messages.create(model="claude-3-5-sonnet-20241022", max_tokens=10, messages=[])
    client = OpenAI()
    return client.chat.completions.create(model="gpt-4o", messages=[])
""",
    )
    output = _apply(repo)
    clients = [line.strip() for line in repo.read("batch.py").decode().splitlines() if "client = " in line]
    assert clients[0].startswith('client = Anthropic(base_url="https://llm.bytespike.ai"')  # its batches move
    assert clients[1] == "client = OpenAI()"  # Files and Batches: it stays
    assert "llm.bytespike.ai" in clients[2] and "llm.bytespike.ai/v1" in clients[3]
    unsupported = [(f["line"], f["message"]) for f in _findings(output, "unsupported-api")]
    assert [line for line, _ in unsupported] == [11, 12]  # each once, by the OpenAI run (lines before the edit)
    assert all("OpenAI client" in message for _, message in unsupported)


def test_a_call_either_binding_reaches_ties_them_together(repo: Repo):
    repo.write(
        "app.py",
        "from openai import OpenAI\n\n\ndef run(local):\n    if local:\n"
        '        client = OpenAI(base_url="http://localhost:8000/v1")\n    else:\n'
        "        client = OpenAI()\n"
        '    return client.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    _apply(repo)
    assert repo.status() == ""  # one request, two possible servers: nothing can move


def test_typescript_a_request_body_or_an_exported_parameter_is_an_unknown_model(repo: Repo):
    repo.write(
        "app/api/chat/route.ts",
        'import OpenAI from "openai";\n\nconst openai = new OpenAI();\n\n'
        "export async function POST(req: Request) {\n  const body = await req.json();\n"
        "  return openai.responses.create({ ...body });\n}\n",
    )
    repo.write(
        "lib.ts",
        'import OpenAI from "openai";\n\nconst client = new OpenAI();\n\n'
        "export async function sendLLMRequest(provider: string, model: string, message: string) {\n"
        '  return client.chat.completions.create({ model, messages: [{ role: "user", content: message }] });\n}\n',
    )
    repo.write(
        "chat.ts",
        'import OpenAI from "openai";\n\nconst chat = new OpenAI();\n'
        'export const ask = () => chat.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
    )
    output = _apply(repo)
    assert b"bytespike" not in repo.read("app/api/chat/route.ts") and b"bytespike" not in repo.read("lib.ts")
    assert "llm.bytespike.ai" in repo.read("chat.ts").decode()
    messages = " ".join(f["message"] for f in _findings(output, "client-kept-on-openai"))
    assert "the body of a request it receives" in messages and "the parameter `model` of `sendLLMRequest`" in messages


def test_typescript_an_object_that_names_openai_endpoint_keeps_its_model(repo: Repo):
    repo.write(
        "config.ts",
        'export const settings = { baseURL: "https://api.openai.com/v1", '
        'apiKey: process.env.OPENAI_API_KEY, model: "gpt-5-mini" };\n',
    )
    repo.write(
        "chat.ts",
        'import OpenAI from "openai";\n\nconst chat = new OpenAI();\n'
        'export const ask = () => chat.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
    )
    _apply(repo)
    assert b'"gpt-5-mini"' in repo.read("config.ts")
    assert "llm.bytespike.ai" in repo.read("chat.ts").decode()


def test_typescript_a_union_type_is_a_use_that_lists_both_ids_when_values_part(repo: Repo):
    """A kept Assistants call and a chat call share the id "gpt-4o" through a union type only: the chat client
    moves, and the type lists both ids so that every value still type-checks."""
    repo.write("types.ts", 'export type ChatModel = "gpt-4o" | "gpt-4o-mini";\n')
    repo.write(
        "kb.ts",
        'import OpenAI from "openai";\nimport type { ChatModel } from "./types";\n'
        'const kb = new OpenAI();\nconst m: ChatModel = "gpt-4o";\n'
        "export const assistant = () => kb.beta.assistants.create({ model: m });\n",
    )
    repo.write(
        "chat.ts",
        'import OpenAI from "openai";\nimport type { ChatModel } from "./types";\n'
        'const chat = new OpenAI();\nconst m: ChatModel = "gpt-4o";\n'
        "export const ask = () => chat.chat.completions.create({ model: m, messages: [] });\n",
    )
    _apply(repo)
    assert repo.read("types.ts") == b'export type ChatModel = "gpt-4o" | "gpt-5-4" | "gpt-4o-mini";\n'
    assert "llm.bytespike.ai" in repo.read("chat.ts").decode() and '"gpt-5-4"' in repo.read("chat.ts").decode()
    assert b"bytespike" not in repo.read("kb.ts")


def test_revert_without_a_record_changes_only_what_is_bytespikes(repo: Repo):
    """Code that never moved (an Anthropic client on Anthropic's current ids) keeps its ids; a constants module
    imported by a ByteSpike client goes back with it."""
    repo.write(
        "claude.py",
        "import anthropic\n\nc = anthropic.Anthropic()\n"
        'c.messages.create(model="claude-sonnet-4-6", max_tokens=5, messages=[])\n',
    )
    repo.write("app/__init__.py", "")
    repo.write("app/models.py", 'MODEL = "gpt-5-4"\n')
    repo.write(
        "app/chat.py",
        "import os\n\nfrom openai import OpenAI\n\nfrom app.models import MODEL\n\n"
        'c = OpenAI(base_url="https://llm.bytespike.ai/v1", api_key=os.environ["BYTESPIKE_API_KEY"])\n'
        "c.chat.completions.create(model=MODEL, messages=[])\n",
    )
    repo.commit()
    done = run_cli("revert", ".", cwd=repo.path)
    assert done.code == 0, done.stderr
    assert b"claude-sonnet-4-6" in repo.read("claude.py")
    assert repo.read("app/models.py") == b'MODEL = "gpt-4o"\n'
    assert b"OPENAI_API_KEY" in repo.read("app/chat.py")


def test_a_configuration_file_read_by_code_follows_what_reads_it(repo: Repo):
    repo.write(
        "app.py",
        'import json\n\nfrom openai import OpenAI\n\nwith open("models.json") as handle:\n'
        '    MODELS = json.load(handle)\n\nkb = OpenAI()\nkb.files.create(file=b"", purpose="assistants")\n'
        'kb.responses.create(model=MODELS["default"], input="x", tools=[{"type": "file_search"}])\n',
    )
    repo.write("models.json", '{"default": "gpt-4o"}\n')
    repo.write("presets.json", '{"default": "gpt-4o"}\n')  # read by no code: an orphan, it moves
    repo.write("chat.py", 'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o", messages=[])\n')
    _apply(repo)
    assert repo.read("models.json") == b'{"default": "gpt-4o"}\n'
    assert repo.read("presets.json") == b'{"default": "gpt-5-4"}\n'
    assert "gpt-5-4" in repo.read("chat.py").decode()


def test_orphans_stay_while_requests_whose_model_cannot_be_followed_stay(repo: Repo):
    """A library: its requests take the model its callers give, and its clients stay for their own reasons;
    its default model constant reaches no request the tool can follow: it could be theirs."""
    repo.write("lib/provider.py", 'DEFAULT_MODEL = "gpt-4o"\n')
    repo.write(
        "lib/session.py",
        "from openai import AsyncOpenAI\n\n\nasync def start(client=None):\n"
        "    client = client or AsyncOpenAI()\n    return await client.conversations.create(items=[])\n",
    )
    repo.write(
        "lib/model.py",
        "from openai import AsyncOpenAI\n\n\nclass Model:\n"
        "    def __init__(self, model: str, client: AsyncOpenAI):\n"
        "        self.model, self.client = model, client\n\n"
        "    async def get(self, text):\n"
        "        return await self.client.responses.create(model=self.model, input=text)\n",
    )
    repo.write(
        "tools/chat.py",
        'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4o-mini", messages=[])\n',
    )
    output = _apply(repo)
    assert "llm.bytespike.ai" in repo.read("tools/chat.py").decode()  # a client of its own, with its own model
    assert repo.read("lib/provider.py") == b'DEFAULT_MODEL = "gpt-4o"\n'
    assert b"bytespike" not in repo.read("lib/session.py")
    assert any(
        f["path"] == "lib/session.py" and "conversations" in f["message"]
        for f in _findings(output, "client-kept-on-openai")
    )
    assert any(f["path"] == "lib/provider.py" for f in _findings(output, "dynamic-model"))


def test_a_second_apply_leaves_another_providers_env_variables_alone(repo: Repo):
    """The OpenAI client moved in the first apply: the Anthropic run of the second finds code that reads the
    ByteSpike key, but none of its own moved, so ANTHROPIC_API_KEY stays as it is."""
    repo.write("app.py", "import openai\n\n\ndef make():\n    return openai.OpenAI()\n")
    repo.write(".env", "ANTHROPIC_API_KEY=\n")
    _apply(repo)
    assert repo.read(".env") == b"ANTHROPIC_API_KEY=\n"
    repo.commit("migrated")
    again = run_cli("apply", ".", "--format", "json", cwd=repo.path)
    assert again.json()["summary"]["files_changed"] == 0
    assert repo.read(".env") == b"ANTHROPIC_API_KEY=\n"


def test_a_compose_file_hands_the_bytespike_key_on_only_to_code_of_its_own_that_moved(repo: Repo):
    repo.write(
        "chat/app.py", 'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4o", messages=[])\n'
    )
    repo.write(
        "search/index.py",
        'from openai import OpenAI\n\nOpenAI().embeddings.create(model="text-embedding-3-small", input="x")\n',
    )
    compose = "services:\n  search:\n    build: .\n    environment:\n      OPENAI_API_KEY: ${OPENAI_API_KEY}\n"
    repo.write("search/docker-compose.yml", compose)
    repo.write(
        ".github/workflows/ci.yml",
        "jobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n"
        "      OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n    steps:\n      - run: pytest\n",
    )
    _apply(repo)
    assert repo.read("search/docker-compose.yml").decode() == compose
    assert "BYTESPIKE_API_KEY" in repo.read(".github/workflows/ci.yml").decode()  # the workflow runs chat/ too


def test_a_request_that_sets_its_own_key_with_options_keeps_its_client(repo: Repo):
    repo.write(
        "app.py",
        'import os\n\nfrom openai import OpenAI\n\nclient = OpenAI()\nKEY = os.environ["TEAM_OPENAI_KEY"]\n\n\n'
        'def ask():\n    return client.with_options(api_key=KEY).chat.completions.create(model="gpt-4o", '
        "messages=[])\n",
    )
    output = _apply(repo)
    assert repo.status() == ""
    assert any("passes its own api_key" in f["message"] for f in _findings(output, "client-kept-on-openai"))


def test_typescript_requests_that_need_stored_objects_keep_their_clients(repo: Repo):
    """A hosted tool (`file_search`, the AI SDK's `tools.fileSearch`) or a stored file in the content keeps
    the request's client on OpenAI, as in Python; a client that only chats moves."""
    repo.write(
        "search.ts",
        'import OpenAI from "openai";\nconst client = new OpenAI();\n'
        "export async function ask(q: string) {\n"
        '  return client.responses.create({ model: "gpt-4o", input: q,\n'
        '    tools: [{ type: "file_search", vector_store_ids: ["vs_1"] }] });\n}\n',
    )
    repo.write(
        "file.ts",
        'import OpenAI from "openai";\nconst reader = new OpenAI();\n'
        "export async function read(id: string) {\n"
        '  return reader.responses.create({ model: "gpt-4o",\n'
        '    input: [{ role: "user", content: [{ type: "input_file", file_id: id }] }] });\n}\n',
    )
    repo.write(
        "sdk.ts",
        'import { createOpenAI } from "@ai-sdk/openai";\nimport { generateText } from "ai";\n'
        "const oa = createOpenAI({ apiKey: process.env.OPENAI_API_KEY });\n"
        "export async function go() {\n"
        '  return generateText({ model: oa.responses("gpt-4o"), prompt: "x",\n'
        '    tools: { file_search: oa.tools.fileSearch({ vectorStoreIds: ["v"] }) } });\n}\n',
    )
    repo.write(
        "chat.ts",
        'import OpenAI from "openai";\nconst chat = new OpenAI();\n'
        "export async function hi() {\n"
        '  return chat.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] });\n}\n',
    )
    output = _apply(repo)
    assert _modified(repo) == ["chat.ts"]
    unsupported = {f["path"]: f["message"] for f in _findings(output, "unsupported-api")}
    assert "file_search tool works on objects stored on OpenAI" in unsupported["search.ts"]
    assert "refers to a file stored on OpenAI" in unsupported["file.ts"]
    assert "tools.fileSearch" in unsupported["sdk.ts"]


def test_a_data_file_imported_by_typescript_follows_the_clients_that_read_it(repo: Repo):
    """`import models from "./models.json"`: the file's ids stay while the client reading them stays, and
    move with it when it moves."""
    repo.write("kept/models.json", '{"chat": "gpt-4o"}\n')
    repo.write(
        "kept/app.ts",
        'import { createOpenAI } from "@ai-sdk/openai";\nimport { generateText } from "ai";\n'
        'import models from "./models.json";\n'
        "const oa = createOpenAI({ apiKey: process.env.OPENAI_API_KEY });\n"
        "export async function go() {\n"
        '  return generateText({ model: oa.responses(models.chat), prompt: "x",\n'
        "    tools: { file_search: oa.tools.fileSearch({}) } });\n}\n",
    )
    repo.write("moved/models.json", '{"chat": "gpt-4o-mini"}\n')
    repo.write(
        "moved/app.ts",
        'import OpenAI from "openai";\nimport models from "./models.json";\nconst client = new OpenAI();\n'
        "export async function go() {\n"
        '  return client.chat.completions.create({ model: models.chat, messages: [{ role: "user", content: "x" }] });\n'
        "}\n",
    )
    _apply(repo)
    assert repo.read("kept/models.json") == b'{"chat": "gpt-4o"}\n'
    assert b"OPENAI_API_KEY" in repo.read("kept/app.ts")
    assert repo.read("moved/models.json") == b'{"chat": "gpt-5-4-mini"}\n'
    assert b"llm.bytespike.ai" in repo.read("moved/app.ts")


def test_hosted_tools_built_by_code_keep_their_requests_clients(repo: Repo):
    """`tools=TOOLS`, `tools: getTools()` (in an imported module): the hosted tool is where the tools are
    built; function tools alone move."""
    repo.write(
        "search.py",
        'from openai import OpenAI\n\nclient = OpenAI()\nTOOLS = [{"type": "file_search", "vector_store_ids": ["vs_1"]}]\n\n\n'
        'def ask(q):\n    return client.responses.create(model="gpt-4o", input=q, tools=TOOLS)\n',
    )
    repo.write(
        "functions.py",
        'from openai import OpenAI\n\nclient = OpenAI()\nTOOLS = [{"type": "function", "name": "f", "parameters": {}}]\n\n\n'
        'def ask(q):\n    return client.responses.create(model="gpt-4o", input=q, tools=TOOLS)\n',
    )
    repo.write(
        "lib/tools.ts",
        'export function getTools(id: string) {\n  return [{ type: "file_search", vector_store_ids: [id] }];\n}\n',
    )
    repo.write(
        "app/route.ts",
        'import OpenAI from "openai";\nimport { getTools } from "../lib/tools";\nconst openai = new OpenAI();\n'
        "export async function POST(q: string) {\n"
        '  return openai.responses.create({ model: "gpt-4o", input: q, tools: getTools("vs") });\n}\n',
    )
    repo.write(
        "app/chat.ts",
        'import OpenAI from "openai";\nconst fns = [{ type: "function", name: "g" }];\nconst chat = new OpenAI();\n'
        "export async function hi(q: string) {\n"
        '  return chat.responses.create({ model: "gpt-4o", input: q, tools: fns });\n}\n',
    )
    output = _apply(repo)
    changed = _modified(repo)
    assert changed == ["app/chat.ts", "functions.py"]
    kept = {f["path"]: f["message"] for f in _findings(output, "client-kept-on-openai")}
    assert "responses.create with its file_search tool (line 8)" in kept["search.py"]
    assert "responses.create with its file_search tool (line 5)" in kept["app/route.ts"]


def test_library_modules_share_the_module_client_whatever_they_import(repo: Repo):
    """`llm.py` chats through the openai module, `embed.py` embeds through it; they import nothing of each
    other, but a program imports both (`import llm, embed`) and then they are one client: it stays."""
    repo.write(
        "llm.py",
        'import openai\n\n\ndef chat(messages):\n    return openai.chat.completions.create(model="gpt-4o", messages=messages)\n',
    )
    repo.write(
        "embed.py",
        "import openai\n\n\ndef embed(text):\n"
        '    return openai.embeddings.create(input=text, model="text-embedding-3-small")\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    kept = [f["message"] for f in _findings(output, "client-kept-on-openai") if f["path"] == "llm.py"]
    assert kept and "embeddings.create (embed.py:5)" in kept[0]


def test_a_module_client_whose_key_the_tool_cannot_give_stays_whole(repo: Repo):
    """`openai.api_key = api_key` from a parameter: the endpoint alone must not move."""
    repo.write(
        "llm.py",
        "import os\nimport openai\n\n\nclass Llm:\n"
        '    def __init__(self, api_key, model="gpt-4o"):\n        self.model = model\n        openai.api_key = api_key\n\n'
        "    def chat(self, messages):\n"
        "        return openai.chat.completions.create(model=self.model, messages=messages)\n\n\n"
        'def make():\n    return Llm(api_key=os.environ["OPENAI_API_KEY"])\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    assert any("dynamic key" in f["message"] for f in _findings(output, "client-kept-on-openai"))


def test_a_table_looked_up_by_the_model_keeps_its_keys_consistent_with_it(repo: Repo):
    """`PALM_FOR[model]` hands the table's value to another library; its key is a use of `model` and moves
    with it (else the lookup raises KeyError)."""
    repo.write(
        "app.py",
        "from openai import OpenAI\n\nimport other\n\nclient = OpenAI()\n"
        'PALM_FOR = {"gpt-4o-mini": "models/text-bison-001"}\n\n\n'
        'def ask(q, model="gpt-4o-mini"):\n'
        '    r = client.chat.completions.create(model=model, messages=[{"role": "user", "content": q}])\n'
        "    return r, other.generate_text(model=PALM_FOR[model], prompt=q)\n",
    )
    _apply(repo)
    text = repo.read("app.py").decode()
    assert 'PALM_FOR = {"gpt-5-4-mini": "models/text-bison-001"}' in text
    assert 'def ask(q, model="gpt-5-4-mini")' in text


def test_a_table_read_with_get_by_a_kept_model_keeps_its_keys(repo: Repo):
    """`MAX_TOKENS.get(model, 1024)` is a lookup as `MAX_TOKENS[model]` is: where the model stays (its client
    takes a key the tool cannot follow) while another client moves, the table's key stays with it, or the
    kept request falls back to the default."""
    repo.write(
        "mover.py",
        'from openai import OpenAI\n\nprint(OpenAI().chat.completions.create(model="gpt-4o", messages=[]))\n',
    )
    stayer = (
        "import sys\n\nfrom openai import OpenAI\n\n"
        'MAX_TOKENS = {"gpt-4o-mini": 16000}\n\n\n'
        "def run(model, key):\n"
        "    client = OpenAI(api_key=key)\n"
        "    return client.chat.completions.create(model=model, max_tokens=MAX_TOKENS.get(model, 256), messages=[])\n\n\n"
        'print(run("gpt-4o-mini", sys.argv[1]))\n'
    )
    repo.write("stayer.py", stayer)
    repo.commit()
    _apply(repo)
    assert _modified(repo) == ["mover.py"]


def test_a_model_looked_up_in_a_table_whose_keys_would_collide_keeps_its_client(repo: Repo):
    """`PRICE[model]` with keys "gpt-4o-mini" and "gpt-5-mini", which both map to gpt-5-4-mini: the keys stay as they
    are, so a moved model would miss its entry (KeyError once the request has gone to ByteSpike); the client stays,
    said. A table that already holds the ByteSpike id's entry serves the moved model."""
    code = (
        "from openai import OpenAI\n\nclient = OpenAI()\nPRICE = {TABLE}\n\n\n"
        "def cheap(q):\n"
        '    model = "gpt-4o-mini"\n'
        "    r = client.chat.completions.create(model=model, messages=[])\n"
        "    return r, PRICE[model]\n"
    )
    repo.write("app.py", code.replace("TABLE", '{"gpt-4o-mini": 0.15, "gpt-5-mini": 0.25}'))
    repo.write("served.py", code.replace("TABLE", '{"gpt-4o-mini": 0.15, "gpt-5-4-mini": 0.25}'))
    output = _apply(repo)
    assert _modified(repo) == ["served.py"]
    (kept,) = [f["message"] for f in _findings(output, "client-kept-on-openai")]
    assert "looked up in a table whose keys would collide once mapped ('gpt-4o-mini', app.py:4)" in kept


def test_content_that_a_helper_builds_from_a_stored_file_keeps_its_request(repo: Repo):
    """`content=[file_part(file_id)]` where `file_part` returns `{"type": "input_file", "file_id": …}`: the request
    needs a file stored on OpenAI, as when the dict is written in place (it moved to a ByteSpike client split
    off beside the uploader, without its file)."""
    repo.write(
        "pdf.py",
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\n"
        "def upload(fh):\n    return client.files.create(file=fh, purpose='user_data').id\n\n\n"
        "def file_part(file_id):\n    return {'type': 'input_file', 'file_id': file_id}\n\n\n"
        "def ask(file_id):\n"
        "    return client.responses.create(model='gpt-4o', input=[{'role': 'user', 'content': [file_part(file_id)]}])\n",
    )
    output = _apply(repo)
    assert _modified(repo) == []
    assert any("refers to a file stored on OpenAI" in f["message"] for f in _findings(output, "unsupported-api"))


def test_a_lookup_of_one_model_is_said_unverified_in_both_languages(repo: Repo):
    """`client.models.retrieve(model)` (GET /v1/models/{id}): ByteSpike documents its model list only; a program
    that checks its model this way and falls back on an error would fall back silently (gpt-engineer)."""
    repo.write(
        "check.py",
        "from openai import OpenAI\n\nclient = OpenAI()\nclient.models.retrieve('gpt-4o')\n"
        "client.chat.completions.create(model='gpt-4o', messages=[])\n",
    )
    repo.write(
        "check.ts",
        'import OpenAI from "openai";\nconst client = new OpenAI();\nawait client.models.retrieve("gpt-4o");\n'
        'await client.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
    )
    output = _apply(repo)
    said = sorted(
        f["path"] for f in _findings(output, "unverified-api") if "model-lookup (models.retrieve)" in f["message"]
    )
    assert said == ["check.py", "check.ts"]


def test_typescript_a_moved_clients_key_read_does_not_fall_back_to_the_providers(repo: Repo):
    """`apiKey: process.env.BYTESPIKE_API_KEY` is undefined where the variable is unset, and openai-node (the AI SDK,
    Anthropic's SDK) then reads OPENAI_API_KEY itself: the OpenAI key went to ByteSpike (shown against a fake
    server). The key the tool writes, or renames where it is read in place, is `?? ""` there."""
    repo.write(
        "a.ts",
        'import OpenAI from "openai";\nconst a = new OpenAI();\n'
        "const b = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n"
        'export const one = () => a.chat.completions.create({ model: "gpt-4o", messages: [] });\n'
        'export const two = () => b.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
    )
    _apply(repo)
    text = repo.read("a.ts").decode()
    assert (
        'const a = new OpenAI({ baseURL: "https://llm.bytespike.ai/v1", apiKey: process.env.BYTESPIKE_API_KEY ?? "" });'
        in text
    )
    assert 'new OpenAI({ apiKey: process.env.BYTESPIKE_API_KEY ?? "", baseURL: "https://llm.bytespike.ai/v1" })' in text


def test_a_model_a_function_sets_through_global_is_the_modules(repo: Repo):
    """`def pick(): global MODEL; MODEL = "gpt-4o"` rebinds the module's MODEL, which a request of a client that stays
    sends: the id stays with it (it was taken for a local of `pick`, an orphan mapped when another client moved, and
    OpenAI got gpt-5-4)."""
    repo.write(
        "app.py",
        "import sys\n\nfrom openai import OpenAI\n\nMODEL = 'unset'\n\n\ndef pick():\n    global MODEL\n"
        "    MODEL = 'gpt-4o'\n\n\npick()\nclient = OpenAI(api_key=sys.argv[1])\n"
        "client.chat.completions.create(model=MODEL, messages=[])\n",
    )
    repo.write(
        "other.py", "from openai import OpenAI\n\nOpenAI().chat.completions.create(model='gpt-4o-mini', messages=[])\n"
    )
    _apply(repo)
    assert _modified(repo) == ["other.py"]


def test_a_function_of_any_name_that_sets_the_variable_it_is_given_gets_its_twin(repo: Repo):
    """`_set_if_undefined("OPENAI_API_KEY")`, `_get_pass(…)` (langgraph's tutorials) set `os.environ[var]` as
    `_set_env` does: the moved client reads BYTESPIKE_API_KEY, which only a twin asks for (it raised KeyError)."""
    repo.write(
        "app.py",
        "import getpass\nimport os\n\nfrom langchain_openai import ChatOpenAI\n\n\n"
        "def _set_if_undefined(var):\n    if not os.environ.get(var):\n        os.environ[var] = getpass.getpass(var)\n\n\n"
        '_set_if_undefined("OPENAI_API_KEY")\nllm = ChatOpenAI(model="gpt-4o")\n',
    )
    _apply(repo)
    text = repo.read("app.py").decode()
    # Nothing else reads OPENAI_API_KEY: the prompt asks for the ByteSpike key instead (it asked for both).
    assert '_set_if_undefined("BYTESPIKE_API_KEY")\nllm = ' in text and "OPENAI_API_KEY" not in text

    # Beside a client that stays and reads it, the prompt for it stays and the ByteSpike one is added.
    done = run_cli("revert", ".", cwd=repo.path)
    assert done.code == 0, done.stderr
    repo.write(
        "embed.py",
        'from openai import OpenAI\n\nOpenAI().embeddings.create(model="text-embedding-3-small", input="x")\n',
    )
    _apply(repo)
    text = repo.read("app.py").decode()
    assert '_set_if_undefined("OPENAI_API_KEY")\n_set_if_undefined("BYTESPIKE_API_KEY")\n' in text


def test_an_agents_sdk_agent_keeps_the_key_its_default_provider_reads(repo: Repo):
    """The OpenAI Agents SDK's `Agent(model="gpt-4o-mini")` reaches OpenAI through its default provider, which reads
    OPENAI_API_KEY: beside a client that moves, the env file's key stays and gains the ByteSpike twin (it was
    renamed, and the agent failed with "Missing credentials"). A repository's own `agents/` package is not it."""
    repo.write(".env", "OPENAI_API_KEY=sk-test\n")
    repo.write(
        "app.py",
        "from agents import Agent, Runner\nfrom openai import OpenAI\n\nclient = OpenAI()\n"
        'client.chat.completions.create(model="gpt-4o", messages=[])\n'
        'agent = Agent(name="d", model="gpt-4o-mini")\nRunner.run_sync(agent, "hi")\n',
    )
    output = _apply(repo)
    assert repo.read(".env") == b"OPENAI_API_KEY=sk-test\nBYTESPIKE_API_KEY=sk-byts-...\n"
    assert 'model="gpt-4o-mini"' in repo.read("app.py").decode()
    assert any("agents.Agent reaches OpenAI" in f["message"] for f in _findings(output, "client-kept-on-openai"))


def test_a_method_of_another_packages_object_is_not_the_repositorys_method_of_that_name(repo: Repo):
    """`OpenAIProvider().get_model(MODEL_NAME)` (the Agents SDK's) calls no `get_model` of the repository: the id
    did not flow into `Helper.get_model`'s request, which moved, so it was mapped while the provider's request
    stayed on OpenAI (OpenAI got gpt-5-4)."""
    repo.write(
        "main.py",
        "from agents.models.openai_provider import OpenAIProvider\n\nMODEL_NAME = 'gpt-4o'\n\n\n"
        "def build():\n    return OpenAIProvider().get_model(MODEL_NAME)\n",
    )
    repo.write(
        "mine.py",
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\nclass Helper:\n    def get_model(self, name):\n"
        "        return client.chat.completions.create(model=name, messages=[])\n\n\n"
        "Helper().get_model('gpt-4o-mini')\n",
    )
    _apply(repo)
    assert "MODEL_NAME = 'gpt-4o'" in repo.read("main.py").decode()


def test_a_request_that_continues_a_stored_response_is_said_unverified_in_both_languages(repo: Repo):
    """`previous_response_id` relies on a response stored server-side, which ByteSpike does not document keeping:
    Python said so, TypeScript moved the request silently."""
    repo.write(
        "chat.py",
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef nxt(q, prev):\n"
        "    return client.responses.create(model='gpt-4o', input=q, previous_response_id=prev)\n",
    )
    repo.write(
        "chat.ts",
        'import OpenAI from "openai";\nconst client = new OpenAI();\n'
        "export const nxt = (q: string, prev: string) =>\n"
        '  client.responses.create({ model: "gpt-4o", input: q, previous_response_id: prev });\n',
    )
    repo.write(
        "sdk.ts",
        'import { generateText } from "ai";\nimport { createOpenAI } from "@ai-sdk/openai";\n'
        "const openai = createOpenAI({ apiKey: process.env.OPENAI_API_KEY });\n"
        'export const nxt = (prev: string) =>\n  generateText({ model: openai.responses("gpt-4o"), prompt: "go on", '
        "providerOptions: { openai: { previousResponseId: prev } } });\n",
    )
    output = _apply(repo)
    said = sorted(f["path"] for f in _findings(output, "unverified-api") if "previous_response_id" in f["message"])
    assert said == ["chat.py", "chat.ts"]
    # The AI SDK's way to it (`providerOptions.openai.previousResponseId`) was moved silently.
    (ai_sdk,) = [f for f in _findings(output, "unverified-api") if f["path"] == "sdk.ts"]
    assert "`providerOptions.openai.previousResponseId` needs a response stored on the server" in ai_sdk["message"]


def test_typescript_ids_no_request_takes_stay_where_no_client_moves(repo: Repo):
    """As in Python: a front end's list of ids, posted to a backend the tool cannot see, stays when no client
    of the repository moves."""
    repo.write("gui/AgentCreate.js", "export const models = ['gpt-4o', 'gpt-4o-mini'];\n")
    output = _apply(repo)
    assert repo.read("gui/AgentCreate.js") == b"export const models = ['gpt-4o', 'gpt-4o-mini'];\n"
    (said,) = _findings(output, "dynamic-model")  # one per file, naming the ids, as Python's orphans
    assert "model ids 'gpt-4o' (line 1), 'gpt-4o-mini' (line 1) left as they are" in said["message"]


def test_a_typescript_type_of_ids_follows_the_keys_no_value_names(repo: Repo):
    """`type OpenAIModel = "gpt-4o" | "gpt-4o-mini"` keys `LABELS: Record<OpenAIModel, string>`; only gpt-4o-mini is sent,
    by a client that moves. The key gpt-4o, which no value names, moved with the orphans while its type member
    stayed: the build failed (TS2353). The type follows its keys."""
    repo.write(
        "types.ts",
        'export type OpenAIModel = "gpt-4o" | "gpt-4o-mini";\n\n'
        'export const LABELS: Record<OpenAIModel, string> = {\n  "gpt-4o": "GPT-4o",\n  "gpt-4o-mini": "GPT-4o mini",\n};\n',
    )
    repo.write(
        "title.ts",
        'import OpenAI from "openai";\nconst client = new OpenAI();\n'
        'export const title = () => client.chat.completions.create({ model: "gpt-4o-mini", messages: [] });\n',
    )
    _apply(repo)
    text = repo.read("types.ts").decode()
    assert 'export type OpenAIModel = "gpt-5-4" | "gpt-5-4-mini";' in text
    assert '  "gpt-5-4": "GPT-4o",\n  "gpt-5-4-mini": "GPT-4o mini",' in text


def test_a_typescript_table_keyed_by_ids_gains_the_key_where_the_ids_part(repo: Repo):
    """`Record<ModelName, number>` keyed by ids: where one id moves with one client and stays with another,
    the union lists both and the table gains the ByteSpike key beside the kept one (the program still
    type-checks and finds its entry); an id that only moves is renamed."""
    repo.write(
        "models.ts",
        'export type ModelName = "gpt-4o" | "gpt-4o-mini";\n'
        'export const MAX_TOKENS: Record<ModelName, number> = {\n  "gpt-4o": 4000,\n  "gpt-4o-mini": 16000,\n};\n',
    )
    repo.write(
        "chat.ts",
        'import OpenAI from "openai";\nimport { MAX_TOKENS, type ModelName } from "./models";\n'
        "const client = new OpenAI();\n"
        'export async function chat() {\n  const model: ModelName = "gpt-4o-mini";\n'
        "  return client.chat.completions.create({ model, max_tokens: MAX_TOKENS[model], messages: [] });\n}\n"
        'export async function big() {\n  const model: ModelName = "gpt-4o";\n'
        "  return client.chat.completions.create({ model, max_tokens: MAX_TOKENS[model], messages: [] });\n}\n",
    )
    repo.write(
        "namer.ts",
        'import OpenAI from "openai";\nimport { settings } from "./settings";\n'
        "const other = new OpenAI({ apiKey: settings.key });\n"
        'export async function name() {\n  return other.chat.completions.create({ model: "gpt-4o", messages: [] });\n}\n',
    )
    repo.write("settings.ts", "export const settings = { key: process.env.MY_KEY as string };\n")
    _apply(repo)
    assert repo.read("models.ts").decode() == (
        'export type ModelName = "gpt-4o" | "gpt-5-4" | "gpt-5-4-mini";\n'
        "export const MAX_TOKENS: Record<ModelName, number> = {\n"
        '  "gpt-4o": 4000,\n  "gpt-5-4": 4000,\n  "gpt-5-4-mini": 16000,\n};\n'
    )


def test_a_makefile_that_sets_the_openai_key_for_moved_code_is_reported(repo: Repo):
    """`OPENAI_API_KEY=placeholder pytest` in a Makefile no rule edits: the code it runs now reads the
    ByteSpike key, which the command does not set; a Makefile of a sub-project where nothing moved is quiet."""
    repo.write(
        "app/llm.py",
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef ask(q):\n"
        '    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}])\n',
    )
    repo.write("app/Makefile", 'test:\n\tOPENAI_API_KEY=placeholder python -c "import llm"\n')
    repo.write(
        "tools/embed.py",
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef embed(t):\n"
        '    return client.embeddings.create(input=t, model="text-embedding-3-small")\n',
    )
    repo.write("tools/Makefile", 'test:\n\texport OPENAI_API_KEY=placeholder; python -c "import embed"\n')
    output = _apply(repo)
    said = [(f["path"], f["line"]) for f in _findings(output, "dynamic-config") if "Makefile" in f["path"]]
    assert said == [("app/Makefile", 2)]


def test_hosted_tools_built_in_another_python_module_keep_their_requests_clients(repo: Repo):
    """`from app.tools import TOOLS, get_tools`: the hosted tool is built in a module that names no SDK."""
    repo.write("app/__init__.py", "")
    repo.write(
        "app/tools.py",
        'def get_tools(store):\n    return [{"type": "file_search", "vector_store_ids": [store]}]\n\n\n'
        'TOOLS = [{"type": "code_interpreter", "container": {"type": "auto"}}]\n'
        'FUNCS = [{"type": "function", "name": "f", "parameters": {}}]\n',
    )
    repo.write(
        "app/route.py",
        "from openai import OpenAI\n\nfrom app.tools import FUNCS, TOOLS, get_tools\n\n"
        "client = OpenAI()\nother = OpenAI()\nchat = OpenAI()\n\n\n"
        'def ask(q):\n    return client.responses.create(model="gpt-4o", input=q, tools=get_tools("vs"))\n\n\n'
        'def run(q):\n    return other.responses.create(model="gpt-4o", input=q, tools=TOOLS)\n\n\n'
        'def hi(q):\n    return chat.responses.create(model="gpt-4o", input=q, tools=FUNCS)\n',
    )
    output = _apply(repo)
    text = repo.read("app/route.py").decode()
    assert "client = OpenAI()\nother = OpenAI()\nchat = OpenAI(base_url=" in text
    assert 'other.responses.create(model="gpt-4o"' in text and 'chat.responses.create(model="gpt-5-4"' in text
    said = sorted((f["line"], f["message"].split(":")[0]) for f in _findings(output, "unsupported-api"))
    assert said == [(11, "vector-stores"), (15, "containers")]


def test_a_request_that_may_send_another_providers_model_stays(repo: Repo):
    """`init_chat_model(model=MODELS["gemini"])` where the table holds "google_genai:…": that request goes to
    Google, whatever the OpenAI ids beside it; so does a dataclass field filled by a constructor's keyword."""
    repo.write(
        "table.py",
        "from langchain.chat_models import init_chat_model\n\n"
        'MODELS = {"gemini": "google_genai:gemini-2.5-flash", "nano": "openai:gpt-4o-mini"}\n'
        'llm = init_chat_model(model=MODELS["gemini"])\n',
    )
    repo.write(
        "fields.py",
        "from dataclasses import dataclass\n\nfrom langchain.chat_models import init_chat_model\n\n\n"
        "@dataclass\nclass ModelConfig:\n    id: str\n\n\n"
        'GEMINI = ModelConfig(id="google_genai:gemini-2.5-flash")\nNANO = ModelConfig(id="openai:gpt-4o")\n\n'
        "llm = init_chat_model(model=GEMINI.id)\n",
    )
    output = _apply(repo)
    assert _modified(repo) == []
    kept = sorted(f["path"] for f in _findings(output, "client-kept-on-openai") if "another provider's" in f["message"])
    assert kept == ["fields.py", "table.py"]


def test_langchain_given_a_model_from_elsewhere_keeps_reading_the_prefix(repo: Repo):
    """`init_chat_model(model=model)` fed "openai:gpt-4o": no `model_provider="openai"` is added (with it,
    LangChain would send "openai:gpt-5-4" to ByteSpike as is)."""
    repo.write(
        "app.py",
        "from langchain.chat_models import init_chat_model\n\n\n"
        'def make(model):\n    return init_chat_model(model=model)\n\n\nb = make("openai:gpt-4o")\n',
    )
    _apply(repo)
    text = repo.read("app.py").decode()
    assert 'init_chat_model(model=model, base_url="https://llm.bytespike.ai/v1", api_key=os.environ[' in text
    assert "model_provider" not in text and 'make("openai:gpt-5-4")' in text


def test_a_default_that_callers_outside_may_override_is_said_when_it_moves(repo: Repo):
    """`--grader-model` and a public function's `model="gpt-4o"` move with their requests; whoever passes a model
    there from outside (a shell script, an importer) must now pass a ByteSpike id: an info finding says so."""
    repo.write(
        "bench.py",
        "import argparse\n\nfrom openai import OpenAI\n\nparser = argparse.ArgumentParser()\n"
        'parser.add_argument("--grader-model", default="gpt-4o")\nargs = parser.parse_args()\n'
        'OpenAI().chat.completions.create(model=args.grader_model, messages=[{"role": "user", "content": "x"}])\n',
    )
    repo.write(
        "util.py",
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\n"
        'def llm_call(prompt, model="gpt-4o"):\n'
        '    return client.chat.completions.create(model=model, messages=[{"role": "user", "content": prompt}])\n\n\n'
        'def _private(prompt, model="gpt-4o-mini"):\n    return llm_call(prompt, model)\n\n\nllm_call("x")\n',
    )
    repo.write(
        "env.py",
        "import os\n\nfrom openai import OpenAI\n\n"
        'OpenAI().chat.completions.create(model=os.getenv("CHAT_MODEL", "gpt-4o"), messages=[])\n',
    )
    output = _apply(repo)
    said = sorted((f["path"], f["line"]) for f in _findings(output, "external-default"))
    assert said == [("bench.py", 6), ("env.py", 5), ("util.py", 6)]
    assert 'default="gpt-5-4"' in repo.read("bench.py").decode()


def test_a_name_assigned_again_further_down_holds_one_value_where_it_is_read(repo: Repo):
    """Straight-line code (a script, a notebook's cells in order): `model = "gpt-4o"`, a request, then
    `model = "gpt-4-turbo"` and another request. The first request takes only the first id: its client moves;
    the second stays for its unmapped id."""
    repo.write(
        "app.py",
        'from openai import OpenAI\n\nmodel = "gpt-4o"\nchat = OpenAI()\n'
        'print(chat.chat.completions.create(model=model, messages=[{"role": "user", "content": "hi"}]))\n\n'
        'model = "gpt-4-turbo"\nlegacy = OpenAI()\n'
        'print(legacy.chat.completions.create(model=model, messages=[{"role": "user", "content": "hi"}]))\n',
    )
    _apply(repo)
    text = repo.read("app.py").decode()
    assert 'model = "gpt-5-4"\nchat = OpenAI(base_url=' in text
    assert 'model = "gpt-4-turbo"\nlegacy = OpenAI()\n' in text


def test_the_module_client_no_request_uses_stays_as_it_is(repo: Repo):
    """`openai.api_key = …` where nothing calls the openai module (LlamaIndex reads it for its default
    embeddings): pointing it at ByteSpike would send those embeddings there. And it is no client that moves, so
    an id no request takes stays as it is too."""
    repo.write(
        "app.py",
        "import os\n\nimport openai\nfrom llama_index.core import SimpleDirectoryReader, VectorStoreIndex\n\n"
        'openai.api_key = os.environ.get("OPENAI_API_KEY")\n'
        'index = VectorStoreIndex.from_documents(SimpleDirectoryReader("data").load_data())\n',
    )
    repo.write(
        "usage.py", 'class Log:\n    def __init__(self, model):\n        self.model = model\n\n\nLOG = Log("gpt-4o")\n'
    )
    repo.write(".env.example", "OPENAI_API_KEY=\n")
    _apply(repo)
    assert _modified(repo) == []


def test_a_key_variable_a_client_that_stays_reads_too_keeps_the_openai_key(repo: Repo):
    """`key = os.getenv("OPENAI_API_KEY")` read by a chat client that moves and an embeddings client that stays:
    the variable keeps OpenAI's key, and the client that moves reads the ByteSpike key itself."""
    source = (
        "import os\n\nfrom openai import OpenAI\n\n"
        'api_key = os.getenv("OPENAI_API_KEY")\n'
        "chat = OpenAI(api_key=api_key)\n"
        "emb = OpenAI(api_key=api_key)\n\n\n"
        "def answer(q):\n"
        '    v = emb.embeddings.create(model="text-embedding-3-small", input=q).data[0].embedding\n'
        '    return chat.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}])\n'
    )
    repo.write("app.py", source)
    _apply(repo)
    text = repo.read("app.py").decode()
    assert 'api_key = os.getenv("OPENAI_API_KEY")' in text and "emb = OpenAI(api_key=api_key)" in text
    assert 'chat = OpenAI(api_key=os.environ["BYTESPIKE_API_KEY"], base_url="https://llm.bytespike.ai/v1")' in text
    repo.commit("migrated")
    assert run_cli("revert", ".", cwd=repo.path).code == 0
    assert repo.read("app.py").decode() == source


def test_a_model_only_openai_serves_keeps_its_client_in_both_languages(repo: Repo):
    """`images.generate(model="dall-e-3")`: ByteSpike serves images with its own models, not dall-e-3."""
    repo.write(
        "img.py",
        'from openai import OpenAI\n\nclient = OpenAI()\nclient.images.generate(model="dall-e-3", prompt="a cat")\n',
    )
    repo.write(
        "img.js",
        'import OpenAI from "openai";\nconst openai = new OpenAI();\n'
        'await openai.images.generate({ model: "dall-e-3", prompt: "a cat" });\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    kept = _findings(output, "client-kept-on-openai")
    assert sorted(f["path"] for f in kept) == ["img.js", "img.py"]
    assert all("'dall-e-3'" in f["message"] and "only OpenAI serves" in f["message"] for f in kept)


def test_a_model_handed_to_a_model_factory_the_tool_does_not_follow_stays(repo: Repo):
    """`azure("gpt-5")` is a deployment name, `generateText({ model: "openai/gpt-5-nano" })` goes to the AI
    Gateway: another client that moves is no reason to rewrite either (TypeScript's sinks, as Python's)."""
    repo.write(
        "azure.ts",
        'import { azure } from "@ai-sdk/azure";\nimport { generateText } from "ai";\n\n'
        'await generateText({ model: azure("gpt-5"), prompt: "Hello" });\n',
    )
    repo.write(
        "gateway.ts",
        'import { generateText } from "ai";\n\nawait generateText({ model: "openai/gpt-5-nano", prompt: "Hello" });\n',
    )
    repo.write(
        "other.ts",
        'import OpenAI from "openai";\n\nconst client = new OpenAI();\n'
        'await client.chat.completions.create({ model: "gpt-4o-mini", messages: [] });\n',
    )
    output = _apply(repo)
    assert _modified(repo) == ["other.ts"]
    held = _findings(output, "dynamic-model")
    assert sorted((f["path"], f["line"]) for f in held) == [("azure.ts", 4), ("gateway.ts", 3)]
    assert all("which the tool cannot follow" in f["message"] for f in held)


def test_a_model_destructured_from_a_request_body_keeps_the_route_client(repo: Repo):
    """`const { messages, model } = await req.json()` is a request body as much as `body.model` is."""
    repo.write(
        "app/api/chat/route.ts",
        'import OpenAI from "openai";\n\nconst openai = new OpenAI();\n\n'
        "export async function POST(req: Request) {\n"
        "  const { messages, model: chosen } = await req.json();\n"
        "  return Response.json(await openai.chat.completions.create({ model: chosen, messages }));\n"
        "}\n",
    )
    output = _apply(repo)
    assert _modified(repo) == []
    [kept] = _findings(output, "client-kept-on-openai")
    assert "the body of a request it receives (`req.json()`" in kept["message"]


def test_a_client_a_pytest_fixture_yields_goes_with_the_models_its_tests_send(repo: Repo):
    """conftest.py's `yield OpenAI()` reaches `test_chat(client, model)` by the parameter's name, and
    `@pytest.mark.parametrize("model", MODELS)` gives the ids: no import joins them. The client moved while the
    unmapped id stayed."""
    repo.write(
        "tests/conftest.py",
        "import pytest\nfrom openai import OpenAI\n\n\n@pytest.fixture\ndef client():\n    yield OpenAI()\n",
    )
    repo.write("tests/util.py", 'MODELS = ["gpt-4-turbo"]\n')
    repo.write(
        "tests/test_chat.py",
        "import pytest\nfrom tests.util import MODELS\n\n\n"
        '@pytest.mark.parametrize("model", MODELS)\n'
        "def test_chat(client, model):\n"
        '    assert client.chat.completions.create(model=model, messages=[{"role": "user", "content": "hi"}])\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    [kept] = _findings(output, "client-kept-on-openai")
    assert kept["path"] == "tests/conftest.py" and "'gpt-4-turbo' (tests/util.py:1)" in kept["message"]
    repo.write("tests/util.py", 'MODELS = ["gpt-4o-mini"]\n')
    _apply(repo)
    assert _modified(repo) == ["tests/conftest.py", "tests/util.py"]
    assert repo.read("tests/util.py") == b'MODELS = ["gpt-5-4-mini"]\n'


def test_hosted_tools_appended_in_another_module_keep_the_request_off_the_split(repo: Repo):
    """`tools=build_tools(vs.id)` from tools.py, which appends `{"type": "file_search", …}` to its list: the
    request needs the vector store it names, so it is not split off to ByteSpike."""
    repo.write(
        "tools.py",
        "def build_tools(vector_store_id=None):\n"
        '    tools = [{"type": "web_search_preview"}]\n'
        "    if vector_store_id:\n"
        '        tools.append({"type": "file_search", "vector_store_ids": [vector_store_id]})\n'
        "    return tools\n",
    )
    repo.write(
        "app.py",
        "from openai import OpenAI\nfrom tools import build_tools\n\nclient = OpenAI()\n\n\n"
        "def ask(question):\n"
        '    vs = client.vector_stores.create(name="docs")\n'
        '    return client.responses.create(model="gpt-4o-mini", input=question, tools=build_tools(vs.id))\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    assert any("file_search tool" in f["message"] for f in _findings(output, "unsupported-api"))


def test_a_model_the_api_returns_keeps_the_request_whole_in_both_languages(repo: Repo):
    """`job.fine_tuned_model` from `fine_tuning.jobs.retrieve`: an id only OpenAI has, so the chat that sends it
    is not split off to ByteSpike."""
    repo.write(
        "use_model.py",
        "import sys\n\nfrom openai import OpenAI\n\nclient = OpenAI()\n"
        "job = client.fine_tuning.jobs.retrieve(sys.argv[1])\n"
        'client.chat.completions.create(model=job.fine_tuned_model, messages=[{"role": "user", "content": "hi"}])\n',
    )
    repo.write(
        "use_model.js",
        'import OpenAI from "openai";\nconst openai = new OpenAI();\n\n'
        "const job = await openai.fineTuning.jobs.retrieve(process.argv[2]);\n"
        "const fineTuned = job.fine_tuned_model;\n"
        'await openai.chat.completions.create({ model: fineTuned, messages: [{ role: "user", content: "hi" }] });\n',
    )
    _apply(repo)
    assert _modified(repo) == []


def test_configuration_ids_stay_where_no_code_moves(repo: Repo):
    """`chat_model: gpt-4o` in a values file of a service whose code is elsewhere, with no client the tool moves
    anywhere: an id no request takes moves only with code that moves (docs/design.md)."""
    repo.write("deploy/values.yaml", "image: acme/bot:1.2\nenv:\n  chat_model: gpt-4o\n")
    repo.write("app.py", 'import yaml\n\nSETTINGS = yaml.safe_load(open("deploy/values.yaml"))\n')
    output = _apply(repo)
    assert _modified(repo) == []
    [held] = _findings(output, "dynamic-model")
    assert held["path"] == "deploy/values.yaml" and "no client of the repository moves" in held["message"]


def test_a_client_a_wrapper_returns_is_the_client_it_was_given(repo: Repo):
    """`instructor.from_openai(OpenAI())` returns the client it is given, with its methods: the client moves with
    its requests. It stayed, "handed to code the tool cannot follow". A Files call on one keeps it whole: no
    ByteSpike client can be added beside a constructor inside another call (its chat id moved, alone)."""
    repo.write(
        "extract.py",
        "import instructor\nfrom openai import OpenAI\n\nclient = instructor.from_openai(OpenAI())\n\n\n"
        "def extract(text, model):\n"
        '    return client.chat.completions.create(model="gpt-4o", response_model=model, messages=[])\n',
    )
    repo.write(
        "upload.py",
        "import instructor\nfrom openai import OpenAI\n\nkeeper = instructor.patch(OpenAI())\n"
        'keeper.files.create(file=open("a.jsonl", "rb"), purpose="batch")\n'
        'keeper.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    output = _apply(repo)
    text = repo.read("extract.py").decode()
    assert "instructor.from_openai(OpenAI(base_url=" in text and 'model="gpt-5-4"' in text
    assert _modified(repo) == ["extract.py"]
    assert any(f["path"] == "upload.py" for f in _findings(output, "client-kept-on-openai"))


def test_a_component_configuration_is_left_whole_beside_code_that_moves(repo: Repo):
    """AutoGen's `provider: autogen_ext.models.openai.OpenAIChatCompletionClient` with its `config: {model}`
    builds a client the tool does not move: its id moved alone when other code moved, and the component then
    refused `gpt-5-4` (model_info is required)."""
    config = "provider: autogen_ext.models.openai.OpenAIChatCompletionClient\nconfig:\n  model: gpt-4o\n"
    repo.write("model_config.yaml", config)
    repo.write(
        "other.py", 'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4o-mini", messages=[])\n'
    )
    output = _apply(repo)
    assert _modified(repo) == ["other.py"] and repo.read("model_config.yaml").decode() == config
    [kept] = [f for f in _findings(output, "client-kept-on-openai") if f["path"] == "model_config.yaml"]
    assert kept["line"] == 1 and "OpenAIChatCompletionClient" in kept["message"]


def test_typescript_a_model_from_the_environment_follows_the_env_files_and_the_fallback(repo: Repo):
    """`process.env.X` as a model is what the env files set it to, or its `||` fallback, as Python's
    `os.getenv(X, default)`; with neither it comes from outside, and an unmapped id there keeps the client."""
    chat = (
        'import OpenAI from "openai";\n\nconst client = new OpenAI();\n'
        "export const ask = () => client.chat.completions.create({{ model: {model}, messages: [] }});\n"
    )
    repo.write("unset/chat.ts", chat.format(model="process.env.TITLE_MODEL"))
    repo.write("unmapped/chat.ts", chat.format(model="process.env.UNMAPPED_MODEL"))
    repo.write("unmapped/.env.example", "UNMAPPED_MODEL=gpt-4-turbo\n")
    repo.write("fallback/chat.ts", chat.format(model='process.env.FALLBACK_MODEL || "gpt-4o"'))
    repo.write("destructured/chat.ts", "const { PICKED_MODEL } = process.env;\n" + chat.format(model="PICKED_MODEL"))
    output = _apply(repo)
    assert _modified(repo) == ["fallback/chat.ts"]
    assert 'process.env.FALLBACK_MODEL || "gpt-5-4"' in repo.read("fallback/chat.ts").decode()
    messages = sorted(f["message"] for f in _findings(output, "client-kept-on-openai"))
    assert len(messages) == 3
    assert "the environment variable PICKED_MODEL" in messages[0] + messages[1] + messages[2]
    assert any(
        "the environment variable UNMAPPED_MODEL, which unmapped/.env.example:1 sets to 'gpt-4-turbo': an id "
        "with no ByteSpike mapping"
        in m
        and "cannot tell" not in m
        for m in messages
    )
    assert any("TITLE_MODEL (unset/chat.ts:4), which no env file of the repository sets for it" in m for m in messages)


def test_typescript_a_model_a_caller_passes_inside_an_object_is_followed_to_where_it_comes_from(repo: Repo):
    """`getLLM({ model: workspace.chatModel })` across modules, into a destructured parameter with a default
    and a constructor's: the row a database package returns is from outside the repository."""
    repo.write(
        "providers/anthropic.js",
        'const Anthropic = require("@anthropic-ai/sdk");\n\nclass AnthropicLLM {\n'
        "  constructor(embedder = null, modelPreference = null) {\n"
        "    this.client = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY });\n"
        '    this.model = modelPreference || process.env.ANTHROPIC_MODEL_PREF || "claude-sonnet-4-6";\n  }\n'
        "  chat(messages) {\n"
        "    return this.client.messages.create({ model: this.model, max_tokens: 10, messages });\n  }\n}\n\n"
        "module.exports = { AnthropicLLM };\n",
    )
    repo.write(
        "helpers.js",
        'const { AnthropicLLM } = require("./providers/anthropic");\n\n'
        "function getLLM({ provider = null, model = null } = {}) {\n  return new AnthropicLLM(null, model);\n}\n\n"
        "module.exports = { getLLM };\n",
    )
    repo.write(
        "routes.js",
        'const { getLLM } = require("./helpers");\nconst { PrismaClient } = require("@prisma/client");\n\n'
        "async function chat(slug) {\n"
        "  const workspace = await new PrismaClient().workspace.findFirst({ where: { slug } });\n"
        '  return getLLM({ provider: "anthropic", model: workspace.chatModel });\n}\n\n'
        "module.exports = { chat };\n",
    )
    output = _apply(repo)
    assert _modified(repo) == []
    (message,) = [f["message"] for f in _findings(output, "client-kept-on-openai")]
    assert "findFirst" in message and "routes.js:5" in message

    repo.write("routes.js", 'const { getLLM } = require("./helpers");\n\nmodule.exports = () => getLLM();\n')
    repo.commit()
    _apply(repo)  # called with nothing: the defaults give the model
    assert _modified(repo) == ["providers/anthropic.js"]


def test_typescript_an_express_request_body_is_an_unknown_model(repo: Repo):
    repo.write(
        "server.js",
        'const express = require("express");\nconst OpenAI = require("openai");\n\nconst client = new OpenAI();\n'
        "const app = express();\n"
        'app.post("/chat", async function handle(req, res) {\n'
        "  res.json(await client.chat.completions.create({ model: req.body.model, messages: [] }));\n});\n",
    )
    output = _apply(repo)
    assert _modified(repo) == []
    (message,) = [f["message"] for f in _findings(output, "client-kept-on-openai")]
    assert "the body of a request it receives (`req.body`" in message


def test_typescript_a_model_from_a_url_query_is_an_unknown_model(repo: Repo):
    """`searchParams.get("model") ?? "gpt-4o"` in a route: the query's value is whatever the caller asks for
    (`/api/chat?model=gpt-4o-mini`), not only the fallback."""
    route = (
        'import OpenAI from "openai";\n\nexport async function GET(req: Request) {{\n  {read}\n'
        "  const openai = new OpenAI();\n"
        "  return Response.json(await openai.chat.completions.create({{ model, messages: [] }}));\n}}\n"
    )
    repo.write(
        "app/a/route.ts",
        route.format(
            read='const { searchParams } = new URL(req.url);\n  const model = searchParams.get("model") ?? "gpt-4o";'
        ),
    )
    repo.write("app/b/route.ts", route.format(read='const model = req.nextUrl.searchParams.get("model") || "gpt-4o";'))
    output = _apply(repo)
    assert _modified(repo) == []
    messages = sorted(f["message"] for f in _findings(output, "client-kept-on-openai"))
    assert len(messages) == 2 and all("the query of a URL it receives" in m for m in messages)
    assert "`new URL(req.url)`, app/a/route.ts:4" in " ".join(messages)
    assert "`req.nextUrl.searchParams`, app/b/route.ts:4" in " ".join(messages)


def test_typescript_a_table_looked_up_by_a_model_from_outside_keeps_its_openai_keys(repo: Repo):
    """`MAX_TOKENS[model]` and `model in MAX_TOKENS` in an exported function its callers give the model (a raw
    `fetch` to OpenAI): the callers keep sending "gpt-4o", so that key stays (the ByteSpike id's key is added where
    the id moved with another client: a moved request may look it up too). A table looked up only by the
    repository's own values follows them."""
    repo.write("utils/limits.ts", "export const MAX_TOKENS: Record<string, number> = {\n  'gpt-4o': 4096,\n};\n")
    repo.write(
        "utils/index.ts",
        "import { MAX_TOKENS } from './limits';\n\nexport const translate = async (code: string, model: string) => {\n"
        "  if (!(model in MAX_TOKENS)) throw new Error(`unsupported model ${model}`);\n"
        "  const res = await fetch('https://api.openai.com/v1/chat/completions', {\n"
        "    headers: { Authorization: `Bearer ${process.env.OPENAI_API_KEY}` },\n    method: 'POST',\n"
        "    body: JSON.stringify({ model, max_tokens: MAX_TOKENS[model], messages: [] }),\n  });\n"
        "  return res.json();\n};\n",
    )
    repo.write("lib/prices.ts", "export const PRICE = {\n  'gpt-4o': 5,\n};\n")
    repo.write(
        "lib/title.ts",
        "import OpenAI from 'openai';\nimport { PRICE } from './prices';\n\nconst client = new OpenAI();\n"
        "const MODEL = 'gpt-4o';\n"
        "export const title = async () => [await client.chat.completions.create({ model: MODEL, messages: [] }), "
        "PRICE[MODEL]];\n",
    )
    _apply(repo)
    assert repo.read("utils/limits.ts") == (
        b"export const MAX_TOKENS: Record<string, number> = {\n  'gpt-4o': 4096,\n  'gpt-5-4': 4096,\n};\n"
    )
    assert repo.read("lib/prices.ts") == b"export const PRICE = {\n  'gpt-5-4': 5,\n};\n"
    assert b"MODEL = 'gpt-5-4'" in repo.read("lib/title.ts")


def test_typescript_a_model_variable_a_kept_client_reads_too_keeps_the_other_client(repo: Repo):
    """`model: process.env.CHAT_MODEL` in a chat request and in an Assistants request (which stays): the env file
    keeps `CHAT_MODEL=gpt-4o` for the one that stays, so the chat client stays too (it moved, and sent gpt-4o to
    ByteSpike). Another app of the repository with an env file of its own moves."""
    chat = (
        'import OpenAI from "openai";\nconst client = new OpenAI();\n'
        "export const ask = () => client.chat.completions.create({ model: process.env.CHAT_MODEL!, messages: [] });\n"
    )
    for app in ("a", "b"):
        repo.write(f"{app}/.env.example", "OPENAI_API_KEY=\nCHAT_MODEL=gpt-4o\n")
        repo.write(f"{app}/chat.ts", chat)
    repo.write(
        "a/asst.ts",
        'import OpenAI from "openai";\nconst oa = new OpenAI();\n'
        "export const mk = () => oa.beta.assistants.create({ model: process.env.CHAT_MODEL! });\n",
    )
    output = _apply(repo)
    assert _modified(repo) == ["b/.env.example", "b/chat.ts"]
    assert repo.read("b/.env.example") == b"BYTESPIKE_API_KEY=\nCHAT_MODEL=gpt-5-4\n"
    kept = [f["message"] for f in _findings(output, "client-kept-on-openai") if f["path"] == "a/chat.ts"]
    assert (
        len(kept) == 1 and "the environment variable CHAT_MODEL, which also gives the model of client `oa`" in kept[0]
    )


def test_a_config_files_endpoint_stays_where_the_code_a_first_pass_changed_stays_whole(repo: Repo):
    """A settings default (`model: str = "gpt-4o"`) that a first pass maps, then held with its client (whose endpoint
    and key come from a config file the tool cannot follow): no code moves, so the config file's endpoint stays
    too (it moved, and the app sent its OpenAI key and model to ByteSpike)."""
    repo.write(
        "settings.py",
        'import json\n\nfrom pydantic import BaseModel\n\n\nclass Agent(BaseModel):\n    model: str = "gpt-4o"\n\n\n'
        "class Config(BaseModel):\n    llm: dict = {}\n    agent: Agent = Agent()\n\n\n"
        "def load(path):\n    return Config(**json.load(open(path)))\n",
    )
    repo.write(
        "app.py",
        "import sys\n\nfrom openai import OpenAI\n\nfrom settings import load\n\ncfg = load(sys.argv[1])\n"
        'p = cfg.llm["openai"]\nclient = OpenAI(base_url=p["base_url"], api_key=p["api_key"])\n'
        "print(client.chat.completions.create(model=cfg.agent.model, messages=[]))\n",
    )
    repo.write(
        "tests/testconfig.json",
        '{"llm": {"openai": {"base_url": "https://api.openai.com/v1", "api_key": "sk-your-key"}},\n'
        ' "agent": {"model": "gpt-4-turbo"}}\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    (held,) = [f for f in _findings(output, "dynamic-config") if f["path"] == "tests/testconfig.json"]
    assert "no client of the repository moves to ByteSpike" in held["message"]


def test_an_ai_sdk_call_whose_id_becomes_a_reasoning_models_says_its_temperature_is_dropped(repo: Repo):
    """@ai-sdk/openai takes a gpt-5 id for a reasoning model and drops a call's temperature with only a warning in
    its result: said once per file where an id moves in with one, as for LangChain's ChatOpenAI; not where the
    temperature is 1 or none is given."""
    repo.write(
        "gen.ts",
        'import { createOpenAI } from "@ai-sdk/openai";\nimport { generateText } from "ai";\n\n'
        "const openai = createOpenAI({ apiKey: process.env.OPENAI_API_KEY });\n"
        'export const yes = (t: string) => generateText({ model: openai("gpt-4o"), prompt: t, temperature: 0 });\n'
        'export const one = (t: string) => generateText({ model: openai("gpt-4o-mini"), prompt: t, temperature: 1 });\n',
    )
    repo.write(
        "plain.ts",
        'import { createOpenAI } from "@ai-sdk/openai";\nimport { generateText } from "ai";\n\n'
        "const openai = createOpenAI({ apiKey: process.env.OPENAI_API_KEY });\n"
        'export const ask = (t: string) => generateText({ model: openai("gpt-4o"), prompt: t });\n',
    )
    output = _apply(repo)
    assert sorted(_modified(repo)) == ["gen.ts", "plain.ts"]
    (said,) = _findings(output, "framework-behaviour")
    assert said["path"] == "gen.ts" and said["line"] == 5
    assert (
        "(1.3.24 and later) takes 'gpt-5-4' for a reasoning model: it drops this call's temperature" in said["message"]
    )


def test_a_client_an_env_file_points_at_another_server_stays_in_both_languages(repo: Repo):
    """`OpenAI()` / `new OpenAI()` read OPENAI_BASE_URL: where the env file of their folder sets it to a local
    server, they talk to that server, and keep its ids; elsewhere in the repository clients still move."""
    repo.write("local/.env", "OPENAI_API_KEY=sk-...\nOPENAI_BASE_URL=http://localhost:11434/v1\n")
    repo.write(
        "local/app.py",
        'from openai import OpenAI\n\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    repo.write(
        "local/app.ts",
        'import OpenAI from "openai";\n\nconst client = new OpenAI();\n'
        'export const ask = () => client.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
    )
    repo.write(
        "cloud/app.py",
        'from openai import OpenAI\n\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    output = _apply(repo)
    assert _modified(repo) == ["cloud/app.py"]
    messages = [f["message"] for f in output["findings"] if f["path"].startswith("local/")]
    assert any("OPENAI_BASE_URL, which local/.env:2 sets to http://localhost:11434/v1" in m for m in messages)
    assert any("talks to http://localhost:11434/v1, the OPENAI_BASE_URL that local/.env:2 sets" in m for m in messages)


def test_a_constant_a_request_made_without_the_sdk_sends_stays_in_both_languages(repo: Repo):
    """`requests.post(OPENAI_URL, json={"model": MODEL})` / `fetch(OPENAI_URL, { body: JSON.stringify({ model:
    MODEL }) })` stay on OpenAI: the constant they share with an SDK client stays, and so does that client."""
    repo.write(
        "app.py",
        'import requests\nfrom openai import OpenAI\n\nMODEL = "gpt-4o"\nclient = OpenAI()\n\n\n'
        "def chat(q):\n    return client.chat.completions.create(model=MODEL, messages=[])\n\n\n"
        "def caption(q):\n"
        '    payload = {"model": MODEL, "messages": []}\n'
        '    return requests.post("https://api.openai.com/v1/chat/completions", json=payload)\n',
    )
    repo.write(
        "app.ts",
        'import OpenAI from "openai";\n\nconst MODEL = "gpt-4o";\nconst client = new OpenAI();\n\n'
        "export const chat = () => client.chat.completions.create({ model: MODEL, messages: [] });\n"
        'export const caption = () => fetch("https://api.openai.com/v1/chat/completions", {\n'
        '  method: "POST",\n  body: JSON.stringify({ model: MODEL, messages: [] }),\n});\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    shared = {f["path"]: f["message"] for f in _findings(output, "model-shared") if "'gpt-4o'" in f["message"]}
    assert "app.py:14" in shared["app.py"] and "app.ts:7" in shared["app.ts"]


def test_an_id_compared_with_or_looked_up_by_a_value_from_outside_stays(repo: Repo):
    """From simple-evals: `SAMPLERS[args.model]` keyed by ids, `mdl == "gpt-4o"` over a results file. What the
    user types or a file holds keeps OpenAI's ids, so the keys and the compared ids stay while clients move."""
    repo.write(
        "run.py",
        'import sys\n\nSAMPLERS = {"gpt-4o": "GPT-4o", "gpt-4o-mini": "mini"}\nprint(SAMPLERS[sys.argv[1]])\n',
    )
    repo.write(
        "report.py",
        "import json\nimport sys\n\nfor row in json.load(open(sys.argv[1])):\n"
        '    if row["model"] == "gpt-4o-mini":\n        print(row)\n',
    )
    repo.write(
        "chat.py",
        'from openai import OpenAI\n\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    output = _apply(repo)
    assert _modified(repo) == ["chat.py"]
    held = sorted((f["path"], f["line"]) for f in _findings(output, "dynamic-model"))
    assert held == [("report.py", 5), ("run.py", 3), ("run.py", 3)]
    assert all("a value from outside the repository" in f["message"] for f in _findings(output, "dynamic-model"))


def test_a_condition_that_guards_a_moving_client_tests_the_bytespike_key_in_both_languages(repo: Repo):
    """From awesome-llm-apps and deep-research: a client made only when OPENAI_API_KEY is set would never be
    made in a program given only the ByteSpike key (nothing was said); a guard of a client that stays keeps it."""
    repo.write(
        "guard.py",
        'import os\n\nfrom openai import OpenAI\n\nkey = os.getenv("OPENAI_API_KEY")\nif key:\n'
        "    client = OpenAI(api_key=key)\n"
        '    client.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    repo.write(
        "inline.py",
        "import os\n\nfrom openai import OpenAI\n\n"
        'client = OpenAI() if os.getenv("OPENAI_API_KEY") else None\n'
        'client.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    repo.write(
        "kept.py",
        "import os\n\nfrom openai import OpenAI\n\n"
        'if os.environ.get("OPENAI_API_KEY"):\n    emb = OpenAI()\n'
        '    emb.embeddings.create(model="text-embedding-3-small", input="x")\n',
    )
    repo.write(
        "providers.ts",
        'import { createOpenAI } from "@ai-sdk/openai";\n\n'
        "const openai = process.env.OPENAI_API_KEY ? createOpenAI({ apiKey: process.env.OPENAI_API_KEY }) : undefined;\n"
        'export const model = () => openai?.("gpt-4o-mini");\n',
    )
    _apply(repo)
    assert 'key = os.getenv("BYTESPIKE_API_KEY")\nif key:' in repo.read("guard.py").decode()
    assert 'if os.getenv("BYTESPIKE_API_KEY") else None' in repo.read("inline.py").decode()
    assert b"BYTESPIKE" not in repo.read("kept.py")
    assert repo.read("providers.ts").decode().count("process.env.BYTESPIKE_API_KEY") == 2

    # From letta's tests: a skip decorator, an early return and a module's `pytestmark` guard what follows.
    repo.write(
        "test_live.py",
        "import os\n\nimport pytest\nfrom openai import OpenAI\n\n\n"
        '@pytest.mark.skipif(not os.environ.get("OPENAI_API_KEY"), reason="no key")\ndef test_chat():\n'
        '    OpenAI().chat.completions.create(model="gpt-4o", messages=[])\n\n\n'
        'def test_early():\n    if not os.getenv("OPENAI_API_KEY"):\n        pytest.skip("no key")\n'
        '    OpenAI().chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    repo.write(
        "test_module.py",
        "import os\n\nimport pytest\nfrom openai import OpenAI\n\n"
        'pytestmark = pytest.mark.skipif("OPENAI_API_KEY" not in os.environ or not os.environ["OPENAI_API_KEY"], '
        'reason="no key")\n\n\ndef test_chat():\n'
        '    OpenAI().chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    repo.commit("tests")
    _apply(repo)
    assert b'OPENAI_API_KEY")' not in repo.read("test_live.py")
    assert repo.read("test_live.py").decode().count('("BYTESPIKE_API_KEY")') == 2  # the two guards
    assert 'not os.environ["BYTESPIKE_API_KEY"]' in repo.read("test_module.py").decode()


def test_a_guard_of_a_settings_attribute_tests_the_key_the_client_reads_in_its_place(repo: Repo):
    """claude-engineer: `if not getattr(Config, "ANTHROPIC_API_KEY", None): raise ValueError(…)` before
    `Anthropic(api_key=Config.ANTHROPIC_API_KEY)`, which now reads BYTESPIKE_API_KEY: a program given only the
    ByteSpike key raised at start-up, on a key no request uses any more."""
    repo.write("config.py", 'import os\n\n\nclass Config:\n    ANTHROPIC_API_KEY = os.getenv("ANTHROPIC_API_KEY")\n')
    repo.write(
        "app.py",
        "import anthropic\n\nfrom config import Config\n\n\nclass Assistant:\n    def __init__(self):\n"
        '        if not getattr(Config, "ANTHROPIC_API_KEY", None):\n            raise ValueError("no key")\n'
        "        self.client = anthropic.Anthropic(api_key=Config.ANTHROPIC_API_KEY)\n\n"
        "    def ask(self):\n"
        '        return self.client.messages.create(model="claude-3-5-sonnet-20241022", max_tokens=9, messages=[])\n'
        '\n\nif Config.ANTHROPIC_API_KEY is None:\n    print("unrelated")\n',
    )
    _apply(repo)
    app = repo.read("app.py").decode()
    assert 'if not os.environ.get("BYTESPIKE_API_KEY"):\n            raise' in app
    assert 'api_key=os.environ["BYTESPIKE_API_KEY"]' in app
    assert "if Config.ANTHROPIC_API_KEY is None:" in app  # guards no client: left as it is
    assert b'os.getenv("ANTHROPIC_API_KEY")' in repo.read("config.py")


def test_a_client_that_reads_a_key_the_program_sets_from_a_value_it_holds_stays(repo: Repo):
    """From awesome-llm-apps: `os.environ["OPENAI_API_KEY"] = api_key` (typed in by the user), then a client that
    reads it. Moving the client read BYTESPIKE_API_KEY instead of the typed key; where the program asks for the
    key itself (`getpass`), a twin asks for the ByteSpike key and the client moves."""
    repo.write(
        "typed.py",
        'import os\n\nfrom openai import OpenAI\n\napi_key = input("Key: ")\nif api_key:\n'
        '    os.environ["OPENAI_API_KEY"] = api_key\n    client = OpenAI()\n'
        '    client.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    repo.write(
        "asked.py",
        'import os\nfrom getpass import getpass\n\nfrom openai import OpenAI\n\nos.environ["OPENAI_API_KEY"] = getpass()\n'
        'client = OpenAI()\nclient.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    output = _apply(repo)
    assert _modified(repo) == ["asked.py"]
    (message,) = [f["message"] for f in _findings(output, "client-kept-on-openai") if f["path"] == "typed.py"]
    assert "which the program sets itself from a value it holds (line 7)" in message


def test_a_class_a_package_re_exports_takes_its_callers_models(repo: Repo):
    """From LLMTest_NeedleInAHaystack: `from .evaluators import Judge` through `evaluators/__init__.py`. The
    caller's id was not followed into the class, which moved with its default: the caller sent `gpt-4o`."""
    repo.write("pkg/__init__.py", "")
    repo.write("pkg/evaluators/__init__.py", "from .judge import Judge\n")
    repo.write(
        "pkg/evaluators/judge.py",
        "from openai import OpenAI\n\n\nclass Judge:\n"
        '    def __init__(self, model_name: str = "gpt-4o-mini"):\n'
        "        self.client = OpenAI()\n        self.model_name = model_name\n\n"
        "    def score(self, text):\n"
        "        return self.client.chat.completions.create(model=self.model_name, messages=[])\n",
    )
    repo.write(
        "pkg/run.py",
        'from .evaluators import Judge\n\n\ndef main(judge_model_name="gpt-4o"):\n'
        '    return Judge(model_name=judge_model_name).score("hi")\n',
    )
    _apply(repo)
    assert 'judge_model_name="gpt-5-4"' in repo.read("pkg/run.py").decode()
    assert '"gpt-5-4-mini"' in repo.read("pkg/evaluators/judge.py").decode()


def test_a_client_made_for_a_helper_of_the_sdk_is_left_as_it_is(repo: Repo):
    """`Anthropic().get_tokenizer()` sends nothing: moving it made construction need BYTESPIKE_API_KEY."""
    repo.write(
        "app.py",
        "from anthropic import Anthropic\n\ntokenizer = Anthropic().get_tokenizer()\n"
        'client = Anthropic()\nclient.messages.create(model="claude-sonnet-4-20250514", max_tokens=5, messages=[])\n',
    )
    output = _apply(repo)
    assert "tokenizer = Anthropic().get_tokenizer()\n" in repo.read("app.py").decode()
    assert "client = Anthropic(base_url=" in repo.read("app.py").decode()
    assert not [f for f in output["findings"] if f["line"] == 3]

    # From gpt-author: a client a function makes for the legacy `count_tokens`, which counts locally.
    counter = (
        "from anthropic import Anthropic\n\n\ndef cost(prompt):\n    client = Anthropic()\n"
        "    return client.count_tokens(prompt) * 0.00001\n"
    )
    repo.write("count.py", counter)
    _apply(repo)
    assert repo.read("count.py").decode() == counter


def test_a_client_spread_into_a_library_call_and_an_id_written_as_its_argument_stay(repo: Repo):
    """From ragas: `kwargs["client"] = OpenAI()` then `llm_factory(model, **kwargs)` moved the client with an
    unmapped id; `make_llm("gpt-4o", client=kept)` moved its id while the client it goes with stays."""
    repo.write(
        "setup_llm.py",
        "import openai\nfrom ragas.llms import llm_factory\n\n\n"
        'def create_llm(model: str = "gpt-4o", **kwargs):\n'
        '    kwargs["client"] = openai.OpenAI()\n    return llm_factory(model, **kwargs)\n',
    )
    repo.write(
        "app.py",
        "from openai import OpenAI\nfrom somelib import make_llm\n\nkept = OpenAI()\n"
        'llm = make_llm("gpt-4o-mini", client=kept)\n',
    )
    repo.write(
        "chat.py",
        'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-5", messages=[])\n',
    )
    output = _apply(repo)
    assert _modified(repo) == ["chat.py"]
    assert {f["path"] for f in _findings(output, "client-kept-on-openai")} == {"app.py", "setup_llm.py"}


def test_typescript_an_id_handed_to_a_package_or_compared_with_what_it_returns_stays(repo: Repo):
    """From deepeval's TypeScript tests: `const MODEL` handed to `new metrics.AnswerRelevancyMetric({ model })`
    and `expect(new OpenAIModel({ model: "gpt-4o" }).getModelName()).toBe("gpt-4o")` moved as orphans (3 jest
    tests failed after apply), while Python's sinks keep such ids."""
    repo.write(
        "app.ts",
        'import OpenAI from "openai";\n\nconst client = new OpenAI();\n'
        'export const go = () => client.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
    )
    repo.write(
        "judge.test.ts",
        'import { OpenAIModel, metrics } from "deepeval";\n\nconst MODEL = "gpt-4o-mini";\n'
        "export const relevancy = () => new metrics.AnswerRelevancyMetric({ model: MODEL });\n"
        'test("name", () => {\n  expect(new OpenAIModel({ model: "gpt-4o" }).getModelName()).toBe("gpt-4o");\n});\n',
    )
    output = _apply(repo)
    assert _modified(repo) == ["app.ts"]
    held = [f for f in _findings(output, "dynamic-model") if f["path"] == "judge.test.ts"]
    assert len(held) == 3 and all("which the tool cannot follow" in f["message"] for f in held)


def test_another_sdks_client_from_a_factory_or_a_typed_parameter_is_not_openai_in_both_languages(repo: Repo):
    """From notesGPT: `getTogetherClient().audio.transcriptions.create(…)` and `(client: Together) =>
    client.embeddings.create(…)` were reported as OpenAI calls ByteSpike does not serve (errors: `scan` failed
    on a repository with no OpenAI request), by the name of the function or parameter."""
    repo.write(
        "a.ts",
        'import { Together } from "together-ai";\n\nfunction getTogetherClient() {\n'
        "  return new Together({ apiKey: process.env.TOGETHER_API_KEY });\n}\n"
        'export const t = () => getTogetherClient().audio.transcriptions.create({ file: "x.mp3", model: "openai/w" });\n'
        'export const e = (client: Together) => client.embeddings.create({ model: "m", input: "openai" });\n',
    )
    repo.write(
        "g.py",
        "from together import Together\n\n\ndef get_client():\n    return Together()\n\n\n"
        'def t(f):\n    return get_client().audio.transcriptions.create(file=f, model="openai/whisper")\n\n\n'
        'def e(client: Together):\n    return client.embeddings.create(model="m", input="openai")\n',
    )
    repo.commit()
    done = run_cli("scan", ".", "--format", "json", cwd=repo.path)
    assert done.code == 0, done.stdout
    assert [f for f in done.json()["findings"] if f["rule"] == "unsupported-api"] == []


def test_typescript_ids_no_request_takes_stay_with_python_requests_the_tool_cannot_follow(repo: Repo):
    """From screenshot-to-code: the front end's enum of ids is what the back end parses (`Llm(params[...])`),
    whose request stays because its model comes from outside. The TypeScript ids moved with an unrelated title
    client, and the back end raised `ValueError: 'gpt-5-4' is not a valid Llm`. Orphans are one group in every
    language."""
    repo.write(
        "backend/main.py",
        'from enum import Enum\n\nfrom openai import OpenAI\n\n\nclass Llm(Enum):\n    GPT_4O = "gpt-4o"\n\n\n'
        "client = OpenAI()\n\n\ndef generate(params):\n"
        '    model = Llm(params["codeGenerationModel"])\n'
        "    return client.chat.completions.create(model=model.value, messages=[])\n",
    )
    repo.write("frontend/models.ts", 'export enum CodeGenerationModel {\n  GPT_4O = "gpt-4o",\n}\n')
    repo.write(
        "frontend/title.ts",
        'import OpenAI from "openai";\n\nconst client = new OpenAI();\n'
        'export const title = () => client.chat.completions.create({ model: "gpt-4o-mini", messages: [] });\n',
    )
    output = _apply(repo)
    assert _modified(repo) == ["frontend/title.ts"]
    (held,) = [f["message"] for f in _findings(output, "dynamic-model") if f["path"] == "frontend/models.ts"]
    assert "Python requests whose model the tool cannot follow stay (backend/main.py:15)" in held


def test_typescript_a_client_handed_over_in_an_object_or_to_a_typed_parameter_elsewhere(repo: Repo):
    """From instructor-js: `Instructor({ client: oai })` of a package moved the client while its requests kept
    OpenAI's ids; `check(oai, …)` into another module's `(client: Thing) => client.moderations.create(…)` moved
    the client to a ByteSpike that serves no moderations, with no finding."""
    repo.write(
        "wrapped.ts",
        'import OpenAI from "openai";\nimport Instructor from "@instructor-ai/instructor";\n\n'
        "const oai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n"
        'export const client = Instructor({ client: oai, mode: "TOOLS" });\n',
    )
    repo.write(
        "validator.ts",
        'import type { Thing } from "some-lib";\n\n'
        "export const check = async (client: Thing, value: string) => client.moderations.create({ input: value });\n",
    )
    repo.write(
        "main.ts",
        'import OpenAI from "openai";\nimport { check } from "./validator";\n\n'
        'const oai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nexport const run = () => check(oai, "x");\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    assert {f["path"] for f in _findings(output, "client-kept-on-openai")} == {"wrapped.ts", "main.ts"}
    assert [f["path"] for f in _findings(output, "unsupported-api")] == ["validator.ts"]


def test_an_env_file_a_module_loads_by_its_path_serves_it(repo: Repo):
    """From awesome-llm-apps: `load_dotenv("config/.env")` in `rag/chat.py`. The code moved and read
    BYTESPIKE_API_KEY, and `config/.env.example` (not in its folder) never gained the variable."""
    repo.write("config/.env.example", 'OPENAI_API_KEY=""\n')
    repo.write(
        "rag/chat.py",
        'import os\n\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv("config/.env")\n'
        'client = OpenAI(api_key=os.getenv("OPENAI_API_KEY"))\n'
        'client.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    repo.write("other/.env.example", 'OPENAI_API_KEY=""\n')
    _apply(repo)
    assert _modified(repo) == ["config/.env.example", "rag/chat.py"]
    assert "BYTESPIKE_API_KEY" in repo.read("config/.env.example").decode()


def test_a_dict_built_with_a_model_is_not_a_request(repo: Repo):
    """From langfuse: `dict(model=model)` was counted as a request whose model the tool cannot follow, which
    held every id no request takes."""
    repo.write(
        "app.py",
        'from openai import OpenAI\n\nDEFAULT = "gpt-4o-mini"\nclient = OpenAI()\n'
        'client.chat.completions.create(model="gpt-4o", messages=[])\n\n\n'
        "def record(model):\n    return dict(model=model)\n",
    )
    _apply(repo)
    assert 'DEFAULT = "gpt-5-4-mini"' in repo.read("app.py").decode()


def test_urls_on_routes_bytespike_does_not_serve_and_hosts_only_tested_in_both_languages(repo: Repo):
    """From notesGPT and openai-realtime-solar-system: `fetch(".../v1/embeddings")` was told to point at
    ByteSpike (a 404); from instructor-js: a host only tested (`url.includes("api.openai.com")`) held the ids no
    request takes as if it were a request; from marvin: `claude-api-key` is no model id."""
    repo.write(
        "route.ts",
        'export const embed = () => fetch("https://api.openai.com/v1/embeddings", { method: "POST" });\n'
        'const OAI_HOST = "api.openai.com";\nexport const isOpenAI = (u: string) => u.includes(OAI_HOST);\n'
        'export const DEFAULT_MODEL = "gpt-4o-mini";\n',
    )
    repo.write(
        "chat.ts",
        'import OpenAI from "openai";\n\nconst client = new OpenAI();\n'
        'export const ask = () => client.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
    )
    repo.write(
        "raw.py",
        'import requests\n\nSECRET_BLOCK = "claude-api-key"\n'
        'requests.post("https://api.openai.com/v1/audio/speech", json={})\n',
    )
    output = _apply(repo)
    assert 'DEFAULT_MODEL = "gpt-5-4-mini"' in repo.read("route.ts").decode()
    unsupported = sorted((f["path"], f["message"].split(" API")[0]) for f in _findings(output, "unsupported-api"))
    assert unsupported == [("raw.py", "audio"), ("route.ts", "embeddings")]
    assert not [f for f in output["findings"] if "claude-api-key" in f["message"]]
    assert not [f for f in output["findings"] if "api.openai.com'" in f["message"]]


def test_a_name_assigned_in_two_branches_of_a_function_holds_one_value_in_each(repo: Repo):
    """From browser-use: `llm_model` given a Bedrock id in one branch and `gpt-4o` after it joined the two
    requests, and held the OpenAI client with a finding that named the Bedrock request. An assignment written
    between the last one and the read (`x = "a"`, `if c: x = "b"`) leaves both reaching it."""
    repo.write(
        "app.py",
        "import os\n\nfrom openai import OpenAI\nfrom somecloud import BedrockChat\n\n\ndef make(provider):\n"
        '    if provider == "bedrock":\n        llm_model = os.getenv("MODEL") or "us.anthropic.claude-sonnet-4-6"\n'
        "        return BedrockChat(model=llm_model)\n"
        '    llm_model = "gpt-4o"\n    client = OpenAI()\n'
        "    return client.chat.completions.create(model=llm_model, messages=[])\n\n\n"
        "def both(flag):\n"
        '    model = "gpt-4o-mini"\n    if flag:\n        model = "gpt-4-turbo"\n'
        "    return OpenAI().chat.completions.create(model=model, messages=[])\n",
    )
    output = _apply(repo)
    text = repo.read("app.py").decode()
    assert 'llm_model = "gpt-5-4"' in text and 'model = "gpt-4o-mini"' in text
    assert [f["line"] for f in _findings(output, "client-kept-on-openai")] == [20]


def test_a_client_whose_method_is_handed_to_other_code_stays(repo: Repo):
    """From instructor (the regression sweep): `wrap(client=OpenAI())` in a package the repository re-exports
    stores `create=client.chat.completions.create` in a wrapper whose requests send `gpt-4-turbo`: the client
    moved once the call was followed into the package, with no finding."""
    repo.write("pkg/__init__.py", "from .client import wrap\n")
    repo.write(
        "pkg/client.py",
        "import openai\n\n\nclass Wrapper:\n    def __init__(self, client, create):\n"
        "        self.client = client\n        self.create = create\n\n\n"
        "def wrap(client: openai.OpenAI):\n    return Wrapper(client=client, create=client.chat.completions.create)\n",
    )
    repo.write(
        "app.py",
        "import pkg\nfrom openai import OpenAI\n\nclient = pkg.wrap(client=OpenAI())\n"
        'client.create(model="gpt-4o", messages=[])\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    (message,) = [f["message"] for f in _findings(output, "client-kept-on-openai")]
    assert "its method is handed to other code as a value (pkg/client.py:11)" in message


def test_typescript_a_wrapper_typed_parameter_its_callers_fill_is_followed(repo: Repo):
    """From instructor-js (the regression sweep): `moderationValidator(client: InstructorClient<OpenAI>)` called
    with a wrapper of `oai`: the parameter's type was taken for another package's client, which hid its
    moderations call; the client moved to a ByteSpike that serves none."""
    repo.write(
        "validator.ts",
        'import type { InstructorClient } from "@instructor-ai/instructor";\nimport OpenAI from "openai";\n\n'
        "export const moderate = (client: InstructorClient<OpenAI>) => client.moderations.create({ input: 'x' });\n",
    )
    repo.write(
        "main.ts",
        'import OpenAI from "openai";\nimport Instructor from "@instructor-ai/instructor";\n'
        'import { moderate } from "./validator";\n\n'
        "const oai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n"
        'const client = Instructor({ client: oai, mode: "FUNCTIONS" });\nexport const run = () => moderate(client);\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    assert [f["path"] for f in _findings(output, "unsupported-api")] == ["validator.ts"]


def test_an_anthropic_id_of_a_new_family_keeps_its_client_and_the_messages_url_is_served(repo: Repo):
    """From the regression sweep: `claude-fable-5` is an id with no mapping (its client stays), however new the
    family; `https://api.anthropic.com/v1/messages` is a route ByteSpike serves, not an unsupported API."""
    repo.write(
        "app.py",
        "import requests\nfrom anthropic import Anthropic\n\nclient = Anthropic()\n"
        'client.messages.create(model="claude-fable-5", max_tokens=5, messages=[])\n'
        'requests.post("https://api.anthropic.com/v1/messages", json={})\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    assert _findings(output, "unsupported-api") == []
    assert [f["line"] for f in _findings(output, "client-kept-on-openai")] == [4]


def test_http_test_doubles_are_not_requests_in_both_languages(repo: Repo):
    """`httpx_mock.add_response(url=…)`, `respx.post(…)`, `nock(…)`, msw's `http.post(…)` fake OpenAI's URLs:
    they were read as requests made without the SDK (holding the ids no request takes, and now errors for the
    routes ByteSpike does not serve)."""
    repo.write(
        "tests/test_app.py",
        "import respx\n\n\ndef test_chat(httpx_mock):\n"
        '    httpx_mock.add_response(url="https://api.openai.com/v1/chat/completions", json={"model": "gpt-4o"})\n'
        '    respx.post("https://api.openai.com/v1/embeddings")\n',
    )
    repo.write(
        "t.test.ts",
        'import nock from "nock";\nimport { http, HttpResponse } from "msw";\n\n'
        'nock("https://api.openai.com").post("/v1/embeddings").reply(200, {});\n'
        'export const handlers = [http.post("https://api.openai.com/v1/audio/speech", () => HttpResponse.json({}))];\n',
    )
    repo.write("models.py", 'DEFAULT = "gpt-4o-mini"\n')
    repo.write(
        "chat.py",
        'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    output = _apply(repo)
    assert 'DEFAULT = "gpt-5-4-mini"' in repo.read("models.py").decode()
    assert [f for f in output["findings"] if f["rule"] in ("unsupported-api", "dynamic-config")] == []


def test_a_placeholder_key_one_assignment_away_is_the_placeholder_itself(repo: Repo):
    """From gpt-prompt-engineer: `OPENAI_API_KEY = "YOUR API KEY"` then `OpenAI(api_key=OPENAI_API_KEY)` was held
    as a key the tool cannot follow, where the same literal written in the call moves with a finding."""
    repo.write(
        "app.py",
        'from openai import OpenAI\n\nOPENAI_API_KEY = "YOUR API KEY HERE"\nclient = OpenAI(api_key=OPENAI_API_KEY)\n'
        'client.chat.completions.create(model="gpt-4o-mini", messages=[])\n',
    )
    output = _apply(repo)
    text = repo.read("app.py").decode()
    assert 'OPENAI_API_KEY = "YOUR API KEY HERE"' in text and 'model="gpt-5-4-mini"' in text
    (message,) = [f["message"] for f in _findings(output, "dynamic-config")]
    assert "is the placeholder 'YOUR API KEY HERE'" in message


def test_a_subclass_shares_its_bases_client_and_model_attributes(repo: Repo):
    """From graphrag's wrapper classes: `class Embedder(BaseLLM)` calls embeddings on the client the base makes
    (it moved to ByteSpike, which serves none), and `class Summarizer(BaseLLM): model = "gpt-4-turbo"` is what
    the base's request reads on its instances (it went to ByteSpike with an id it has no mapping for)."""
    repo.write(
        "pkg/__init__.py",
        "",
    )
    repo.write(
        "pkg/base.py",
        'from openai import OpenAI\n\n\nclass BaseLLM:\n    model = "gpt-4o"\n\n'
        "    def __init__(self):\n        self.client = OpenAI()\n\n"
        "    def run(self, p):\n        return self.client.chat.completions.create(model=self.model, messages=[])\n",
    )
    repo.write(
        "pkg/embed.py",
        "from pkg.base import BaseLLM\n\n\nclass Embedder(BaseLLM):\n"
        '    def embed(self, t):\n        return self.client.embeddings.create(model="text-embedding-3-small", input=t)\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    assert [f["path"] for f in _findings(output, "client-kept-on-openai")] == ["pkg/base.py"]

    repo.write(
        "pkg/embed.py", 'from pkg.base import BaseLLM\n\n\nclass Summarizer(BaseLLM):\n    model = "gpt-4-turbo"\n'
    )
    output = _apply(repo)
    assert _modified(repo) == []
    (message,) = [f["message"] for f in _findings(output, "client-kept-on-openai")]
    assert "'gpt-4-turbo'" in message


def test_typescript_a_subclass_shares_its_bases_fields(repo: Repo):
    """The TypeScript twin of graphrag's wrapper classes: `class Embedder extends BaseLLM` calls embeddings on
    the client the base sets (it moved to a ByteSpike that serves none), and a subclass's `model =
    "gpt-4-turbo"` is what the base's request reads on its instances."""
    repo.write(
        "src/base.ts",
        'import OpenAI from "openai";\n\nexport class BaseLLM {\n  client = new OpenAI();\n  model = "gpt-4o";\n'
        "  run(p: string) {\n"
        "    return this.client.chat.completions.create({ model: this.model, messages: [] });\n  }\n}\n",
    )
    repo.write(
        "src/embed.ts",
        'import { BaseLLM } from "./base";\n\nexport class Embedder extends BaseLLM {\n'
        '  embed(t: string[]) {\n    return this.client.embeddings.create({ model: "text-embedding-3-small", '
        "input: t });\n  }\n}\n",
    )
    output = _apply(repo)
    assert _modified(repo) == []
    assert [f["path"] for f in _findings(output, "client-kept-on-openai")] == ["src/base.ts"]

    repo.write(
        "src/embed.ts",
        'import { BaseLLM } from "./base";\n\nexport class Summarizer extends BaseLLM {\n  model = "gpt-4-turbo";\n}\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    (message,) = [f["message"] for f in _findings(output, "client-kept-on-openai")]
    assert "'gpt-4-turbo'" in message or "gpt-4-turbo" in message


def test_clients_that_work_on_the_same_message_batches_move_or_stay_together(repo: Repo):
    """From letta: the batches one client creates (kept: its key comes from a function) were polled through
    another client that moved, and ByteSpike holds none of them."""
    repo.write("keys.py", 'import os\n\n\ndef get_key():\n    return os.environ["ANTHROPIC_API_KEY"]\n')
    repo.write(
        "batch.py",
        "from anthropic import AsyncAnthropic\n\nfrom keys import get_key\n\n"
        "creator = AsyncAnthropic(api_key=get_key())\npoller = AsyncAnthropic()\n\n\n"
        "async def run(requests):\n    batch = await creator.beta.messages.batches.create(requests=requests)\n"
        "    return await poller.beta.messages.batches.retrieve(batch.id)\n",
    )
    output = _apply(repo)
    assert _modified(repo) == []
    (message,) = [f["message"] for f in _findings(output, "client-kept-on-openai") if f["line"] == 6]
    assert "works on the message-batches that `creator` (batch.py:5) works on" in message


def test_a_tutorials_placeholder_key_in_any_wording_is_said(repo: Repo):
    """From gpt-author: `openai.api_key = "ENTER OPENAI KEY HERE"` moved with no word, and the user pastes an
    OpenAI key there as its comment says; `"test"` or `"EMPTY"` (a test's dummy key) stays unsaid."""
    repo.write(
        "app.py",
        'import openai\n\nopenai.api_key = "ENTER OPENAI KEY HERE"\n'
        'openai.ChatCompletion.create(model="gpt-4o", messages=[])\n',
    )
    repo.write(
        "other.py",
        'from openai import OpenAI\n\nclient = OpenAI(api_key="INSERT OPENAI API KEY")\n'
        'client.chat.completions.create(model="gpt-4o", messages=[])\n'
        'dummy = OpenAI(api_key="EMPTY")\ndummy.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    output = _apply(repo)
    said = sorted((f["path"], f["line"]) for f in _findings(output, "dynamic-config") if "placeholder" in f["message"])
    assert said == [("app.py", 3), ("other.py", 3)]


def test_an_import_of_a_name_many_modules_share_is_the_module_beside_the_importer(repo: Repo):
    """From Chainlit's cookbook: `from tools import build_tools` in `chat/app.py`, with other `tools` modules in
    the repository, was taken for another package's, and the request whose tools that sibling builds with
    `file_search` (a vector store on OpenAI) moved to ByteSpike."""
    repo.write(
        "chat/app.py",
        "from openai import OpenAI\n\nfrom tools import build_tools\n\nclient = OpenAI()\n\n\n"
        'def ask(question):\n    vs = client.vector_stores.create(name="docs")\n'
        '    return client.responses.create(model="gpt-4o-mini", input=question, tools=build_tools(vs.id))\n',
    )
    repo.write(
        "chat/tools.py",
        'def build_tools(store=None):\n    tools = [{"type": "web_search_preview"}]\n    if store:\n'
        '        tools.append({"type": "file_search", "vector_store_ids": [store]})\n    return tools\n',
    )
    repo.write("other/tools/__init__.py", "def search():\n    return []\n")
    repo.write("archive/tools.py", "def search():\n    return []\n")
    output = _apply(repo)
    assert _modified(repo) == []
    assert any(f["line"] == 10 and "file_search" in f["message"] for f in _findings(output, "unsupported-api"))

    # With a top-level module of the name too, which one loads depends on how the program runs: unknown.
    repo.write("config.py", 'MODEL = "gpt-4-turbo"\n')
    repo.write("pkg/__init__.py", "")
    repo.write("pkg/config.py", 'MODEL = "gpt-4o"\n')
    repo.write(
        "pkg/app.py",
        "from openai import OpenAI\n\nfrom config import MODEL\n\n"
        "OpenAI().chat.completions.create(model=MODEL, messages=[])\n",
    )
    repo.commit("a package")
    _apply(repo)
    assert _modified(repo) == []


def test_a_request_with_a_model_no_table_knows_stays(repo: Repo):
    """From dspy's tests: `model="my-team-model"` is neither an OpenAI id nor one of ByteSpike's; the client
    moved, and ByteSpike answers with model_not_found (the program may point OPENAI_BASE_URL elsewhere)."""
    repo.write(
        "app.py",
        "from openai import OpenAI\n\nclient = OpenAI()\n"
        'client.chat.completions.create(model="my-team-model", messages=[])\n',
    )
    repo.write(
        "other.py",
        'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    output = _apply(repo)
    assert _modified(repo) == ["other.py"]
    (message,) = [f["message"] for f in _findings(output, "client-kept-on-openai")]
    assert "'my-team-model' (app.py:4), which is neither an id the tool maps nor one of ByteSpike's" in message
    assert "--map my-team-model=ID" in message

    # The regression sweep: only strings where a model is named; not a dict's other values or a `.get`'s keys.
    repo.write(
        "app.py",
        'from openai import OpenAI\n\nCONFIG = {"model": "gpt-4o", "format": "markdown"}\n'
        'MODELS = {"fast": "gpt-4o-mini"}\nclient = OpenAI()\n\n\nclass Chat:\n'
        '    def __init__(self):\n        self.model = "gpt-4o"\n\n\n'
        'def ask(kind):\n    client.chat.completions.create(model=CONFIG["model"], messages=[])\n'
        '    client.chat.completions.create(model=MODELS.get(kind, "gpt-4o"), messages=[])\n'
        "    client.chat.completions.create(model=Chat().model, messages=[])\n",
    )
    repo.commit("only what is sent")
    _apply(repo)
    assert "client = OpenAI(base_url=" in repo.read("app.py").decode()

    # Where a model is named, one step further: a field set in __init__, an imported constant, a default.
    repo.write("config.py", 'MODEL = "my-team-model"\n')
    repo.write(
        "more.py",
        "from openai import OpenAI\n\nfrom config import MODEL\n\n\nclass Bot:\n    def __init__(self):\n"
        '        self.model = "their-model"\n        self.client = OpenAI()\n\n'
        "    def ask(self):\n        return self.client.chat.completions.create(model=self.model, messages=[])\n\n\n"
        "imported = OpenAI()\nimported.chat.completions.create(model=MODEL, messages=[])\n\n\n"
        'def ask(q, model="local-model"):\n    return OpenAI().chat.completions.create(model=model, messages=[])\n\n\n'
        'ask("hi")\n',
    )
    repo.commit("one step further")
    output = _apply(repo)
    assert "more.py" not in _modified(repo)
    held = sorted(f["message"].split("model ")[1].split(" (")[0] for f in _findings(output, "client-kept-on-openai"))
    assert held == ["'local-model'", "'my-team-model'", "'their-model'"]


def test_typescript_ids_sent_without_the_sdk_or_handed_to_a_package_stay(repo: Repo):
    """From big-AGI and openai-translator's patterns: a constant sent in a `fetch` body to a local proxy, a table
    of ids a router module (that names no SDK) sends to OpenRouter, and an id written as the argument of
    js-tiktoken's `encodingForModel` (which throws on ids it does not know) were rewritten with no word."""
    repo.write(
        "main.ts",
        'import OpenAI from "openai";\nconst client = new OpenAI();\nexport const ask = (t: string) =>\n'
        '  client.chat.completions.create({ model: "gpt-4o-mini", messages: [] });\n',
    )
    repo.write(
        "proxy.ts",
        'const MODEL = "gpt-4o";\nexport const viaProxy = (q: string) =>\n'
        '  fetch("http://localhost:4000/v1/chat/completions", {\n    method: "POST",\n'
        "    body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: q }] }),\n  });\n",
    )
    repo.write("models.ts", 'export const ROUTER_MODELS: Record<string, string> = { smart: "openai/gpt-4o" };\n')
    repo.write(
        "router.ts",
        'import { ROUTER_MODELS } from "./models";\n\nexport const route = (tier: string) =>\n'
        '  fetch("https://openrouter.ai/api/v1/chat/completions", {\n'
        "    body: JSON.stringify({ model: ROUTER_MODELS[tier] }),\n  });\n",
    )
    repo.write(
        "tokens.mjs",
        'import { encodingForModel } from "js-tiktoken";\n\nexport const count = (t) => '
        'encodingForModel("gpt-4o").encode(t).length;\n',
    )
    output = _apply(repo)
    assert _modified(repo) == ["main.ts"]
    handed = sorted(f["path"] for f in _findings(output, "dynamic-model") if "is handed to" in f["message"])
    assert handed == ["models.ts", "proxy.ts", "tokens.mjs"]


def test_a_kept_client_names_the_client_beside_it_that_keeps_it(repo: Repo):
    """From open-interpreter: `Anthropic(api_key=…)` beside `AnthropicVertex()` and `AnthropicBedrock()` in the
    branches of one name was said to be "not the Anthropic SDK"."""
    repo.write(
        "loop.py",
        "from anthropic import Anthropic, AnthropicBedrock\n\n\ndef run(provider, model):\n"
        '    if provider == "anthropic":\n        client = Anthropic()\n    else:\n'
        "        client = AnthropicBedrock()\n"
        "    return client.messages.create(model=model, max_tokens=5, messages=[])\n",
    )
    output = _apply(repo)
    (message,) = [f["message"] for f in _findings(output, "client-kept-on-openai") if f["line"] == 6]
    assert "as `client` (loop.py:8), which is not the Anthropic SDK's client" in message


def test_building_the_sdks_answer_or_a_pydantic_model_is_no_hand_off(repo: Repo):
    """From letta and langroid: pydantic's `create_model(name, **fields)` and the SDK's own
    `ChatCompletionChunk(model=…)` were requests whose model the tool cannot follow, and the ids no request
    takes stayed for them."""
    repo.write(
        "app.py",
        "from openai import OpenAI\nfrom openai.types.chat import ChatCompletionChunk\n"
        "from pydantic import create_model\n\n"
        'ALLOWED = {"gpt-4o", "gpt-5"}\nclient = OpenAI()\n\n\n'
        "def make_schema(name, **fields):\n    return create_model(name, **fields)\n\n\n"
        "def chunk(model, **rest):\n    return ChatCompletionChunk(model=model, **rest)\n\n\n"
        'def ask(p):\n    return client.chat.completions.create(model="gpt-4o-mini", messages=[])\n',
    )
    output = _apply(repo)
    assert 'ALLOWED = {"gpt-5-4", "gpt-5-5"}' in repo.read("app.py").decode()
    assert not [f for f in output["findings"] if "cannot follow" in f["message"]]


def test_a_client_handed_to_another_packages_code_stays_even_with_requests_of_its_own(repo: Repo):
    """From the sweeps (instructor, the Agents SDK): the client moved because its own requests were followed, while
    the package it is handed to made requests with it too: `llm_validator` with its default gpt-3.5-turbo,
    `openai_moderation` with the Moderations API, the Agents SDK with the agent's gpt-4o. A tracer that only wraps or
    instruments the client (`logfire.instrument_openai`) leaves it free to move."""
    request = 'print(client.chat.completions.create(model="gpt-4o", messages=[]))\n'
    repo.write(
        "validate.py",
        "import instructor\nfrom instructor import llm_validator\nfrom openai import OpenAI\n\n"
        'client = instructor.from_openai(OpenAI())\ncheck = llm_validator("be polite", client=client)\n' + request,
    )
    repo.write(
        "moderate.py",
        "from instructor import openai_moderation\nfrom openai import OpenAI\n\n"
        "client = OpenAI()\ncheck = openai_moderation(client=client)\n" + request,
    )
    repo.write(
        "agent.py",
        "from agents import set_default_openai_client\nfrom openai import OpenAI\n\n"
        "client = OpenAI()\nset_default_openai_client(client)\n" + request,
    )
    repo.write(
        "traced.py",
        "import logfire\nfrom openai import OpenAI\n\nclient = OpenAI()\nlogfire.instrument_openai(client)\n" + request,
    )
    output = _apply(repo)
    assert _modified(repo) == ["traced.py"]
    messages = sorted((f["path"], f["message"]) for f in _findings(output, "client-kept-on-openai"))
    assert [path for path, _ in messages] == ["agent.py", "moderate.py", "validate.py"]
    assert "it is handed to `llm_validator(…)` (validate.py:6), another package's code" in messages[2][1]
    assert "`set_default_openai_client(…)` (agent.py:5)" in messages[0][1]


def test_a_client_handed_to_a_package_with_a_model_stays_with_it_whatever_else_it_does(repo: Repo):
    """From ragas (the regression sweep): `llm_factory("gpt-4o", client=openai_client)` keeps its id, and the
    client moved because another module's request on it was followed; the package then sent `gpt-4o` to
    ByteSpike through it."""
    repo.write(
        "app/rag.py",
        'def default_rag_client(llm_client):\n    return llm_client.chat.completions.create(model="gpt-4o-mini", '
        "messages=[])\n",
    )
    repo.write(
        "app/evals.py",
        "from openai import OpenAI\nfrom ragas.llms import llm_factory\n\nfrom rag import default_rag_client\n\n"
        "openai_client = OpenAI()\nanswer = default_rag_client(llm_client=openai_client)\n"
        'llm = llm_factory("gpt-4o", client=openai_client)\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    (message,) = [f["message"] for f in _findings(output, "client-kept-on-openai")]
    assert 'beside a model handed to `llm_factory("gpt-4o", client=openai_client)` (app/evals.py:8)' in message

    # The repository's own factory that hands the client to a package and the model to another (ragas itself).
    repo.write(
        "lib/llms.py",
        "import instructor\nfrom analytics import track\n\n\ndef make_llm(model, client=None):\n"
        "    track(model=model)\n    return instructor.from_openai(client), model\n",
    )
    repo.write(
        "app/evals.py",
        "from openai import OpenAI\n\nfrom lib.llms import make_llm\nfrom rag import default_rag_client\n\n"
        "openai_client = OpenAI()\nanswer = default_rag_client(llm_client=openai_client)\n"
        'llm = make_llm("gpt-4o", client=openai_client)\n',
    )
    repo.commit("own factory")
    output = _apply(repo)
    assert _modified(repo) == []
    (message,) = [f["message"] for f in _findings(output, "client-kept-on-openai")]
    assert "beside a model handed to `track(model=model)` (lib/llms.py:6)" in message


def test_the_same_repository_gives_the_same_findings_in_every_run(repo: Repo):
    """From the regression sweep: which site a finding named for an id (of several), and which shared id was
    reported, followed Python's string hashing, so two runs of one commit disagreed (a CI gate comparing them)."""
    repo.write(
        "a.py",
        'from openai import OpenAI\n\nMODEL = "gpt-4"\nOTHER = "gpt-4"\nTURBO = "gpt-4-turbo"\nclient = OpenAI()\n\n\n'
        "def ask(pick):\n    model = MODEL if pick == 1 else OTHER if pick == 2 else TURBO\n"
        "    return client.chat.completions.create(model=model, messages=[])\n",
    )
    repo.write("b.py", 'from a import ask\n\nFAST = "gpt-4"\nask(FAST)\n')
    repo.write(
        "c.py",
        'import tracing\nfrom openai import OpenAI\n\nSHARED = "gpt-4o"\nALSO = "gpt-4o-mini"\nkept = OpenAI()\n'
        'tracing.register(kept)\nkept.embeddings.create(model="text-embedding-3-small", input="x")\n'
        "kept.chat.completions.create(model=SHARED, messages=[])\n"
        "kept.chat.completions.create(model=ALSO, messages=[])\n"
        "mover = OpenAI()\nmover.chat.completions.create(model=SHARED, messages=[])\n"
        "mover.chat.completions.create(model=ALSO, messages=[])\n",
    )
    repo.commit()
    done = [run_cli("scan", ".", "--no-cache", cwd=repo.path, env={"PYTHONHASHSEED": str(s)}) for s in range(1, 7)]
    runs = {d.stdout + d.stderr for d in done}
    assert len(runs) == 1, runs


def test_a_model_nested_in_what_is_handed_to_a_package_stays(repo: Repo):
    """From agentic's examples: `new ChatModel({ params: { model: "gpt-4o-mini" } })` (Dexter, which sends to
    OpenAI itself) got ByteSpike's id, as an orphan of a repository where another client moves; `model` at the
    top of the object was held. A model anywhere in what is handed on stays, in both languages."""
    repo.write(
        "a.py",
        'from openai import OpenAI\n\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    repo.write(
        "b.py",
        'from somelib import ChatModel, Agent\n\nchat = ChatModel(params={"model": "gpt-4o-mini", "temperature": 0})\n'
        'FALLBACKS = [{"model": "gpt-4o"}]\nagent = Agent(fallbacks=FALLBACKS)\n',
    )
    repo.write(
        "a.ts",
        "import OpenAI from 'openai'\nconst client = new OpenAI()\nawait client.chat.completions.create({ model: 'gpt-4o', messages: [] })\n",
    )
    repo.write(
        "b.ts",
        "import { ChatModel } from '@dexaai/dexter'\n"
        "export const chat = new ChatModel({ params: { model: 'gpt-4o-mini', temperature: 0 } })\n"
        "export const other = new ChatModel({ fallbacks: [{ model: 'gpt-4o' }] })\n",
    )
    output = _apply(repo)
    assert _modified(repo) == ["a.py", "a.ts"]
    held = sorted((f["path"], f["line"]) for f in _findings(output, "dynamic-model"))
    assert held == [("b.py", 3), ("b.py", 4), ("b.ts", 2), ("b.ts", 3)], held


def test_a_method_called_on_an_instance_of_a_known_class_reaches_that_class_only(repo: Repo):
    """From pr-agent's shape: `Translator().run(model="gpt-4o")` was taken for a call of every `run` of the
    repository, so `Summarizer.run`, public API that nothing in the repository calls, looked called with a
    mapped id and its client moved: a caller passing `gpt-4o` then reached ByteSpike with it. A method called on
    an instance of a known class (made there, or assigned only such instances) is that class's."""
    repo.write(
        "mylib/__init__.py",
        "from openai import OpenAI\n\n\nclass Summarizer:\n    def __init__(self):\n        self.client = OpenAI()\n\n"
        "    def run(self, model, text):\n"
        '        return self.client.chat.completions.create(model=model, messages=[{"role": "user", "content": text}])\n\n\n'
        "class Translator:\n    def __init__(self):\n        self.client = OpenAI()\n\n"
        "    def run(self, model, text):\n"
        '        return self.client.chat.completions.create(model=model, messages=[{"role": "user", "content": text}])\n',
    )
    repo.write(
        "cli.py",
        'from mylib import Translator\n\nprint(Translator().run(model="gpt-4o", text="hola"))\n'
        't = Translator()\nprint(t.run("gpt-4o-mini", "adios"))\n',
    )
    output = _apply(repo)
    text = repo.read("mylib/__init__.py").decode()
    assert text.count("BYTESPIKE_API_KEY") == 1, text
    assert text.index("BYTESPIKE_API_KEY") > text.index("class Translator")
    cli = repo.read("cli.py").decode()
    assert 'run(model="gpt-5-4"' in cli and 'run("gpt-5-4-mini"' in cli, cli
    (message,) = [f["message"] for f in _findings(output, "client-kept-on-openai")]
    assert "the parameter `model` of `run`, which nothing in the repository calls" in message


def test_the_model_ids_of_a_class_named_like_the_sdk_stay_with_what_they_reach(repo: Repo):
    """The repository's own `OpenAIHandler` is named like the SDK's classes: the calls on it keep their ids
    (it may well talk to OpenAI), but the id reached the `AsyncOpenAI()` inside it, which moved: the program
    then sent `gpt-4o` to ByteSpike. The client inside stays with the ids."""
    repo.write(
        "handlers.py",
        "from openai import AsyncOpenAI\n\n\nclass OpenAIHandler:\n    async def chat_completion(self, model, user):\n"
        "        client = AsyncOpenAI()\n"
        '        return await client.chat.completions.create(model=model, messages=[{"role": "user", "content": user}])\n',
    )
    repo.write(
        "app.py",
        "import asyncio\n\nfrom handlers import OpenAIHandler\n\n\nasync def main():\n    h = OpenAIHandler()\n"
        '    print(await h.chat_completion(model="gpt-4o", user="hi"))\n\n\nasyncio.run(main())\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    assert [f["path"] for f in _findings(output, "model-shared")] == ["app.py", "handlers.py"]


def test_a_client_a_decorated_function_returns_goes_where_the_decorator_sends_it(repo: Repo):
    """From Mirascope's examples: `@openai.call("gpt-4o-mini")` sends its model through the `"client": OpenAI()`
    the function returns; the client moved and the decorator's id stayed, so ByteSpike got `gpt-4o-mini`."""
    repo.write(
        "book.py",
        'from mirascope.core import Messages, openai\nfrom openai import OpenAI\n\n\n@openai.call("gpt-4o-mini")\n'
        "def recommend_book(genre: str) -> openai.OpenAIDynamicConfig:\n"
        '    return {"messages": [Messages.User(f"Recommend a {genre} book")], "client": OpenAI()}\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    (message,) = [f["message"] for f in _findings(output, "client-kept-on-openai")]
    assert "handed to code the tool cannot follow" in message


def test_a_method_named_test_outside_a_test_module_is_called_by_the_program(repo: Repo):
    """From Mirascope's model-feature scripts: `ChatProbe.test(self, model_id, client)` in a script was taken for
    a pytest test, its client for a fixture (maybe a double) and its request dropped; the client, handed to it
    through `t.test(model_id, client)` with ids from the command line, moved. pytest collects `test*` functions
    of `test_*.py` modules (and `Test*` classes) only; a client handed on by a method's name reaches it."""
    repo.write(
        "probe.py",
        "import os\nimport sys\n\nfrom openai import OpenAI\n\n\nclass ChatProbe:\n"
        "    def test(self, model_id, client):\n"
        '        client.chat.completions.create(model=model_id, messages=[{"role": "user", "content": "hi"}])\n'
        "        return True\n\n\ndef run(tests, models, client):\n    for model_id in models:\n        for t in tests:\n"
        "            print(model_id, t.test(model_id, client))\n\n\n"
        'if __name__ == "__main__":\n    client = OpenAI(api_key=os.getenv("OPENAI_API_KEY"))\n'
        "    models = sys.argv[1:] or [m.id for m in client.models.list()]\n    run([ChatProbe()], models, client)\n",
    )
    output = _apply(repo)
    assert _modified(repo) == []
    (message,) = [f["message"] for f in _findings(output, "client-kept-on-openai")]
    assert "`sys.argv`, from outside the repository" in message


def test_a_constructors_default_model_that_moves_is_reported(repo: Repo):
    """`class AI: def __init__(self, model="gpt-4o")` is public API like a function's default: the default moved
    with no word that callers passing OpenAI ids now reach ByteSpike (a dunder name was taken for a private one)."""
    repo.write(
        "ai.py",
        'from openai import OpenAI\n\n\nclass AI:\n    def __init__(self, model="gpt-4o"):\n        self.client = OpenAI()\n'
        "        self.model = model\n\n    def ask(self, q):\n"
        "        return self.client.chat.completions.create(model=self.model, messages=[])\n\n\nAI().ask('hi')\n",
    )
    output = _apply(repo)
    assert _modified(repo) == ["ai.py"]
    (message,) = [f["message"] for f in _findings(output, "external-default")]
    assert "the default of the parameter `model` of `AI`" in message


def test_a_class_named_like_the_sdk_in_another_module_keeps_the_ids_it_is_given(repo: Repo):
    """From graphiti and cognee: the repository's own `OpenAIAdapter("gpt-4o")`, made in another module, is taken
    for a class named like the SDK's whose model ids stay; its arguments did not reach its `__init__`, so the
    `OpenAI()` inside moved and received `gpt-4o`."""
    repo.write(
        "adapter.py",
        "from openai import OpenAI\n\n\nclass OpenAIAdapter:\n    def __init__(self, model):\n        self.model = model\n"
        "        self.client = OpenAI()\n\n    def ask(self, prompt):\n"
        "        return self.client.chat.completions.create(model=self.model, messages=[])\n",
    )
    repo.write("main.py", 'from adapter import OpenAIAdapter\n\nprint(OpenAIAdapter("gpt-4o").ask("hi"))\n')
    output = _apply(repo)
    assert _modified(repo) == []
    assert {f["path"] for f in _findings(output, "model-shared")} == {"adapter.py", "main.py"}


def test_a_request_reaches_no_method_of_the_repository_by_its_name(repo: Repo):
    """From graphiti's factories: `client.chat.completions.create(model=model)` in `Chat.create` was taken for a
    call of every `create` of the repository, so `Embed.create`'s FastEmbed model took the chat model's id and the
    chat client stayed, "sharing" it with an embedding call."""
    repo.write(
        "app.py",
        "from openai import OpenAI\n\n\nclass Chat:\n    @staticmethod\n    def create(model):\n        client = OpenAI()\n"
        "        return client.chat.completions.create(model=model, messages=[])\n\n\nclass Embed:\n"
        "    @staticmethod\n    def create(model):\n        from fastembed import TextEmbedding\n\n"
        '        return TextEmbedding(model_name=model)\n\n\nprint(Chat.create("gpt-4o"))\n',
    )
    output = _apply(repo)
    assert _modified(repo) == ["app.py"]
    assert 'Chat.create("gpt-5-4")' in repo.read("app.py").decode()
    assert _findings(output, "model-shared") == []


def test_a_test_doubles_assertions_and_another_packages_client_are_no_requests(repo: Repo):
    """From nano-graphrag's and cognee's tests: `mock_openai_client.embeddings.create.assert_called_once_with(…)`
    was an unsupported embeddings request (an error: `scan` failed). From DocsGPT: `self.client.files.upload(…)`
    on a `genai.Client` in a class that mentions "openai" was one too, and its `generate_content` a request of
    unknown model that held an orphan back; an OpenAI client's `files.create` was reported twice, once for an
    Anthropic client, because the file imports a module holding a claude id."""
    repo.write(
        "tests/test_app.py",
        "from unittest.mock import AsyncMock\n\nimport pytest\n\n\n@pytest.fixture\ndef mock_openai_client():\n"
        "    return AsyncMock()\n\n\ndef test_embed(mock_openai_client):\n"
        '    mock_openai_client.embeddings.create.assert_called_once_with(model="text-embedding-3-small", input=["x"])\n',
    )
    repo.write(
        "gem.py",
        'from google import genai\n\n\nclass GoogleLLM:\n    def __init__(self):\n        self.client = genai.Client(api_key="x")\n\n'
        "    def upload(self, path):\n        return self.client.files.upload(file=path).uri\n\n"
        '    def gen(self, model, messages, formatting="openai"):\n'
        "        return self.client.models.generate_content(model=model, contents=messages)\n",
    )
    repo.write("models.py", 'MODEL_MAP = {"openai": "gpt-4o-mini", "anthropic": "claude-2"}\n')
    repo.write(
        "oai.py",
        "from openai import OpenAI\n\nfrom models import MODEL_MAP\n\n\nclass Uploader:\n    def __init__(self):\n"
        "        self.client = OpenAI()\n\n    def upload(self, path):\n"
        '        return self.client.files.create(file=open(path, "rb"), purpose="assistants")\n',
    )
    output = _apply(repo)
    errors = [(f["path"], f["line"]) for f in output["findings"] if f["rule"] == "unsupported-api"]
    assert errors == [("oai.py", 11)], errors
    assert "OpenAI client" in _findings(output, "unsupported-api")[0]["message"]


def test_a_model_written_into_a_record_is_no_request(repo: Repo):
    """From ragas and gpt-researcher: `json.dump({"model_name": self.model_name, …}, f)` of a trace file was taken
    for a model handed on to code the tool cannot follow (the object-nesting rule), so the client stayed
    "sharing" its id with it, and the `--map` advice for its real blocker was lost."""
    repo.write(
        "app.py",
        'import json\n\nfrom openai import OpenAI\n\nclient = OpenAI()\nMODEL = "gpt-4o"\n\n\ndef ask(q):\n'
        "    r = client.chat.completions.create(model=MODEL, messages=[])\n"
        '    with open("trace.json", "w") as f:\n        json.dump({"run": {"model": MODEL}, "q": q}, f)\n'
        '    tracker.log_run({"config": {"model": MODEL}})\n    return r\n',
    )
    output = _apply(repo)
    assert _modified(repo) == ["app.py"]
    assert 'MODEL = "gpt-5-4"' in repo.read("app.py").decode()
    assert _findings(output, "model-shared") == [] and _findings(output, "dynamic-model") == []


def test_a_routers_id_in_a_variable_keeps_its_framework_call(repo: Repo):
    # CrewAI's `LLM(model=MODEL)` with an OpenRouter default: it goes to OpenRouter, whatever else the file holds.
    source = (
        "import os\n\nfrom crewai import LLM\n\n"
        'MODEL = os.getenv("MODEL", "openrouter/anthropic/claude-sonnet-4-6")\n'
        "llm = LLM(model=MODEL)\n"
        'planner = LLM(model="openrouter/openai/gpt-4o-mini")\n'
    )
    repo.write("app.py", source)
    output = _apply(repo)
    assert repo.read("app.py") == source.encode()
    # It reaches OpenRouter, not Anthropic nor OpenAI: nothing says otherwise.
    assert not [f for f in output["findings"] if "Anthropic" in f["message"]], output["findings"]


def test_a_client_given_another_providers_variables_is_left_alone_without_a_word(repo: Repo):
    python = (
        "import os\n\nfrom litellm import completion\nfrom openai import OpenAI\n\n"
        'client = OpenAI(api_key=os.environ["DEEPSEEK_API_KEY"], base_url=os.getenv("DEEPSEEK_BASE_URL"))\n'
        'client.chat.completions.create(model="deepseek-chat", messages=[])\n'
        'completion(model="openrouter/openai/gpt-4o", messages=[], api_key=os.getenv("OPENROUTER_API_KEY"))\n'
    )
    typescript = (
        'import OpenAI from "openai";\n'
        "const client = new OpenAI({ apiKey: process.env.OPENROUTER_API_KEY, baseURL: process.env.OPENROUTER_URL });\n"
        'export const ask = () => client.chat.completions.create({ model: "openai/gpt-4o", messages: [] });\n'
    )
    repo.write("app.py", python)
    repo.write("web/ask.ts", typescript)
    output = _apply(repo)
    assert repo.read("app.py") == python.encode()
    assert repo.read("web/ask.ts") == typescript.encode()
    assert output["findings"] == []


def test_a_compose_files_default_endpoint_holds_the_clients_that_read_it(repo: Repo):
    # `${OPENAI_BASE_URL:-http://mock:4010/v1}`: the service runs against a mock unless the host says otherwise.
    compose = (
        "services:\n  agent:\n    build: ./agent\n    environment:\n"
        "      - OPENAI_API_KEY=${OPENAI_API_KEY:-sk-mock}\n"
        "      - OPENAI_BASE_URL=${OPENAI_BASE_URL:-http://aimock:4010/v1}\n"
    )
    python = (
        'from openai import OpenAI\n\nclient = OpenAI()\nprint(client.chat.completions.create(model="gpt-4o-mini", '
        "messages=[]))\n"
    )
    repo.write("docker-compose.yml", compose)
    repo.write("agent/agent.py", python)
    output = _apply(repo)
    assert _modified(repo) == []
    [held] = _findings(output, "client-kept-on-openai")
    assert "docker-compose.yml:6 sets to http://aimock:4010/v1" in held["message"]
    # A value handed on from the host sets nothing: the client moves.
    repo.write("docker-compose.yml", compose.replace("${OPENAI_BASE_URL:-http://aimock:4010/v1}", "${OPENAI_BASE_URL}"))
    _apply(repo)
    assert _modified(repo) == ["agent/agent.py", "docker-compose.yml"]


def test_a_requests_messages_set_by_key_are_no_model(repo: Repo):
    # `params["messages"] = […]` then `create(**params)`: the text of the messages is no model id.
    repo.write(
        "app.py",
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef ask(question):\n"
        '    params = {"model": "gpt-4o"}\n'
        '    params["messages"] = [{"role": "user", "content": f"Answer briefly: {question}"}]\n'
        "    return client.chat.completions.create(**params)\n",
    )
    output = _apply(repo)
    assert _modified(repo) == ["app.py"]
    assert b'"model": "gpt-5-4"' in repo.read("app.py")
    assert _findings(output, "client-kept-on-openai") == []


def _services(repo: Repo, base: str) -> None:
    """An OpenAI service and an Azure one, both subclasses of one base."""
    repo.write("base.py", base)
    repo.write(
        "az.py",
        "import os\n\nfrom openai import AzureOpenAI\n\nfrom base import LlmService\n\n\n"
        "class AzureService(LlmService):\n    def __init__(self):\n"
        '        self._client = AzureOpenAI(api_key=os.getenv("AZURE_OPENAI_API_KEY"), '
        'azure_endpoint="https://x.openai.azure.com", api_version="2024-06-01")\n\n'
        "    def ask(self, q):\n"
        '        return self._client.chat.completions.create(model="my-deployment", messages=[])\n',
    )
    repo.write(
        "oa.py",
        "from openai import OpenAI\n\nfrom base import LlmService\n\n\n"
        "class OpenAIService(LlmService):\n    def __init__(self):\n        self._client = OpenAI()\n\n"
        "    def ask(self, q):\n"
        '        return self._client.chat.completions.create(model="gpt-4o", messages=[])\n',
    )


def test_sibling_subclasses_of_one_base_keep_their_own_clients(repo: Repo):
    # The base never names `_client`: two clients, and the OpenAI one moves.
    _services(repo, "class LlmService:\n    def ask(self, q):\n        raise NotImplementedError\n")
    _apply(repo)
    assert _modified(repo) == ["oa.py"]


def test_a_base_that_requests_on_its_subclasses_client_joins_them(repo: Repo):
    # The base's own method makes a request on `self._client`: either client may be that one.
    _services(
        repo,
        "class LlmService:\n    def ask(self, q):\n"
        '        return self._client.chat.completions.create(model="gpt-4o-mini", messages=[])\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    [held] = _findings(output, "client-kept-on-openai")
    assert "Azure OpenAI client" in held["message"]


def test_a_key_in_a_class_attribute_is_followed(repo: Repo):
    source = (
        "import os\n\nimport anthropic\n\n\nclass Config:\n"
        '    ANTHROPIC_API_KEY = os.getenv("ANTHROPIC_API_KEY")\n\n\n'
        "client = anthropic.Anthropic(api_key=Config.ANTHROPIC_API_KEY)\n"
        'print(client.messages.create(model="claude-3-5-sonnet-20241022", max_tokens=10, messages=[]))\n'
    )
    repo.write("app.py", source)
    output = _apply(repo)
    text = repo.read("app.py").decode()
    # The class keeps its value for whatever else reads it; the client reads the ByteSpike key.
    assert 'ANTHROPIC_API_KEY = os.getenv("ANTHROPIC_API_KEY")' in text
    assert 'anthropic.Anthropic(api_key=os.environ["BYTESPIKE_API_KEY"], base_url="https://llm.bytespike.ai")' in text
    assert 'model="claude-sonnet-4-6"' in text
    assert _findings(output, "dynamic-config") == []


def test_an_adapter_named_after_the_provider_keeps_the_key_variable(repo: Repo):
    # `openai({ model })` from another package reads OPENAI_API_KEY itself: the env file keeps it.
    repo.write(
        "agent.ts",
        'import { createAgent, openai } from "@inngest/agent-kit";\n\n'
        'export const agent = createAgent({ name: "helper", model: openai({ model: "gpt-4o" }) });\n',
    )
    repo.write(
        "chat.ts",
        'import "dotenv/config";\nimport OpenAI from "openai";\n\nconst client = new OpenAI();\n'
        'export const chat = () => client.chat.completions.create({ model: "gpt-4o-mini", messages: [] });\n',
    )
    repo.write(".env.example", "OPENAI_API_KEY=\n")
    _apply(repo)
    assert _modified(repo) == [".env.example", "chat.ts"]
    assert repo.read(".env.example") == b"OPENAI_API_KEY=\nBYTESPIKE_API_KEY=sk-byts-...\n"


def test_a_key_destructured_from_the_environment_is_followed(repo: Repo):
    repo.write(
        "a.ts",
        'import OpenAI from "openai";\n\nconst { OPENAI_API_KEY } = process.env;\n'
        "const openai = new OpenAI({ apiKey: OPENAI_API_KEY });\n"
        'export const run = () => openai.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
    )
    output = _apply(repo)
    text = repo.read("a.ts").decode()
    assert "const { OPENAI_API_KEY } = process.env;" in text  # the name stays for whatever else reads it
    assert 'apiKey: process.env.BYTESPIKE_API_KEY ?? "", baseURL: "https://llm.bytespike.ai/v1"' in text
    assert 'model: "gpt-5-4"' in text
    assert output["findings"] == []


def test_a_key_constant_other_code_reads_keeps_the_openai_key(repo: Repo):
    # `const apiKey = process.env.OPENAI_API_KEY` read by a client that moves and one that stays: renaming the
    # declaration sent the ByteSpike key to OpenAI's embeddings.
    source = (
        'import OpenAI from "openai";\n\nconst apiKey = process.env.OPENAI_API_KEY;\n'
        "const client = new OpenAI({ apiKey });\nconst emb = new OpenAI({ apiKey: apiKey });\n\n"
        'export const embed = () => emb.embeddings.create({ model: "text-embedding-3-small", input: "hi" });\n'
        'export const chat = () => client.chat.completions.create({ model: "gpt-4o", messages: [] });\n'
    )
    repo.write("server.ts", source)
    repo.write(".env.example", 'OPENAI_API_KEY=""\n')
    _apply(repo)
    text = repo.read("server.ts").decode()
    assert "const apiKey = process.env.OPENAI_API_KEY;" in text
    assert 'new OpenAI({ apiKey: process.env.BYTESPIKE_API_KEY ?? "", baseURL:' in text
    assert "const emb = new OpenAI({ apiKey: apiKey });" in text
    assert repo.read(".env.example").decode().startswith('OPENAI_API_KEY=""\nBYTESPIKE_API_KEY=')


def test_a_model_id_written_in_a_tokenizer_call_stays(repo: Repo):
    # tiktoken before GPT-5 raises for ByteSpike's ids: as TypeScript's encodingForModel("gpt-4o"), it stays.
    repo.write(
        "chat.py",
        'from openai import OpenAI\n\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o-mini", messages=[])\n',
    )
    repo.write("count.py", 'import tiktoken\n\nenc = tiktoken.encoding_for_model("gpt-4o")\n')
    output = _apply(repo)
    assert _modified(repo) == ["chat.py"]
    [kept] = _findings(output, "dynamic-model")
    assert kept["path"] == "count.py" and "tiktoken.encoding_for_model" in kept["message"]


def test_a_key_a_config_module_reads_from_the_environment_is_followed(repo: Repo):
    # `from config import API_KEY`, where config.py reads OPENAI_API_KEY: the client reads its own ByteSpike key,
    # and the config module keeps its value for whatever else reads it.
    repo.write("config.py", 'import os\n\nAPI_KEY = os.getenv("OPENAI_API_KEY")\n')
    repo.write(
        "app.py",
        "from openai import OpenAI\n\nfrom config import API_KEY\n\nclient = OpenAI(api_key=API_KEY)\n"
        'client.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    output = _apply(repo)
    text = repo.read("app.py").decode()
    assert 'OpenAI(api_key=os.environ["BYTESPIKE_API_KEY"], base_url="https://llm.bytespike.ai/v1")' in text
    assert 'model="gpt-5-4"' in text
    assert repo.read("config.py") == b'import os\n\nAPI_KEY = os.getenv("OPENAI_API_KEY")\n'
    assert output["findings"] == []
    # A name set from something else stays what it is, with its client.
    repo.write("config.py", 'import os\n\nAPI_KEY = os.getenv("OPENAI_API_KEY") or load_secret()\n')
    subprocess.run(["git", "checkout", "-q", "app.py"], cwd=repo.path, check=True)
    output = _apply(repo)
    assert "app.py" not in _modified(repo)
    assert [f["path"] for f in _findings(output, "dynamic-config")] == ["app.py"]


def test_a_key_imported_from_a_typescript_config_module_is_followed(repo: Repo):
    repo.write("config.ts", "export const apiKey = process.env.OPENAI_API_KEY;\n")
    repo.write(
        "chat.ts",
        'import OpenAI from "openai";\nimport { apiKey } from "./config";\n\nconst client = new OpenAI({ apiKey });\n'
        'export const chat = () => client.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
    )
    repo.write(".env.example", 'OPENAI_API_KEY=""\n')
    output = _apply(repo)
    text = repo.read("chat.ts").decode()
    assert 'new OpenAI({ apiKey: process.env.BYTESPIKE_API_KEY ?? "", baseURL:' in text
    # The name is no longer used (`noUnusedLocals` would fail the build); the module still loads, for what it does.
    assert '\nimport "./config";\n' in text
    assert repo.read("config.ts") == b"export const apiKey = process.env.OPENAI_API_KEY;\n"
    # config.ts still reads OPENAI_API_KEY: the env file keeps it, with the ByteSpike key beside it.
    assert repo.read(".env.example").decode().startswith('OPENAI_API_KEY=""\nBYTESPIKE_API_KEY=')
    assert output["findings"] == []


def test_a_call_on_an_api_bytespike_does_not_list_keeps_its_client(repo: Repo):
    # ByteSpike serves chat completions, responses, images (generate, edit) and models: a client that also calls
    # anything else (videos, an Anthropic vault) stays, though no table names that API.
    python = (
        "from openai import OpenAI\n\nclient = OpenAI()\n"
        'client.videos.create(model="sora-2", prompt="A cat")\n'
        'client.chat.completions.create(model="gpt-4o", messages=[])\n'
    )
    typescript = (
        'import Anthropic from "@anthropic-ai/sdk";\n\nconst client = new Anthropic();\n'
        'export const vault = () => client.beta.vaults.create({ name: "v" });\n'
        'export const ask = () => client.messages.create({ model: "claude-sonnet-4-6", max_tokens: 9, messages: [] });\n'
    )
    repo.write("video.py", python)
    repo.write("agent.ts", typescript)
    output = _apply(repo, "--no-split")
    assert _modified(repo) == []
    assert sorted((f["path"], f["message"].split(" (")[0]) for f in _findings(output, "unsupported-api")) == [
        ("agent.ts", "vaults API"),
        ("video.py", "videos API"),
    ]


def test_a_default_no_table_knows_keeps_its_client(repo: Repo):
    # `os.getenv("MY_MODEL", "llama3")` or an option's default: a model ByteSpike does not have, as a literal one.
    for source in (
        'model = os.getenv("MY_MODEL", "llama3")\n',
        'parser = argparse.ArgumentParser()\nparser.add_argument("--model", default="llama3")\n'
        "model = parser.parse_args().model\n",
    ):
        repo.write(
            "app.py",
            "import argparse\nimport os\n\nfrom openai import OpenAI\n\nclient = OpenAI()\n"
            + source
            + "client.chat.completions.create(model=model, messages=[])\n",
        )
        output = _apply(repo)
        assert _modified(repo) == []
        [held] = _findings(output, "client-kept-on-openai")
        assert "'llama3'" in held["message"]


def test_a_model_looked_up_in_a_packages_table_stays_with_its_requests(repo: Repo):
    # LiteLLM's capability table has no ByteSpike id: `supports_function_calling("gpt-5-4")` says no, and the app
    # stopped before any request.
    source = (
        "import os\n\nfrom litellm import completion, supports_function_calling\n\n"
        'MODEL_NAME = os.environ.get("LITELLM_MODEL", "gpt-4o")\n\n\ndef run(messages, tools):\n'
        "    if not supports_function_calling(MODEL_NAME):\n        return None\n"
        '    return completion(model=MODEL_NAME, messages=messages, tools=tools, tool_choice="auto")\n'
    )
    repo.write("app.py", source)
    output = _apply(repo)
    assert repo.read("app.py") == source.encode()
    assert any("supports_function_calling" in f["message"] or "app.py:9" in f["message"] for f in output["findings"])


def test_a_wrapper_clients_calls_under_a_served_resource_move_with_it(repo: Repo):
    # instructor's `create_with_completion` sends chat completions; Anthropic's older `beta.prompt_caching.messages`
    # is messages; `beta.webhooks.unwrap` sends nothing.
    repo.write(
        "evals.py",
        "import instructor\nfrom openai import OpenAI\n\nclient = instructor.from_openai(OpenAI())\n"
        'client.chat.completions.create_with_completion(model="gpt-4o", messages=[], response_model=dict)\n',
    )
    repo.write(
        "cache.py",
        "import anthropic\n\nclient = anthropic.Anthropic()\nclient.beta.webhooks.unwrap(b'{}', headers={})\n"
        'client.beta.prompt_caching.messages.create(model="claude-sonnet-4-6", max_tokens=9, messages=[])\n',
    )
    output = _apply(repo)
    assert _modified(repo) == ["cache.py", "evals.py"]
    assert _findings(output, "unsupported-api") == []


def test_a_compose_file_hands_the_bytespike_key_on_to_typescript_that_moved(repo: Repo):
    # Only TypeScript moved: the container got OPENAI_API_KEY alone, and the SDK fell back to it, sending the OpenAI
    # key to ByteSpike.
    repo.write(
        "server.ts",
        'import OpenAI from "openai";\nconst client = new OpenAI();\n'
        'export const post = () => client.chat.completions.create({ model: "gpt-4o-mini", messages: [] });\n',
    )
    repo.write("docker-compose.yml", "services:\n  app:\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY}\n")
    _apply(repo)
    assert _modified(repo) == ["docker-compose.yml", "server.ts"]
    assert "- BYTESPIKE_API_KEY=${BYTESPIKE_API_KEY}\n" in repo.read("docker-compose.yml").decode()
    assert "process.env.BYTESPIKE_API_KEY" in repo.read("server.ts").decode()


def test_a_client_stored_on_an_instance_is_the_client_its_class_knows_by_that_attribute(repo: Repo):
    # `s.client = OpenAI()` from outside the class moved while `self.client`'s request kept its OpenAI id; with a
    # local server outside, the class's id was mapped while the request went to that server.
    svc = (
        "from openai import OpenAI\n\n\nclass Svc:\n    def __init__(self, base_url=None):\n"
        "        self.client = OpenAI(base_url=base_url)\n\n    def send(self, p):\n"
        '        return self.client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", '
        '"content": p}])\n'
    )
    repo.write("svc.py", svc)
    repo.write(
        "use.py",
        'from openai import OpenAI\n\nfrom svc import Svc\n\ns = Svc()\ns.client = OpenAI()\nprint(s.send("hi"))\n',
    )
    repo.write(
        "local.py",
        svc.replace("OpenAI(base_url=base_url)", "OpenAI()").replace("class Svc", "class Local")
        + '\n\nl = Local()\nl.client = OpenAI(base_url="http://localhost:8000/v1", api_key="EMPTY")\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    kept = {f["path"] for f in _findings(output, "client-kept-on-openai")}
    assert kept == {"use.py", "local.py"}


def test_a_test_whose_http_double_answers_at_openais_url_keeps_its_client(repo: Repo):
    # Moved, the client sent its request to ByteSpike, the respx route never matched and the test failed.
    test = (
        "import httpx\nimport respx\nfrom openai import OpenAI\n\n\n@respx.mock\ndef test_chat():\n"
        '    route = respx.post("https://api.openai.com/v1/chat/completions").mock(return_value=httpx.Response(200))\n'
        '    client = OpenAI(api_key="test")\n'
        '    client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])\n'
        "    assert route.called\n"
    )
    repo.write("tests/test_chat.py", test)
    repo.write("app.py", 'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4o", messages=[])\n')
    output = _apply(repo)
    assert repo.read("tests/test_chat.py") == test.encode()
    assert _modified(repo) == ["app.py"]
    (kept,) = [f for f in _findings(output, "client-kept-on-openai") if f["path"] == "tests/test_chat.py"]
    assert "test double of OpenAI's endpoint (`respx.post`, line 8)" in kept["message"]


def test_swarm_makes_its_own_openai_client_so_its_key_stays_beside_the_bytespike_one(repo: Repo):
    # `run_demo_loop(agent)` builds `Swarm()`, which builds `OpenAI()` from OPENAI_API_KEY: renaming the env file's
    # line left the chat loop with no key.
    repo.write(
        "main.py",
        "import os\n\nfrom openai import OpenAI\nfrom swarm import Agent\nfrom swarm.repl import run_demo_loop\n\n"
        'client = OpenAI(api_key=os.getenv("OPENAI_API_KEY"))\n\n\ndef summarize(text):\n'
        '    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])\n'
        '\n\nrun_demo_loop(Agent(name="Helper", functions=[summarize]))\n',
    )
    repo.write(".env.example", "OPENAI_API_KEY=\n")
    output = _apply(repo)
    assert repo.read(".env.example").decode().splitlines() == ["OPENAI_API_KEY=", "BYTESPIKE_API_KEY=sk-byts-..."]
    assert 'OpenAI(api_key=os.environ["BYTESPIKE_API_KEY"]' in repo.read("main.py").decode()
    assert any("run_demo_loop" in f["message"] for f in _findings(output, "client-kept-on-openai"))


def test_a_key_read_that_gives_none_becomes_a_read_that_fails(repo: Repo):
    """`Anthropic(api_key=os.environ.get("ANTHROPIC_API_KEY"))`: renamed in place, the read gives None where
    BYTESPIKE_API_KEY is unset, and the SDK then reads ANTHROPIC_API_KEY itself, which the project still sets for
    what stays: the Anthropic key went to ByteSpike. The moved client reads `os.environ["BYTESPIKE_API_KEY"]`; a
    read held in a name a guard tests keeps its form."""
    repo.write(
        "grade.py",
        "import os\n\nfrom anthropic import Anthropic\n\n"
        'client = Anthropic(api_key=os.environ.get("ANTHROPIC_API_KEY"))\n'
        'client.messages.create(model="claude-3-5-sonnet-20241022", max_tokens=9, messages=[])\n',
    )
    repo.write(
        "guarded.py",
        "import os\n\nfrom openai import OpenAI\n\n"
        'key = os.getenv("OPENAI_API_KEY")\nif not key:\n    raise SystemExit("set the key")\n'
        'OpenAI(api_key=key).chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    _apply(repo)
    assert 'Anthropic(api_key=os.environ["BYTESPIKE_API_KEY"], base_url=' in repo.read("grade.py").decode()
    assert 'key = os.getenv("BYTESPIKE_API_KEY")\nif not key:' in repo.read("guarded.py").decode()


def test_a_key_read_with_a_fallback_or_through_str_is_still_the_key_read(repo: Repo):
    # `os.getenv("OPENAI_API_KEY") or ""` and `str(os.getenv(…))` held their clients: "a key the tool cannot point
    # at a ByteSpike key".
    repo.write(
        "app.py",
        'import os\n\nfrom openai import OpenAI\n\nkey = os.getenv("OPENAI_API_KEY") or ""\nclient = OpenAI(api_key=key)\n'
        'client.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    repo.write(
        "chain.py",
        "import os\n\nfrom langchain_openai import ChatOpenAI\n\n"
        'llm = ChatOpenAI(model="gpt-4o", api_key=str(os.getenv("OPENAI_API_KEY")))\nllm.invoke("hi")\n',
    )
    output = _apply(repo)
    assert output["findings"] == []
    assert 'key = os.getenv("BYTESPIKE_API_KEY") or ""\n' in repo.read("app.py").decode()
    assert 'api_key=str(os.getenv("BYTESPIKE_API_KEY"))' in repo.read("chain.py").decode()


def test_a_compose_files_list_entry_gives_its_variables_model_as_a_mapping_does(repo: Repo):
    # `- OPENAI_API_MODEL=gpt-4o` stayed while the code reading it moved: the container sent gpt-4o to ByteSpike.
    repo.write(
        "server.py",
        "import os\n\nfrom openai import OpenAI\n\nclient = OpenAI()\n"
        'client.chat.completions.create(model=os.getenv("OPENAI_API_MODEL", "gpt-4o-mini"), messages=[])\n',
    )
    compose = "services:\n  app:\n    environment:\n      - OPENAI_API_MODEL=gpt-4o\n      - OTHER=gpt-4o=x\n"
    repo.write("docker-compose.yml", compose)
    _apply(repo)
    assert repo.read("docker-compose.yml").decode() == compose.replace("MODEL=gpt-4o", "MODEL=gpt-5-4")
    assert '"OPENAI_API_MODEL", "gpt-5-4-mini"' in repo.read("server.py").decode()
    assert run_cli("revert", ".", cwd=repo.path).code == 0
    assert repo.read("docker-compose.yml").decode() == compose


def test_a_fields_declared_default_flows_to_the_requests_that_read_the_field(repo: Repo):
    # `model: str = field(default="gpt-4o-mini")` was an id that "reaches no request the tool can follow".
    repo.write(
        "svc.py",
        "from dataclasses import dataclass, field\n\nfrom openai import OpenAI\nfrom pydantic import BaseModel, Field\n"
        '\n\n@dataclass\nclass Svc:\n    model: str = field(default="gpt-4o-mini")\n\n    def send(self, p):\n'
        "        return OpenAI().chat.completions.create(model=self.model, messages=[])\n\n\n"
        'class Cfg(BaseModel):\n    model: str = Field("gpt-4o", description="the model")\n\n\n'
        "def ask(cfg: Cfg):\n    return OpenAI().chat.completions.create(model=cfg.model, messages=[])\n\n\n"
        'print(Svc().send("hi"), ask(Cfg()))\n',
    )
    output = _apply(repo)
    text = repo.read("svc.py").decode()
    assert 'field(default="gpt-5-4-mini")' in text and 'Field("gpt-5-4", description' in text
    assert _findings(output, "dynamic-model") == []


def test_a_client_whose_endpoint_or_key_is_set_after_it_is_made_stays(repo: Repo):
    # self-operating-computer: `client.base_url = os.getenv("OPENAI_API_BASE_URL", client.base_url)` after the
    # constructor undid its edit, and the ByteSpike id went to another server (or the OpenAI key to ByteSpike).
    sources = {
        "later.py": "import os\n\nfrom openai import OpenAI\n\nclient = OpenAI()\n"
        'client.base_url = os.getenv("LOCAL_LLM_URL", "http://localhost:8000/v1")\n'
        'client.chat.completions.create(model="gpt-4o", messages=[])\n',
        "copied.py": "from openai import OpenAI\n\nbase = OpenAI()\n"
        'local = base.with_options(base_url="http://localhost:8000/v1")\n'
        'local.chat.completions.create(model="gpt-4o", messages=[])\n',
    }
    for name, text in sources.items():
        repo.write(name, text)
    output = _apply(repo)
    assert _modified(repo) == []
    kept = {f["path"]: f["message"] for f in _findings(output, "client-kept-on-openai")}
    assert "at `client.base_url = …` (line 6)" in kept["later.py"]
    assert "base.with_options(base_url=" in kept["copied.py"]


def test_a_module_client_keyed_in_main_is_configured_after_its_import(repo: Repo):
    # self-operating-computer's evaluate.py: `openai.api_key = …` in `main()` got the endpoint beside it, and a
    # script importing `judge` sent ByteSpike's id to OpenAI.
    repo.write(
        "evaluate.py",
        "import os\nimport openai\n\n\ndef judge(text):\n"
        '    return openai.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": text}])\n'
        '\n\ndef main():\n    openai.api_key = os.getenv("OPENAI_API_KEY")\n    print(judge("hi"))\n',
    )
    repo.write("batch.py", 'from evaluate import judge\n\njudge("hello")\n')
    _apply(repo)
    text = repo.read("evaluate.py").decode()
    assert text.startswith(
        'import os\nimport openai\nopenai.base_url = "https://llm.bytespike.ai/v1/"\n'
        'openai.api_key = os.environ["BYTESPIKE_API_KEY"]\n'
    )
    assert '    openai.api_key = os.environ["BYTESPIKE_API_KEY"]\n' in text


def test_a_model_a_dockerfile_gives_the_environment_keeps_the_requests_that_read_it(repo: Repo):
    # The getenv default moved and the Dockerfile's `ENV OPENAI_API_MODEL=gpt-4o` stayed: the container sent gpt-4o
    # to ByteSpike. The tool does not edit Dockerfiles, so what reads the variable stays, and says why.
    source = (
        "import os\n\nfrom openai import OpenAI\n\nclient = OpenAI()\n"
        'client.chat.completions.create(model=os.getenv("OPENAI_API_MODEL", "gpt-4o-mini"), messages=[])\n'
    )
    repo.write("server.py", source)
    repo.write("Dockerfile", "FROM python:3.12\nENV OPENAI_API_MODEL=gpt-4o PORT=8000\nCMD python server.py\n")
    output = _apply(repo)
    assert repo.read("server.py") == source.encode()
    (kept,) = _findings(output, "client-kept-on-openai")
    assert "model 'gpt-4o', set by Dockerfile:2" in kept["message"]
    # A variable no code reads holds nothing.
    repo.write("Dockerfile", "FROM python:3.12\nENV OTHER_MODEL=gpt-4o\nCMD python server.py\n")
    _apply(repo)
    assert '"gpt-5-4-mini"' in repo.read("server.py").decode()


def test_a_clients_resource_or_method_kept_under_a_name_is_still_that_clients_call(repo: Repo):
    # llm-anthropic's shape: `emb = client.embeddings` then `emb.create(…)` was not one of the client's requests,
    # which moved with its embeddings; `completions = client.chat.completions` moved the client and left the id.
    repo.write(
        "mixed.py",
        'import os\n\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n'
        'client.chat.completions.create(model="gpt-4o", messages=[])\nemb = client.embeddings\n'
        'emb.create(model="text-embedding-3-small", input="hi")\n',
    )
    repo.write(
        "chat.py",
        "from openai import OpenAI\n\nclient = OpenAI()\ncompletions = client.chat.completions\n"
        'completions.create(model="gpt-4o", messages=[])\nembed = client.embeddings.create\n',
    )
    repo.write(
        "claude.py",
        "import anthropic\n\nclient = anthropic.Anthropic()\n\n\ndef ask(betas):\n"
        "    messages = client.beta.messages if betas else client.messages\n"
        '    return messages.create(model="claude-3-5-sonnet-20241022", max_tokens=9, messages=[])\n',
    )
    output = _apply(repo)
    mixed = repo.read("mixed.py").decode()
    assert 'OpenAI(api_key=os.environ["OPENAI_API_KEY"])' in mixed and "client_bytespike" in mixed
    assert any(f["path"] == "mixed.py" for f in _findings(output, "unsupported-api"))
    assert 'completions.create(model="gpt-5-4"' in repo.read("chat.py").decode()
    assert 'model="claude-sonnet-4-6"' in repo.read("claude.py").decode()
    # As a parameter's default too: `def embed_all(texts, embeddings=client.embeddings)`.
    repo.write(
        "default.py",
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef embed_all(texts, embeddings=client.embeddings):\n"
        '    return [embeddings.create(model="text-embedding-3-small", input=t) for t in texts]\n',
    )
    output = _apply(repo)
    assert "default.py" not in _modified(repo)
    assert any(f["path"] == "default.py" for f in _findings(output, "unsupported-api"))


def test_a_model_given_through_keyword_arguments_comes_from_the_functions_callers(repo: Repo):
    # XAgent's shape: `def ask(messages, **kwargs): client.chat.completions.create(messages=messages, **kwargs)`
    # moved with no word though only callers outside the repository give it a model. A function named `chat` was
    # also taken as called (by `openai.chat.completions`), so its module client moved.
    repo.write(
        "lib.py",
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef ask(messages, **kwargs):\n"
        "    return client.chat.completions.create(messages=messages, **kwargs)\n",
    )
    repo.write(
        "module.py", "import openai\n\n\ndef chat(model):\n    return openai.chat.completions.create(model=model)\n"
    )
    output = _apply(repo)
    assert _modified(repo) == []
    kept = {f["path"]: f["message"] for f in _findings(output, "client-kept-on-openai")}
    assert "the parameter `kwargs` of `ask`, which nothing in the repository calls" in kept["lib.py"]
    assert "the parameter `model` of `chat`, which nothing in the repository calls" in kept["module.py"]
    # Called here with a model the tool knows, it moves with it.
    repo.write("main.py", 'from lib import ask\n\nask([], model="gpt-4o")\n')
    _apply(repo)
    assert 'model="gpt-5-4"' in repo.read("main.py").decode() and "BYTESPIKE" in repo.read("lib.py").decode()


def test_two_scripts_options_of_one_name_are_two_values(repo: Repo):
    """Two scripts each define `--grader-model`: each script's `args.grader_model` is its own option's default. The
    script whose default has no mapping stays; the other moves (it stayed, told it used the other's id)."""
    script = (
        "import argparse\n\nfrom openai import OpenAI\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n"
        '    parser.add_argument("--grader-model", default="{model}")\n    args = parser.parse_args()\n'
        "    client = OpenAI()\n"
        '    print(client.chat.completions.create(model=args.grader_model, messages=[{{"role": "user", "content": "x"}}]))'
        '\n\n\nif __name__ == "__main__":\n    main()\n'
    )
    repo.write("a.py", script.format(model="gpt-4o"))
    repo.write("b.py", script.format(model="gpt-4.1"))
    output = _apply(repo)
    assert _modified(repo) == ["a.py"]
    assert 'default="gpt-5-4"' in repo.read("a.py").decode()
    (kept,) = _findings(output, "client-kept-on-openai")
    assert kept["path"] == "b.py" and "a.py" not in kept["message"]


def test_a_scripts_option_reads_what_code_elsewhere_sets_it_to(repo: Repo):
    """`args.model` reads its own parser's default, and what a helper it is handed sets `.model` to: the helper's
    unmapped id keeps the client (reading the option's default alone moved it with 'gpt-4.1' possible)."""
    repo.write(
        "a.py",
        "import argparse\n\nfrom openai import OpenAI\n\nfrom helpers import adjust\n\n\ndef main():\n"
        '    parser = argparse.ArgumentParser()\n    parser.add_argument("--model", default="gpt-4o")\n'
        "    args = parser.parse_args()\n    adjust(args)\n"
        "    print(OpenAI().chat.completions.create(model=args.model, messages=[]))\n",
    )
    repo.write("helpers.py", 'def adjust(args):\n    if args.fast:\n        args.model = "gpt-4.1"\n')
    output = _apply(repo)
    assert repo.status() == ""
    (kept,) = _findings(output, "client-kept-on-openai")
    assert "helpers.py:3" in kept["message"]


def test_what_a_framework_keeps_moves_with_the_models_its_module_gives_it(repo: Repo):
    """`dspy.settings.lm.model == "openai/gpt-4o-mini"` and a program's usage by model, in the module that configures
    that LM: they move with it, though a dspy.LM elsewhere has a model the tool cannot follow (they stayed with
    the orphans, and the comparison turned false, the lookup raised KeyError)."""
    repo.write(
        "app.py",
        'import dspy\n\n\ndef main():\n    lm = dspy.LM("openai/gpt-4o-mini")\n    dspy.configure(lm=lm, track_usage=True)\n'
        '    if dspy.settings.lm.model == "openai/gpt-4o-mini":\n        print("small")\n'
        '    result = dspy.Predict("question -> answer")(question="2+2?")\n'
        '    print(result.get_lm_usage()["openai/gpt-4o-mini"]["total_tokens"])\n',
    )
    repo.write("other.py", 'import dspy\n\n\ndef make(name):\n    return dspy.LM(model=f"openai/{name}")\n')
    _apply(repo)
    text = repo.read("app.py").decode()
    assert '== "openai/gpt-5-4-mini"' in text and 'get_lm_usage()["openai/gpt-5-4-mini"]' in text
    assert repo.read("other.py").decode().endswith('dspy.LM(model=f"openai/{name}")\n')


def test_a_deploy_files_key_stays_where_no_code_moves(repo: Repo):
    """render.yaml hands OPENAI_API_KEY to a service whose code moves nowhere (LangChain's `create_agent` with an id
    ByteSpike does not serve reads the variable itself): it stays (it was renamed, and the service lost its key)."""
    repo.write(
        "agent/main.py",
        'from langchain.agents import create_agent\n\nagent = create_agent(model="openai:gpt-5.5", tools=[])\n'
        'print(agent.invoke({"messages": [{"role": "user", "content": "hi"}]}))\n',
    )
    repo.write(
        "render.yaml",
        "services:\n  - type: web\n    name: agent\n    rootDir: agent\n    startCommand: python main.py\n"
        "    envVars:\n      - key: OPENAI_API_KEY\n        sync: false\n",
    )
    _apply(repo)
    assert repo.status() == ""


def test_an_env_file_named_from_the_folder_a_program_runs_in_serves_it(repo: Repo):
    """`load_dotenv("config/.env")` in math_app/rag/router.py, run from math_app/: math_app/config/.env.example is
    its template, and gets the ByteSpike key beside the code that moved (it got none)."""
    repo.write(
        "math_app/rag/router.py",
        'import os\n\nfrom dotenv import load_dotenv\nfrom openai import OpenAI\n\nload_dotenv("config/.env")\n'
        'client = OpenAI(api_key=os.getenv("OPENAI_API_KEY"))\n'
        'print(client.chat.completions.create(model="gpt-4o", messages=[]))\n',
    )
    repo.write("math_app/config/.env.example", 'OPENAI_API_KEY=""\n')
    _apply(repo)
    assert "BYTESPIKE_API_KEY" in repo.read("math_app/config/.env.example").decode()


def test_a_conftest_that_sets_the_key_for_moved_tests_gets_its_twin(repo: Repo):
    """pytest runs conftest.py's `os.environ.setdefault("OPENAI_API_KEY", "foo")` before the tests of its folder:
    where their clients now read BYTESPIKE_API_KEY, it sets that too (the test raised KeyError)."""
    repo.write("tests/conftest.py", 'import os\n\nos.environ.setdefault("OPENAI_API_KEY", "foo")\n')
    repo.write(
        "tests/test_chat.py",
        "from openai import OpenAI\n\n\ndef test_chat():\n    client = OpenAI()\n"
        '    assert client.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    _apply(repo)
    assert 'os.environ.setdefault("BYTESPIKE_API_KEY", "foo")' in repo.read("tests/conftest.py").decode()


def test_a_script_that_sets_the_key_and_loads_moved_code_by_path_gets_its_twin(repo: Repo):
    """A CI script that sets `OPENAI_API_KEY` (`os.environ.update(OPENAI_API_KEY="fake-key")`) and then imports
    every example by path: where an example now reads BYTESPIKE_API_KEY at import, it sets that too (the import
    raised KeyError). A script that loads nothing keeps its one line."""
    loader = (
        "import importlib.util\nimport os\nfrom pathlib import Path\n\n"
        "os.environ.update(OPENAI_API_KEY='fake-key')\n\n"
        "for path in (Path(__file__).parent.parent / 'examples').glob('*.py'):\n"
        "    spec = importlib.util.spec_from_file_location(path.stem, path)\n"
        "    spec.loader.exec_module(importlib.util.module_from_spec(spec))\n"
    )
    repo.write("tests/import_examples.py", loader)
    repo.write("tests/check_env.py", "import os\n\nos.environ.update(OPENAI_API_KEY='fake-key')\nprint(os.environ)\n")
    repo.write(
        "examples/chat.py",
        'from openai import OpenAI\n\nclient = OpenAI()\nprint(client.chat.completions.create(model="gpt-4o", messages=[]))\n',
    )
    _apply(repo)
    text = repo.read("tests/import_examples.py").decode()
    assert "os.environ.update(OPENAI_API_KEY='fake-key')\nos.environ.update(BYTESPIKE_API_KEY='fake-key')\n" in text
    assert "BYTESPIKE" not in repo.read("tests/check_env.py").decode()


def test_a_json_file_typescript_imports_through_a_path_alias_is_read_by_it(repo: Repo):
    """`import models from "@/lib/models.json"` hands the file's ids to a TypeScript client that stays (its key comes
    from a caller): the ids stay too, though a Python client elsewhere moves (they were rewritten as ids no code
    reads, and the client sent gpt-5-4 to OpenAI)."""
    repo.write("tsconfig.json", '{"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./*"]}}}\n')
    repo.write("lib/models.json", '{"models": [{"id": "gpt-4o", "name": "GPT-4o"}]}\n')
    repo.write(
        "page.ts",
        'import { createOpenAI } from "@ai-sdk/openai";\nimport { generateText } from "ai";\n'
        'import modelsList from "@/lib/models.json";\n\n'
        "export async function run(apiKey: string, baseURL: string) {\n"
        "  const provider = createOpenAI({ apiKey, baseURL });\n"
        '  return generateText({ model: provider(modelsList.models[0].id), prompt: "hi" });\n}\n',
    )
    repo.write(
        "tool.py",
        'from openai import OpenAI\n\nprint(OpenAI().chat.completions.create(model="gpt-4o-mini", messages=[]))\n',
    )
    _apply(repo)
    assert _modified(repo) == ["tool.py"]


def test_the_ids_of_a_request_on_a_client_only_callers_outside_give_stay(repo: Repo, tmp_path):
    """From swarm's examples: `def get_completion(client, messages, model="gpt-4o")`, which nothing in the repository
    calls, takes its client from its callers outside it, most likely an OpenAI client: the default moved to
    `gpt-5-4` because another module's client moved, and a caller's OpenAI client then asked OpenAI for it. It
    stays, with a word, in both languages; called here with the client that moves, it moves with it."""
    app_py = 'from openai import OpenAI\n\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o-mini", messages=[])\n'
    app_ts = (
        'import OpenAI from "openai";\nconst client = new OpenAI();\n'
        'export const main = () => client.chat.completions.create({ model: "gpt-4o-mini", messages: [] });\n'
    )
    repo.write("app.py", app_py)
    repo.write(
        "utils.py",
        'def get_completion(client, messages, model="gpt-4o"):\n'
        "    return client.chat.completions.create(model=model, messages=messages)\n",
    )
    repo.write("web/app.ts", app_ts)
    repo.write(
        "web/utils.ts",
        'import OpenAI from "openai";\nexport async function ask(client: OpenAI, model = "gpt-4o") {\n'
        "  return client.chat.completions.create({ model, messages: [] });\n}\n",
    )
    output = _apply(repo)
    assert _modified(repo) == ["app.py", "web/app.ts"]
    said = sorted((f["path"], f["message"]) for f in _findings(output, "external-client"))
    assert [path for path, _ in said] == ["utils.py", "web/utils.ts"]
    assert "`client` of `get_completion`" in said[0][1] and "`client` of `ask`" in said[1][1]

    assert run_cli("revert", ".", cwd=repo.path).code == 0
    repo.write("app.py", app_py + "\nfrom utils import get_completion\n\nget_completion(client, [])\n")
    repo.write("web/app.ts", app_ts + 'import { ask } from "./utils";\nexport const other = () => ask(client);\n')
    output = _apply(repo)
    assert _modified(repo) == ["app.py", "utils.py", "web/app.ts", "web/utils.ts"]
    assert b'model="gpt-5-4"' in repo.read("utils.py") and b'model = "gpt-5-4"' in repo.read("web/utils.ts")
    assert _findings(output, "external-client") == []


def test_typescript_follows_a_part_of_a_value_a_function_returns(repo: Repo):
    """`function pickModel() { return DEFAULTS.model }` (and `MODELS[0].value`, `LIST[0]`, `MODELS.find(…)!.value`)
    handed to a client that stays: the return was followed only for a value returned whole, so `DEFAULTS`'s id
    reached no request and moved to gpt-5-4 with another module's client, sent to OpenAI by the kept one."""
    repo.write(
        "moved.ts",
        'import OpenAI from "openai";\nconst client = new OpenAI();\n'
        'export const r = client.chat.completions.create({ model: "gpt-4o-mini", messages: [] });\n',
    )
    repo.write(
        "kept.ts",
        'import OpenAI from "openai";\n\nconst DEFAULTS = { model: "gpt-4o" };\n'
        'const MODELS = [{ value: "gpt-5", label: "B" }];\nconst LIST = ["gpt-5-mini"];\n'
        "function pickModel() {\n  return DEFAULTS.model;\n}\nfunction first() {\n  return LIST[0];\n}\n"
        "const find = (v: string) => MODELS.find((m) => m.value === v)!.value;\n\n"
        "const openai = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL });\n"
        "export const a = () => openai.chat.completions.create({ model: pickModel(), messages: [] });\n"
        'export const b = () => openai.chat.completions.create({ model: find("x"), messages: [] });\n'
        "export const c = () => openai.chat.completions.create({ model: first(), messages: [] });\n",
    )
    _apply(repo)
    assert _modified(repo) == ["moved.ts"]


def test_typescript_keeps_an_id_tested_against_values_a_kept_client_takes(repo: Repo):
    """assistant-ui's model selector: `new Set(["gpt-4o"]).has(m.value)` over a list whose "gpt-4o" a client that stays
    takes: the set's id reached no request and moved with another module's client, so the test never matched
    again. It stays, said; with the list's client moving, it moves."""
    repo.write(
        "moved.ts",
        'import OpenAI from "openai";\nconst client = new OpenAI();\n'
        'export const r = client.chat.completions.create({ model: "gpt-4o-mini", messages: [] });\n',
    )
    models = (
        'import OpenAI from "openai";\n\nexport const MODELS = [{ value: "gpt-4o" }];\nconst DEFAULT_ID = MODELS[0].value;\n'
        "const openai = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL });\n"
        "export const ask = () => openai.chat.completions.create({ model: DEFAULT_ID, messages: [] });\n"
    )
    repo.write("models.ts", models)
    repo.write(
        "selector.ts",
        'import { MODELS } from "./models";\n\nconst EFFORT = new Set(["gpt-4o"]);\n'
        'export const options = MODELS.map((m) => ({ id: m.value, effort: EFFORT.has(m.value), o: ["gpt-4o"].includes(m.value) }));\n',
    )
    output = _apply(repo)
    assert _modified(repo) == ["moved.ts"]
    (said,) = [f for f in _findings(output, "dynamic-model") if f["path"] == "selector.ts"]
    assert "model ids 'gpt-4o' (line 3), 'gpt-4o' (line 4) left as they are" in said["message"]
    assert "each is tested against values the tool cannot follow" in said["message"]

    assert run_cli("revert", ".", cwd=repo.path).code == 0
    repo.write("models.ts", models.replace("{ baseURL: process.env.OPENAI_BASE_URL }", ""))
    _apply(repo)
    assert _modified(repo) == ["models.ts", "moved.ts", "selector.ts"]


def test_typescript_an_id_a_function_returns_into_a_package_s_object_stays(repo: Repo):
    """assistant-ui: the UI's `modelName` goes to the backend through `aui.modelContext.register({ getModelContext:
    () => ({ config: { modelName } }) })`, `aui` made by the package's `useAui()`; the backend compares it with its
    own kept "gpt-4o". The function bound to no name was followed nowhere, so the UI's id moved with an unrelated
    client and never matched again."""
    repo.write(
        "scripts/summarize.ts",
        'import OpenAI from "openai";\nconst client = new OpenAI();\n'
        'export const r = client.chat.completions.create({ model: "gpt-4o-mini", messages: [] });\n',
    )
    repo.write(
        "components/chat.tsx",
        'import { useAui } from "@assistant-ui/react";\n\nconst MODELS = [{ modelName: "gpt-4o" }] as const;\n\n'
        "export function ModelSelector() {\n  const aui = useAui();\n  const selected = MODELS[0];\n"
        "  return aui.modelContext.register({\n"
        "    getModelContext: () => ({ config: { modelName: selected.modelName } }),\n  });\n}\n",
    )
    output = _apply(repo)
    assert _modified(repo) == ["scripts/summarize.ts"]
    (said,) = [f for f in _findings(output, "dynamic-model") if f["path"] == "components/chat.tsx"]
    assert "it is handed to `aui.modelContext.register(" in said["message"]


def test_a_client_handed_through_two_modules_functions_moves_with_their_requests(repo: Repo):
    """swarm's engines: `run(client)` (engine.py) hands the client to `get_completion(client, …)` (utils.py). `run`
    returns what `get_completion` answers, which was read as `run` being a re-export of that answer: the call
    reached no function, the client was "handed to code the tool cannot follow" and stayed."""
    repo.write("app.py", "from openai import OpenAI\nfrom engine import run\n\nclient = OpenAI()\nprint(run(client))\n")
    repo.write(
        "engine.py",
        "from utils import get_completion\n\n\ndef run(client):\n"
        '    r = get_completion(client, [{"role": "user", "content": "hi"}])\n    return r.choices[0].message.content\n',
    )
    repo.write(
        "utils.py",
        'def get_completion(client, messages, model="gpt-4o"):\n'
        "    return client.chat.completions.create(model=model, messages=messages)\n",
    )
    output = _apply(repo)
    assert _modified(repo) == ["app.py", "utils.py"]
    assert b'model="gpt-5-4"' in repo.read("utils.py")
    assert _findings(output, "client-kept-on-openai") == [] and _findings(output, "external-client") == []


def test_an_env_file_of_a_sub_project_where_nothing_moves_keeps_its_ids(repo: Repo):
    """assistant-ui: `python/assistant-transport-backend/.env.example` (OPENAI_MODEL=gpt-4o-mini, nothing there moves)
    had its id rewritten because a client in another sub-project moved, while its key stayed."""
    repo.write(
        "agent/agent.py",
        'from openai import OpenAI\n\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    env = "OPENAI_API_KEY=your_openai_api_key_here\nOPENAI_MODEL=gpt-4o-mini\n"
    repo.write("backend/.env.example", env)
    repo.write("backend/main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n")
    repo.write("agent/.env.example", env)
    _apply(repo)
    assert _modified(repo) == ["agent/.env.example", "agent/agent.py"]
    assert repo.read("agent/.env.example") == b"BYTESPIKE_API_KEY=sk-byts-...\nOPENAI_MODEL=gpt-5-4-mini\n"


def test_typescript_a_key_handed_in_with_the_variable_as_fallback_keeps_its_client(repo: Repo):
    """agentic's patterns: `new OpenAI({ apiKey: apiKey ?? process.env.OPENAI_API_KEY })` moved, the variable renamed:
    the repository's own caller hands in an OpenAI key (`makeClient(process.env.TEAM_OPENAI_KEY)`), which then went
    to ByteSpike with a ByteSpike id. It stays whole, said, as Python's `api_key or os.getenv(…)` does."""
    source = (
        'import OpenAI from "openai";\nfunction makeClient(apiKey?: string) {\n'
        "  return new OpenAI({ apiKey: apiKey ?? process.env.OPENAI_API_KEY });\n}\n"
        "const client = makeClient(process.env.TEAM_OPENAI_KEY);\n"
        'export const r = client.chat.completions.create({ model: "gpt-4o", messages: [] });\n'
    )
    repo.write("app.ts", source)
    repo.write(
        "bot.ts",
        'import OpenAI from "openai";\nexport class Bot {\n  client: OpenAI;\n'
        "  constructor(opts: { apiKey?: string }) {\n"
        "    this.client = new OpenAI({ apiKey: opts.apiKey || process.env.OPENAI_API_KEY });\n  }\n"
        '  ask() {\n    return this.client.chat.completions.create({ model: "gpt-4o", messages: [] });\n  }\n}\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    said = sorted(
        f["path"] for f in _findings(output, "dynamic-config") if "may not hold a ByteSpike key" in f["message"]
    )
    assert said == ["app.ts", "bot.ts"]


def test_typescript_defaults_callers_outside_may_override_are_said(repo: Repo):
    """agentic: `summarize(text, client?: OpenAI, model = "gpt-4o")` with `client ?? new OpenAI()` moved with no word
    (Python says both): a caller outside the repository passing its own OpenAI client now sends gpt-5-4 to OpenAI."""
    repo.write(
        "index.ts",
        'import OpenAI from "openai";\n'
        'export async function summarize(text: string, client?: OpenAI, model = "gpt-4o") {\n'
        "  const openai = client ?? new OpenAI();\n"
        '  return openai.chat.completions.create({ model, messages: [{ role: "user", content: text }] });\n}\n',
    )
    output = _apply(repo)
    assert _modified(repo) == ["index.ts"]
    said = sorted(f["message"] for f in _findings(output, "external-default"))
    assert len(said) == 2
    assert "a client given as `client` of `summarize`" in said[0]
    assert "the default of the parameter `model` of `summarize`" in said[1]


def test_held_orphans_name_the_requests_nearest_to_them(repo: Repo):
    """swarm, Chainlit's cookbook: the ids a script keeps because requests whose model the tool cannot follow stay were
    said to be theirs naming the first three such requests of the repository, in projects that cannot import it;
    the nearest are named first (its own program's, then its folder's). All of them still hold it."""
    for name in ("a", "b", "c"):
        repo.write(
            f"{name}/main.py",
            "import sys\nfrom openai import OpenAI\n\nOpenAI().chat.completions.create(model=sys.argv[1], messages=[])\n",
        )
    repo.write(
        "z/app.py",
        "import sys\nfrom openai import OpenAI\n\nfrom z.models import DEFAULT\n\n"
        "OpenAI().chat.completions.create(model=sys.argv[1], messages=[])\nprint(DEFAULT)\n",
    )
    repo.write("z/models.py", 'DEFAULT = "gpt-4o"\n')
    repo.write(
        "m/chat.py", 'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4o-mini", messages=[])\n'
    )
    output = _apply(repo)
    assert _modified(repo) == ["m/chat.py"]
    (held,) = [f for f in _findings(output, "dynamic-model") if f["path"] == "z/models.py"]
    assert "cannot follow stay (z/app.py:6, a/main.py:4, b/main.py:4)" in held["message"]


def test_a_client_that_sends_no_request_stays_in_both_languages(repo: Repo):
    """openai/evals: `client = OpenAI()` in a module whose helpers every benchmark imports, used nowhere, moved:
    importing the module then raised KeyError for BYTESPIKE_API_KEY though nothing of the program moved. A client
    no request the tool can see uses stays, said (silently in a test that checks its own settings)."""
    repo.write(
        "bench/utils.py",
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef get_root_dir():\n    return '.'\n",
    )
    repo.write("bench/grade.py", "from bench.utils import get_root_dir\n\nprint(get_root_dir())\n")
    repo.write("web/client.ts", 'import OpenAI from "openai";\nexport const openai = new OpenAI();\n')
    repo.write(
        "tests/test_settings.py",
        'from openai import OpenAI\n\n\ndef test_key():\n    assert OpenAI(api_key="k").api_key == "k"\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    said = sorted(f["path"] for f in _findings(output, "client-kept-on-openai") if "sends no request" in f["message"])
    assert said == ["bench/utils.py", "web/client.ts"]
    env = {**os.environ, "PYTHONPATH": str(repo.path)}
    env.pop("BYTESPIKE_API_KEY", None)
    env["OPENAI_API_KEY"] = "sk-test"
    ran = subprocess.run([sys.executable, "bench/grade.py"], cwd=repo.path, env=env, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr


def test_the_ids_of_data_files_no_code_names_stay_as_records(repo: Repo):
    """LLMTest_NeedleInAHaystack: `original_results/*.json` record the model each run used; once the evaluator's
    client moved, every file's "claude-3-5-sonnet-20241022" became "claude-sonnet-4-6", crediting scores to a
    model that never produced them, with no finding. A file code names by its name still moves with its reader."""
    repo.write(
        "evaluate.py",
        "import json\n\nfrom anthropic import Anthropic\n\nclient = Anthropic()\n"
        'DEFAULT = json.load(open("models.json"))["default"]\n\n\n'
        "def evaluate(prompt):\n"
        '    return client.messages.create(model=DEFAULT, max_tokens=300, messages=[{"role": "user", "content": prompt}])\n',
    )
    repo.write("models.json", '{"default": "claude-3-5-sonnet-20241022"}\n')
    for n in (1000, 2000, 3000):
        repo.write(
            f"original_results/token_len_{n}_results.json",
            f'{{"model": "claude-3-5-sonnet-20241022", "context_length": {n}, "score": 10}}\n',
        )
    output = _apply(repo)
    assert _modified(repo) == ["evaluate.py", "models.json"]
    [said] = _findings(output, "data-file")
    assert said["path"] == "original_results/token_len_1000_results.json"
    assert "3 data files of original_results/" in said["message"]


@pytest.mark.parametrize(
    ("pin", "moves"),
    [
        ("instructor==1.13.0\n", False),  # forwards base_url into every create(): "unexpected keyword argument"
        ("instructor>=1.0,<1.15\n", False),
        ("instructor>=1.15\n", True),
        ("instructor\n", True),  # unpinned: installed at its newest version
    ],
)
def test_instructor_from_provider_moves_only_where_the_pinned_version_gives_its_client_the_endpoint(
    repo: Repo, pin: str, moves: bool
):
    """instructor's own examples: `from_provider("openai/gpt-4o-mini")` gained base_url and api_key, which instructor
    before 1.15 forwards into every request (`Completions.create() got an unexpected keyword argument 'base_url'`)."""
    repo.write("requirements.txt", f"openai>=1.0\n{pin}")
    repo.write(
        "app.py",
        'import instructor\n\nclient = instructor.from_provider("openai/gpt-4o-mini")\n'
        'client.chat.completions.create(messages=[{"role": "user", "content": "hi"}], response_model=dict)\n',
    )
    output = _apply(repo)
    assert (_modified(repo) == ["app.py"]) is moves
    kept = [f["message"] for f in _findings(output, "client-kept-on-openai")]
    assert any("from instructor 1.15 on" in m and "requirements.txt: instructor" in m for m in kept) is not moves


def test_an_instructor_client_given_by_keyword_and_its_chat_shortcut_move(repo: Repo):
    """instructor's examples: `instructor.from_openai(client=OpenAI())` was not followed (the client stayed, "handed
    to code the tool cannot follow"), and `client.chat.create(…)` (instructor's shortcut for chat completions) was
    called an API ByteSpike does not serve."""
    repo.write(
        "run.py",
        "import instructor\nfrom openai import OpenAI\n\n"
        "client = instructor.from_openai(client=OpenAI(), mode=instructor.Mode.TOOLS)\n\n\n"
        'def judge(q):\n    return client.chat.create(model="gpt-4o-mini", response_model=dict, messages=[])\n',
    )
    output = _apply(repo)
    text = repo.read("run.py").decode()
    assert 'client=OpenAI(base_url="https://llm.bytespike.ai/v1"' in text and 'model="gpt-5-4-mini"' in text
    assert _findings(output, "unsupported-api") == []


def test_a_membership_guard_of_the_environment_tests_the_bytespike_key(repo: Repo):
    """`if "OPENAI_API_KEY" not in os.environ: sys.exit(…)` before a client that moves: the migrated program exited
    when given only the ByteSpike key (a warning said so)."""
    repo.write(
        "app.py",
        'import os\nimport sys\n\nfrom openai import OpenAI\n\nif "OPENAI_API_KEY" not in os.environ:\n'
        '    sys.exit("Set OPENAI_API_KEY first")\n\nclient = OpenAI()\n'
        'client.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    output = _apply(repo)
    assert 'if "BYTESPIKE_API_KEY" not in os.environ:' in repo.read("app.py").decode()
    assert _findings(output, "dynamic-config") == []


def test_an_old_pin_holds_back_only_the_calls_its_dependency_file_serves(repo: Repo):
    """instructor's examples: `logfire-fastapi/requirements.txt` pins instructor 1.0.3; `automodel/`'s calls were
    kept "by" that pin, though that file serves only its own folder."""
    call = 'import instructor\n\nclient = instructor.from_provider("openai/gpt-4o-mini")\n'
    repo.write("old/requirements.txt", "instructor==1.0.3\n")
    repo.write("old/app.py", call)
    repo.write("new/app.py", call)
    output = _apply(repo)
    assert _modified(repo) == ["new/app.py"]
    [kept] = [f for f in _findings(output, "client-kept-on-openai") if "instructor 1.15" in f["message"]]
    assert kept["path"] == "old/app.py" and "old/requirements.txt: instructor==1.0.3" in kept["message"]


@pytest.mark.parametrize(("listed", "moves"), [(False, False), (True, True)])
def test_a_llama_index_client_moves_only_where_the_class_it_becomes_is_a_dependency(
    repo: Repo, listed: bool, moves: bool
):
    """ai-engineering-hub's firecrawl-agent: `OpenAI(model="gpt-4o")` of LlamaIndex became `OpenAILike(…)` from
    llama-index-llms-openai-like, which its requirements.txt does not list: the module failed to import."""
    extra = "llama-index-llms-openai-like==0.4.0\n" if listed else ""
    repo.write("agent/requirements.txt", f"llama-index==0.13.1\nllama-index-llms-openai==0.5.3\n{extra}")
    repo.write(
        "agent/app.py",
        'from llama_index.llms.openai import OpenAI\n\nllm = OpenAI(model="gpt-4o")\nprint(llm.complete("hi"))\n',
    )
    output = _apply(repo)
    assert (_modified(repo) == ["agent/app.py"]) is moves
    kept = [f["message"] for f in _findings(output, "client-kept-on-openai")]
    assert any("do not list" in m and "(agent/requirements.txt)" in m for m in kept) is not moves, kept


def test_a_langchain_temperature_a_gpt_5_id_drops_is_said(repo: Repo):
    """langchain-academy: `ChatOpenAI(model="gpt-4o", temperature=0)` moved to gpt-5-4, whose temperature
    langchain-openai drops (a reasoning model takes only 1), silently: deterministic chains turned random."""
    repo.write(
        "chain.py",
        "from langchain_openai import ChatOpenAI\n\n"
        'llm = ChatOpenAI(model="gpt-4o", temperature=0)\nsame = ChatOpenAI(model="gpt-4o", temperature=1)\n'
        'llm.invoke("hi")\nsame.invoke("hi")\n',
    )
    output = _apply(repo)
    assert 'ChatOpenAI(model="gpt-5-4", temperature=0' in repo.read("chain.py").decode()
    [said] = _findings(output, "framework-behaviour")
    assert said["line"] == 3 and "drops a temperature other than 1" in said["message"]


def test_a_name_a_star_import_gives_is_that_modules(repo: Repo):
    """`from common import *` then `other.messages.create(model=MODEL)` on a client left whole: `MODEL` was an
    unknown of its own, so common.py mapped it and moved its client while the other still sent it to Anthropic."""
    repo.write(
        "common.py",
        'import anthropic\n\nMODEL = "claude-3-5-haiku-20241022"\nclient = anthropic.Anthropic()\n'
        "client.messages.create(model=MODEL, max_tokens=9, messages=[])\n",
    )
    repo.write(
        "lesson.py",
        "import anthropic\nfrom common import *\n\nother = anthropic.Anthropic(api_key=input())\n"
        "other.messages.create(model=MODEL, max_tokens=9, messages=[])\n",
    )
    output = _apply(repo)
    assert _modified(repo) == []
    assert [f["path"] for f in _findings(output, "model-shared")] == ["common.py", "common.py"]


def test_a_litellm_answer_that_is_priced_keeps_its_requests_model(repo: Repo):
    """`litellm.completion_cost(completion_response=resp)` of a moved `resp = litellm.completion(model="gpt-4o")`:
    LiteLLM prices the answer by its model, which it does not know once mapped (aider prices every answer). The
    request stays, as one whose model `get_model_info` looks up."""
    repo.write(
        "ask.py",
        "import litellm\n\n\ndef ask(msg):\n"
        '    resp = litellm.completion(model="gpt-4o", messages=[{"role": "user", "content": msg}])\n'
        "    return resp, litellm.completion_cost(completion_response=resp)\n",
    )
    output = _apply(repo)
    assert _modified(repo) == []
    assert any("`litellm.completion_cost(completion_response=resp)`" in f["message"] for f in output["findings"])


def test_typescript_an_id_tested_against_another_value_stays_where_some_of_its_values_stay(repo: Repo):
    """The older vercel/ai-chatbot layout: `models.find((x) => x.id === id)` with `id` defaulting to DEFAULT_MODEL,
    which a kept default provider also sends. The list's ids were mapped and DEFAULT_MODEL stayed: the default chat
    found no model ("Model not found"). Every value of that id stays, with the provider the list reaches."""
    repo.write(
        "lib/models.ts",
        "export const models = [{ id: 'gpt-4o-mini' }, { id: 'gpt-4o' }];\nexport const DEFAULT_MODEL = 'gpt-4o-mini';\n",
    )
    repo.write(
        "lib/provider.ts",
        "import { createOpenAI } from '@ai-sdk/openai';\n\nconst openai = createOpenAI({ apiKey: process.env.OPENAI_API_KEY });\n"
        "export const chatModel = (id: string) => openai(id);\n",
    )
    repo.write(
        "lib/chat.ts",
        "import { generateText } from 'ai';\nimport { chatModel } from './provider';\n"
        "import { models, DEFAULT_MODEL } from './models';\n\n"
        "export async function ask(q: string, id: string = DEFAULT_MODEL) {\n"
        "  const m = models.find((x) => x.id === id);\n  if (!m) throw new Error('Model not found');\n"
        "  return generateText({ model: chatModel(m.id), prompt: q });\n}\n",
    )
    repo.write(
        "lib/title.ts",
        "import { generateText } from 'ai';\nimport { openai } from '@ai-sdk/openai';\nimport { DEFAULT_MODEL } from './models';\n\n"
        "export const title = (q: string) => generateText({ model: openai(DEFAULT_MODEL), prompt: q });\n",
    )
    output = _apply(repo)
    assert _modified(repo) == []
    (shared,) = _findings(output, "model-shared")
    assert "tested for equality against another (lib/chat.ts:6)" in shared["message"]


def test_litellms_own_table_of_models_looked_up_by_the_id_keeps_it(repo: Repo):
    """`litellm.model_cost[MODEL]["max_input_tokens"]` at import (SWE-agent reads its limits so): LiteLLM's table
    has no ByteSpike id, so the migrated module raised KeyError on import; `.get(MODEL, {})` silently lost the limit."""
    request = 'litellm.completion(model=MODEL, messages=[{"role": "user", "content": "hi"}])\n'
    repo.write(
        "a.py", 'import litellm\n\nMODEL = "gpt-4o"\nMAX_IN = litellm.model_cost[MODEL]["max_input_tokens"]\n' + request
    )
    repo.write(
        "b.py", 'import litellm\n\nMODEL = "gpt-4o-mini"\nLIMITS = litellm.model_cost.get(MODEL, {})\n' + request
    )
    output = _apply(repo)
    assert _modified(repo) == []
    said = " ".join(f["message"] for f in _findings(output, "model-shared"))
    assert "`litellm.model_cost[MODEL]`" in said and "`litellm.model_cost.get(MODEL, {})`" in said


def test_values_requests_made_without_the_sdk_or_by_another_package_read_stay(repo: Repo):
    """From the TypeChat and agent-kit sweep, with a plain client elsewhere that moves: a config file a raw request
    posts with (`fetch(cfg.endpoint, …)` in TypeScript, `httpx.post(cfg["endpoint"], …)` in a module that names no
    SDK), an env file's model variable a raw request, agent-kit's `openai({ model })` or the AI SDK's default provider
    reads, and the environment handed whole to a package (`createLanguageModel(process.env)`): the values were mapped
    (and the key renamed) while those requests stayed on OpenAI. They stay, and the key stays beside the new one."""
    repo.write(
        "other.ts",
        'import OpenAI from "openai";\nconst client = new OpenAI();\n'
        'export const s = () => client.chat.completions.create({ model: "gpt-4o-mini", messages: [] });\n',
    )
    repo.write(
        "ts/config.json", '{\n  "model": "gpt-4o",\n  "endpoint": "https://api.openai.com/v1/chat/completions"\n}\n'
    )
    repo.write(
        "ts/llm.ts",
        'import cfg from "./config.json";\nexport const ask = () => fetch(cfg.endpoint, { method: "POST", headers: '
        "{ Authorization: `Bearer ${process.env.OPENAI_API_KEY}` }, body: JSON.stringify({ model: cfg.model }) });\n",
    )
    repo.write(".env", "OPENAI_API_KEY=\nAGENT_MODEL=gpt-4o\nOPENAI_MODEL=gpt-4o\n")
    repo.write(
        "agent.ts",
        'import { createAgent, openai } from "@inngest/agent-kit";\n'
        'export const agent = createAgent({ name: "a", model: openai({ model: process.env.AGENT_MODEL! }) });\n',
    )
    repo.write(
        "typechat.ts",
        'import { createLanguageModel } from "typechat";\nexport const m = createLanguageModel(process.env);\n',
    )
    repo.write(
        "py/config.json", '{\n  "model": "gpt-4o",\n  "endpoint": "https://api.openai.com/v1/chat/completions"\n}\n'
    )
    repo.write(
        "py/llm.py",
        'import json\nimport os\n\nimport httpx\n\ncfg = json.load(open("config.json"))\n\n\ndef ask():\n'
        '    return httpx.post(cfg["endpoint"], headers={"Authorization": "Bearer " + os.environ["OPENAI_API_KEY"]}, '
        'json={"model": cfg["model"], "messages": []})\n',
    )
    _apply(repo)
    assert sorted(_modified(repo)) == [".env", "other.ts"]
    assert (
        repo.read(".env")
        == b"OPENAI_API_KEY=\nBYTESPIKE_API_KEY=sk-byts-...\nAGENT_MODEL=gpt-4o\nOPENAI_MODEL=gpt-4o\n"
    )


def test_a_config_class_built_from_a_mapping_spread_into_it_reads_the_mappings_values(repo: Repo):
    """SWE-agent's layout: `ModelConfig(**yaml.safe_load(open("config.yaml"))["model"])`, a pydantic model with no
    `__init__`, whose `name` a kept client sends (its key comes from the config too). The spread went nowhere, so the
    field looked followed and empty: config.yaml's id was mapped as an orphan when another client moved, and the kept
    client sent the ByteSpike id to OpenAI."""
    repo.write("config.yaml", "model:\n  name: gpt-4o\n  key_env: MY_KEY\n")
    repo.write(
        "agent.py",
        "import os\n\nimport yaml\nfrom openai import OpenAI\nfrom pydantic import BaseModel\n\n\n"
        "class ModelConfig(BaseModel):\n    name: str\n    key_env: str\n\n\nclass LM:\n"
        "    def __init__(self, config: ModelConfig):\n        self.config = config\n"
        "        self.client = OpenAI(api_key=os.environ[config.key_env])\n\n"
        "    def query(self, messages):\n"
        "        return self.client.chat.completions.create(model=self.config.name, messages=messages)\n\n\n"
        'lm = LM(ModelConfig(**yaml.safe_load(open("config.yaml"))["model"]))\n',
    )
    repo.write(
        "summarize.py",
        'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4o-mini", messages=[])\n',
    )
    _apply(repo)
    assert _modified(repo) == ["summarize.py"]


def test_an_id_a_request_to_another_server_sends_is_no_orphan_of_openai(repo: Repo):
    """FastChat's layout: the repository serves an OpenAI-compatible API (`SERVED = {"gpt-4o": …}`) and its tests call
    it on localhost with that name; a judge elsewhere moves. The table's key and the test's expected model were mapped
    as orphans: the server no longer served "gpt-4o" (404 for its callers)."""
    repo.write("server.py", 'SERVED = {"gpt-4o": "worker-1"}\n\n\ndef served(model):\n    return model in SERVED\n')
    repo.write(
        "test_local.py",
        'import openai\n\nclient = openai.OpenAI(base_url="http://localhost:8000/v1", api_key="EMPTY")\n\n\n'
        'def test_served():\n    r = client.chat.completions.create(model="gpt-4o", messages=[])\n'
        '    assert r.model == "gpt-4o"\n',
    )
    repo.write(
        "judge.py", 'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4o-mini", messages=[])\n'
    )
    output = _apply(repo)
    assert _modified(repo) == ["judge.py"]
    said = [f for f in _findings(output, "dynamic-model") if f["path"] == "server.py"]
    assert said and "a request to another server sends that id (test_local.py:7)" in said[0]["message"]


def test_a_model_a_packages_token_limit_table_looks_up_keeps_its_id(repo: Repo):
    """azure-search-openai-demo's `get_token_limit(MODEL)` (openai-messages-token-helper) raises "unknown model name"
    for a ByteSpike id: the id and its request stay, as for LiteLLM's tables."""
    repo.write(
        "app.py",
        'from openai import OpenAI\nfrom openai_messages_token_helper import get_token_limit\n\nMODEL = "gpt-4o"\n'
        "client = OpenAI()\nbudget = get_token_limit(MODEL)\n"
        "client.chat.completions.create(model=MODEL, messages=[], max_tokens=budget // 2)\n",
    )
    output = _apply(repo)
    assert _modified(repo) == []
    assert any("`get_token_limit(MODEL)`" in f["message"] for f in _findings(output, "model-shared"))


def test_a_model_handed_on_under_another_name_or_to_a_command_line_stays(repo: Repo):
    """From the cookbook sweeps, each beside a client that moves: Haystack 1.x's `PromptNode(model_name_or_path=…)`,
    Semantic Kernel's `AzureChatCompletion(deployment_name=…)`, a sandbox's `envs={"CODEX_MODEL": MODEL}` and its
    command line `["codex", "exec", "--model", MODEL]` (TypeScript: `` `codex exec --model ${MODEL}` ``): the ids
    were mapped as orphans (or with the client they shared), while what they are handed to stays on OpenAI or Azure."""
    request = 'OpenAI().chat.completions.create(model="gpt-4o-mini", messages=[])\n'
    repo.write(
        "haystack1.py",
        'from haystack.nodes import PromptNode\nfrom openai import OpenAI\n\nnode = PromptNode(model_name_or_path="gpt-4o", '
        'api_key="k")\n' + request,
    )
    repo.write(
        "sk.py",
        "from openai import OpenAI\nfrom semantic_kernel.connectors.ai.open_ai import AzureChatCompletion\n\n"
        'chat = AzureChatCompletion(deployment_name="gpt-4o", endpoint="https://x.openai.azure.com", api_key="k")\n'
        + request,
    )
    repo.write(
        "sandbox.py",
        'from e2b import Sandbox\nfrom openai import OpenAI\n\nMODEL = "gpt-4o"\nclient = OpenAI()\n'
        "client.chat.completions.create(model=MODEL, messages=[])\n"
        'sbx = Sandbox.create("codex", envs={"CODEX_MODEL": MODEL})\n'
        'sbx.commands.run(["codex", "exec", "--model", MODEL])\n',
    )
    repo.write(
        "sandbox.ts",
        "import OpenAI from 'openai';\nimport { Sandbox } from 'e2b';\n\nconst MODEL = 'gpt-4o';\nconst openai = new OpenAI();\n"
        "export async function run() {\n  await openai.chat.completions.create({ model: MODEL, messages: [] });\n"
        "  const sbx = await Sandbox.create('codex');\n  return sbx.commands.run(`codex exec --model ${MODEL}`);\n}\n",
    )
    _apply(repo)
    assert b'model_name_or_path="gpt-4o"' in repo.read("haystack1.py")
    assert b'deployment_name="gpt-4o"' in repo.read("sk.py")
    assert b"gpt-5-4-mini" in repo.read("haystack1.py") and b"gpt-5-4-mini" in repo.read("sk.py")
    assert sorted(_modified(repo)) == ["haystack1.py", "sk.py"]


def test_a_request_that_continues_a_stored_response_stays_with_the_client_that_made_it(repo: Repo):
    """A client split in two (a file_search request stays, the others move to a ByteSpike client beside it): the
    follow-up `responses.create(previous_response_id=first.id)` moved to ByteSpike, which has no response stored on
    OpenAI, and in TypeScript a `store: true` completion moved away from the `chat.completions.retrieve` that reads it
    back (404 every time). They stay with the original, in both languages."""
    repo.write(
        "app.py",
        'from openai import OpenAI\n\nclient = OpenAI()\nfirst = client.responses.create(model="gpt-4o", input="q", '
        'tools=[{"type": "file_search", "vector_store_ids": ["vs_1"]}])\n'
        'second = client.responses.create(model="gpt-4o", input="more", previous_response_id=first.id)\n',
    )
    repo.write(
        "route.ts",
        'import OpenAI from "openai";\nconst openai = new OpenAI();\nexport async function GET() {\n'
        '  const c = await openai.chat.completions.create({ model: "gpt-4o", messages: [], store: true });\n'
        "  return openai.chat.completions.retrieve(c.id);\n}\n",
    )
    _apply(repo)
    assert _modified(repo) == []


def test_a_key_asked_for_where_it_is_not_set_is_asked_for_by_its_new_name(repo: Repo):
    """pinecone's notebooks: `os.environ["OPENAI_API_KEY"] = os.getenv("OPENAI_API_KEY") or getpass(…)`, then a client
    given `os.environ["OPENAI_API_KEY"]`: the read moved to BYTESPIKE_API_KEY while the statement was not taken for
    one that asks for the key, so nothing set it (KeyError in a fresh kernel)."""
    repo.write(
        "nb.py",
        "import os\nfrom getpass import getpass\n\nfrom openai import OpenAI\n\n"
        'os.environ["OPENAI_API_KEY"] = os.getenv("OPENAI_API_KEY") or getpass("OpenAI API key: ")\n'
        'client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\nclient.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    _apply(repo)
    text = repo.read("nb.py").decode()
    assert 'os.environ["BYTESPIKE_API_KEY"] = os.getenv("BYTESPIKE_API_KEY") or getpass("ByteSpike API key: ")' in text
    assert "OPENAI_API_KEY" not in text


def test_a_client_that_reads_a_key_written_in_the_code_stays(repo: Repo):
    """`os.environ["OPENAI_API_KEY"] = "sk-proj-…"` (a real-looking key, never copied) then `OpenAI()`: the client moved
    to `os.environ["BYTESPIKE_API_KEY"]`, which nothing set (KeyError). It stays, as one that reads a key the program
    holds does; the key is reported."""
    repo.write(
        "nb.py",
        'import os\n\nfrom openai import OpenAI\n\nos.environ["OPENAI_API_KEY"] = "sk-proj-' + "a1B2c3D4" * 6 + '"\n'
        'OpenAI().chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    assert _findings(output, "hardcoded-key") and _findings(output, "client-kept-on-openai")


def test_code_a_model_is_handed_to_keeps_the_key_it_reads_and_a_package_setting_no_code_reads_stays(repo: Repo):
    """magentic: `OpenaiChatModel("gpt-4o")` stays (the tool cannot follow it) and makes its own client, which reads
    OPENAI_API_KEY; `MAGENTIC_OPENAI_MODEL` in `.env` is read by magentic alone. Another client of the module moved,
    and the env file's OPENAI_API_KEY was renamed (the package's client raised "Missing credentials") and its
    MAGENTIC_OPENAI_MODEL mapped (OpenAI refused the ByteSpike id)."""
    repo.write(
        "app.py",
        "from magentic import OpenaiChatModel, prompt\nfrom openai import OpenAI\n\n\n"
        '@prompt("Say hello to {name}")\ndef hello(name: str) -> str: ...\n\n\n'
        "def summarize(text: str) -> str:\n    client = OpenAI()\n"
        '    r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])\n'
        "    return r.choices[0].message.content\n\n\n"
        'with OpenaiChatModel("gpt-4o"):\n    print(hello("x"))\n',
    )
    repo.write(".env", "OPENAI_API_KEY=sk-test\nMAGENTIC_BACKEND=openai\nMAGENTIC_OPENAI_MODEL=gpt-4o\n")
    output = _apply(repo)
    assert b'base_url="https://llm.bytespike.ai/v1"' in repo.read("app.py")
    env = repo.read(".env").decode()
    assert "OPENAI_API_KEY=sk-test\n" in env and "BYTESPIKE_API_KEY=" in env
    assert "MAGENTIC_OPENAI_MODEL=gpt-4o\n" in env
    assert any("MAGENTIC_OPENAI_MODEL" in f["message"] for f in _findings(output, "dynamic-model"))


def _run_tests(repo: Repo, tests: str) -> None:
    """The migrated repository's own tests pass, run with neither key set (what they set is what they read)."""
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "BYTESPIKE_API_KEY")}
    env["PYTHONPATH"] = str(repo.path)
    ran = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", tests],
        cwd=repo.path, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stdout + ran.stderr


def _settings_app(repo: Repo, env_file: str) -> None:
    repo.write(
        "settings.py",
        "from pydantic_settings import BaseSettings, SettingsConfigDict\n\n\nclass Settings(BaseSettings):\n"
        '    model_config = SettingsConfigDict(env_prefix="APP_", env_file=".env", extra="ignore")\n\n'
        '    openai_model: str = "gpt-4o"\n\n\nsettings = Settings()\n',
    )
    repo.write(
        "app.py",
        "from openai import OpenAI\n\nfrom settings import settings\n\nclient = OpenAI()\n\n\ndef run() -> None:\n"
        "    client.chat.completions.create(model=settings.openai_model, messages=[{'role': 'user', 'content': 'q'}])\n"
        "\n\nif __name__ == '__main__':\n    run()\n",
    )
    repo.write(".env", env_file)


def _verified(repo: Repo) -> list[dict]:
    """The requests `python app.py` makes under `verify` (the emulation of the services), each with its verdict."""
    report = repo.path.parent / "verify.json"
    env = {"OPENAI_API_KEY": "sk-openai-fake-0000", "BYTESPIKE_API_KEY": "sk-byts-fake-0000"}
    done = run_cli(
        "verify", "--format", "json", "-o", str(report), "--", sys.executable, "app.py", cwd=repo.path, env=env
    )
    assert report.exists(), done.stdout + done.stderr
    return json.loads(report.read_text())["requests"]


def test_a_pydantic_settings_field_is_what_the_env_file_sets_for_its_variable(repo: Repo):
    """`openai_model: str = "gpt-4o"` in a settings class with `env_prefix="APP_"` reading `.env`, where
    `APP_OPENAI_MODEL=gpt-4.1` (no mapping): the field's default was mapped and the client moved, so ByteSpike got
    gpt-4.1 (404). The field is what the variable holds: the client stays, said. With a mapped id in `.env`, both
    move."""
    pytest.importorskip("pydantic_settings", reason="pydantic-settings is a test dependency (pip install '.[test]')")
    _settings_app(repo, "APP_OPENAI_MODEL=gpt-4.1\n")
    output = _apply(repo)
    assert _modified(repo) == []
    assert any("APP_OPENAI_MODEL" in f["message"] for f in _findings(output, "client-kept-on-openai"))
    assert [r["verdict"] for r in _verified(repo)] == ["ok"]
    run_cli("revert", ".", cwd=repo.path)
    _settings_app(repo, "APP_OPENAI_MODEL=gpt-4o-mini\n")
    _apply(repo)
    assert _modified(repo) == [".env", "app.py", "settings.py"]
    assert repo.read(".env") == b"APP_OPENAI_MODEL=gpt-5-4-mini\n"
    requests = _verified(repo)
    assert [(r["verdict"], r["host"], r["model"]) for r in requests] == [("ok", "llm.bytespike.ai", "gpt-5-4-mini")]


def test_an_env_file_value_a_kept_client_reads_through_a_settings_class_stays(repo: Repo):
    """A settings class reads `CHAT_MODEL` from `.env.example` for a client that stays (its key is a setting the
    tool cannot point at ByteSpike); another client moves. The value was mapped as an id no request takes: the
    client that stays sent the ByteSpike id to OpenAI."""
    repo.write(
        "app/settings.py",
        "from pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n"
        '    openai_api_key: str = ""\n    chat_model: str = "gpt-4o-mini"\n\n\nsettings = Settings()\n',
    )
    repo.write(
        "app/llm.py",
        "from openai import OpenAI\n\nfrom app.settings import settings\n\n"
        "client = OpenAI(api_key=settings.openai_api_key)\n\n\ndef ask(q):\n"
        "    return client.chat.completions.create(model=settings.chat_model, messages=[])\n",
    )
    repo.write(
        "app/chat.py",
        'from openai import OpenAI\n\nchat = OpenAI()\nchat.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    repo.write("app/__init__.py", "")
    repo.write(".env.example", "CHAT_MODEL=gpt-4o\n")
    _apply(repo)
    assert "app/chat.py" in _modified(repo)
    assert repo.read(".env.example") == b"CHAT_MODEL=gpt-4o\n"
    assert b'"gpt-4o-mini"' in repo.read("app/settings.py")


def test_a_mapping_spread_after_the_model_may_override_it(repo: Repo):
    """`{"model": "gpt-4o-mini", **body}` (openai-realtime-agents' route, in Python): the request body spread after the
    model overrides it, so the model is what callers send. The literal was taken for the model and the client moved;
    callers' gpt-4.1 reached ByteSpike (404). So with `params.update(json.loads(raw))`. Spread before the model, the
    body is overridden: that request moves."""
    repo.write(
        "server.py",
        "import json\n\nfrom openai import OpenAI\n\nclient = OpenAI()\n\n\ndef handle(raw: str):\n"
        '    return client.chat.completions.create(**{"model": "gpt-4o-mini", **json.loads(raw)})\n\n\n'
        "def handle2(raw: str):\n"
        '    params = {"model": "gpt-4o-mini", "messages": []}\n    params.update(json.loads(raw))\n'
        "    return client.chat.completions.create(**params)\n",
    )
    repo.write(
        "fixed.py",
        "import json\n\nfrom openai import OpenAI\n\nfixed = OpenAI()\n\n\ndef handle(raw: str):\n"
        '    return fixed.chat.completions.create(**{**json.loads(raw), "model": "gpt-4o-mini"})\n',
    )
    output = _apply(repo)
    assert _modified(repo) == ["fixed.py"]
    kept = [f for f in _findings(output, "client-kept-on-openai") if f["path"] == "server.py"]
    assert kept and "the parameter `raw` of `handle`" in kept[0]["message"]


def test_a_model_tested_against_a_table_of_ids_as_prefixes_stays_with_the_table(repo: Repo):
    """quivr's `get_llm_model_config`: `for key, info in MODEL_TABLE.items(): if model.startswith(key)` over a table
    keyed by ids. Its keys stay, as prefixes do; the model that reaches the table moved (gpt-5-4), matched no key, and
    the lookup's None raised AttributeError (KeyError where `MODEL_TABLE[model]` reads the same table). The client
    whose model is tested stays with the table; a prefix written in the test itself is reported, as before."""
    table = (
        'MODEL_TABLE = {"gpt-4o-mini": 16384, "gpt-4o": 4096}\n\n\n'
        "def max_output(model: str) -> int:\n    for key, n in MODEL_TABLE.items():\n"
        "        if model.startswith(key):\n            return n\n    raise LookupError(model)\n"
    )
    app = (
        "from openai import OpenAI\n\nfrom table import max_output\n\nclient = OpenAI()\n"
        'MODEL = "gpt-4o"\n\n\ndef run():\n'
        "    client.chat.completions.create(model=MODEL, messages=[], max_tokens=max_output(MODEL))\n"
        "\n\nif __name__ == '__main__':\n    run()\n"
    )
    repo.write("table.py", table)
    repo.write("app.py", app)
    output = _apply(repo)
    assert _modified(repo) == []
    assert _findings(output, "model-shared")
    assert [r["verdict"] for r in _verified(repo)] == ["ok"]
    run_cli("revert", ".", cwd=repo.path)
    repo.write(
        "table.py",
        table.replace(
            "for key, n in MODEL_TABLE.items():\n        if model.startswith(key):",
            'for _ in (0,):\n        if model.startswith("gpt-4o"):',
        ),
    )
    _apply(repo)
    assert "app.py" in _modified(repo)


def test_a_test_double_s_recorded_model_is_compared_with_what_the_code_sends(repo: Repo):
    """`with patch.object(app.client.chat.completions, "create") as m: … assert m.call_args.kwargs["model"] ==
    "gpt-4o"`: the double records what the code sent, which moved to gpt-5-4; the literal was held as "compared with
    a value from outside the repository" and the test failed after the migration. It moves with the request."""
    repo.write(
        "app.py",
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef ask(q):\n"
        '    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}])\n',
    )
    repo.write("tests/conftest.py", 'import os\n\nos.environ.setdefault("OPENAI_API_KEY", "test-key")\n')
    repo.write(
        "tests/test_app.py",
        "from unittest.mock import patch\n\n\ndef test_ask():\n    import app\n\n"
        '    with patch.object(app.client.chat.completions, "create") as m:\n        app.ask("hi")\n'
        '        assert m.call_args.kwargs["model"] == "gpt-4o"\n',
    )
    _apply(repo)
    assert 'm.call_args.kwargs["model"] == "gpt-5-4"' in repo.read("tests/test_app.py").decode()
    _run_tests(repo, "tests")


def test_tests_that_set_or_check_the_key_other_ways_are_twinned_or_told(repo: Repo):
    """outlines-style tests of moved code: `mock.patch.dict(os.environ, {"OPENAI_API_KEY": "dummy"}, clear=True)` got no
    twin (KeyError: 'BYTESPIKE_API_KEY' under the test), pytest-env's `env = ["OPENAI_API_KEY=test"]` in pyproject.toml
    and `@pytest.mark.skipif(not os.getenv("OPENAI_API_KEY"))` were not said. The mapping gets the twin entry (the
    migrated tests pass), the other two a finding each."""
    repo.write(
        "src/pkg/client.py",
        "from openai import OpenAI\n\n\ndef make_client():\n    return OpenAI()\n\n\ndef ask(q):\n"
        '    return make_client().chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    repo.write("src/pkg/__init__.py", "")
    repo.write("pyproject.toml", '[tool.pytest.ini_options]\npythonpath = ["src"]\nenv = ["OPENAI_API_KEY=test"]\n')
    repo.write(
        "tests/test_a.py",
        "import os\nfrom unittest import mock\n\nimport pytest\n\nfrom pkg.client import make_client\n\n\n"
        "def test_with_patch_dict():\n"
        '    with mock.patch.dict(os.environ, {"OPENAI_API_KEY": "dummy"}, clear=True):\n'
        '        assert make_client().api_key == "dummy"\n\n\n'
        '@pytest.mark.skipif(not os.getenv("OPENAI_API_KEY"), reason="needs key")\ndef test_live():\n'
        "    make_client()\n",
    )
    output = _apply(repo)
    assert '{"OPENAI_API_KEY": "dummy", "BYTESPIKE_API_KEY": "dummy"}' in repo.read("tests/test_a.py").decode()
    said = sorted((f["path"], f["line"]) for f in _findings(output, "dynamic-config"))
    assert ("pyproject.toml", 3) in said and ("tests/test_a.py", 14) in said
    _run_tests(repo, "tests/test_a.py::test_with_patch_dict")


def test_streamlit_secrets_that_set_the_key_for_moved_code_are_said(repo: Repo):
    """Streamlit exports `.streamlit/secrets.toml`'s root entries to the environment: `OpenAI()` in a page moved to
    `os.environ["BYTESPIKE_API_KEY"]` (KeyError on load) and nothing said the secrets file sets only the old key."""
    repo.write(".streamlit/secrets.toml", 'OPENAI_API_KEY = "sk-test"\n\n[connections]\nurl = "x"\n')
    repo.write(
        "pages/1_Env.py",
        'import streamlit as st\nfrom openai import OpenAI\n\nclient = OpenAI()\nmodel = st.selectbox("Model", ["gpt-4o"])\n'
        'client.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    output = _apply(repo)
    assert "pages/1_Env.py" in _modified(repo)
    said = [f for f in _findings(output, "dynamic-config") if f["path"] == ".streamlit/secrets.toml"]
    assert [(f["line"], f["column"]) for f in said] == [(1, 1)]


def test_a_function_handed_to_another_package_is_called_with_values_from_outside(repo: Repo):
    """A LangGraph node: `builder.add_node("call_model", call_model)`, whose `config["configurable"].get("model",
    "gpt-4o")` is what the run's caller gives (Studio, the server's request body). The default was mapped and the
    client moved; a caller's gpt-4o-mini reached ByteSpike (404). The node's parameters come from outside."""
    repo.write(
        "graph.py",
        "from langchain_openai import ChatOpenAI\nfrom langgraph.graph import MessagesState, StateGraph\n\n\n"
        "def call_model(state: MessagesState, config):\n"
        '    llm = ChatOpenAI(model=config["configurable"].get("model", "gpt-4o"))\n'
        '    return {"messages": [llm.invoke(state["messages"])]}\n\n\n'
        'builder = StateGraph(MessagesState)\nbuilder.add_node("call_model", call_model)\ngraph = builder.compile()\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    kept = _findings(output, "client-kept-on-openai")
    assert kept and "`add_node`" in kept[0]["message"]


def test_a_class_built_from_data_in_its_classmethod_holds_what_the_data_holds(repo: Repo):
    """quivr's `from_yaml`: `return cls(**yaml.safe_load(f)[...])` builds the class from a YAML file, and langchain-
    academy's `Configuration.from_runnable_config` from `{f.name: os.environ.get(f.name.upper(), …)}` filtered by a
    comprehension. `cls` was no class and a comprehension gave nothing, so the field default looked like the model:
    it was mapped and the client moved, with the YAML's gpt-4.1 (or the environment's MODEL) sent to ByteSpike."""
    repo.write(
        "config.py",
        "import yaml\nfrom pydantic import BaseModel\n\n\nclass LLMConfig(BaseModel):\n"
        '    model: str = "gpt-4o"\n\n    @classmethod\n    def from_yaml(cls, path: str) -> "LLMConfig":\n'
        "        with open(path) as f:\n            return cls(**yaml.safe_load(f))\n",
    )
    repo.write(
        "llm.py",
        "from openai import OpenAI\n\nfrom config import LLMConfig\n\nclient = OpenAI()\n\n\ndef ask(q):\n"
        '    cfg = LLMConfig.from_yaml("llm.yaml")\n'
        "    return client.chat.completions.create(model=cfg.model, messages=[])\n",
    )
    repo.write("llm.yaml", "model: gpt-4.1\n")
    repo.write(
        "settings.py",
        "import os\nfrom dataclasses import dataclass, fields\n\n\n@dataclass\nclass Configuration:\n"
        '    model: str = "gpt-4o-mini"\n\n    @classmethod\n    def load(cls):\n'
        "        values = {f.name: os.environ.get(f.name.upper()) for f in fields(cls)}\n"
        "        return cls(**{k: v for k, v in values.items() if v})\n",
    )
    repo.write(
        "agent.py",
        "from openai import OpenAI\n\nfrom settings import Configuration\n\nagent = OpenAI()\n\n\ndef run():\n"
        "    return agent.chat.completions.create(model=Configuration.load().model, messages=[])\n",
    )
    repo.write(".env", "MODEL=gpt-4o\n")
    output = _apply(repo)
    assert _modified(repo) == []
    assert {f["path"] for f in _findings(output, "client-kept-on-openai")} == {"llm.py", "agent.py"}


def test_the_choices_a_command_line_option_offers_are_values_it_may_hold(repo: Repo):
    """`@click.option("--model", type=click.Choice(["gpt-4o", "gpt-4.1"]), default="gpt-4o")` (and argparse's
    `choices=`): the client moved with the default mapped, and `--model gpt-4.1`, a choice the program offers,
    reached ByteSpike (404). An offered id with no mapping keeps the client; with every choice mapped, it moves."""
    repo.write(
        "cli.py",
        "import argparse\n\nfrom openai import OpenAI\n\nparser = argparse.ArgumentParser()\n"
        'parser.add_argument("--model", choices=["gpt-4o", "gpt-4.1"], default="gpt-4o")\nargs = parser.parse_args()\n'
        "OpenAI().chat.completions.create(model=args.model, messages=[])\n",
    )
    repo.write(
        "tool.py",
        "import click\nfrom openai import OpenAI\n\n\n@click.command()\n"
        '@click.option("--model", type=click.Choice(["gpt-4o", "gpt-4o-mini"]), default="gpt-4o")\ndef main(model):\n'
        "    OpenAI().chat.completions.create(model=model, messages=[])\n",
    )
    output = _apply(repo)
    assert _modified(repo) == ["tool.py"]
    assert b'click.Choice(["gpt-5-4", "gpt-5-4-mini"]), default="gpt-5-4"' in repo.read("tool.py")
    assert [f["path"] for f in _findings(output, "client-kept-on-openai")] == ["cli.py"]


def test_a_key_variable_named_in_a_toml_file_read_by_a_kept_client_stays(repo: Repo):
    """`api_key_env = "OPENAI_API_KEY"` in settings.toml, read by `OpenAI(api_key=os.environ[CFG["api_key_env"]])` of
    an embeddings client that stays: the TOML edit renames the name's first word (`OPENAI`), which the YAML check
    did not take for the key's name, and `.env.example` was renamed too (the client sent the ByteSpike key to OpenAI).
    Both keep OPENAI_API_KEY; the env file gets the twin for the chat client that moved."""
    repo.write("settings.toml", '[embedder]\nmodel = "text-embedding-3-small"\napi_key_env = "OPENAI_API_KEY"\n')
    repo.write(
        "embed.py",
        'import os\nimport tomllib\n\nfrom openai import OpenAI\n\nwith open("settings.toml", "rb") as f:\n'
        '    CFG = tomllib.load(f)["embedder"]\n\nemb = OpenAI(api_key=os.environ[CFG["api_key_env"]])\n\n\n'
        'def vec(text):\n    return emb.embeddings.create(model=CFG["model"], input=[text])\n',
    )
    repo.write(
        "chat.py", 'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4o", messages=[])\n'
    )
    repo.write(".env.example", "OPENAI_API_KEY=\n")
    _apply(repo)
    assert repo.read("settings.toml").endswith(b'api_key_env = "OPENAI_API_KEY"\n')
    assert repo.read(".env.example").startswith(b"OPENAI_API_KEY=\n") and b"BYTESPIKE_API_KEY=" in repo.read(
        ".env.example"
    )
    assert "chat.py" in _modified(repo)


def test_a_notebook_that_loads_an_env_file_by_its_path_is_served_by_it(repo: Repo):
    """langchain-academy: `module/memory.ipynb` runs `load_dotenv("studio/.env")` and keeps an embeddings client;
    `module/studio/agent.py` moves. In the notebook's JSON the quotes are escaped, so the path was not read and
    studio/.env's OPENAI_API_KEY was renamed (the notebook's client: "Missing credentials"). It is kept, beside the
    twin."""
    cell = (
        "from dotenv import load_dotenv\n",
        'load_dotenv("studio/.env")\n',
        "from langchain_openai import OpenAIEmbeddings\n",
        'emb = OpenAIEmbeddings(model="text-embedding-3-small")\n',
    )
    notebook = {
        "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": list(cell)}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    repo.write("module/memory.ipynb", json.dumps(notebook, indent=1) + "\n")
    repo.write(
        "module/studio/agent.py",
        'from langchain_openai import ChatOpenAI\n\nllm = ChatOpenAI(model="gpt-4o")\nllm.invoke("hi")\n',
    )
    repo.write("module/studio/.env.example", "OPENAI_API_KEY=\n")
    _apply(repo)
    assert "module/studio/agent.py" in _modified(repo)
    env = repo.read("module/studio/.env.example").decode()
    assert env.startswith("OPENAI_API_KEY=\n") and "BYTESPIKE_API_KEY=" in env


def test_a_settings_field_reads_its_variable_whatever_the_case_the_env_file_spells_it(repo: Repo):
    """pydantic-settings matches names whatever their case: `chat_model=gpt-4o-mini` in `.env` is the field
    `chat_model`'s (CHAT_MODEL). It was taken for a variable no code reads and held, while the client moved with the
    field's default mapped: ByteSpike got gpt-4o-mini. It moves with the field."""
    pytest.importorskip("pydantic_settings", reason="pydantic-settings is a test dependency (pip install '.[test]')")
    repo.write(
        "app.py",
        "from openai import OpenAI\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\n\n"
        'class Settings(BaseSettings):\n    model_config = SettingsConfigDict(env_file=".env", extra="ignore")\n\n'
        '    chat_model: str = "gpt-4o"\n\n\nclient = OpenAI()\n\n\ndef run() -> None:\n'
        "    client.chat.completions.create(model=Settings().chat_model, messages=[])\n"
        "\n\nif __name__ == '__main__':\n    run()\n",
    )
    repo.write(".env", "chat_model=gpt-4o-mini\n")
    _apply(repo)
    assert repo.read(".env") == b"chat_model=gpt-5-4-mini\n"
    requests = _verified(repo)
    assert [(r["verdict"], r["host"], r["model"]) for r in requests] == [("ok", "llm.bytespike.ai", "gpt-5-4-mini")]


def test_a_module_client_resource_imported_by_name_is_the_module_client_s(repo: Repo):
    """`from openai import embeddings; embeddings.create(…)` is a request of the openai module's client, which
    `openai.chat.completions.create(…)` in another module moved to ByteSpike (configured in code): the embeddings
    request followed it there (404), with no finding. The module client stays, said."""
    repo.write("pkg/__init__.py", "")
    repo.write(
        "pkg/chat.py",
        'import openai\n\n\ndef answer(q):\n    return openai.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    repo.write(
        "pkg/search.py",
        "from openai import embeddings\n\n\ndef vec(text):\n"
        '    return embeddings.create(model="text-embedding-3-small", input=[text])\n',
    )
    output = _apply(repo)
    assert _modified(repo) == []
    assert [f["path"] for f in _findings(output, "client-kept-on-openai")] == ["pkg/chat.py"]


def test_a_parameter_is_followed_through_a_default_that_holds_no_model(repo: Repo):
    """`def chat(q, user_opts=None): params = {"model": "gpt-4o"}; params.update(user_opts or {})`: the parameter
    was an unknown from outside (nothing in the repository calls `chat`), so the client stayed, where `def chat(q,
    model="gpt-4o")` moves with an external-default info. A parameter is followed through its default, `None` too."""
    repo.write(
        "app.py",
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef chat(q, user_opts=None):\n"
        '    params = {"model": "gpt-4o", "messages": [{"role": "user", "content": q}]}\n'
        "    params.update(user_opts or {})\n    return client.chat.completions.create(**params)\n",
    )
    _apply(repo)
    assert _modified(repo) == ["app.py"]
    assert b'"model": "gpt-5-4"' in repo.read("app.py")
