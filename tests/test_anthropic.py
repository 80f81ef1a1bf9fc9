"""Migrating from Anthropic too, and back (README, Migrating from Anthropic): the same analysis and rules on Anthropic's rules file,
every provider in one run, `--from` to narrow it, per-provider settings, the record and `revert` for both.

The before/after pairs are in fixtures/anthropic/, fixtures/anthropic_reverse/ and
fixtures/typescript_anthropic/ (`python tests/fixture_pairs.py` regenerates them); the program that uses
both SDKs and runs before and after `apply` is fixtures/coherence/duo (test_migrated_program.py).
"""

from __future__ import annotations

import json
import stat
import sys

import pytest
from conftest import Repo, git, run_cli
from fixture_pairs import ANTHROPIC, ANTHROPIC_REVERSE, TYPESCRIPT_ANTHROPIC, finding_line
from test_fleet import Fleet, _make_origin, _run

CLIENT = """import os

from anthropic import Anthropic

client = Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])


def ask(question):
    return client.messages.create(model="claude-3-7-sonnet-20250219", max_tokens=10,
                                  messages=[{"role": "user", "content": question}])
"""
OPENAI_CLIENT = """from openai import OpenAI

gpt = OpenAI()


def ask(question):
    return gpt.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])
"""


@pytest.mark.parametrize("suite", [ANTHROPIC, ANTHROPIC_REVERSE, TYPESCRIPT_ANTHROPIC], ids=lambda s: s.name)
def test_pairs_match(suite):
    expected = suite.expected_findings()
    for case in suite.cases():
        after, result = suite.rewrite(case)
        assert after == (suite.after / case).read_bytes(), case
        assert [finding_line(f) for f in result.findings] == expected.get(case, []), case


def test_cli_apply_twice_then_revert_restores_every_byte(repo: Repo):
    repo.copy_tree(ANTHROPIC.before)
    repo.commit()
    originals = {case: repo.read(case) for case in ANTHROPIC.cases()}
    first = run_cli("apply", ".", "--format", "json", cwd=repo.path)
    assert first.code == 0, first.stderr
    for case in ANTHROPIC.cases():
        if case == "model_ids/map.py":
            # Its PREFIXED id reaches no request: alone (the pair) it moves with the client that moves; beside
            # the other cases, whose requests stay on Anthropic and could take it, it stays, and says so.
            assert '"anthropic/claude-3-5-haiku-20241022"' in repo.read(case).decode()
            assert "model_ids/map.py:13:12: warning[dynamic-model]" in first.stderr or any(
                f["path"] == "model_ids/map.py" and f["rule"] == "dynamic-model" for f in first.json()["findings"]
            )
            continue
        assert repo.read(case) == (ANTHROPIC.after / case).read_bytes(), case
    output = first.stdout + first.stderr
    assert "sk-ant-api03-Abcdefg" not in output and "sk-proj-Abcdefg" not in output
    repo.commit("migrated")
    assert run_cli("apply", ".", "--format", "json", cwd=repo.path).json()["summary"]["files_changed"] == 0
    assert run_cli("revert", ".", cwd=repo.path).code == 0
    for case, data in originals.items():
        if case in ("clients/keys.py", "mixed/keys_both.py"):  # their key literals were removed for good
            continue
        assert repo.read(case) == data, case
    # A removed key comes back as a read of its own provider's variable.
    both = repo.read("mixed/keys_both.py").decode()
    assert 'Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])' in both
    assert 'OpenAI(api_key=os.environ["OPENAI_API_KEY"])' in both


def test_from_narrows_the_run_to_one_provider(repo: Repo):
    repo.write("claude.py", CLIENT)
    repo.write("gpt.py", OPENAI_CLIENT)
    repo.commit()
    only_openai = run_cli("diff", ".", "--from", "openai", cwd=repo.path)
    assert "gpt.py" in only_openai.stdout and "claude.py" not in only_openai.stdout
    only_anthropic = run_cli("diff", ".", "--from", "anthropic", cwd=repo.path)
    assert "claude.py" in only_anthropic.stdout and "gpt.py" not in only_anthropic.stdout
    both = run_cli("diff", ".", cwd=repo.path)
    assert "claude.py" in both.stdout and "gpt.py" in both.stdout
    bogus = run_cli("diff", ".", "--from", "gemini", cwd=repo.path)
    assert bogus.code == 2 and "unknown provider 'gemini'" in bogus.stderr


