"""docs/design.md cases that need more than one module, through the real command in real git repositories.

The applications under fixtures/coherence are run for real (test_migrated_program.py); these cases check
decisions that a small tree shows best.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import Repo, run_cli


def _apply(repo: Repo) -> dict:
    repo.commit()
    done = run_cli("apply", ".", "--format", "json", cwd=repo.path)
    assert done.code == 0, done.stderr
    return done.json()


def test_scripts_that_import_nothing_of_each_other_are_programs_of_their_own(repo: Repo):
    repo.write(
        "scripts/upload.py",
        "import openai\nopenai.files.create(file=b'', purpose='assistants')\n"
        "openai.chat.completions.create(model='gpt-4o', messages=[])\n",
    )
    repo.write(
        "scripts/report.py",
        "import os\nimport openai\nopenai.api_key = os.environ['OPENAI_API_KEY']\n"
        "openai.chat.completions.create(model='gpt-4o', messages=[])\n",
    )
    _apply(repo)
    assert "gpt-4o'" in repo.read("scripts/upload.py").decode()  # its module client stays on OpenAI
    report = repo.read("scripts/report.py").decode()
    assert "openai.base_url = 'https://llm.bytespike.ai/v1/'" in report and "gpt-5-4'" in report


def test_modules_joined_by_imports_share_the_module_client(repo: Repo):
    repo.write("app/__init__.py", "")
    repo.write("app/uploads.py", "import openai\n\ndef upload(data):\n    return openai.files.create(file=data)\n")
    repo.write(
        "app/chat.py",
        "import os\nimport openai\nopenai.api_key = os.environ['OPENAI_API_KEY']\n"
        "def ask():\n    return openai.chat.completions.create(model='gpt-4o', messages=[])\n",
    )
    repo.write("app/main.py", "from app.chat import ask\nfrom app.uploads import upload\n")
    output = _apply(repo)
    chat = repo.read("app/chat.py").decode()
    assert "OPENAI_API_KEY" in chat and "gpt-4o'" in chat and "bytespike" not in chat
    assert any(f["rule"] == "client-kept-on-openai" for f in output["findings"])


def test_a_client_imported_by_another_module_stays_with_its_stateful_calls(repo: Repo):
    repo.write("app/clients.py", "from openai import OpenAI\n\nclient = OpenAI()\nMODEL = 'gpt-4o-mini'\n")
    repo.write(
        "app/kb.py",
        "from app.clients import client, MODEL\n\n"
        "def store():\n    client.vector_stores.create(name='kb')\n"
        "    return client.responses.create(model=MODEL, input='x')\n",
    )
    output = _apply(repo)
    assert repo.status() == ""  # nothing changed: the client and its model stay on OpenAI
    assert ("app/clients.py", "client-kept-on-openai") in {(f["path"], f["rule"]) for f in output["findings"]}


def test_a_model_passed_to_a_helper_follows_the_client_it_is_used_with(repo: Repo):
    repo.write(
        "app/helpers.py",
        "def ask(client, model):\n    return client.chat.completions.create(model=model, messages=[])\n",
    )
    repo.write(
        "app/chat.py",
        "from openai import OpenAI\nfrom app.helpers import ask\n\nclient = OpenAI()\nask(client, 'gpt-5')\n",
    )
    repo.write(
        "app/kb.py",
        "from openai import OpenAI\nfrom app.helpers import ask\n\n"
        "kb = OpenAI()\nkb.files.create(file=b'')\nask(kb, 'gpt-4o')\n",
    )
    output = _apply(repo)
    # `ask` serves both clients: its request cannot move for one and stay for the other, so both stay.
    assert repo.status() == ""
    assert "model-shared" in {f["rule"] for f in output["findings"]} or "client-kept-on-openai" in {
        f["rule"] for f in output["findings"]
    }


def test_given_only_some_files_the_rest_of_the_repository_still_decides(repo: Repo):
    """pre-commit passes file paths, `--since` picks files: the other modules are read for the resolution."""
    repo.write("app/settings.py", "MODEL = 'gpt-4o'\n")
    repo.write(
        "app/kb.py",
        "from openai import OpenAI\nfrom app.settings import MODEL\n\nkb = OpenAI()\n"
        "kb.beta.assistants.create(model=MODEL)\n",
    )
    repo.commit()
    done = run_cli("diff", "app/settings.py", cwd=repo.path)
    assert done.code == 0, done.stdout  # the constant serves a client that stays: nothing to change
    repo.write(
        "app/chat.py",
        "from openai import OpenAI\nfrom app import settings\n\n"
        "OpenAI().chat.completions.create(model=settings.OTHER, messages=[])\n",
    )
    repo.commit("chat")
    repo.write("app/settings.py", "MODEL = 'gpt-4o'\nOTHER = 'gpt-5'\n")
    since = run_cli("diff", ".", "--since", "HEAD", cwd=repo.path)
    assert "+OTHER = 'gpt-5-5'" in since.stdout and "+MODEL" not in since.stdout
    assert "app/chat.py" not in since.stdout  # not changed since HEAD: read, not rewritten


def test_no_split_keeps_mixed_clients_whole_and_revert_undoes_a_split(repo: Repo):
    source = (
        "from openai import OpenAI\n\nclient = OpenAI()\n"
        "client.embeddings.create(model='text-embedding-3-small', input='x')\n"
        "client.chat.completions.create(model='gpt-4o', messages=[])\n"
    )
    repo.write("app.py", source)
    repo.commit()
    assert run_cli("diff", ".", "--no-split", cwd=repo.path).code == 0  # whole: nothing to change
    assert run_cli("apply", ".", cwd=repo.path).code == 0
    split = repo.read("app.py").decode()
    assert "client_bytespike = OpenAI(" in split and "client_bytespike.chat.completions.create(model='gpt-5-4'" in split
    assert "client.embeddings.create(model='text-embedding-3-small'" in split
    repo.commit("split")
    assert run_cli("revert", ".", cwd=repo.path).code == 0
    assert repo.read("app.py").decode() == source


def test_no_split_keeps_typescript_clients_whole_too(repo: Repo):
    repo.write(
        "a.ts",
        'import OpenAI from "openai";\nconst client = new OpenAI();\n'
        "export async function f() {\n  await client.files.list();\n"
        '  return client.chat.completions.create({ model: "gpt-4o", messages: [] });\n}\n',
    )
    repo.commit()
    assert "client_bytespike" in run_cli("diff", ".", cwd=repo.path).stdout
    assert run_cli("diff", ".", "--no-split", cwd=repo.path).code == 0


def test_arguments_of_a_class_reach_its_init_and_the_requests_made_with_them(repo: Repo):
    repo.write(
        "bot.py",
        (
            "from openai import OpenAI\n\nclient = OpenAI()\nkb = OpenAI()\nkb.files.create(file=b'')\n\n\n"
            "class Bot:\n    def __init__(self, model, client):\n        self.model = model\n        self.client = client\n\n"
            "    def ask(self):\n        return self.client.chat.completions.create(model=self.model, messages=[])\n\n\n"
            "fast = Bot('gpt-4o', client)\nkept = Bot('gpt-5', kb)\n"
        ),
    )
    output = _apply(repo)
    # One class serves a client that moves and one that stays: its request cannot be both, so both stay.
    assert repo.status() == ""
    assert {"client-kept-on-openai", "unsupported-api"} <= {f["rule"] for f in output["findings"]}


# -- env files and the frameworks that read them (README, Frameworks) -----------------------------------------------

ENV = "OPENAI_API_KEY=sk-proj-abc\nOPENAI_API_BASE=https://api.openai.com/v1\n"


def test_langchain_embeddings_that_stay_keep_the_key_and_endpoint_variables_they_read(repo: Repo):
    """LangChain reads OPENAI_API_KEY and OPENAI_API_BASE (then the SDK's OPENAI_BASE_URL) when not given them."""
    repo.write(".env", ENV)
    repo.write(
        "app.py",
        "from langchain_openai import ChatOpenAI, OpenAIEmbeddings\n\n"
        "llm = ChatOpenAI(model='gpt-4o')\nemb = OpenAIEmbeddings()\n",
    )
    _apply(repo)
    app = repo.read("app.py").decode()
    assert "ChatOpenAI(model='gpt-5-4', base_url=" in app and "\nemb = OpenAIEmbeddings()\n" in app
    assert repo.read(".env").decode() == (
        "OPENAI_API_KEY=sk-proj-abc\nBYTESPIKE_API_KEY=sk-byts-...\nOPENAI_API_BASE=https://api.openai.com/v1\n"
    )


def test_a_model_an_env_file_gives_moves_with_the_request_that_reads_it(repo: Repo):
    """`os.environ["MODEL"]` is the variable an env file sets: the id follows its request (here, one that moves)."""
    repo.write(".env", "OPENAI_API_KEY=sk-proj-abc\nMODEL=gpt-4o\n")
    repo.write(
        "chat.py",
        "import os\n\nfrom openai import OpenAI\n\nclient = OpenAI()\n"
        "client.chat.completions.create(model=os.environ['MODEL'], messages=[])\n",
    )
    repo.write(
        "kept.py",
        "import os\n\nfrom openai import OpenAI\n\nkept = OpenAI()\n"
        "kept.beta.assistants.create(model=os.environ['ASSISTANT_MODEL'])\n",
    )
    _apply(repo)
    assert 'base_url="https://llm.bytespike.ai/v1"' in repo.read("chat.py").decode()
    assert repo.read(".env").decode() == ("OPENAI_API_KEY=sk-proj-abc\nBYTESPIKE_API_KEY=sk-byts-...\nMODEL=gpt-5-4\n")


CREW = (
    "from crewai import LLM, Agent\n\n"
    "researcher = Agent(role='researcher', goal='Find', backstory='Finds', llm=LLM(model='gpt-4o-mini'))\n"
    "writer = Agent(role='writer', goal='Write', backstory='Writes')  # its model from the environment\n"
)


def test_a_crewai_agent_reads_model_and_base_url_before_openai_model_name(repo: Repo):
    """`MODEL` and `BASE_URL` come first in CrewAI's lookup: the id they hold reaches the agent, which stays, so
    the client that reads the same variable cannot move without it."""
    env = ENV + "MODEL=gpt-4o\nBASE_URL=https://api.openai.com/v1\n"
    repo.write(".env", env)
    repo.write("crew.py", CREW)
    chat = (
        "import os\n\nfrom openai import OpenAI\n\nclient = OpenAI()\n"
        "client.chat.completions.create(model=os.environ['MODEL'], messages=[])\n"
    )
    repo.write("chat.py", chat)
    output = _apply(repo)
    assert "LLM(model='openai/gpt-5-4-mini'" in repo.read("crew.py").decode()  # the researcher moves
    assert repo.read(".env").decode() == env.replace(
        "\nOPENAI_API_BASE", "\nBYTESPIKE_API_KEY=sk-byts-...\nOPENAI_API_BASE"
    )
    assert repo.read("chat.py").decode() == chat
    assert ("chat.py", "model-shared") in {(f["path"], f["rule"]) for f in output["findings"]}


def test_compose_variables_a_crewai_agent_reads_stay_with_it(repo: Repo):
    compose = (
        "services:\n  app:\n    environment:\n      OPENAI_MODEL_NAME: gpt-4o\n"
        "      OPENAI_API_BASE: https://api.openai.com/v1\n      BASE_URL: https://api.openai.com/v1\n"
    )
    repo.write("docker-compose.yml", compose)
    repo.write("crew.py", CREW)
    repo.write(
        "chat.py", "from openai import OpenAI\n\nOpenAI().chat.completions.create(model='gpt-4o', messages=[])\n"
    )
    _apply(repo)
    assert "model='gpt-5-4'" in repo.read("chat.py").decode()
    assert repo.read("docker-compose.yml").decode() == compose


def test_a_crewai_agent_in_a_file_that_names_no_openai_keeps_the_variables_it_reads(repo: Repo):
    """CrewAI's `Agent()` with no `llm` reads its model, endpoint and key from the environment; the file names
    neither OpenAI nor a model id, and the env file stays whole for it."""
    env = ENV + "OPENAI_MODEL_NAME=gpt-4o\n"
    repo.write(".env", env)
    repo.write(
        "crew.py", "from crewai import Agent\n\nwriter = Agent(role='writer', goal='Write', backstory='Writes')\n"
    )
    _apply(repo)
    assert repo.read(".env").decode() == env


def test_framework_calls_the_byte_search_passes_over_keep_what_they_read(repo: Repo):
    """A LiteLLM call whose model comes from the environment, LangChain 0.1's `OpenAI` LLM: files that name
    neither `openai` nor a model id are not rewritten, so what they read stays as it is."""
    env = ENV + "LLM_MODEL=gpt-4o\n"
    repo.write(".env", env)
    repo.write(
        "ask.py",
        "import os\n\nfrom litellm import completion\n\ncompletion(model=os.environ['LLM_MODEL'], messages=[])\n",
    )
    repo.write("legacy.py", "from langchain.llms import OpenAI\n\nllm = OpenAI(temperature=0)\n")
    _apply(repo)
    assert repo.read(".env").decode() == env
    repo.write("ask.py", "print('no framework')\n")
    repo.commit("only the legacy LLM")
    _apply(repo)
    # LangChain's LLM reads the key and the endpoint: they stay; the model id reaches nothing.
    assert repo.read(".env").decode().startswith(ENV)


def test_a_crewai_agent_given_a_model_id_stays_with_it_and_the_variables_it_reads(repo: Repo):
    """`Agent(llm="gpt-4o")` builds its own LLM, which reads OpenAI's key and endpoint from the environment."""
    repo.write(".env", ENV)
    crew = "from crewai import Agent\n\neditor = Agent(role='editor', goal='Edit', backstory='Edits', llm='gpt-4o')\n"
    repo.write("crew.py", crew)
    repo.write(
        "chat.py", "from openai import OpenAI\n\nOpenAI().chat.completions.create(model='gpt-4o-mini', messages=[])\n"
    )
    output = _apply(repo)
    assert repo.read("crew.py").decode() == crew
    assert "model='gpt-5-4-mini'" in repo.read("chat.py").decode()
    assert repo.read(".env").decode() == ENV.replace(
        "\nOPENAI_API_BASE", "\nBYTESPIKE_API_KEY=sk-byts-...\nOPENAI_API_BASE"
    )
    assert ("crew.py", "client-kept-on-openai") in {(f["path"], f["rule"]) for f in output["findings"]}


def test_a_model_a_compose_file_gives_a_variable_follows_the_request_that_reads_it(repo: Repo):
    compose = "services:\n  app:\n    environment:\n      CHAT_MODEL: gpt-4o\n"
    repo.write("docker-compose.yml", compose)
    repo.write(
        "chat.py",
        "import os\n\nfrom openai import OpenAI\n\nclient = OpenAI()\n"
        "client.chat.completions.create(model=os.environ['CHAT_MODEL'], messages=[])\n",
    )
    repo.write("kept.py", "from openai import OpenAI\n\nkept = OpenAI()\nkept.beta.assistants.create(model='gpt-4o')\n")
    _apply(repo)
    assert 'base_url="https://llm.bytespike.ai/v1"' in repo.read("chat.py").decode()
    assert repo.read("docker-compose.yml").decode() == compose.replace("gpt-4o", "gpt-5-4")
    assert "model='gpt-4o'" in repo.read("kept.py").decode()


def test_compose_and_ci_files_that_hand_the_key_on_keep_it_and_hand_on_the_bytespike_key_too(repo: Repo):
    """A compose service or CI job that hands OPENAI_API_KEY on runs code that may stay on OpenAI (an image
    the tool does not see) or move (this repository's): the env file keeps the variable and gains
    BYTESPIKE_API_KEY, and each entry that hands the one on gets a twin that hands on the other."""
    compose = (
        "services:\n  api:\n    build: .\n    environment:\n      OPENAI_API_KEY: ${OPENAI_API_KEY}\n"
        "  worker:\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY}\n      - DEBUG=1\n"
    )
    workflow = "jobs:\n  test:\n    env:\n      OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n"
    repo.write(".env", "OPENAI_API_KEY=sk-proj-placeholder\n")
    repo.write("docker-compose.yml", compose)
    repo.write(".github/workflows/ci.yml", workflow)
    repo.write(
        "app.py",
        "import os\n\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.environ['OPENAI_API_KEY'])\n"
        "client.chat.completions.create(model='gpt-4o', messages=[])\n",
    )
    done = _apply(repo)
    assert "os.environ['BYTESPIKE_API_KEY']" in repo.read("app.py").decode()
    assert repo.read(".env").decode().splitlines() == [
        "OPENAI_API_KEY=sk-proj-placeholder",
        "BYTESPIKE_API_KEY=sk-byts-...",
    ]
    assert repo.read("docker-compose.yml").decode() == compose.replace(
        "      OPENAI_API_KEY: ${OPENAI_API_KEY}\n",
        "      OPENAI_API_KEY: ${OPENAI_API_KEY}\n      BYTESPIKE_API_KEY: ${BYTESPIKE_API_KEY}\n",
    ).replace(
        "      - OPENAI_API_KEY=${OPENAI_API_KEY}\n",
        "      - OPENAI_API_KEY=${OPENAI_API_KEY}\n      - BYTESPIKE_API_KEY=${BYTESPIKE_API_KEY}\n",
    )
    assert repo.read(".github/workflows/ci.yml").decode() == workflow + (
        "      BYTESPIKE_API_KEY: ${{ secrets.BYTESPIKE_API_KEY }}\n"
    )
    assert any(f["rule"] == "dynamic-config" and "BYTESPIKE_API_KEY secret" in f["message"] for f in done["findings"])
    repo.commit("migrated")
    assert _apply(repo)["summary"]["files_changed"] == 0


def test_with_no_code_an_env_key_a_compose_file_hands_on_stays(repo: Repo):
    compose = "services:\n  app:\n    image: vendor/app\n    environment:\n      - OPENAI_API_KEY\n"
    repo.write(".env", "OPENAI_API_KEY=sk-proj-placeholder\n")
    repo.write("docker-compose.yml", compose)
    _apply(repo)
    assert repo.read(".env").decode() == "OPENAI_API_KEY=sk-proj-placeholder\n"
    assert repo.read("docker-compose.yml").decode() == compose


def test_a_crewai_agent_given_another_modules_constant_shares_it_with_an_llm_that_reads_it(repo: Repo):
    """`Agent(llm=MODEL)` with MODEL imported: a model id the agent sends to OpenAI itself. An `LLM(model=MODEL)`
    beside it cannot move without the id: both stay, and the constant is named for a person to split."""
    repo.write("app/__init__.py", "")
    repo.write("app/settings.py", 'MODEL = "gpt-4o-mini"\n')
    main = (
        "from crewai import LLM, Agent\n\nfrom app.settings import MODEL\n\nllm = LLM(model=MODEL)\n"
        'agent = Agent(role="r", goal="g", backstory="b", llm=MODEL)\n'
    )
    repo.write("app/main.py", main)
    done = _apply(repo)
    assert repo.read("app/settings.py").decode() == 'MODEL = "gpt-4o-mini"\n'
    assert repo.read("app/main.py").decode() == main
    assert any(f["rule"] == "model-shared" and f["path"] == "app/settings.py" for f in done["findings"])


def test_a_compose_file_that_gives_its_container_a_key_gives_it_the_bytespike_key_too(repo: Repo):
    """langchain-academy's deployment: the compose file sets OPENAI_API_KEY to a placeholder for the server
    that runs the repository's graph, which now reads BYTESPIKE_API_KEY: the service gets that too."""
    compose = (
        "services:\n  api:\n    environment:\n      REDIS_URI: redis://cache\n"
        '      OPENAI_API_KEY: "your_openai_api_key"\n  worker:\n    environment:\n'
        "      - OPENAI_API_KEY=changeme\n"
    )
    repo.write("deployment/docker-compose-example.yml", compose)
    repo.write("deployment/graph.py", 'from langchain_openai import ChatOpenAI\n\nmodel = ChatOpenAI(model="gpt-4o")\n')
    _apply(repo)
    assert 'api_key=os.environ["BYTESPIKE_API_KEY"]' in repo.read("deployment/graph.py").decode()
    assert repo.read("deployment/docker-compose-example.yml").decode() == compose.replace(
        '"your_openai_api_key"\n', '"your_openai_api_key"\n      BYTESPIKE_API_KEY: "sk-byts-..."\n'
    ).replace("=changeme\n", "=changeme\n      - BYTESPIKE_API_KEY=sk-byts-...\n")
    repo.commit("migrated")
    assert _apply(repo)["summary"]["files_changed"] == 0


def test_a_workflow_key_from_a_secret_of_another_name_gets_a_bytespike_secret(repo: Repo):
    """From langroid's workflows: `OPENAI_API_KEY: ${{ secrets.OPENAI_KEY }}` is the job's real key; its twin was
    the `sk-byts-...` placeholder, and every moved request of the job got a 401."""
    workflow = (
        "on: [push]\njobs:\n  live:\n    runs-on: ubuntu-latest\n    env:\n"
        "      OPENAI_API_KEY: ${{ secrets.OPENAI_KEY }}\n    steps:\n      - run: pytest tests\n"
    )
    repo.write(".github/workflows/ci.yml", workflow)
    repo.write(
        "tests/test_live.py",
        'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    output = _apply(repo)
    assert repo.read(".github/workflows/ci.yml").decode() == workflow.replace(
        "OPENAI_KEY }}\n", "OPENAI_KEY }}\n      BYTESPIKE_API_KEY: ${{ secrets.BYTESPIKE_API_KEY }}\n"
    )
    assert any("add the BYTESPIKE_API_KEY secret" in f["message"] for f in output["findings"])


def test_a_composite_actions_key_from_its_input_gets_no_placeholder_twin(repo: Repo):
    """From gptme's bot action: `OPENAI_API_KEY: ${{ inputs.openai_api_key }}` got `BYTESPIKE_API_KEY: sk-byts-...`,
    a literal every moved request of the action would send as its key. The caller gives the key: said, not
    written."""
    action = (
        "name: bot\ninputs:\n  openai_api_key:\n    required: true\nruns:\n  using: composite\n  steps:\n"
        "    - run: python bot.py\n      shell: bash\n      env:\n        OPENAI_API_KEY: ${{ inputs.openai_api_key }}\n"
    )
    repo.write(".github/actions/bot/action.yml", action)
    repo.write("bot.py", 'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4o", messages=[])\n')
    output = _apply(repo)
    assert b"BYTESPIKE_API_KEY" in repo.read("bot.py")
    assert repo.read(".github/actions/bot/action.yml").decode() == action
    (finding,) = [f for f in output["findings"] if f["path"] == ".github/actions/bot/action.yml"]
    assert "from `${{ inputs.openai_api_key }}`" in finding["message"]


def test_a_workflow_key_from_an_expression_gets_the_same_expression_of_the_bytespike_secret(repo: Repo):
    """From firecrawl's workflows: a matrix leg's key (`${{ matrix.ai == 'openai' && secrets.OPENAI_API_KEY || ''
    }}`) got the `sk-byts-...` placeholder, sent as the key by every leg, the one without AI too."""
    workflow = (
        "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n"
        "      OPENAI_API_KEY: ${{ matrix.ai == 'openai' && secrets.OPENAI_API_KEY || '' }}\n"
        "    steps:\n      - run: python app.py\n"
    )
    repo.write(".github/workflows/ci.yml", workflow)
    repo.write("app.py", 'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4o", messages=[])\n')
    _apply(repo)
    assert repo.read(".github/workflows/ci.yml").decode() == workflow.replace(
        "|| '' }}\n",
        "|| '' }}\n      BYTESPIKE_API_KEY: ${{ matrix.ai == 'openai' && secrets.BYTESPIKE_API_KEY || '' }}\n",
    )


def test_a_workflow_job_without_keys_stays_without_keys(repo: Repo):
    """From gptme's workflows: a job that sets `OPENAI_API_KEY: ''` to test without keys got
    `BYTESPIKE_API_KEY: 'sk-byts-...'`, a key its tests then tried. Its twin is empty too."""
    workflow = (
        "on: [push]\njobs:\n  no-keys:\n    runs-on: ubuntu-latest\n    env:\n"
        "      OPENAI_API_KEY: ''\n    steps:\n      - run: pytest tests\n"
    )
    repo.write(".github/workflows/ci.yml", workflow)
    repo.write(
        "tests/test_live.py",
        'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    _apply(repo)
    assert repo.read(".github/workflows/ci.yml").decode() == workflow.replace(
        "OPENAI_API_KEY: ''\n", "OPENAI_API_KEY: ''\n      BYTESPIKE_API_KEY: ''\n"
    )


def test_code_the_tool_cannot_read_keeps_the_variables_it_may_read(repo: Repo):
    """From ai-pdf-chatbot-langchain: a tslab notebook's cells were read as Python ("cell 1 is not Python (a
    shell command…)"), and its `new OpenAI()` for embeddings, which reads OPENAI_API_KEY by itself, was not
    seen: the env file renamed the variable once the app's client moved. A notebook of another language is
    said to be one, and code the tool cannot read keeps the variables beside the new ones."""
    repo.write(
        "app.ts",
        "import OpenAI from 'openai'\nconst client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY })\n"
        "export const ask = () => client.chat.completions.create({ model: 'gpt-4o', messages: [] })\n",
    )
    repo.write(".env.example", "OPENAI_API_KEY=\n")
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "outputs": [],
                "execution_count": None,
                "source": [
                    'import OpenAI from "openai";\n',
                    "const oa = new OpenAI();\n",
                    "await oa.embeddings.create({ model: 'text-embedding-3-small' })",
                ],
            }
        ],
        "metadata": {"kernelspec": {"display_name": "TypeScript", "language": "typescript", "name": "tslab"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    repo.write("demo.ipynb", json.dumps(notebook, indent=1) + "\n")
    output = _apply(repo)
    assert repo.read(".env.example").decode().startswith("OPENAI_API_KEY=\nBYTESPIKE_API_KEY=")
    (finding,) = [f for f in output["findings"] if f["path"] == "demo.ipynb"]
    assert "a typescript notebook" in finding["message"]


def test_a_module_that_does_not_parse_keeps_the_variables_it_may_read(repo: Repo):
    repo.write(
        "app.ts",
        "import OpenAI from 'openai'\nconst client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY })\n"
        "export const ask = () => client.chat.completions.create({ model: 'gpt-4o', messages: [] })\n",
    )
    repo.write(".env.example", "OPENAI_API_KEY=\n")
    repo.write("broken.py", 'from openai import OpenAI\nc = OpenAI(\nc.embeddings.create(model="x", input="y")\n')
    output = _apply(repo)
    assert "BYTESPIKE_API_KEY" in repo.read("app.ts").decode()
    assert repo.read(".env.example").decode().startswith("OPENAI_API_KEY=\nBYTESPIKE_API_KEY=")
    assert [f["rule"] for f in output["findings"] if f["path"] == "broken.py"] == ["parse-error"]


def test_an_env_file_sets_its_variables_for_its_own_folder_only(repo: Repo):
    """From CopilotKit's examples: `process.env.OPENAI_MODEL` in `spreadsheet/` took its value from
    `deep-agents/.env.example` (a sibling app's), so a mapped value there moved the client and rewrote the
    sibling's file, while the app's own OPENAI_MODEL (set where it runs) reached ByteSpike. The same in Python;
    and a folder with a space in its name (`chat app/`) was served by every env file of the repository."""
    repo.write("deep-agents/.env.example", "OPENAI_MODEL=gpt-4o\n")
    repo.write(
        "spreadsheet/tavily.ts",
        "import OpenAI from 'openai'\nconst openai = new OpenAI()\n"
        "export const ask = () => openai.chat.completions.create({ model: process.env.OPENAI_MODEL!, messages: [] })\n",
    )
    repo.write(
        "sheet/main.py",
        'import os\n\nfrom openai import OpenAI\n\nclient = OpenAI()\nclient.chat.completions.create(model=os.environ["OPENAI_MODEL"], messages=[])\n',
    )
    repo.write("ollama demo/.env", "OPENAI_BASE_URL=http://localhost:11434/v1\n")
    repo.write(
        "ollama demo/main.py",
        'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="llama3", messages=[])\n',
    )
    repo.write("chat app/app.py", 'from langchain_openai import ChatOpenAI\n\nllm = ChatOpenAI(model="gpt-4o")\n')
    output = _apply(repo)
    changed = sorted(line[3:].strip('"') for line in repo.status().splitlines() if line.startswith(" M"))
    assert changed == ["chat app/app.py"], changed
    kept = {f["path"]: f["message"] for f in output["findings"] if f["rule"] == "client-kept-on-openai"}
    assert "OPENAI_MODEL" in kept["spreadsheet/tavily.ts"] and "OPENAI_MODEL" in kept["sheet/main.py"], kept


def test_an_env_file_serves_the_modules_its_program_imports(repo: Repo):
    """From the sweep, against the first version of the folder rule: `app/main.py` loads `app/.env` and imports
    `lib/helper.py`, which reads the same MODEL: one process, one environment. The helper's client stayed on
    OpenAI while the env file's MODEL became ByteSpike's id, which it then sent to OpenAI."""
    repo.write("app/.env.example", "OPENAI_API_KEY=sk-your-key\nMODEL=gpt-4o\n")
    repo.write(
        "app/main.py",
        "import os\n\nfrom dotenv import load_dotenv\n\nload_dotenv()\n\nfrom openai import OpenAI\n\nfrom lib.helper import summarize\n\n"
        'client = OpenAI()\nclient.chat.completions.create(model=os.environ["MODEL"], messages=[])\nsummarize()\n',
    )
    repo.write("lib/__init__.py", "")
    repo.write(
        "lib/helper.py",
        "import os\n\nfrom openai import OpenAI\n\nclient = OpenAI()\n\n\ndef summarize():\n"
        '    return client.chat.completions.create(model=os.environ["MODEL"], messages=[])\n',
    )
    _apply(repo)
    assert "BYTESPIKE_API_KEY" in repo.read("app/main.py").decode()
    assert "BYTESPIKE_API_KEY" in repo.read("lib/helper.py").decode()
    assert "MODEL=gpt-5-4" in repo.read("app/.env.example").decode()


def test_a_variable_no_one_sets_stays_unknown_in_every_module_of_a_program(repo: Repo):
    """From the sweep, against the first version of the program rule: two modules of one program reading the same
    unset OPENAI_MODEL were joined into a cycle of reads that looked followed, and both clients moved with
    whatever OpenAI id the variable holds where the program runs."""
    repo.write("lib/__init__.py", "X = 1\n")
    for name in ("a.py", "b.py"):
        repo.write(
            name,
            "import os\n\nfrom openai import OpenAI\n\nimport lib\n\nclient = OpenAI()\n"
            'client.chat.completions.create(model=os.getenv("OPENAI_MODEL"), messages=[])\n',
        )
    output = _apply(repo)
    assert "BYTESPIKE" not in repo.read("a.py").decode() + repo.read("b.py").decode()
    kept = [f for f in output["findings"] if f["rule"] == "client-kept-on-openai"]
    assert sorted(f["path"] for f in kept) == ["a.py", "b.py"], kept


def test_a_container_started_by_a_workflow_gets_the_bytespike_key_too(repo: Repo):
    """From guardrails' server CI: the step's env got BYTESPIKE_API_KEY, but `docker run -e OPENAI_API_KEY=…`
    handed the container only the OpenAI key, and the moved server raised KeyError on start."""
    workflow = (
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Start\n        env:\n"
        "          OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n        run: |\n"
        "          docker run -d -e OPENAI_API_KEY=$OPENAI_API_KEY --env OTHER=1 server:ci\n"
    )
    repo.write(".github/workflows/ci.yml", workflow)
    repo.write(
        "server/app.py",
        'from openai import OpenAI\n\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-5", messages=[])\n',
    )
    _apply(repo)
    assert repo.read(".github/workflows/ci.yml").decode() == workflow.replace(
        "          OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n",
        "          OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n"
        "          BYTESPIKE_API_KEY: ${{ secrets.BYTESPIKE_API_KEY }}\n",
    ).replace(
        "-e OPENAI_API_KEY=$OPENAI_API_KEY --env",
        "-e OPENAI_API_KEY=$OPENAI_API_KEY -e BYTESPIKE_API_KEY=$BYTESPIKE_API_KEY --env",
    )
    done = run_cli("revert", ".", cwd=repo.path)
    assert done.code == 0, done.stderr
    assert repo.read(".github/workflows/ci.yml").decode() == workflow


def test_a_message_naming_the_key_variable_is_not_a_reader_of_it(repo: Repo):
    """From firecrawl's examples: `print("Please set ANTHROPIC_API_KEY")` kept the env file's ANTHROPIC_API_KEY
    line (and added the ByteSpike one beside it) though the only read of it moved. A settings field spelled like
    the variable does read it (pydantic-settings): there the line stays beside the new one."""
    main = (
        'import os\n\nimport anthropic\n\nKEY = os.getenv("ANTHROPIC_API_KEY")\nif not KEY:\n'
        '    print("Please set ANTHROPIC_API_KEY")  # ANTHROPIC_API_KEY in a comment\n'
        "claude = anthropic.Anthropic(api_key=KEY)\n"
        'claude.messages.create(model="claude-3-7-sonnet-20250219", max_tokens=10, messages=[])\n'
    )
    for folder in ("app", "svc"):
        repo.write(f"{folder}/main.py", main)
        repo.write(f"{folder}/.env.example", "ANTHROPIC_API_KEY=your_anthropic_api_key_here\n")
    repo.write(
        "svc/settings.py",
        "from pydantic_settings import BaseSettings\n\n\nclass S(BaseSettings):\n    anthropic_api_key: str\n",
    )
    _apply(repo)
    assert repo.read("app/.env.example").decode() == "BYTESPIKE_API_KEY=sk-byts-...\n"
    assert repo.read("svc/.env.example").decode().splitlines()[0] == "ANTHROPIC_API_KEY=your_anthropic_api_key_here"


def test_an_ignored_env_file_that_sets_the_openai_key_is_said_where_code_moved(repo: Repo):
    """From draw-a-ui's README: the developer's `.env.local` (git ignores it) holds OPENAI_API_KEY; the code moved
    to BYTESPIKE_API_KEY with no word, and the SDK fell back to the OpenAI key, sending it to ByteSpike. The tool
    does not edit an ignored file, and never shows what it holds."""
    secret = "OPENAI_API_KEY=sk-proj-Abc123def456GHI789jkl012MNO345\n"
    repo.write(".gitignore", ".env*.local\n")
    repo.write(
        "route.ts",
        'import OpenAI from "openai";\nconst client = new OpenAI();\n'
        'export const ask = () => client.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
    )
    repo.commit()
    (repo.path / ".env.local").write_text(secret, encoding="utf-8")
    done = run_cli("apply", ".", "--format", "json", cwd=repo.path)
    assert done.code == 0, done.stderr
    (said,) = [f for f in done.json()["findings"] if f["path"] == ".env.local"]
    assert "add BYTESPIKE_API_KEY with your ByteSpike key there" in said["message"]
    assert "Abc123" not in done.stdout + done.stderr
    assert (repo.path / ".env.local").read_text(encoding="utf-8") == secret


def test_a_data_files_endpoint_stays_where_no_code_of_the_repository_moves(repo: Repo):
    """From Portkey's gateway: `"base_url": "https://api.openai.com/v1"` in a JSON file, read by a `fetch` that
    stays on OpenAI (embeddings, with OpenAI's key), was pointed at ByteSpike while no code moved."""
    data = '{\n  "data": [{ "id": "openai", "base_url": "https://api.openai.com/v1" }]\n}\n'
    repo.write("providers.json", data)
    repo.write(
        "embed.ts",
        'import providers from "./providers.json";\nexport const embed = (text: string) =>\n'
        "  fetch(`${providers.data[0].base_url}/embeddings`, {\n"
        "    headers: { Authorization: `Bearer ${process.env.OPENAI_API_KEY}` },\n"
        '    body: JSON.stringify({ model: "text-embedding-3-small", input: text }),\n  });\n',
    )
    output = _apply(repo)
    assert repo.read("providers.json").decode() == data
    assert any(f["path"] == "providers.json" and f["rule"] == "dynamic-config" for f in output["findings"])


def test_a_workflow_hands_the_key_on_when_the_tool_is_run_from_outside_the_repository(repo: Repo):
    """`bytespike-migrate apply path/to/repo`: the paths the run shows start with that folder, and the workflow
    under its `.github/` still serves the whole repository (it was taken for a sub-folder's, and its job kept
    only the OpenAI key)."""
    workflow = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    env:\n      OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n"
    repo.write(".github/workflows/ci.yml", workflow)
    repo.write(
        "app.py", 'from openai import OpenAI\n\nprint(OpenAI().chat.completions.create(model="gpt-4o", messages=[]))\n'
    )
    repo.commit()
    done = run_cli("apply", repo.path.name, "--format", "json", cwd=repo.path.parent)
    assert done.code == 0, done.stderr
    assert repo.read(".github/workflows/ci.yml").decode() == workflow + (
        "      BYTESPIKE_API_KEY: ${{ secrets.BYTESPIKE_API_KEY }}\n"
    )


def test_turborepo_hands_its_tasks_the_bytespike_key_beside_the_providers(repo: Repo):
    """turbo.json's `globalEnv` / a task's `env` list the variables a task is given (strict env mode): where the code
    moved, BYTESPIKE_API_KEY is listed beside OPENAI_API_KEY (the moved client got an empty key under `turbo run`);
    where nothing moved, the lists stay."""
    turbo = '{\n  "globalEnv": ["OPENAI_API_KEY"],\n  "tasks": { "start": { "env": ["OPENAI_API_KEY"] } }\n}\n'
    repo.write("turbo.json", turbo)
    repo.write(
        "apps/web/chat.ts",
        'import OpenAI from "openai";\nconst client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n'
        'export const ask = () => client.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
    )
    _apply(repo)
    assert repo.read("turbo.json").decode() == turbo.replace(
        '["OPENAI_API_KEY"]', '["OPENAI_API_KEY", "BYTESPIKE_API_KEY"]'
    )
    repo.commit("migrated")
    assert _apply(repo)["summary"]["files_changed"] == 0


def test_a_placeholder_key_added_to_the_env_file_a_program_loads_is_said(repo: Repo):
    """`.env` (loaded by the program, not a template to copy) gets `BYTESPIKE_API_KEY=sk-byts-...` beside the key a
    client that stays still reads: the moved client sends the placeholder (401) until someone sets it. Said there;
    `.env.example` gets the line and no finding."""
    repo.write(".env", "OPENAI_API_KEY=sk-abc\n")
    repo.write(".env.example", "OPENAI_API_KEY=your-key\n")
    repo.write(
        "app.py",
        "from openai import OpenAI\n\nchat = OpenAI()\nvectors = OpenAI()\n"
        'chat.chat.completions.create(model="gpt-4o", messages=[])\n'
        'vectors.embeddings.create(model="text-embedding-3-small", input=["hi"])\n',
    )
    output = _apply(repo)
    assert repo.read(".env") == b"OPENAI_API_KEY=sk-abc\nBYTESPIKE_API_KEY=sk-byts-...\n"
    assert repo.read(".env.example") == b"OPENAI_API_KEY=your-key\nBYTESPIKE_API_KEY=sk-byts-...\n"
    said = [f for f in output["findings"] if f["path"].startswith(".env")]
    assert [(f["path"], f["rule"]) for f in said] == [(".env", "dynamic-config")]
    assert "put a ByteSpike key there" in said[0]["message"]


def test_an_env_or_compose_file_that_gives_a_variable_an_id_with_no_mapping_keeps_its_readers(repo: Repo):
    """`os.getenv("CHAT_MODEL", "gpt-4o")` with `.env`'s `CHAT_MODEL=gpt-4o-mini` (mapped) and `.env.example`'s
    `CHAT_MODEL=gpt-4` (no mapping), or a compose service's `CHAT_MODEL: gpt-3.5-turbo`: the client moved, and a user
    who copied the example (or ran the service) sent an OpenAI id to ByteSpike. The client stays, said."""
    app = (
        "import os\n\nfrom openai import OpenAI\n\nclient = OpenAI()\n"
        'client.chat.completions.create(model=os.getenv("CHAT_MODEL", "gpt-4o"), messages=[])\n'
    )
    repo.write("a/app.py", app)
    repo.write("a/.env", "OPENAI_API_KEY=\nCHAT_MODEL=gpt-4o-mini\n")
    repo.write("a/.env.example", "OPENAI_API_KEY=\nCHAT_MODEL=gpt-4\n")
    repo.write("b/app.py", app)
    repo.write(
        "b/docker-compose.yml", "services:\n  app:\n    build: .\n    environment:\n      CHAT_MODEL: gpt-3.5-turbo\n"
    )
    output = _apply(repo)
    assert repo.status() == ""
    kept = sorted(f["message"] for f in output["findings"] if f["rule"] == "client-kept-on-openai")
    assert len(kept) == 2
    assert "may use model 'gpt-4', which a/.env.example:2 gives CHAT_MODEL" in kept[1]
    assert "may use model 'gpt-3.5-turbo', which b/docker-compose.yml:5 gives CHAT_MODEL" in kept[0]


def test_the_name_of_the_key_variable_a_kept_client_reads_from_a_config_file_stays(repo: Repo):
    """`key_env: OPENAI_API_KEY` in settings.yaml, read by `OpenAI(api_key=os.environ[cfg["key_env"]])`, which stays
    (its key comes from code the tool cannot follow): the value was renamed when another client moved, and the kept
    client then sent the ByteSpike key to OpenAI."""
    repo.write("settings.yaml", "model: gpt-4o\nkey_env: OPENAI_API_KEY\n")
    repo.write(
        "agent.py",
        'import os\n\nimport yaml\nfrom openai import OpenAI\n\ncfg = yaml.safe_load(open("settings.yaml"))\n'
        'client = OpenAI(api_key=os.environ[cfg["key_env"]])\nclient.chat.completions.create(model=cfg["model"], messages=[])\n',
    )
    repo.write(
        "other.py", 'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4o-mini", messages=[])\n'
    )
    output = _apply(repo)
    assert repo.read("settings.yaml") == b"model: gpt-4o\nkey_env: OPENAI_API_KEY\n"
    assert b"BYTESPIKE_API_KEY" in repo.read("other.py")
    assert any(f["path"] == "settings.yaml" and "OPENAI_API_KEY left as is" in f["message"] for f in output["findings"])


def test_tests_that_set_the_key_for_code_elsewhere_set_the_bytespike_key_too(repo: Repo):
    """opengpts' layout: `app/llm.py` builds its client at import, and `tests/conftest.py` sets OPENAI_API_KEY="test"
    (a folder apart from app/), or a fixture does with `monkeypatch.setenv`: the moved client raised KeyError:
    'BYTESPIKE_API_KEY' when the tests imported it. Each setting gets its twin, in the fixture too."""
    repo.write("app/__init__.py", "")
    repo.write("app/llm.py", 'from openai import OpenAI\n\nclient = OpenAI()\nMODEL = "gpt-4o"\n')
    repo.write(
        "app/ask.py", "from app.llm import MODEL, client\n\nclient.chat.completions.create(model=MODEL, messages=[])\n"
    )
    repo.write("tests/conftest.py", 'import os\n\nos.environ["OPENAI_API_KEY"] = "test"\n')
    repo.write(
        "tests/test_llm.py",
        "import pytest\n\n\n@pytest.fixture(autouse=True)\ndef key(monkeypatch):\n"
        '    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")\n    yield\n\n\n'
        "def test_import():\n    from app.llm import client\n\n    assert client\n",
    )
    _apply(repo)
    assert b'os.environ["BYTESPIKE_API_KEY"]' in repo.read("app/llm.py")
    assert repo.read("tests/conftest.py").decode().endswith('os.environ["BYTESPIKE_API_KEY"] = "test"\n')
    assert (
        '    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")\n    monkeypatch.setenv("BYTESPIKE_API_KEY", "sk-test")\n'
        in (repo.read("tests/test_llm.py").decode())
    )
    env = {**os.environ, "PYTHONPATH": str(repo.path)}
    env.pop("BYTESPIKE_API_KEY", None)
    ran = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=repo.path, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stdout + ran.stderr


def test_an_env_file_a_compose_file_names_serves_the_code_it_builds(repo: Repo):
    """`deploy/docker-compose.yml` with `build: ..` and `env_file: .env`: deploy/.env sets the variables of the code of
    the repository's root, which moved; it kept OPENAI_API_KEY and CHAT_MODEL=gpt-4o, and the service raised KeyError:
    'BYTESPIKE_API_KEY'. The compose file names no provider: it is read for its `env_file` all the same."""
    repo.write(
        "app.py",
        'import os\n\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n'
        'client.chat.completions.create(model=os.getenv("CHAT_MODEL", "gpt-4o"), messages=[])\n',
    )
    repo.write(".env", "OPENAI_API_KEY=\nCHAT_MODEL=gpt-4o\n")
    repo.write("deploy/.env", "OPENAI_API_KEY=\nCHAT_MODEL=gpt-4o\n")
    repo.write("deploy/docker-compose.yml", "services:\n  app:\n    build: ..\n    env_file: .env\n")
    _apply(repo)
    assert repo.read("deploy/.env") == repo.read(".env") == b"BYTESPIKE_API_KEY=\nCHAT_MODEL=gpt-5-4\n"


def test_an_env_file_a_strict_pydantic_settings_class_reads_gets_no_new_variable(repo: Repo):
    """e2b-cookbook's pattern: `class Settings(BaseSettings)` with `env_file=".env"` refuses variables it does not
    declare (pydantic-settings' default): the twin `BYTESPIKE_API_KEY=…` added to `.env` (and its template) stopped the
    program at start with "Extra inputs are not permitted". Said instead; a class that ignores extras gets it."""
    settings = (
        "from pydantic_settings import BaseSettings, SettingsConfigDict\n\n\nclass Settings(BaseSettings):\n"
        '    model_config = SettingsConfigDict(env_file=".env"{extra})\n    openai_api_key: str\n'
    )
    app = 'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4o", messages=[])\n'
    for folder, extra in (("strict", ""), ("loose", ', extra="ignore"')):
        repo.write(f"{folder}/settings.py", settings.format(extra=extra))
        repo.write(f"{folder}/app.py", app)
        repo.write(f"{folder}/.env", "OPENAI_API_KEY=\n")
        repo.write(f"{folder}/.env.example", "OPENAI_API_KEY=\n")
    output = _apply(repo)
    assert repo.read("strict/.env") == repo.read("strict/.env.example") == b"OPENAI_API_KEY=\n"
    assert repo.read("loose/.env") == b"OPENAI_API_KEY=\nBYTESPIKE_API_KEY=sk-byts-...\n"
    said = [f["path"] for f in output["findings"] if "refuses variables it does not declare" in f["message"]]
    assert sorted(said) == ["strict/.env", "strict/.env.example"]
