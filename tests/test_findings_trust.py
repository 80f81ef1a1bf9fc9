"""Findings people can trust (README, Findings): no false errors, no noise, nothing missed. Each case is
the real command on a real repository."""

from __future__ import annotations

import json
import sys

import pytest
from conftest import Repo, run_cli

REAL = "sk-proj-Kq7Zt2Vw9Lm4Xr8Pn3Hd6Jb1Yc5Fs0Ge"


def _findings(repo: Repo, *args: str) -> tuple[int, list[dict]]:
    done = run_cli("scan", ".", "--format", "json", *args, cwd=repo.path)
    assert done.code in (0, 1), done.stderr
    return done.code, done.json()["findings"]


def test_a_placeholder_in_an_env_example_is_no_error(repo: Repo):
    repo.write(
        ".env.example",
        "API_KEY=sk-your-openai-api-key-here\nOPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxx\n"
        "TOKEN=YOUR_API_KEY\nSECRET=changeme\nOTHER=<key>\n",
    )
    repo.commit()
    code, findings = _findings(repo)
    assert [f for f in findings if f["rule"] == "hardcoded-key"] == []
    assert code == 0


def test_a_test_suites_dummy_key_with_a_words_start_is_no_error(repo: Repo):
    """gptme: `patch.dict(os.environ, {"OPENAI_API_KEY": "sk-test1234567890abcdef"})` was an error to revoke, and
    failed the scan; a real key of the same file still is one."""
    repo.write(
        "tests/test_onboard.py",
        'import os\nfrom unittest.mock import patch\n\nDEFAULT_MODEL = "openai/gpt-4o"\n\n\ndef test_keys():\n'
        '    with patch.dict(os.environ, {"OPENAI_API_KEY": "sk-test1234567890abcdef"}):\n        pass\n'
        f'    with patch.dict(os.environ, {{"OPENAI_API_KEY": "{REAL}"}}):\n        pass\n',
    )
    repo.commit()
    _, findings = _findings(repo)
    assert [f["line"] for f in findings if f["rule"] == "hardcoded-key"] == [10]


def test_a_key_on_a_client_that_stays_is_reported_in_python_and_typescript(repo: Repo):
    repo.write(
        "keep.py",
        f'from openai import OpenAI\nclient = OpenAI(api_key="{REAL}")\n'
        'client.files.create(file=open("x", "rb"), purpose="batch")\n',
    )
    repo.write(
        "keep.ts",
        f'import OpenAI from "openai";\nconst client = new OpenAI({{ apiKey: "{REAL}" }});\n'
        'await client.files.create({ file, purpose: "batch" });\n',
    )
    repo.write(".env", f"OPENAI_MODEL=gpt-4o\nSERVICE_KEY={REAL}\n")
    repo.commit()
    done = run_cli("scan", ".", "--format", "json", cwd=repo.path)
    keys = sorted((f["path"], f["line"]) for f in done.json()["findings"] if f["rule"] == "hardcoded-key")
    assert keys == [(".env", 2), ("keep.py", 2), ("keep.ts", 2)]
    assert done.code == 1
    assert REAL[:8] not in done.stdout + done.stderr
    # The client stays, and so does its key: nothing is rewritten.
    assert run_cli("apply", ".", cwd=repo.path).code == 0
    assert REAL.encode() in repo.read("keep.py") and REAL.encode() in repo.read("keep.ts")


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="this Python's own parser reads PEP 701 f-strings")
def test_a_file_in_newer_syntax_is_no_parse_error_and_its_ids_are_reported(repo: Repo):
    source = (
        'from openai import OpenAI\n\nrow = {"k": 1}\nlabel = f"{row["k"]}"\nclient = OpenAI()\n'
        'client.chat.completions.create(model="gpt-4o", messages=[])\nOLD = "gpt-4-0314"\n'
    )
    repo.write("app.py", source)
    repo.write("broken.py", "from openai import OpenAI\nclient = OpenAI(\n")
    repo.commit()
    code, findings = _findings(repo)
    seen = sorted((f["path"], f["line"], f["rule"]) for f in findings)
    assert seen == [
        ("app.py", 4, "newer-syntax"),
        ("app.py", 6, "newer-syntax"),
        ("app.py", 7, "unmapped-model"),
        ("broken.py", 2, "parse-error"),
    ]
    assert "'gpt-5-4'" in next(f["message"] for f in findings if f["line"] == 6)
    assert run_cli("apply", ".", cwd=repo.path).code == 0
    assert repo.read("app.py") == source.encode()


def test_one_unsupported_call_in_typescript_is_one_finding_naming_its_provider(repo: Repo):
    repo.write(
        "upload.ts",
        'import OpenAI from "openai";\nimport Anthropic from "@anthropic-ai/sdk";\n'
        "const client = new OpenAI();\nconst claude = new Anthropic();\n"
        'await client.files.create({ file, purpose: "batch" });\n'
        "await claude.beta.files.upload({ file });\n",
    )
    repo.commit()
    _, findings = _findings(repo)
    unsupported = [
        (f["line"], f["message"].rsplit("on an ", 1)[-1]) for f in findings if f["rule"] == "unsupported-api"
    ]
    assert unsupported == [(5, "OpenAI client"), (6, "Anthropic client")]


def test_revert_in_a_notebook_reads_the_key_with_import_os(repo: Repo):
    cell = [
        "from openai import OpenAI\n",
        f'client = OpenAI(api_key="{REAL}")\n',
        'client.chat.completions.create(model="gpt-4o", messages=[])',
    ]
    notebook = {
        "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": cell}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    repo.write("demo.ipynb", json.dumps(notebook, indent=1) + "\n")
    repo.commit()
    assert run_cli("apply", ".", cwd=repo.path).code == 0
    repo.commit("migrated")
    done = run_cli("revert", ".", cwd=repo.path)
    assert done.code == 0, done.stderr
    source = json.loads(repo.read("demo.ipynb"))["cells"][0]["source"]
    assert source == [
        "import os\n",
        "\n",
        "from openai import OpenAI\n",
        'client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n',
        'client.chat.completions.create(model="gpt-4o", messages=[])',
    ]
    # The cell runs: the read it gets back is bound.
    namespace: dict = {}
    exec("".join(source[:2]), namespace)
    assert "os" in namespace