def test_settings_narrow_and_give_each_provider_its_key(repo: Repo):
    repo.write("claude.py", CLIENT)
    repo.write("gpt.py", OPENAI_CLIENT)
    repo.write(
        "pyproject.toml",
        '[tool.bytespike-migrate]\nfrom = ["openai", "anthropic"]\n'
        '[tool.bytespike-migrate.anthropic]\nkey-env = "BYTESPIKE_CLAUDE_KEY"\n',
    )
    repo.commit()
    done = run_cli("apply", ".", cwd=repo.path)
    assert done.code == 0, done.stderr
    assert 'api_key=os.environ["BYTESPIKE_CLAUDE_KEY"]' in repo.read("claude.py").decode()
    assert 'api_key=os.environ["BYTESPIKE_API_KEY"]' in repo.read("gpt.py").decode()
    shown = run_cli("diff", ".", "--show-settings", "--format", "json", cwd=repo.path)
    assert shown.code == 0, shown.stderr
    assert "BYTESPIKE_CLAUDE_KEY" in shown.stdout

    repo.write("pyproject.toml", '[tool.bytespike-migrate]\nfrom = ["anthropic", "mistral"]\n')
    bad = run_cli("diff", ".", cwd=repo.path)
    assert bad.code == 2 and "unknown provider 'mistral'" in bad.stderr


def test_findings_name_their_provider(repo: Repo):
    repo.write(
        "files.py",
        """from anthropic import Anthropic

files = Anthropic()


def upload(path):
    return files.beta.files.upload(file=open(path, "rb"))
""",
    )
    repo.commit()
    done = run_cli("scan", ".", "--format", "json", cwd=repo.path)
    messages = {f["rule"]: f["message"] for f in done.json()["findings"]}
    assert "stays on Anthropic" in messages["client-kept-on-openai"]
    assert "OpenAI" not in " ".join(messages.values())


def test_an_env_file_both_providers_change_gets_the_key_once(repo: Repo):
    repo.write("claude.py", CLIENT)
    repo.write("gpt.py", OPENAI_CLIENT)
    repo.write(".env.example", "OPENAI_API_KEY=sk-...\nANTHROPIC_API_KEY=sk-ant-...\n")
    repo.commit()
    assert run_cli("apply", ".", cwd=repo.path).code == 0
    env = repo.read(".env.example").decode()
    assert env.count("BYTESPIKE_API_KEY=") == 1, env
    repo.commit("migrated")
    assert run_cli("revert", ".", cwd=repo.path).code == 0
    assert repo.read(".env.example") == b"OPENAI_API_KEY=sk-...\nANTHROPIC_API_KEY=sk-ant-...\n"


WORKFLOW = """\
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: python gpt.py && python claude.py
        env:
          OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}
          ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}
      - run: echo done
        env:
          ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}
"""


def test_a_workflow_env_both_providers_hand_on_gets_the_key_once(repo: Repo):
    """A mapping with BYTESPIKE_API_KEY twice is no YAML; another step's mapping gets its own."""
    import yaml

    repo.write("claude.py", CLIENT)
    repo.write("gpt.py", OPENAI_CLIENT)
    repo.write(".github/workflows/test.yml", WORKFLOW)
    repo.commit()
    assert run_cli("apply", ".", cwd=repo.path).code == 0
    workflow = repo.read(".github/workflows/test.yml").decode()
    steps = [step["env"] for step in yaml.safe_load(workflow)["jobs"]["test"]["steps"]]
    assert all("BYTESPIKE_API_KEY" in env for env in steps), workflow
    assert workflow.count("BYTESPIKE_API_KEY:") == 2, workflow
    repo.commit("migrated")
    assert run_cli("revert", ".", cwd=repo.path).code == 0
    assert repo.read(".github/workflows/test.yml").decode() == WORKFLOW


def test_prefer_chooses_the_anthropic_id_of_an_ambiguous_one(repo: Repo):
    repo.write(
        "claude.py",
        """from anthropic import Anthropic

client = Anthropic(base_url="https://llm.bytespike.ai")
MODEL = "claude-sonnet-4-6"
""",
    )
    repo.commit()
    default = run_cli("diff", "--reverse", ".", cwd=repo.path)
    assert '+MODEL = "claude-sonnet-4-20250514"' in default.stdout
    assert "ambiguous-reverse" in default.stderr
    chosen = run_cli(
        "diff", "--reverse", ".", "--prefer", "claude-sonnet-4-6=claude-3-7-sonnet-20250219", cwd=repo.path
    )
    assert '+MODEL = "claude-3-7-sonnet-20250219"' in chosen.stdout, chosen.stderr
    assert "+client = Anthropic()" in chosen.stdout


def test_rules_prints_both_rule_sets(repo: Repo):
    text = run_cli("rules", "--color", "never", cwd=repo.path)
    assert text.code == 0, text.stderr
    for title in (
        "Model map: OpenAI → ByteSpike",
        "Model map: Anthropic → ByteSpike",
        "claude-3-7-sonnet-20250219",
        "https://llm.bytespike.ai/v1",
        "ANTHROPIC_API_KEY",
        "token-counting",
    ):
        assert title in text.stdout, title
    data = run_cli("rules", "--format", "json", cwd=repo.path).json()
    anthropic = data["providers"]["anthropic"]
    assert anthropic["base_urls"] == {"bytespike": "https://llm.bytespike.ai", "openai": "https://api.anthropic.com"}
    assert {"openai": "claude-opus-4-20250514", "bytespike": "claude-opus-4-8", "approximate": False} in anthropic[
        "forward"
    ]
    assert data["forward"] == data["providers"]["openai"]["forward"]


def test_the_fleet_migrates_a_repository_that_uses_only_anthropic(tmp_path):
    origin = _make_origin(tmp_path, "claude", {"app.py": CLIENT})
    (tmp_path / "repos.json").write_text(json.dumps({"claude": str(origin)}))
    config = tmp_path / "all-repos.json"
    config.write_text(
        json.dumps(
            {
                "output_dir": "repos",
                "source": "all_repos.source.json_file",
                "source_settings": {"filename": str(tmp_path / "repos.json")},
                "push": "all_repos.push.merge_to_master",
                "push_settings": {"fast_forward": True},
            }
        )
    )
    config.chmod(stat.S_IRUSR | stat.S_IWUSR)
    _run(sys.executable, "-m", "all_repos.clone", "-C", str(config), cwd=tmp_path)
    done = Fleet(tmp_path, config, {"claude": origin}).run()
    assert done.code == 0, done.output
    assert "1 migrated" in done.output, done.output
    migrated = git("show", "main:app.py", cwd=origin)
    assert 'base_url="https://llm.bytespike.ai"' in migrated and '"claude-sonnet-4-6"' in migrated


def test_no_anthropic_code_no_anthropic_configuration_change(repo: Repo):
    """ANTHROPIC_API_KEY in an env file, read by a script the analysis does not follow, and no Anthropic code
    to tell that its readers move: left as it is, in an OpenAI repository's run too."""
    repo.write(".env", "ANTHROPIC_API_KEY=sk-ant-...\n")
    repo.write("ask.sh", '#!/bin/sh\ncurl -H "x-api-key: $ANTHROPIC_API_KEY" https://api.anthropic.com/v1/messages\n')
    repo.write("gpt.py", OPENAI_CLIENT)
    repo.commit()
    done = run_cli("apply", ".", cwd=repo.path)
    assert done.code == 0, done.stderr
    assert repo.read(".env") == b"ANTHROPIC_API_KEY=sk-ant-...\n"
    assert "llm.bytespike.ai/v1" in repo.read("gpt.py").decode()