def test_a_word_in_a_notebook_comment_makes_no_framework_finding(repo: Repo):
    cells = [
        ["# Models of other providers: https://docs.anthropic.com/en/docs\n"],
        ["from crewai import LLM\n", 'llm = LLM(model="gpt-4o")'],
    ]
    notebook = {
        "cells": [
            {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}
            for source in cells
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    repo.write("crew.ipynb", json.dumps(notebook, indent=1) + "\n")
    repo.commit()
    done = run_cli("diff", ".", "--format", "json", cwd=repo.path)
    assert done.code == 1, done.stderr
    assert [f for f in done.json()["findings"] if "Anthropic" in f["message"]] == []
    assert "openai/gpt-5-4" in done.stdout


def test_ids_in_a_data_file_no_code_names_are_one_finding(repo: Repo):
    rows = [
        {"model": m, "score": i}
        for i, m in enumerate(["gpt-4-0314", "gpt-3.5-turbo-0301", "gpt-4-32k-0613", "gpt-4-0613", "gpt-4-0314"])
    ]
    repo.write("site/leaderboard.json", json.dumps({"rows": rows}, indent=1) + "\n")
    repo.write("config/models.yaml", "chat: gpt-4-0314\nfallback: gpt-4-0613\n")
    repo.write(
        "app.py",
        'import yaml\nfrom openai import OpenAI\n\nSETTINGS = yaml.safe_load(open("config/models.yaml"))\n'
        'client = OpenAI()\nclient.chat.completions.create(model=SETTINGS["chat"], messages=[])\n'
        'LEGACY = "gpt-4-0314"\n',
    )
    repo.commit()
    _, findings = _findings(repo)
    unmapped = [(f["path"], f["severity"]) for f in findings if f["rule"] == "unmapped-model"]
    # A file the code reads keeps one finding per id, and so does the code; the data file gets one.
    assert sorted(unmapped) == [
        ("app.py", "info"),
        ("config/models.yaml", "info"),
        ("config/models.yaml", "info"),
        ("site/leaderboard.json", "info"),
    ]
    summary = next(f["message"] for f in findings if f["path"] == "site/leaderboard.json")
    assert summary.startswith("4 OpenAI model ids with no ByteSpike mapping ('gpt-4-0314'")
    assert "in this data file, whose name no code of the repository mentions" in summary

    # A benchmark's results, one file per run: one finding for the folder (NeedleInAHaystack had 1,376).
    for n in range(5):
        repo.write(f"results/run_{n}.json", json.dumps({"model": "gpt-4-0613", "score": n}) + "\n")
    repo.commit()
    _, findings = _findings(repo)
    [results] = [f for f in findings if f["path"].startswith("results/")]
    assert results["path"] == "results/run_0.json"
    assert "('gpt-4-0613') in 5 data files of results/, whose name no code" in results["message"]


def test_a_framework_agent_is_said_to_reach_a_provider_only_when_its_model_does(repo: Repo):
    """`Agent(name=…)` (no model yet) and `Agent("google:…")` reach neither OpenAI nor Anthropic, whatever a
    docstring of the file says; `Agent(MODEL)` from a variable the tool cannot follow still may, in a module whose
    code names the provider (here a setting's name; a docstring alone does not: see the test below)."""
    repo.write(
        "app.py",
        "import os\n\nfrom pydantic_ai import Agent\n\n"
        "DRAW_MODEL = os.environ.get('DRAW_MODEL', 'google:gemini-3-flash')\n"
        "PROVIDER = os.environ.get('PROVIDER', 'anthropic')\n\n\n"
        'def draw_agent():\n    """Anthropic\'s default max_tokens is low, so raise it."""\n'
        "    return Agent(DRAW_MODEL, model_settings={'max_tokens': 1000})\n\n\n"
        "def chat_agent():\n    return Agent(name='chat')\n\n\n"
        "def any_agent(model):\n    return Agent(model)\n\n\n"
        "draw_agent()\nchat_agent()\n",
    )
    repo.commit()
    _, findings = _findings(repo)
    reach = [(f["line"], f["message"]) for f in findings if "through the framework's own settings" in f["message"]]
    assert [line for line, _ in reach] == [19] * len(reach) and reach, reach


def test_a_client_that_stays_but_reads_the_bytespike_key_is_reported(repo: Repo):
    """An embeddings client given BYTESPIKE_API_KEY by hand stays on OpenAI, which refuses that key; a client
    already on ByteSpike with it is quiet."""
    repo.write(
        "follow.py",
        "import os\n\nfrom langchain_openai import OpenAIEmbeddings\n\n"
        'embeddings = OpenAIEmbeddings(openai_api_key=os.environ["BYTESPIKE_API_KEY"])\n',
    )
    repo.write(
        "on_bytespike.py",
        "import os\n\nfrom openai import OpenAI\n\n"
        'client = OpenAI(base_url="https://llm.bytespike.ai/v1", api_key=os.environ["BYTESPIKE_API_KEY"])\n'
        'client.chat.completions.create(model="gpt-5-4", messages=[])\n',
    )
    repo.commit()
    _, findings = _findings(repo)
    said = [(f["path"], f["line"]) for f in findings if "refuses a ByteSpike key" in f["message"]]
    assert said == [("follow.py", 5)]


def test_a_client_already_on_bytespike_that_calls_files_is_not_said_to_stay_on_openai(repo: Repo):
    repo.write(
        "a.py",
        "import os\n\nfrom openai import OpenAI\n\n"
        'client = OpenAI(base_url="https://llm.bytespike.ai/v1", api_key=os.environ["BYTESPIKE_API_KEY"])\n'
        "client.files.list()\n"
        'client.chat.completions.create(model="gpt-5-4", messages=[])\n',
    )
    repo.commit()
    _, findings = _findings(repo)
    [kept] = [f for f in findings if f["rule"] == "client-kept-on-openai"]
    assert "is on ByteSpike already and calls files.list (line 6)" in kept["message"]
    assert "make those calls on an OpenAI client" in kept["message"]


def test_a_check_of_the_old_key_beside_code_that_moved_is_reported(repo: Repo):
    """`if not os.getenv("OPENAI_API_KEY"): sys.exit(…)` stops a program that now needs only BYTESPIKE_API_KEY;
    `if (!process.env.OPENAI_API_KEY) throw` too. A program's own name (`if OPENAI_API_KEY:`) is no check."""
    repo.write(
        "main.py",
        'import os\nimport sys\n\nfrom agent import ask\n\nif not os.getenv("OPENAI_API_KEY"):\n'
        '    sys.exit("set OPENAI_API_KEY")\nOPENAI_API_KEY = 1\nif OPENAI_API_KEY:\n    print(ask("hi"))\n',
    )
    repo.write(
        "agent.py",
        "from openai import OpenAI\n\n\ndef ask(q):\n"
        '    return OpenAI().chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}])\n',
    )
    repo.write(
        "web/llm.ts",
        'import OpenAI from "openai";\n\nif (!process.env.OPENAI_API_KEY) throw new Error("no key");\n'
        'const client = new OpenAI();\nawait client.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
    )
    # A notebook is a program of its own: one beside them where nothing moves (its embeddings stay) still needs
    # OpenAI's key, and is told nothing.
    cell = [
        "import os\n",
        "if not os.getenv('OPENAI_API_KEY'):\n",
        "    raise SystemExit('set it')\n",
        "from openai import OpenAI\n",
        "OpenAI().embeddings.create(model='text-embedding-3-small', input='x')\n",
    ]
    notebook = {
        "cells": [{"cell_type": "code", "metadata": {}, "source": cell, "outputs": [], "execution_count": None}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    repo.write("embed.ipynb", json.dumps(notebook, indent=1))
    repo.commit()
    _, findings = _findings(repo)
    checks = [(f["path"], f["line"]) for f in findings if "checks that OPENAI_API_KEY is set" in f["message"]]
    assert checks == [("main.py", 6), ("web/llm.ts", 3)]


def test_the_advice_for_an_openai_host_outside_a_client_is_the_bytespike_host(repo: Repo):
    """From ai-town and big-AGI: code that appends `/v1/chat/completions` to `https://api.openai.com` was told to
    use `https://llm.bytespike.ai/v1` (giving `/v1/v1/…`, a 404), with nothing said of the other routes the
    same host serves it (embeddings, audio) that ByteSpike does not."""
    repo.write(
        "llm.py",
        'HOST = "https://api.openai.com"\nCHAT = "https://api.openai.com/v1/chat/completions"\n'
        'ENGINES = "https://api.openai.com/v1/engines"\n',
    )
    repo.write("llm.ts", 'export const config = { url: "https://api.openai.com" };\n')
    repo.commit()
    _, findings = _findings(repo)
    advice = {
        (f["path"], f["line"]): f["message"].split("point it at ")[1] for f in findings if "point it at" in f["message"]
    }
    assert advice[("llm.py", 1)].startswith("https://llm.bytespike.ai (for the requests ByteSpike serves only")
    assert advice[("llm.ts", 1)].startswith("https://llm.bytespike.ai (for the requests ByteSpike serves only")
    assert advice[("llm.py", 2)] == (
        "https://llm.bytespike.ai/v1/chat/completions by hand, with a ByteSpike key and ByteSpike ids, if it should move"
    )
    assert advice[("llm.py", 3)].startswith("https://llm.bytespike.ai/v1/engines (a route ByteSpike does not document")


def test_a_test_for_a_status_code_is_no_model_test(repo: Repo):
    """From big-AGI: `errorMessage.includes("502")` (an HTTP status) was a model test "that answers differently
    for the ByteSpike ids", since 502 is inside a dated Anthropic id; `startswith("502")` in Python too."""
    repo.write(
        "errors.ts",
        'import OpenAI from "openai";\n\nexport const bad = (m: string) => m.includes("502") || m.startsWith("429");\n',
    )
    repo.write("errors.py", 'import openai\n\n\ndef bad(m):\n    return m.startswith("502")\n')
    repo.write("app.py", 'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4o", messages=[])\n')
    repo.commit()
    _, findings = _findings(repo)
    assert [f for f in findings if f["path"].startswith("errors")] == []


def test_an_unserved_route_after_an_openai_host_constant_is_reported(repo: Repo):
    """From big-AGI: `fetch(`${OPENAI_HOST}/v1/audio/transcriptions`)` got only the advice to move the host,
    where the same URL written whole is an unsupported-api error."""
    repo.write(
        "asr.ts",
        'const OPENAI_HOST = "https://api.openai.com";\n\nexport const transcribe = (form: FormData) =>\n'
        "  fetch(`${OPENAI_HOST}/v1/audio/transcriptions`, { method: 'POST', body: form });\n",
    )
    repo.commit()
    _, findings = _findings(repo)
    assert [(f["line"], f["rule"]) for f in findings if f["rule"] == "unsupported-api"] == [(4, "unsupported-api")]


def test_each_kept_client_names_its_own_model_source(repo: Repo):
    """From open-interpreter's scripts/wtf.py: the unknown-model requests decide together, and every one of them
    was kept "because its model comes from" the first external source found, another module's, which the
    reviewer then looked for in the wrong file. Each names its own, beside the one that decided."""
    repo.write(
        "cli.py",
        "import sys\n\nfrom openai import OpenAI\n\nclient = OpenAI()\n"
        "client.chat.completions.create(model=sys.argv[1], messages=[])\n",
    )
    repo.write(
        "wtf.py",
        "import json\n\nfrom openai import OpenAI\n\nfrom helpers import pick\n\nother = OpenAI()\n\n\ndef run():\n"
        "    model = pick()\n    other.chat.completions.create(model=model, messages=[])\n",
    )
    repo.write("helpers.py", "import random\n\n\ndef pick():\n    return random.choice(json.load(open('m.json')))\n")
    repo.commit()
    _, findings = _findings(repo)
    by_path = {f["path"]: f["message"] for f in findings if f["rule"] == "client-kept-on-openai"}
    assert "`sys.argv`" in by_path["cli.py"], by_path
    assert "`random.choice`" in by_path["wtf.py"] and "sys.argv" not in by_path["wtf.py"], by_path


def test_no_unknown_client_warning_where_no_client_moves(repo: Repo):
    """From cognee's release tools: "cannot tell which client makes this request (some clients of the repository
    move, some stay)" where no client moves, which sent reviewers looking for a move that was not there."""
    repo.write(
        "notes.py",
        'import os\n\nimport instructor\nimport litellm\n\nmodel = os.environ.get("LLM_MODEL", "openai/gpt-4o-mini")\n'
        "client = instructor.from_litellm(litellm.acompletion)\n\n\nasync def notes():\n"
        "    return await client.chat.completions.create(model=model, messages=[])\n",
    )
    repo.commit()
    _, findings = _findings(repo)
    assert not [f for f in findings if "cannot tell which client" in f["message"]], findings


def test_a_framework_call_and_another_providers_model_are_named_as_they_are(repo: Repo):
    """From gpt-migrate and open_deep_research: `response = litellm.completion(…)` was "client response", and a
    request for `anthropic:claude-…` got both "stays on OpenAI: … another provider's" and Anthropic's own word on
    the same call."""
    repo.write(
        "ai.py",
        'import litellm\nfrom langchain.chat_models import init_chat_model\n\n\ndef ask(q, model="gpt-3.5-turbo"):\n'
        "    response = litellm.completion(model=model, messages=[])\n    return response\n\n\n"
        'def plan(q, supervisor="anthropic:claude-sonnet-4-20250514"):\n'
        "    return init_chat_model(model=supervisor).invoke(q)\n",
    )
    repo.commit()
    _, findings = _findings(repo)
    kept = [f["message"] for f in findings if f["rule"] == "client-kept-on-openai"]
    assert not any("client response" in m for m in kept), kept
    assert any("litellm.completion" in m for m in kept), kept
    assert not any("another provider's" in m for m in kept), kept


def test_another_services_calls_named_like_unsupported_apis_are_no_errors(repo: Repo):
    # A Mistral client kept in a field through a typed parameter: its `conversations` are Mistral's.
    repo.write(
        "llm.py",
        "import os\n\nfrom mistralai import Mistral\n\n\nclass LLMStream:\n"
        "    def __init__(self, *, client: Mistral, model: str):\n        self._client = client\n\n"
        "    async def run(self, entries):\n"
        "        # tools in the openai schema flavour\n"
        "        return await self._client.beta.conversations.start_stream_async(inputs=entries)\n\n\n"
        "class LLM:\n    def __init__(self, client: Mistral | None = None):\n"
        '        self._client = client or Mistral(api_key=os.environ["MISTRAL_API_KEY"])\n',
    )
    # A `client` parameter in a module that does not import the SDK, which no client of the repository reaches:
    # it may be anyone's.
    repo.write(
        "conv.py",
        "def start(client):\n    conversation = client.conversations.create().results.id\n"
        '    return client.retrieval.agent(conversation_id=conversation, rag_generation_config={"model": "gpt-4o"})\n',
    )
    # One a client of the repository reaches, built in another module: an error.
    repo.write("make.py", "from openai import OpenAI\n\nfrom store import upload\n\nupload(OpenAI(), b'x')\n")
    repo.write("store.py", 'def upload(client, data):\n    return client.files.create(file=data, purpose="batch")\n')
    repo.commit()
    code, findings = _findings(repo)
    assert code == 1
    assert [f["path"] for f in findings if f["rule"] == "unsupported-api"] == ["store.py"]
    [said] = [f for f in findings if f["rule"] == "unverified-api"]
    assert said["path"] == "conv.py" and "if it is an OpenAI client" in said["message"]


def test_a_part_of_ids_tested_by_includes_is_no_unmapped_id(repo: Repo):
    repo.write(
        "a.ts",
        'import OpenAI from "openai";\n\nconst client = new OpenAI();\n\nexport async function run(name: string) {\n'
        '  const reasoning = name.includes("gpt-5.") || name.includes("o3");\n'
        "  return client.chat.completions.create({\n"
        '    model: reasoning ? "o3" : "gpt-4o",\n    messages: [],\n  });\n}\n',
    )
    repo.commit()
    _, findings = _findings(repo)
    # Only the request's own 'o3' is an id: the finding that keeps the client names its line.
    assert [(f["rule"], f["line"]) for f in findings if f["rule"] == "unmapped-model"] == [("unmapped-model", 8)]
    [kept] = [f for f in findings if f["rule"] == "client-kept-on-openai"]
    assert "'o3' (a.ts:8)" in kept["message"]


def test_another_services_calls_in_typescript_are_no_errors(repo: Repo):
    # A field typed with Slack's WebClient: its `conversations` and `files` are Slack's.
    repo.write(
        "adapter.ts",
        'import { App } from "@slack/bolt";\nimport type { WebClient } from "@slack/web-api";\n\n'
        "export class SlackAdapter {\n  private client: WebClient;\n  constructor(private app: App) {\n"
        "    this.client = this.app.client;\n  }\n  history(channel: string, ts: string) {\n"
        "    return this.client.conversations.replies({ channel, ts });\n  }\n}\n",
    )
    # A receiver the module neither builds nor imports the SDK for: it may be anyone's.
    repo.write(
        "store.ts",
        'export const upload = (client: any, file: Blob) => client.files.create({ file, purpose: "assistants" });\n'
        'export const MODEL = "gpt-4o";\n',
    )
    repo.commit()
    code, findings = _findings(repo, "--from", "openai")
    assert code == 0
    assert [(f["path"], f["rule"]) for f in findings if "api" in f["rule"]] == [("store.ts", "unverified-api")]


def test_a_client_held_for_two_reasons_is_told_both(repo: Repo):
    # Following the first reason's advice alone would leave it where it is.
    repo.write(
        "config.py",
        'import os\n\nimport streamlit as st\nfrom llama_index.llms import OpenAI\n\nos.environ["OPENAI_API_KEY"] = st.secrets.openai_key\n'
        'BUILDER_LLM = OpenAI(model="gpt-4-1106-preview")\n',
    )
    repo.commit()
    _, findings = _findings(repo)
    [kept] = [f for f in findings if f["rule"] == "client-kept-on-openai"]
    assert "which the program sets itself" in kept["message"]
    assert "also use 'gpt-4-1106-preview' (config.py:7), with no ByteSpike mapping" in kept["message"]


def test_a_field_typed_any_holds_whatever_client_it_is_given(repo: Repo):
    # `client: t.Any` says nothing of whose client it is: the SDK's client handed in still calls embeddings.
    repo.write(
        "app.py",
        "from openai import OpenAI\n\nfrom embed import Embeddings\n\nclient = OpenAI()\nemb = Embeddings(client=client)\n"
        'client.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    repo.write(
        "embed.py",
        "import typing as t\n\n\nclass Embeddings:\n    def __init__(self, client: t.Any):\n        self.client = client\n\n"
        '    def embed(self, text):\n        return self.client.embeddings.create(input=text, model="text-embedding-3-small")\n',
    )
    repo.commit()
    code, findings = _findings(repo)
    assert code == 1
    assert [(f["path"], f["rule"]) for f in findings if f["rule"] == "unsupported-api"] == [
        ("embed.py", "unsupported-api")
    ]
    assert any(f["rule"] == "client-kept-on-openai" and f["path"] == "app.py" for f in findings)


def test_a_client_given_another_server_in_a_spread_dict_is_that_servers(repo: Repo):
    # `Anthropic(**CLIENT_KWARGS)`, the dict written once with a test server's URL: as the same keywords written
    # in the call, another server's client, whose calls are no one's to keep on Anthropic.
    repo.write(
        "test_files.py",
        'import anthropic\n\nCLIENT_KWARGS = {"base_url": "http://testserver", "api_key": "k"}\n\n\n'
        "def test_files():\n    client = anthropic.Anthropic(**CLIENT_KWARGS)\n    client.beta.files.list()\n",
    )
    repo.commit()
    code, findings = _findings(repo)
    assert code == 0
    assert [(f["rule"], f["line"]) for f in findings] == [("other-endpoint", 7)]


def test_a_base_url_offered_as_a_settings_default_is_no_request(repo: Repo):
    # Perplexica's UI fields: `default: "https://api.openai.com/v1"` is shown to a user, not where a request goes.
    repo.write(
        "app.ts",
        "const fields = [{ key: 'baseURL', default: 'https://api.openai.com/v1' }];\n"
        "const models = [{ key: 'gpt-4o' }];\nexport const all = () => [fields, models];\n",
    )
    repo.commit()
    _, findings = _findings(repo)
    assert not any("request made without the SDK" in f["message"] for f in findings), findings


def test_a_framework_call_is_not_said_to_reach_a_provider_only_its_docstring_names(repo: Repo):
    # HippoRAG's Bedrock class: its docstring's `anthropic.claude-…` id made the Anthropic run read the file, and
    # `litellm.completion(**self.params)` was said to reach Anthropic.
    repo.write(
        "llm.py",
        'import litellm\n\n\nclass BedrockLLM:\n    """Use llm_model_name="anthropic.claude-3-5-haiku-20241022-v1:0"."""\n\n'
        "    def __init__(self, params):\n        self.params = params\n\n"
        "    def infer(self):\n        return litellm.completion(**self.params)\n",
    )
    repo.commit()
    assert _findings(repo)[1] == []
    # Where its code names the provider, a model from elsewhere may well be the provider's.
    repo.write("llm.py", repo.read("llm.py").decode() + '\n\nDEFAULT = "anthropic/claude-sonnet-4-5"\n')
    repo.commit()
    assert [f["rule"] for f in _findings(repo)[1]] == ["client-kept-on-openai"]


def test_an_endpoint_urls_advice_names_what_bytespike_does_not_serve_of_that_provider(repo: Repo):
    # Anthropic's URL was told "no embeddings, audio or moderations": OpenAI's families, none of them Anthropic's.
    repo.write("config.py", 'ANTHROPIC = "https://api.anthropic.com"\nOPENAI = "https://api.openai.com/v1"\n')
    repo.commit()
    advice = {f["message"].split(" URL ")[0]: f["message"] for f in _findings(repo)[1]}
    assert "no embeddings, audio or moderations" in advice["OpenAI"]
    assert "no files, legacy completions or managed agents" in advice["Anthropic"]


def test_an_openai_client_under_the_name_of_an_azure_one_says_why_it_stays(repo: Repo):
    # fast-graphrag: `self.client = AzureOpenAI(…)` in one branch, `OpenAI()` in the other; only the Azure one was
    # reported, and nothing said why the OpenAI client did not move.
    repo.write(
        "app.py",
        "from openai import AzureOpenAI, OpenAI\n\n\nclass Svc:\n    def __init__(self, kind):\n"
        '        if kind == "azure":\n            self.client = AzureOpenAI(api_version="2024-02-01")\n'
        "        else:\n            self.client = OpenAI()\n\n    def send(self, p):\n"
        '        return self.client.chat.completions.create(model="gpt-4o-mini", messages=[])\n',
    )
    repo.commit()
    found = {(f["line"], f["rule"]) for f in _findings(repo)[1]}
    assert found == {(7, "azure-client"), (9, "client-kept-on-openai")}


def test_a_url_a_test_compares_with_is_no_use_of_it(repo: Repo):
    # gpt_academic: `if API_URL != "https://api.openai.com/v1/chat/completions":` was told "whatever uses it still
    # talks to OpenAI".
    repo.write(
        "bridge.py",
        'import os\n\nAPI_URL = os.getenv("API_URL", "")\n'
        'if API_URL != "https://api.openai.com/v1/chat/completions":\n    print("redirected")\n',
    )
    repo.commit()
    assert _findings(repo)[1] == []


def test_anthropics_legacy_complete_route_is_an_api_bytespike_does_not_serve(repo: Repo):
    # spacy-llm: `https://api.anthropic.com/v1/complete` was told to point at ByteSpike's `/v1/complete`, while
    # OpenAI's legacy completions route is an unsupported API.
    repo.write("model.py", 'URL = "https://api.anthropic.com/v1/complete"\n')
    repo.commit()
    (found,) = _findings(repo)[1]
    assert (found["rule"], found["provider"]) == ("unsupported-api", "anthropic")


def test_a_path_under_a_project_key_is_no_openai_project(repo: Repo):
    # rag-postgres-openai-python's azure.yaml: azd's `project: ./src/backend` was "accepted but ignored by ByteSpike".
    repo.write("azure.yaml", "name: rag-postgres-openai-python\nservices:\n  web:\n    project: ./src/backend\n")
    repo.commit()
    assert _findings(repo)[1] == []


def test_a_url_a_test_puts_in_the_environment_is_no_use_of_it(repo: Repo):
    # rag-postgres-openai-python's conftest: `monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://api.openai.com")`.
    repo.write(
        "tests/conftest.py",
        "import pytest\n\n\n@pytest.fixture\ndef env(monkeypatch):\n"
        '    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://api.openai.com")\n',
    )
    repo.commit()
    assert _findings(repo)[1] == []


def test_a_jwt_claims_name_is_no_use_of_openais_url(repo: Repo):
    # cline: `claims["https://api.openai.com/auth"]` (the ChatGPT token's claim namespace) was "an OpenAI URL
    # outside an SDK client's configuration", and ids elsewhere were held as "the model of a request made without the
    # SDK" there.
    repo.write(
        "claims.ts",
        'interface Claims {\n  "https://api.openai.com/auth"?: { account?: string };\n}\n'
        'export const account = (c: Claims) => c["https://api.openai.com/auth"]?.account;\n',
    )
    repo.write("claims.py", 'def account(claims):\n    return claims["https://api.openai.com/auth"]["account"]\n')
    repo.commit()
    assert _findings(repo)[1] == []


def test_a_key_that_reads_the_variable_and_a_parameter_names_the_parameter(repo: Repo):
    """`api_key or os.getenv("BYTESPIKE_API_KEY")` reads the variable the advice asked for: what keeps the client is
    the parameter, and the finding says so (it told the user to read BYTESPIKE_API_KEY, again and again)."""
    repo.write(
        "svc.py",
        "import os\n\nfrom openai import OpenAI\n\n\nclass Service:\n"
        "    def __init__(self, api_key=None):\n"
        '        self.client = OpenAI(api_key=api_key or os.getenv("BYTESPIKE_API_KEY"))\n\n'
        "    def ask(self, text):\n"
        '        return self.client.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    repo.commit()
    _, findings = _findings(repo)
    (said,) = [f["message"] for f in findings if f["rule"] == "dynamic-config"]
    assert "but also `api_key`" in said and "read it from BYTESPIKE_API_KEY" not in said


def test_a_fine_tuned_models_client_is_not_told_to_move_its_chat(repo: Repo):
    """`model=job.fine_tuned_model` of `job = client.fine_tuning.jobs.retrieve(…)`: the chat call sends an id only
    OpenAI serves, so the advice is not to move it to a second, ByteSpike client (following it broke the call)."""
    repo.write(
        "use_model.py",
        "import sys\n\nfrom openai import OpenAI\n\nclient = OpenAI()\njob = client.fine_tuning.jobs.retrieve(sys.argv[1])\n"
        'print(client.chat.completions.create(model=job.fine_tuned_model, messages=[{"role": "user", "content": "x"}]))\n',
    )
    repo.commit()
    _, findings = _findings(repo)
    (kept,) = [f["message"] for f in findings if f["rule"] == "client-kept-on-openai"]
    assert "second client" not in kept and "job.fine_tuned_model" in kept


def test_a_client_kept_for_the_stored_objects_it_shares_says_so(repo: Repo):
    """Two modules' clients that retrieve stored responses are one group, kept for the second's unmapped id: the
    first, whose own request sends a mapped id, is told it shares the stored responses (it was told its requests
    use the other's id)."""
    repo.write(
        "a.py",
        "from openai import OpenAI\n\nclient = OpenAI()\n"
        'r = client.responses.create(model="gpt-4o", input="hi", background=True)\n'
        "print(client.responses.retrieve(r.id))\n",
    )
    repo.write(
        "b.py",
        "from openai import AsyncOpenAI\n\n\nasync def main():\n    client = AsyncOpenAI()\n"
        '    r = await client.responses.create(model="gpt-4o-2024-08-06", input="hi", background=True)\n'
        "    print(await client.responses.retrieve(r.id))\n",
    )
    repo.commit()
    _, findings = _findings(repo)
    (said,) = [f["message"] for f in findings if f["rule"] == "client-kept-on-openai" and f["path"] == "a.py"]
    assert said.startswith("client `client` stays on OpenAI: it works on the stored-responses that `client` (b.py:5)")


def test_the_reason_ids_with_no_mapping_stay_anyway_is_said_in_words(repo: Repo):
    """magentic, evals, marvin: the reason was the resolution's own label, "not the OpenAI SDK" for an Anthropic
    id, or a bare "framework"."""
    repo.write(
        "chat.py",
        "import anthropic\nimport litellm\nfrom mywrappers import AnthropicChatModel\n\n"
        'MODEL = "claude-3-opus-20240229"\nmodel = AnthropicChatModel(model=MODEL)\nprint(model.complete("hi"))\n'
        'client = anthropic.Anthropic()\nclient.messages.create(model="claude-3-5-sonnet-20241022", max_tokens=9, messages=[])\n'
        'litellm.completion(model="anthropic/claude-3-5-sonnet-20240620", messages=[])\n',
    )
    _, findings = _findings(repo)
    said = " ".join(f["message"] for f in findings if f["rule"] == "unmapped-model")
    assert "not the OpenAI SDK" not in said and "framework)" not in said, said
    assert "it is a framework's call, which the tool does not move" in said, said
    assert "its client is not the Anthropic SDK's" in said, said


def test_no_mapping_is_advised_for_ids_whose_requests_stay_anyway(repo: Repo):
    """screenshot-to-code, openai-responses-starter-app, swarm: ids with no mapping whose requests all stay for another
    reason (an endpoint from a parameter, a file_search tool, the Assistants API) were each told "add --map X=NEW",
    which moves nothing; a client kept for the Assistants API was told to add the mapping "too"."""
    repo.write(
        "app.py",
        "import sys\nfrom openai import OpenAI\n\n\ndef make(base_url):\n    return OpenAI(base_url=base_url)\n\n\n"
        'client = make(sys.argv[1])\nclient.chat.completions.create(model="gpt-5.5", messages=[])\n',
    )
    repo.write(
        "assistants.py", "from openai import OpenAI\n\nfrom engine import run\n\nclient = OpenAI()\nrun(client)\n"
    )
    repo.write(
        "engine.py",
        'def run(client):\n    client.beta.assistants.create(model="gpt-4o", name="a")\n'
        '    client.chat.completions.create(model="gpt-4-0125-preview", messages=[])\n',
    )
    repo.write("web/constants.ts", 'export const MODEL = "gpt-5.2";\n')
    repo.write(
        "web/route.ts",
        'import OpenAI from "openai";\nimport { MODEL } from "./constants";\nconst openai = new OpenAI();\n'
        'export const r = (id: string) => openai.responses.create({ model: MODEL, input: "x", '
        'tools: [{ type: "file_search", vector_store_ids: [id] }] });\n',
    )
    repo.write(
        "chat.py",
        'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4.5-preview", messages=[])\n',
    )
    _, findings = _findings(repo)
    unmapped = {f["path"]: f["message"] for f in findings if f["rule"] == "unmapped-model"}
    assert set(unmapped) == {"app.py", "engine.py", "web/constants.ts"}
    assert all("--map" not in message for message in unmapped.values())
    assert "stay on OpenAI anyway (app.py:10: its client's endpoint comes from code" in unmapped["app.py"]
    assert "stay on OpenAI anyway (engine.py:3: it calls beta.assistants.create" in unmapped["engine.py"]
    assert "with the requests of client `openai` (web/route.ts:3), which" in unmapped["web/constants.ts"]
    kept = {f["path"]: f["message"] for f in findings if f["rule"] == "client-kept-on-openai"}
    assert "add --map gpt-4.5-preview=ID to move it" in kept["chat.py"]  # its client stays for that id alone
    assert kept["assistants.py"].endswith(
        "its other requests use 'gpt-4-0125-preview' (engine.py:3), with no ByteSpike mapping: a ByteSpike client "
        "for them needs --map gpt-4-0125-preview=ID"
    )


def test_file_names_and_labels_are_no_settings_or_ids(repo: Repo):
    """MetaGPT: `"gpt-4-turbo.yaml"` (a config file named for a model) was an id with no mapping; ChatDev: a locale's
    `"organization": "组织"` and a schema's `organization: <string> | None` were OpenAI organizations "ignored by
    ByteSpike", in files that only name the provider. An organization given as an id or read from the
    environment still is."""
    repo.write("tests/test_context.py", 'CONFIG = "gpt-4-turbo.yaml"\n')
    repo.write("locales/zh.json", '{"organization": "组织", "hint": "gpt-4, OpenAI"}\n')
    repo.write("design.yaml", "provider: openai\norganization: <string> | None\n")
    repo.write("llm.yaml", "provider: openai\norganization: org-Abc123def456\nproject: ${OPENAI_PROJECT_ID}\n")
    _, findings = _findings(repo)
    assert not [f for f in findings if f["rule"] == "unmapped-model" and f["path"] == "tests/test_context.py"]
    said = sorted((f["path"], f["line"]) for f in findings if f["rule"] == "org-project-ignored")
    assert said == [("llm.yaml", 2), ("llm.yaml", 3)]


def test_a_key_set_to_itself_is_no_setting_to_copy(repo: Repo):
    """babyagi: `os.environ["OPENAI_API_KEY"] = os.getenv("OPENAI_API_KEY")` inside an embeddings helper was said to
    be a setting to copy for BYTESPIKE_API_KEY, at the helper's `def` line; the variable is set to what it holds."""
    repo.write(
        "ai.py",
        "def gpt_call(prompt):\n    from litellm import completion\n\n"
        '    return completion(model="gpt-4o", messages=[{"role": "user", "content": prompt}])\n\n\n'
        "def embed(text):\n    import os\n\n    from litellm import embedding\n\n"
        '    os.environ["OPENAI_API_KEY"] = os.getenv("OPENAI_API_KEY")\n'
        '    return embedding(model="text-embedding-3-small", input=[text])\n',
    )
    _, findings = _findings(repo)
    assert not [f for f in findings if "sets OPENAI_API_KEY itself" in f["message"]]


def test_an_azure_deployment_name_is_no_openai_id(repo: Repo):
    """storm: `"gpt-35-turbo"` (Azure's name for a deployment of gpt-3.5-turbo) was "OpenAI model id 'gpt-35-turbo'
    has no ByteSpike mapping"; OpenAI has no such id."""
    repo.write("run.py", 'DEPLOYMENT = "gpt-35-turbo"\nMODEL = "gpt-3.5-turbo"\n')
    _, findings = _findings(repo)
    assert [f["message"].split("'")[1] for f in findings if f["rule"] == "unmapped-model"] == ["gpt-3.5-turbo"]


def test_no_second_client_is_advised_when_every_call_stays(repo: Repo):
    """Chainlit's cookbook: a client of vector stores and files whose only other call, `responses.create`, stays for a
    file_search tool built in another module was told to "create a second client for ByteSpike for the other
    calls", against the tool's own error at that call."""
    repo.write(
        "tools.py",
        'def build_tools(store_id):\n    return [{"type": "file_search", "vector_store_ids": [store_id]}]\n',
    )
    repo.write(
        "app.py",
        "from openai import OpenAI\nfrom tools import build_tools\n\nclient = OpenAI()\n"
        'store = client.vector_stores.create(name="x")\n'
        'client.responses.create(model="gpt-5-mini", input="q", tools=build_tools(store.id))\n',
    )
    _, findings = _findings(repo)
    (kept,) = [f["message"] for f in findings if f["rule"] == "client-kept-on-openai"]
    assert "second client" not in kept


def test_a_regular_expression_over_ids_is_reported_as_a_prefix_test_is(repo: Repo):
    """opencommit's `/^(o[1-9]|gpt-5)/.test(model)`: a guard `if (!/^gpt-4/.test(MODEL)) throw …` throws once MODEL is
    gpt-5-4, with no word (`MODEL.startsWith("gpt-4")` was said); Python's `re.match(r"^gpt-4", MODEL)` too."""
    repo.write(
        "a.ts",
        'import OpenAI from "openai";\nconst client = new OpenAI();\nconst MODEL = "gpt-4o";\n'
        "export async function run() {\n  if (!/^gpt-4/.test(MODEL) || !MODEL.match(/^GPT-4/i)) throw new Error();\n"
        "  return client.chat.completions.create({ model: MODEL, messages: [] });\n}\n",
    )
    repo.write(
        "guard.py",
        'import re\n\nfrom openai import OpenAI\n\nMODEL = "gpt-4o"\nif not re.match(r"^gpt-4", MODEL):\n'
        "    raise ValueError(MODEL)\nOpenAI().chat.completions.create(model=MODEL, messages=[])\n"
        'assert re.search(r"turbo", MODEL) is None\n'
        # gptme: a pattern that names no part of a model's name, over a program's output, tests no id.
        'COUNTS = [int(m.group(1)) for line in open("out.txt") if (m := re.search(r"\\b(\\d+)\\b", line))]\n',
    )
    _, findings = _findings(repo)
    said = sorted((f["path"], f["line"]) for f in findings if "tested by a regular expression" in f["message"])
    assert said == [("a.ts", 5), ("a.ts", 5), ("guard.py", 6)]


def test_a_table_of_prefixes_is_tested_as_prefixes_are(repo: Repo):
    """openai/evals: `for prefix, n_ctx in PREFIX_AND_N_CTX: if model.startswith(prefix)` over `[("gpt-4o-", 128000),
    …]`: each prefix was an "OpenAI model id with no mapping: add --map gpt-4o-=NEW", and the test that answers
    differently once gpt-4o-mini is gpt-5-4-mini (its context size, silently) had no word."""
    repo.write(
        "ctx.py",
        'PREFIX_AND_N_CTX = [("gpt-4o-", 128000), ("gpt-4-", 8192)]\n\n\ndef n_ctx(model):\n'
        "    for prefix, n in PREFIX_AND_N_CTX:\n        if model.startswith(prefix):\n            return n\n"
        "    return 4096\n",
    )
    _, findings = _findings(repo)
    assert [f["rule"] for f in findings] == ["dynamic-model"]
    assert "tested by startswith (`model.startswith(prefix)`)" in findings[0]["message"]


def test_a_proxy_rewrite_is_advised_with_its_path(repo: Repo):
    """NextChat's next.config.mjs: `destination: "https://api.openai.com/:path*"` was told to point at
    https://llm.bytespike.ai/v1, which drops the path (or doubles `/v1` with it), and Anthropic's was told `/:path*` is
    a route ByteSpike does not document."""
    repo.write(
        "next.config.mjs",
        "export default { rewrites: async () => [\n"
        '  { source: "/api/openai/:path*", destination: "https://api.openai.com/:path*" },\n'
        '  { source: "/api/anthropic/:path*", destination: "https://api.anthropic.com/:path*" },\n] };\n',
    )
    _, findings = _findings(repo)
    said = [f["message"] for f in findings if f["rule"] == "dynamic-config"]
    assert len(said) == 2 and all("point it at https://llm.bytespike.ai/:path* (" in m for m in said)
    assert not any("does not document" in m for m in said)


def test_an_id_tested_as_a_substring_is_said_once(repo: Repo):
    """gptme's `if "gpt-4o" in model:` got two warnings at one column: the substring test, and "reach no request the
    tool can follow" for the same string."""
    repo.write(
        "tokens.py",
        'def encoding_name(model):\n    if "gpt-4o" in model:\n        return "o200k_base"\n    return "cl100k_base"\n',
    )
    repo.commit()
    _, findings = _findings(repo)
    said = [(f["line"], f["column"]) for f in findings if f["path"] == "tokens.py"]
    assert said == [(2, 8)], findings
    assert "tested with `in`" in next(f["message"] for f in findings if f["path"] == "tokens.py")


def test_a_request_named_by_its_reason_is_not_named_twice(repo: Repo):
    """AgentGPT: "… stay on Anthropic anyway (anthropic.py:35: it calls completions.create (anthropic.py:35), …)"."""
    repo.write(
        "svc.py",
        "from anthropic import AsyncAnthropic\n\n\nclass ClaudeService:\n"
        '    def __init__(self, api_key, model: str = "claude-2"):\n'
        "        self.claude = AsyncAnthropic(api_key=api_key)\n        self.model = model\n\n"
        "    async def completion(self, prompt):\n"
        "        return await self.claude.completions.create(model=self.model, prompt=prompt, max_tokens_to_sample=9)\n",
    )
    repo.commit()
    _, findings = _findings(repo)
    [said] = [f["message"] for f in findings if f["rule"] == "unmapped-model"]
    assert said.count("svc.py:10") == 1, said


def test_keys_that_would_collide_are_said_only_where_they_would_move(repo: Repo):
    """simple-evals: a table of samplers keyed by "gpt-4o" and "gpt-5-4" was told its keys "would collide once
    mapped" in a repository where no client moves, which maps none of them."""
    repo.write("evals.py", 'SAMPLERS = {\n    "gpt-4o": "a",\n    "gpt-5-4": "b",\n}\n')
    repo.commit()
    _, findings = _findings(repo)
    assert [f for f in findings if f["rule"] == "model-key-collision"] == []
    repo.write(
        "chat.py", 'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4o", messages=[])\n'
    )
    repo.commit()
    _, findings = _findings(repo)
    assert [f["path"] for f in findings if f["rule"] == "model-key-collision"] == ["evals.py"]


def test_the_organization_of_a_module_client_that_makes_no_request_is_not_said_ignored(repo: Repo):
    """pr-agent: `openai.organization = …` beside an `AsyncOpenAI()` that stays was told "accepted but ignored by
    ByteSpike", while the same run said the client stays on OpenAI."""
    repo.write(
        "handler.py",
        'import os\n\nimport openai\nfrom openai import AsyncOpenAI\n\nos.environ["OPENAI_API_KEY"] = input()\n'
        'openai.organization = "org-abc"\n\n\nasync def chat():\n'
        '    return await AsyncOpenAI().chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    repo.commit()
    _, findings = _findings(repo)
    assert [f for f in findings if f["rule"] == "org-project-ignored"] == []


def test_a_package_named_for_a_model_names_no_model(repo: Repo):
    """e2b-cookbook: `"name": "gpt-4o-code-interpreter-js"` in an example's package.json was an OpenAI model id with no
    mapping."""
    repo.write("example/package.json", '{\n  "name": "gpt-4o-code-interpreter-js",\n  "version": "1.0.0"\n}\n')
    repo.write("example/index.ts", 'import OpenAI from "openai";\nexport const client = new OpenAI();\n')
    repo.commit()
    _, findings = _findings(repo)
    assert [f for f in findings if f["path"] == "example/package.json"] == []


def test_a_framework_class_given_type_arguments_is_that_class(repo: Repo):
    """openai-cs-agents-demo: `Agent[Context](name=…, model="gpt-4o")` got `dynamic-model` (an id handed to code the
    tool cannot follow), where `Agent(…)` beside it is said to reach OpenAI through the framework's settings."""
    repo.write(
        "app.py",
        "from dataclasses import dataclass\n\nfrom agents import Agent\n\n\n@dataclass\nclass Ctx:\n    user: str\n\n\n"
        'plain = Agent(name="a", model="gpt-4o")\ntyped = Agent[Ctx](name="b", model="gpt-4o")\n',
    )
    _, findings = _findings(repo)
    assert [(f["line"], f["rule"]) for f in findings] == [(11, "client-kept-on-openai"), (12, "client-kept-on-openai")]