def test_the_advice_for_the_ai_sdk_anthropic_provider_names_its_own_endpoint(repo: Repo):
    """`@ai-sdk/anthropic` posts to `${baseURL}/messages`: ByteSpike's endpoint for it ends in /v1, where the
    Anthropic SDK's does not (fragments' lib/models.ts)."""
    repo.write(
        "models.ts",
        'import { createAnthropic } from "@ai-sdk/anthropic";\n\n'
        "export function client(config: { apiKey?: string; baseURL?: string }) {\n"
        "  const { apiKey, baseURL } = config;\n"
        '  return createAnthropic({ apiKey, baseURL })("claude-3-5-sonnet-20241022");\n}\n',
    )
    repo.commit()
    done = run_cli("diff", ".", "--format", "json", cwd=repo.path)
    (advice,) = [f["message"] for f in done.json()["findings"] if f["rule"] == "dynamic-config"]
    assert "'https://llm.bytespike.ai/v1'" in advice


def test_a_typescript_client_on_an_auth_token_is_left_whole(repo: Repo):
    """`createAnthropic({ authToken })`: an apiKey added beside it made the AI SDK refuse both (vercel/ai's
    auth-token example); the token is not a ByteSpike key, as Python's auth_token from the environment."""
    repo.write(
        "auth.ts",
        'import { createAnthropic } from "@ai-sdk/anthropic";\nimport { generateText } from "ai";\n\n'
        "const anthropic = createAnthropic({ authToken: process.env.ANTHROPIC_AUTH_TOKEN });\n\n"
        'export const ask = () => generateText({ model: anthropic("claude-3-5-haiku-20241022"), prompt: "Hello" });\n',
    )
    repo.commit()
    done = run_cli("apply", ".", "--format", "json", cwd=repo.path)
    assert done.code == 0 and repo.status() == ""
    (held,) = [f["message"] for f in done.json()["findings"] if f["rule"] == "dynamic-config"]
    assert "authenticates with authToken `process.env.ANTHROPIC_AUTH_TOKEN`" in held


def test_a_compose_environment_list_both_providers_hand_on_gets_the_key_once(repo: Repo):
    """From letta's compose files: `docker compose` refuses an `environment:` list with an item twice, and
    both providers' runs added `- BYTESPIKE_API_KEY=${BYTESPIKE_API_KEY}`."""
    compose = (
        "services:\n  app:\n    environment:\n      - OPENAI_API_KEY=${OPENAI_API_KEY}\n"
        "      - ANTHROPIC_API_KEY=${ANTHROPIC_API_KEY}\n"
    )
    repo.write("claude.py", CLIENT)
    repo.write("gpt.py", OPENAI_CLIENT)
    repo.write("compose.yaml", compose)
    repo.commit()
    assert run_cli("apply", ".", cwd=repo.path).code == 0
    written = repo.read("compose.yaml").decode()
    assert written.count("BYTESPIKE_API_KEY") == 2 and written.count("- BYTESPIKE_API_KEY=") == 1, written
    repo.commit("migrated")
    assert run_cli("revert", ".", cwd=repo.path).code == 0
    assert repo.read("compose.yaml").decode() == compose


def test_a_framework_call_of_both_providers_ids_is_reported_once(repo: Repo):
    """`dspy.LM(model=name)` over OpenAI's and Anthropic's ids: the OpenAI run says why it leaves the call whole; the
    Anthropic run's "reaches Anthropic through the framework's own settings" at the same place is not said too."""
    repo.write(
        "app.py",
        'import dspy\n\nfor name in ["openai/gpt-4o", "anthropic/claude-3-5-sonnet-20241022"]:\n'
        '    lm = dspy.LM(model=name)\n    print(lm("hi"))\n',
    )
    repo.commit()
    done = run_cli("diff", ".", "--format", "json", cwd=repo.path)
    assert done.code == 0, done.stderr
    at_the_call = [f for f in done.json()["findings"] if (f["line"], f["column"]) == (4, 10)]
    assert [f["rule"] for f in at_the_call] == ["dynamic-config"]
    assert repo.status() == ""
