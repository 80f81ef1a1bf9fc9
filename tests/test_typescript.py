"""TypeScript and JavaScript (README, What it changes in TypeScript and JavaScript): every before/after pair under fixtures/typescript (each folder one
repository), the real command on real git repositories, and the guarantees shared with Python: the record
and revert, secrets, generated files, a rewrite that would not parse."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, Repo, run_cli
from fixture_pairs import TYPESCRIPT, TYPESCRIPT_REVERSE, finding_line

from migrate_cli.pipeline.edits import Edit
from migrate_cli.pipeline.ruleset import load_rules
from migrate_cli.pipeline.source import SourceText
from migrate_cli.pipeline.textfile import finish
from migrate_cli.typescript import generated, migrate_typescript
from migrate_cli.typescript.migrate import verifier

CASES = TYPESCRIPT.cases()
EXPECTED = TYPESCRIPT.expected_findings()
SECRET = "sk-proj-abcdefghijklmnopqrstuvwxyz0123"


def test_there_are_pairs_for_every_behaviour():
    folders = {case.split("/")[0] for case in CASES}
    assert folders >= {"constructors", "model_ids", "clients", "ai_sdk", "safety"}
    extensions = {case.rpartition(".")[2] for case in CASES}
    assert extensions >= {"ts", "tsx", "mts", "js", "jsx", "mjs", "cjs"}
    for case in CASES:
        assert (TYPESCRIPT.after / case).is_file(), f"{case} has no after file"


@pytest.mark.parametrize("case", CASES)
def test_rewrite_matches_after(case: str):
    after, _ = TYPESCRIPT.rewrite(case)
    assert after == (TYPESCRIPT.after / case).read_bytes()


@pytest.mark.parametrize("case", CASES)
def test_findings_match(case: str):
    _, result = TYPESCRIPT.rewrite(case)
    assert [finding_line(f) for f in result.findings] == EXPECTED.get(case, [])


@pytest.mark.parametrize("folder", TYPESCRIPT.folders())
def test_after_is_stable(folder: str):
    """Migrating a folder's output again changes nothing."""
    names = [c for c in CASES if c.rpartition("/")[0] == folder]
    results = migrate_typescript([(n, (TYPESCRIPT.after / n).read_bytes()) for n in names], load_rules())
    assert [r.path for r in results if r.changed] == []


@pytest.mark.parametrize("case", TYPESCRIPT_REVERSE.cases())
def test_reverse_rewrite_matches_after(case: str):
    after, result = TYPESCRIPT_REVERSE.rewrite(case)
    assert after == (TYPESCRIPT_REVERSE.after / case).read_bytes()
    assert [finding_line(f) for f in result.findings] == TYPESCRIPT_REVERSE.expected_findings().get(case, [])


def _tree(folder: str) -> dict[str, bytes]:
    return {c.rpartition("/")[2]: (TYPESCRIPT.before / c).read_bytes() for c in CASES if c.rpartition("/")[0] == folder}


@pytest.mark.parametrize("folder", ["clients", "clients/cross_module", "clients/shared_model", "constructors"])
def test_cli_apply_apply_revert(repo: Repo, folder: str):
    """The real command on a folder as a git repository: the after tree, the listed findings, a second
    apply that changes nothing, and revert back to the original bytes (a removed key excepted)."""
    originals = _tree(folder)
    for name, data in originals.items():
        repo.write(name, data)
    repo.commit()
    first = run_cli("apply", ".", "--format", "json", cwd=repo.path)
    assert first.code == 0, first.stderr
    for name in originals:
        assert repo.read(name) == (TYPESCRIPT.after / folder / name).read_bytes(), name
    listed = sorted(f"{folder}/{f['path']}:{f['line']}:{f['column']}: {f['rule']}" for f in first.json()["findings"])
    assert listed == sorted(
        line for case, lines in EXPECTED.items() if case.rpartition("/")[0] == folder for line in lines
    )
    repo.commit("migrated")
    second = run_cli("apply", ".", "--format", "json", cwd=repo.path)
    assert second.json()["summary"]["files_changed"] == 0
    assert repo.status() == ""
    assert run_cli("revert", ".", cwd=repo.path).code == 0
    for name, data in originals.items():
        if SECRET.encode() in data:
            assert repo.read(name) == data.replace(f'"{SECRET}"'.encode(), b"process.env.OPENAI_API_KEY")
        else:
            assert repo.read(name) == data, name
    assert not (repo.path / ".bytespike-migrate.toml").exists()


def test_cli_revert_without_a_record_uses_the_inverse_rules(repo: Repo):
    repo.copy_tree(TYPESCRIPT_REVERSE.before)
    repo.commit()
    done = run_cli("revert", ".", "--format", "json", cwd=repo.path)
    assert done.code == 0, done.stderr
    for case in TYPESCRIPT_REVERSE.cases():
        assert repo.read(case) == (TYPESCRIPT_REVERSE.after / case).read_bytes(), case


MIXED = {
    "app/llm.py": 'import os\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n'
    'MODEL = "gpt-4o"\nclient.chat.completions.create(model=MODEL, messages=[])\n',
    "web/lib/openai.ts": 'import OpenAI from "openai";\n\nexport const openai = new OpenAI({\n'
    "  apiKey: process.env.OPENAI_API_KEY,\n});\n",
    "web/lib/models.ts": 'export const CHAT_MODEL = "gpt-4o-mini";\nexport type Model = "gpt-4o-mini" | "o1";\n',
    "web/app/api/chat/route.ts": 'import { openai } from "@/lib/openai";\nimport { CHAT_MODEL } from "@/lib/models";\n\n'
    "export async function POST(req: Request) {\n  const { messages } = await req.json();\n"
    "  const r = await openai.chat.completions.create({ model: CHAT_MODEL, messages });\n"
    "  return Response.json(r.choices[0].message);\n}\n",
    "web/app/api/files/route.js": 'import OpenAI from "openai";\nconst files = new OpenAI();\n'
    "export const GET = async () => Response.json(await files.files.list());\n",
    "web/package.json": '{"name": "web", "dependencies": {"openai": "^4.0.0"}}\n',
    "web/dist/bundle.js": 'import OpenAI from "openai";const c=new OpenAI();\n',
    "web/public/vendor.min.js": 'const m="gpt-4o";\n',
    ".env.example": "OPENAI_API_KEY=sk-...\n",
}


def test_mixed_python_and_typescript_repository(repo: Repo):
    for name, text in MIXED.items():
        repo.write(name, text)
    repo.commit()
    diff = run_cli("diff", ".", cwd=repo.path)
    assert diff.code == 1, diff.stderr
    assert '+client = OpenAI(api_key=os.environ["BYTESPIKE_API_KEY"]' in diff.stdout
    assert '+  apiKey: process.env.BYTESPIKE_API_KEY ?? "",' in diff.stdout
    assert '+  baseURL: "https://llm.bytespike.ai/v1",' in diff.stdout
    assert '+export const CHAT_MODEL = "gpt-5-4-mini";' in diff.stdout
    assert "dist/bundle.js" not in diff.stdout and "vendor.min.js" not in diff.stdout
    assert "web/app/api/files/route.js:2:15: warning[client-kept-on-openai]" in diff.stderr
    report = run_cli("diff", ".", "--format", "json", cwd=repo.path).json()
    assert report["summary"]["files_skipped"].get("generated") == 2
    original = {name: repo.read(name) for name in MIXED}
    assert run_cli("apply", ".", cwd=repo.path).code == 0
    repo.commit("migrated")
    assert run_cli("apply", ".", "--format", "json", cwd=repo.path).json()["summary"]["files_changed"] == 0
    assert run_cli("revert", ".", cwd=repo.path).code == 0
    for name, data in original.items():
        assert repo.read(name) == data, name


def test_a_secret_key_is_never_shown(repo: Repo):
    repo.write(
        "src/client.ts",
        f'import OpenAI from "openai";\nexport const c = new OpenAI({{ apiKey: "{SECRET}" }});\nc.models.list();\n',
    )
    repo.commit()
    for args in (("diff", "."), ("diff", ".", "--format", "json"), ("scan", ".", "--format", "sarif")):
        done = run_cli(*args, cwd=repo.path)
        assert SECRET[:7] not in done.stdout + done.stderr, args
    assert run_cli("apply", ".", cwd=repo.path).code == 0
    assert SECRET[:7] not in (repo.path / ".bytespike-migrate.toml").read_text()
    assert SECRET[:7] not in repo.read("src/client.ts").decode()


def test_node_modules_and_generated_output_are_never_read(repo: Repo, tmp_path):
    rules = load_rules()
    assert generated("app/dist/index.js", b"", rules)
    assert generated("app/build/server.mjs", b"", rules)
    assert generated("vendor/chart.min.js", b"", rules)
    assert generated("src/data.js", b"x" * 5000, rules)
    assert not generated("src/distance.ts", b"const a = 1;\n" * 1000, rules)
    # Most of the file in a long line of code without its spaces: minified; a long line of text (a generator's
    # README in a template string) in a hand-written module is read.
    assert generated("src/vendor.js", b"/*! v1 */\n" + b"var a=1;function f(b){return b+a}" * 200, rules)
    readme = b"Run `npm install` then `npm run dev` to start the app. " * 50
    assert not generated(
        "src/starter.ts", b'import OpenAI from "openai";\nexport const README = `' + readme + b"`;\n", rules
    )
    repo.write("node_modules/openai/index.js", 'const c = new OpenAI(); const m = "gpt-4o";\n')
    repo.write("src/a.ts", 'export const m = "gpt-4o";\n')
    # Not ignored by git: node_modules is still never read.
    repo.commit()
    done = run_cli("diff", ".", "--format", "json", cwd=repo.path).json()
    assert [f["path"] for f in done["files"]] == ["src/a.ts"]


def test_a_rewrite_that_would_not_parse_is_not_written():
    rules = load_rules()
    data = b'const model = "gpt-4o";\n'
    source = SourceText.decode(data)
    broken = [Edit(14, 22, '"gpt-5-4', "model-id")]  # the closing quote lost
    result = finish("a.ts", data, source, broken, [], rules, verifier("typescript"))
    assert not result.changed and result.new_data is None
    assert [f.code for f in result.findings] == ["parse-error"]


def test_a_file_that_does_not_parse_is_skipped_but_its_calls_still_count():
    rules = load_rules()
    results = migrate_typescript(
        [
            ("client.ts", b'import OpenAI from "openai";\nexport const client = new OpenAI();\n'),
            ("broken.ts", b'import { client } from "./client";\nclient.beta.threads.create(;\n'),
        ],
        rules,
    )
    assert not results[0].changed  # its thread calls live in a file that does not parse
    assert "client-kept-on-openai" in [f.code for f in results[0].findings]
    assert sorted(f.code for f in results[1].findings) == ["parse-error", "unsupported-api"]


def test_environment_reads_after_the_rewrite():
    rules = load_rules()
    results = migrate_typescript(
        [
            (
                "moves.ts",
                b'import OpenAI from "openai";\nexport const a = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n'
                b"a.models.list();\n",
            ),
            ("kept.ts", b'import OpenAI from "openai";\nconst k = new OpenAI();\nk.files.list();\n'),
            ("other.js", b'const { OPENAI_API_KEY } = process.env;\nconsole.log(process.env["OPENAI_ORG_ID"]);\n'),
            ("provider.ts", b'import { openai } from "@ai-sdk/openai";\nexport const m = openai("gpt-4o");\n'),
        ],
        rules,
    )
    assert [sorted(r.env_reads) for r in results] == [
        ["BYTESPIKE_API_KEY"],
        ["OPENAI_API_KEY", "OPENAI_BASE_URL"],
        ["OPENAI_API_KEY", "OPENAI_ORG_ID"],
        ["OPENAI_API_KEY", "OPENAI_BASE_URL"],
    ]


def test_json_report_lists_typescript_files_in_path_order(repo: Repo):
    repo.write("b.py", 'MODEL = "gpt-4o"\n')
    repo.write("a.ts", 'export const MODEL = "gpt-4o";\n')
    repo.write("c.mjs", "export const MODEL = `gpt-4o`;\n")
    repo.commit()
    report = json.loads(run_cli("diff", ".", "--format", "json", "--jobs", "2", cwd=repo.path).stdout)
    assert [f["path"] for f in report["files"]] == ["a.ts", "b.py", "c.mjs"]


def test_the_rules_file_names_the_javascript_families():
    rules = load_rules()
    families = set(rules.typescript.apis.unsupported.values())
    assert families >= {
        "files",
        "uploads",
        "assistants",
        "threads",
        "vector-stores",
        "fine-tuning",
        "embeddings",
        "audio",
        "moderations",
        "batches",
        "realtime",
        "conversations",
        "containers",
        "evals",
        "skills",
        "legacy-completions",
    }
    assert ("vectorStores",) in rules.typescript.apis.unsupported
    assert ("beta", "vectorStores") in rules.typescript.apis.unsupported
    # Python's families, under the JavaScript SDK's names, and the unverified calls as in Python.
    assert set(rules.apis.unsupported.values()) == families
    assert set(rules.typescript.apis.unverified.values()) == set(rules.apis.unverified.values())
    assert (ROOT / "rules" / "openai-to-bytespike.toml").read_text().count("[typescript") == 3


def test_since_still_sees_the_calls_of_unchanged_modules(repo: Repo):
    """`--since` looks only at changed files, but a client's calls in unchanged modules still keep it."""
    repo.write("lib/openai.ts", 'import OpenAI from "openai";\nexport const openai = new OpenAI();\n')
    repo.write("lib/kb.ts", 'import { openai } from "./openai";\nexport const list = () => openai.files.list();\n')
    repo.commit()
    git_run = __import__("conftest").git
    git_run("branch", "base", cwd=repo.path)
    repo.write("lib/openai.ts", 'import OpenAI from "openai";\nexport const openai = new OpenAI({ timeout: 1 });\n')
    repo.commit("touch the client")
    done = run_cli("diff", ".", "--since", "base", "--format", "json", cwd=repo.path).json()
    assert [f["path"] for f in done["files"]] == ["lib/openai.ts"]
    assert done["summary"]["files_changed"] == 0
    assert [f["rule"] for f in done["findings"]] == ["client-kept-on-openai"]


def test_the_rules_command_lists_the_javascript_families(repo: Repo):
    data = run_cli("rules", "--format", "json", cwd=repo.path).json()
    assert data["typescript_unsupported_apis"]["vector-stores"] == ["vectorStores", "beta.vectorStores"]
    assert "fineTuning" in run_cli("rules", cwd=repo.path).stdout


def test_a_file_given_alone_is_resolved_with_the_rest_of_its_repository(repo: Repo):
    """pre-commit passes the changed files only: the other modules still count for their calls."""
    repo.write("lib/openai.ts", 'import OpenAI from "openai";\nexport const openai = new OpenAI();\n')
    repo.write("lib/kb.ts", 'import { openai } from "./openai";\nexport const list = () => openai.files.list();\n')
    repo.write(
        "lib/chat.ts",
        'import OpenAI from "openai";\nexport const chat = new OpenAI();\nexport const m = chat.models.list();\n',
    )
    repo.commit()
    done = run_cli("diff", "lib/openai.ts", "lib/chat.ts", "--format", "json", cwd=repo.path).json()
    assert [(f["path"], f["changed"]) for f in done["files"]] == [("lib/chat.ts", True), ("lib/openai.ts", False)]
    assert [f["rule"] for f in done["findings"]] == ["client-kept-on-openai"]


def _apply_ts(repo: Repo) -> dict:
    repo.commit()
    done = run_cli("apply", ".", "--format", "json", cwd=repo.path)
    assert done.code == 0, done.stderr
    return done.json()


def test_a_model_checked_by_a_test_or_given_to_the_repositorys_own_aliased_module_still_moves(repo: Repo):
    # `expect(MODEL).toBeTruthy()` (vitest) and `saveSetting("model", MODEL)` imported from "@/store" were taken
    # for another package's functions given the model: the id and its client stayed.
    repo.write("src/config.ts", 'export const MODEL = "gpt-4o";\n')
    repo.write(
        "src/chat.ts",
        'import OpenAI from "openai";\nimport { MODEL } from "./config";\nimport { saveSetting } from "@/store";\n'
        "const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n"
        "export const ask = () => client.chat.completions.create({ model: MODEL, messages: [] });\n"
        'export const keep = () => saveSetting("model", MODEL).catch(() => null);\n',
    )
    repo.write("src/store.ts", "export async function saveSetting(key: string, value: string) {}\n")
    repo.write(
        "test/config.test.ts",
        'import { expect, test } from "vitest";\nimport { MODEL } from "../src/config";\n'
        'test("model", () => { expect(MODEL).toBeTruthy(); });\n',
    )
    _apply_ts(repo)
    assert repo.read("src/config.ts") == b'export const MODEL = "gpt-5-4";\n'
    assert b"BYTESPIKE_API_KEY" in repo.read("src/chat.ts")


def test_a_client_handed_to_the_repositorys_own_code_that_the_tool_does_not_follow_stays(repo: Repo):
    # instructor-js's tests: `Wrap({ client: oai })` makes the requests with a destructured parameter the tool does
    # not follow; `oai` moved while the requests kept 'gpt-4o'.
    repo.write(
        "src/wrap.ts",
        'import OpenAI from "openai";\nexport default function Wrap({ client }: { client: OpenAI }) {\n'
        "  return { create: (p: any) => client.chat.completions.create(p) };\n}\n",
    )
    use = (
        'import OpenAI from "openai";\nimport Wrap from "./wrap";\n'
        "const oai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nconst client = Wrap({ client: oai });\n"
        'export const ask = () => client.create({ model: "gpt-4o", messages: [] });\n'
    )
    repo.write("src/use.ts", use)
    output = _apply_ts(repo)
    assert repo.read("src/use.ts") == use.encode()
    (kept,) = [f for f in output["findings"] if f["rule"] == "client-kept-on-openai"]
    assert "handed to `Wrap({ client: oai })`" in kept["message"]


def test_what_a_tests_assertion_expects_moves_with_the_values_of_its_id(repo: Repo):
    # ChatGPT-CodeReview's jest test: the source's default moved to gpt-5-4-mini, the assertion on the mocked
    # `create` kept gpt-4o-mini, and the test failed. An id that also stays elsewhere leaves the assertion as is.
    repo.write(
        "src/chat.js",
        "const { OpenAI } = require('openai');\nconst openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n"
        "exports.review = (patch) => openai.chat.completions.create({ model: process.env.MODEL || 'gpt-4o-mini', "
        "messages: [{ role: 'user', content: patch }] });\n",
    )
    test = (
        'const { mockCreate } = require("openai");\nconst { review } = require("../src/chat");\n'
        'test("default model", async () => {\n  await review("x");\n'
        '  expect(mockCreate).toHaveBeenCalledWith(expect.objectContaining({ model: "gpt-4o-mini" }));\n'
        '  expect(mockCreate).not.toHaveBeenCalledWith(expect.objectContaining({ model: "gpt-4o" }));\n});\n'
    )
    repo.write("test/chat.test.js", test)
    repo.write(
        "src/embed.js",
        "const { OpenAI } = require('openai');\nexports.vec = () => new OpenAI().embeddings.create({ model: 'text-embedding-3-small', input: 'gpt-4o' === 'x' ? 'gpt-4o' : 'y' });\n",
    )
    _apply_ts(repo)
    assert repo.read("test/chat.test.js").decode() == test.replace('"gpt-4o-mini"', '"gpt-5-4-mini"')


def test_an_environment_variables_default_that_moves_is_said_as_in_python(repo: Repo):
    # `process.env.MODEL ?? "gpt-4o-mini"` moved with no word: a deployment setting MODEL=gpt-4o now fails.
    repo.write(
        "chat.ts",
        'import OpenAI from "openai";\nconst openai = new OpenAI();\nconst MODEL = process.env.MODEL ?? "gpt-4o-mini";\n'
        "export const ask = () => openai.chat.completions.create({ model: MODEL, messages: [] });\n",
    )
    output = _apply_ts(repo)
    (said,) = [f for f in output["findings"] if f["rule"] == "external-default"]
    assert said["line"] == 3 and "the default of the environment variable MODEL" in said["message"]


def test_a_typescript_clients_resource_kept_under_a_name_is_still_that_clients_call(repo: Repo):
    # `const emb = client.embeddings; await emb.create(…)`: the client moved with its embeddings call.
    source = (
        'import OpenAI from "openai";\nconst client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n'
        'export const chat = () => client.chat.completions.create({ model: "gpt-4o", messages: [] });\n'
        "const emb = client.embeddings;\n"
        'export const vector = () => emb.create({ model: "text-embedding-3-small", input: "hi" });\n'
    )
    repo.write("app.ts", source)
    output = _apply_ts(repo)
    assert repo.read("app.ts") == source.encode()
    assert [f["line"] for f in output["findings"] if f["rule"] == "unsupported-api"] == [5]


def test_a_value_a_function_returns_goes_where_its_calls_go(repo: Repo):
    # assistant-ui's docs: `getModel()` returns the default id given to a client that stays (its endpoint from the
    # environment); the id was mapped as if it reached nothing, and the kept gateway got a ByteSpike id.
    # `createAzure({…})(modelName)` makes the provider and gives it the model at once: an Azure deployment name.
    kept = (
        'import OpenAI from "openai";\nconst gw = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL });\n'
        'const DEFAULT_MODEL = "gpt-4o";\nfunction pickModel(): string {\n  return DEFAULT_MODEL;\n}\n'
        "const pickOther = () => DEFAULT_MODEL;\n"
        "export const a = gw.chat.completions.create({ model: pickModel(), messages: [] });\n"
        "export const b = gw.chat.completions.create({ model: pickOther(), messages: [] });\n"
    )
    azure = (
        'import { createAzure } from "@ai-sdk/azure";\nexport function model(aiModel?: string) {\n'
        '  const name = aiModel || "gpt-4o-mini";\n  return createAzure({ resourceName: "r" })(name);\n}\n'
    )
    repo.write("kept.ts", kept)
    repo.write("azure.ts", azure)
    repo.write(
        "other.ts",
        'import OpenAI from "openai";\nconst client = new OpenAI();\n'
        'export const r = client.chat.completions.create({ model: "gpt-4o-mini", messages: [] });\n',
    )
    _apply_ts(repo)
    assert repo.read("kept.ts") == kept.encode() and repo.read("azure.ts") == azure.encode()
    assert b'"gpt-5-4-mini"' in repo.read("other.ts")


def test_an_id_compared_with_a_value_that_goes_to_a_kept_client_stays(repo: Repo):
    # assistant-ui's resolve-model: `modelName === "gpt-4o"` was mapped while `modelName` (from the request body)
    # still went to a client that stays: a caller sending gpt-4o lost its branch.
    kept = (
        'import { createOpenAI } from "@ai-sdk/openai";\n'
        "const gw = createOpenAI({ apiKey: process.env.OPENAI_API_KEY!, baseURL: process.env.OPENAI_BASE_URL! });\n"
        "export function resolveModel(modelName: string, effort?: string) {\n"
        '  if (modelName === "gpt-4o" && effort) return { effort };\n  return { model: gw.chat(modelName) };\n}\n'
    )
    repo.write("resolve.ts", kept)
    repo.write(
        "other.ts",
        'import OpenAI from "openai";\nconst client = new OpenAI();\n'
        'export const r = client.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
    )
    output = _apply_ts(repo)
    assert repo.read("resolve.ts") == kept.encode()
    assert b'"gpt-5-4"' in repo.read("other.ts")
    assert any("it is compared with a value" in f["message"] for f in output["findings"])


def test_what_a_test_expects_follows_the_values_of_its_own_module_first(repo: Repo):
    # assistant-ui's StatusBar test: `render(<Name name="gpt-4o" />)` moved, and `expect(…).toContain("gpt-4o")`
    # stayed because a literal of that id in another test file stayed: the test failed.
    render = (
        'import { render } from "ink-testing-library";\nimport { ModelName } from "./ModelName";\n'
        'test("name", () => {\n  const { lastFrame } = render(<ModelName name="gpt-4o" />);\n'
        '  expect(lastFrame()).toContain("gpt-4o");\n});\n'
    )
    repo.write("ModelName.tsx", "export const ModelName = ({ name }: { name: string }) => <span>{name}</span>;\n")
    repo.write("ModelName.test.tsx", render)
    repo.write(
        "messages.test.ts",
        'import { sendMessage } from "assistant-stream";\n'
        'test("config", async () => {\n  const config = await sendMessage({ runConfig: { model: "gpt-4o" } });\n'
        '  expect(config.runConfig).toEqual({ model: "gpt-4o" });\n});\n',
    )
    repo.write(
        "other.ts",
        'import OpenAI from "openai";\nconst client = new OpenAI();\n'
        'export const r = client.chat.completions.create({ model: "gpt-4o-mini", messages: [] });\n',
    )
    _apply_ts(repo)
    assert repo.read("ModelName.test.tsx").decode() == render.replace('"gpt-4o"', '"gpt-5-4"')
    assert repo.read("messages.test.ts").decode().count('"gpt-4o"') == 2


def test_a_function_that_returns_what_it_computes_from_ids_hands_none_of_them_on(repo: Repo):
    # `const isReasoning = (m) => reasoningModels.includes(m)` returns a boolean: the list's unmapped 'o1-mini' was
    # taken for a model of the request and held its client back.
    repo.write(
        "chat.ts",
        'import OpenAI from "openai";\nconst openai = new OpenAI();\nconst reasoningModels = ["o1", "o1-mini"];\n'
        "const isReasoning = (m: string) => reasoningModels.includes(m);\n"
        "export const review = () => openai.chat.completions.create({\n"
        '  model: "gpt-4o",\n  messages: [],\n  ...(isReasoning("gpt-4o") ? {} : { temperature: 0.2 }),\n});\n',
    )
    _apply_ts(repo)
    assert b"BYTESPIKE_API_KEY" in repo.read("chat.ts")


def test_type_only_reexports_and_typed_tagged_templates_parse(repo: Repo):
    # cline: `export type * from "./types"` (TypeScript 5.0) and styled-components' ``styled.div<{…}>`…` `` are valid
    # code the grammar fails; the files were skipped as "does not parse", with their clients.
    repo.write(
        "index.ts",
        'import OpenAI from "openai";\nexport type * from "./types";\nexport type * as t from "./types";\n'
        "const client = new OpenAI();\n"
        'export const reply = () => client.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
    )
    repo.write(
        "App.tsx",
        'import styled from "styled-components";\nconst Box = styled.div<{ open: boolean; items: Array<string> }>`\n'
        "  display: flex;\n`;\nexport const App = () => <Box open={false} items={[]} />;\n",
    )
    output = _apply_ts(repo)
    assert [f for f in output["findings"] if f["rule"] == "parse-error"] == []
    assert b'model: "gpt-5-4"' in repo.read("index.ts")


@pytest.mark.parametrize(
    ("model", "reason"),
    [
        # Deployed with OPENAI_BASE_URL pointing at DeepSeek, Together, Mistral: ByteSpike serves none of these ids.
        ("deepseek-chat", "another provider's"),
        ("meta-llama/Llama-3.3-70B-Instruct-Turbo", "another provider's"),
        ("mistral-large-latest", "another provider's"),
        # OpenAI's own endpoint refuses a prefixed id: the client goes to a router (OpenRouter, a LiteLLM proxy).
        ("openai/gpt-4o", "named the way a router or gateway names it"),
    ],
)
def test_an_sdk_client_sending_another_servers_id_stays_in_both_languages(repo: Repo, model: str, reason: str):
    # A bare `new OpenAI()` sending 'deepseek-chat' moved to ByteSpike in TypeScript while the same Python client
    # stayed; a prefixed 'openai/gpt-4o' became 'openai/gpt-5-4', which is not a ByteSpike id, in both.
    ts = (
        'import OpenAI from "openai";\nconst openai = new OpenAI();\n'
        f'export const ask = () => openai.chat.completions.create({{ model: "{model}", messages: [] }});\n'
    )
    py = (
        "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef ask():\n"
        f'    return client.chat.completions.create(model="{model}", messages=[])\n'
    )
    repo.write("chat.ts", ts)
    repo.write("chat.py", py)
    output = _apply_ts(repo)
    assert repo.read("chat.ts").decode() == ts
    assert repo.read("chat.py").decode() == py
    kept = sorted(
        f["path"] for f in output["findings"] if f["rule"] == "client-kept-on-openai" and reason in f["message"]
    )
    assert kept == ["chat.py", "chat.ts"]


def test_the_key_advice_for_browser_code_keeps_the_bundlers_prefix_and_accessor(repo: Repo):
    # `apiKey: import.meta.env.VITE_OPENAI_API_KEY` (a Vite app): the advice said `process.env.BYTESPIKE_API_KEY`,
    # which is undefined in code built for the browser.
    repo.write(
        "client.ts",
        'import OpenAI from "openai";\n'
        "const openai = new OpenAI({ apiKey: import.meta.env.VITE_OPENAI_API_KEY, dangerouslyAllowBrowser: true });\n"
        'export const ask = () => openai.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
    )
    output = _apply_ts(repo)
    [finding] = [f for f in output["findings"] if f["rule"] == "dynamic-config"]
    assert 'apiKey: import.meta.env.VITE_BYTESPIKE_API_KEY ?? "" by hand' in finding["message"]
    assert "process.env" not in finding["message"]


def test_a_mocked_answer_and_a_bare_base_url_default_are_not_named_as_requests_made_without_the_sdk(repo: Repo):
    # micro-agent: `mocks.text.mockResolvedValueOnce("https://api.openai.com/v1")` in a test, and a settings parser's
    # `apiEndpoint || "https://api.openai.com/v1"` that feeds a client's baseURL, were named as "a request made
    # without the SDK" that a model id may go to.
    repo.write(
        "config.ts",
        "export const parsers = {\n"
        '  MODEL(model?: string) { return model || "gpt-4o"; },\n'
        '  ENDPOINT(endpoint?: string) { return endpoint || "https://api.openai.com/v1"; },\n'
        "};\n",
    )
    repo.write(
        "prompt.test.ts",
        'import { vi, it } from "vitest";\nconst mocks = { text: vi.fn() };\n'
        'it("asks", () => { mocks.text.mockResolvedValueOnce("https://api.openai.com/v1"); });\n',
    )
    output = _apply_ts(repo)
    messages = [f["message"] for f in output["findings"]]
    assert not any(f["path"] == "prompt.test.ts" for f in output["findings"]), messages
    [model] = [f for f in output["findings"] if "'gpt-4o'" in f["message"]]
    assert "without the SDK" not in model["message"], model["message"]


def test_an_ai_sdk_provider_given_a_model_from_the_environment_stays(repo: Repo):
    # deep-research: `openai(process.env.CUSTOM_MODEL!)` on a `createOpenAI()` provider moved to ByteSpike with whatever
    # OpenAI id the deployment sets, silently; the SDK's `create({ model: process.env.CUSTOM_MODEL })` stayed, said.
    source = (
        'import { createOpenAI } from "@ai-sdk/openai";\nimport { generateText } from "ai";\n\n'
        "const openai = createOpenAI({ apiKey: process.env.OPENAI_API_KEY });\n"
        'export const ask = (q: string) => generateText({ model: openai("gpt-4o"), prompt: q });\n'
        "export const custom = (q: string) => generateText({ model: openai(process.env.CUSTOM_MODEL!), prompt: q });\n"
    )
    repo.write("providers.ts", source)
    output = _apply_ts(repo)
    assert repo.read("providers.ts").decode() == source
    [kept] = [f["message"] for f in output["findings"] if f["rule"] == "client-kept-on-openai"]
    assert "its request openai(…) (line 6) comes from the environment variable CUSTOM_MODEL" in kept


def test_a_key_read_into_a_name_a_guard_tests_is_read_from_the_bytespike_variable_there(repo: Repo):
    # node-DeepResearch: `const apiKey = process.env.OPENAI_API_KEY; if (!apiKey) throw …; createOpenAI({ apiKey })`
    # gave the client its own BYTESPIKE_API_KEY read, and the guard still threw without OPENAI_API_KEY.
    repo.write(
        "config.ts",
        'import { createOpenAI } from "@ai-sdk/openai";\nimport { generateText } from "ai";\n\n'
        "export async function ask(q: string) {\n  const apiKey = process.env.OPENAI_API_KEY;\n"
        '  if (!apiKey) {\n    throw new Error("OPENAI_API_KEY not found");\n  }\n'
        '  const openai = createOpenAI({ apiKey });\n  return generateText({ model: openai("gpt-4o-mini"), prompt: q });\n}\n',
    )
    _apply_ts(repo)
    text = repo.read("config.ts").decode()
    assert "const apiKey = process.env.BYTESPIKE_API_KEY;\n  if (!apiKey)" in text
    assert "createOpenAI({ apiKey, baseURL: " in text


def test_ids_held_in_a_repository_without_python_are_not_said_of_python_clients(repo: Repo):
    # node-DeepResearch's config.json: "… and no Python client of the repository moves to ByteSpike", in a repository
    # with no Python.
    repo.write(
        "index.ts",
        'import OpenAI from "openai";\n'
        "const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, baseURL: process.env.OPENAI_BASE_URL });\n"
        'export const r = client.chat.completions.create({ model: "gpt-4o", messages: [] });\n',
    )
    repo.write("deploy/config.json", '{"defaults": {"chat": "gpt-4o-mini"}}\n')
    output = _apply_ts(repo)
    [held] = [f for f in output["findings"] if f["path"] == "deploy/config.json"]
    assert "and no client of the repository moves to ByteSpike" in held["message"], held


def test_an_openai_url_a_condition_compares_with_is_no_endpoint_in_use(repo: Repo):
    # Perplexica: `if (baseURL === "https://api.openai.com/v1") return [...]` was told "whatever uses it still talks
    # to OpenAI; point it at https://llm.bytespike.ai/v1".
    repo.write(
        "provider.ts",
        "export function defaultModels(baseURL: string): string[] {\n"
        '  if (baseURL === "https://api.openai.com/v1") {\n    return [];\n  }\n  return [];\n}\n',
    )
    output = _apply_ts(repo)
    assert [f for f in output["findings"] if f["rule"] == "dynamic-config"] == []


def test_an_endpoint_held_by_a_constant_is_judged_by_its_url_in_both_languages(repo: Repo):
    # `const BASE_URL = "https://api.openai.com/v1"` then `baseURL: BASE_URL`: the client stayed, "an endpoint the tool
    # cannot follow", and Python also reported the constant as a URL outside any client's configuration.
    repo.write(
        "app.ts",
        'import OpenAI from "openai";\nconst BASE_URL = "https://api.openai.com/v1";\nconst LOCAL = "http://localhost:11434/v1";\n'
        "const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, baseURL: BASE_URL });\n"
        "const local = new OpenAI({ baseURL: LOCAL });\n"
        'export const a = client.chat.completions.create({ model: "gpt-4o", messages: [] });\n'
        'export const b = local.chat.completions.create({ model: "llama3", messages: [] });\n',
    )
    repo.write(
        "app.py",
        'import os\n\nfrom openai import OpenAI\n\nBASE_URL = "https://api.openai.com/v1"\n'
        'client = OpenAI(api_key=os.environ["OPENAI_API_KEY"], base_url=BASE_URL)\n'
        'client.chat.completions.create(model="gpt-4o", messages=[])\n',
    )
    output = _apply_ts(repo)
    ts, py = repo.read("app.ts").decode(), repo.read("app.py").decode()
    assert 'const BASE_URL = "https://api.openai.com/v1";' in ts and 'baseURL: "https://llm.bytespike.ai/v1" })' in ts
    assert 'model: "gpt-5-4"' in ts and "new OpenAI({ baseURL: LOCAL })" in ts
    assert 'base_url="https://llm.bytespike.ai/v1")' in py and 'BASE_URL = "https://api.openai.com/v1"' in py
    assert [f["path"] for f in output["findings"] if f["rule"] == "dynamic-config"] == []
    assert [f["path"] for f in output["findings"] if f["rule"] == "other-endpoint"] == ["app.ts"]


def test_a_routers_id_with_no_mapping_gets_no_map_advice(repo: Repo):
    # vercel/ai-chatbot: `gateway.languageModel("anthropic/claude-haiku-4.5")` was told "add --map
    # claude-haiku-4.5=NEW", which moves nothing: the id is the AI Gateway's, and no Anthropic client sends it.
    repo.write(
        "models.ts",
        'import { gateway } from "@ai-sdk/gateway";\nimport { generateText } from "ai";\n\n'
        'export const ask = () => generateText({ model: gateway.languageModel("anthropic/claude-haiku-4.5"), prompt: "x" });\n',
    )
    output = _apply_ts(repo)
    [said] = [f["message"] for f in output["findings"] if f["rule"] == "unmapped-model"]
    assert "--map" not in said and "named the way a router or gateway names it" in said


def test_a_key_check_before_a_moved_client_is_said_in_a_typescript_only_repository(repo: Repo):
    """`if (!process.env.OPENAI_API_KEY) return 500` before a client that moved: a deployment given only the ByteSpike
    key stops there. Said where Python code is in the repository too; a repository of TypeScript alone said nothing."""
    repo.write(
        "route.ts",
        'import OpenAI from "openai";\nexport async function POST() {\n'
        '  if (!process.env.OPENAI_API_KEY) return new Response("Missing key", { status: 500 });\n'
        "  const openai = new OpenAI();\n"
        '  return openai.chat.completions.create({ model: "gpt-4o", messages: [] });\n}\n',
    )
    output = _apply_ts(repo)
    assert b"BYTESPIKE_API_KEY" in repo.read("route.ts")
    (said,) = [f for f in output["findings"] if f["rule"] == "dynamic-config" and f["path"] == "route.ts"]
    assert said["line"] == 3 and "checks that OPENAI_API_KEY is set" in said["message"]


_ASK = (
    'import OpenAI from "openai";\nexport const apiKey = process.env.OPENAI_API_KEY;\nconst client = new OpenAI({ apiKey });\n'
    'export const ask = () => client.chat.completions.create({ model: "gpt-4o", messages: [] });\n'
)


@pytest.mark.parametrize(
    ("name", "reader"),
    [
        (
            "emb.ts",
            'import OpenAI from "openai";\nimport { apiKey } from "./llm";\nconst e = new OpenAI({ apiKey });\n'
            'export const g = () => e.embeddings.create({ model: "text-embedding-3-small", input: "x" });\n',
        ),
        (
            "vectors.ts",
            'import { OpenAIEmbeddings } from "@langchain/openai";\nimport { apiKey } from "./llm";\n'
            'export const embeddings = new OpenAIEmbeddings({ apiKey, model: "text-embedding-3-small" });\n',
        ),
        (
            "raw.ts",
            'import { apiKey } from "./llm";\nexport const embed = (input: string) =>\n'
            '  fetch("https://api.openai.com/v1/embeddings", {\n    method: "POST",\n'
            "    headers: { Authorization: `Bearer ${apiKey}` },\n"
            '    body: JSON.stringify({ model: "text-embedding-3-small", input }),\n  });\n',
        ),
    ],
)
def test_an_exported_key_that_what_stays_imports_keeps_the_openai_variable(repo: Repo, name: str, reader: str):
    # `export const apiKey = process.env.OPENAI_API_KEY` read by a client that moves and imported by something that
    # stays on OpenAI (an embeddings client, LangChain's OpenAIEmbeddings, a fetch): the declaration was renamed, and
    # what stays sent the ByteSpike key to OpenAI. It keeps the OpenAI key; the moving client reads its own.
    repo.write("llm.ts", _ASK)
    repo.write(name, reader)
    repo.write(".env.example", "OPENAI_API_KEY=\n")
    _apply_ts(repo)
    assert repo.read(name) == reader.encode()
    llm = repo.read("llm.ts").decode()
    assert "export const apiKey = process.env.OPENAI_API_KEY;" in llm
    assert "new OpenAI({ apiKey: process.env.BYTESPIKE_API_KEY" in llm and '"gpt-5-4"' in llm
    assert repo.read(".env.example").decode().startswith("OPENAI_API_KEY=\nBYTESPIKE_API_KEY=")


def test_an_exported_key_only_moving_clients_import_still_moves(repo: Repo):
    # Every reader of the exported key moves: the declaration itself reads the ByteSpike key.
    repo.write("llm.ts", _ASK)
    repo.write(
        "other.ts",
        'import OpenAI from "openai";\nimport { apiKey } from "./llm";\nconst c = new OpenAI({ apiKey });\n'
        'export const r = () => c.chat.completions.create({ model: "gpt-4o-mini", messages: [] });\n',
    )
    repo.write(".env.example", "OPENAI_API_KEY=\n")
    _apply_ts(repo)
    assert "export const apiKey = process.env.BYTESPIKE_API_KEY;" in repo.read("llm.ts").decode()
    assert repo.read(".env.example") == b"BYTESPIKE_API_KEY=\n"


@pytest.mark.parametrize("load", ['import cfg from "./ai.config.json";', 'const cfg = require("./ai.config.json");'])
def test_a_json_config_a_kept_client_reads_keeps_the_clients_whose_model_it_gives(repo: Repo, load: str):
    # `cfg.chatModel` reaches a client that moves, `cfg.assistantModel` one that stays (Assistants): the file's ids
    # are decided for the whole file and stayed for the client that stays, while the chat client moved and sent
    # gpt-4o to ByteSpike (404). The chat client stays too, said; a client that reads the file alone still moves.
    config = '{\n  "chatModel": "gpt-4o",\n  "assistantModel": "gpt-4o-mini"\n}\n'
    repo.write("ai.config.json", config)
    chat = (
        f'import OpenAI from "openai";\n{load}\nconst client = new OpenAI();\n'
        "export const chat = () => client.chat.completions.create({ model: cfg.chatModel, messages: [] });\n"
    )
    repo.write("chat.ts", chat)
    assist = (
        f'import OpenAI from "openai";\n{load}\nconst oa = new OpenAI();\n'
        "export const mk = () => oa.beta.assistants.create({ model: cfg.assistantModel });\n"
    )
    repo.write("assist.ts", assist)
    repo.write("solo/models.json", '{"chat": "gpt-4o", "draft": "gpt-4o-mini"}\n')
    repo.write(
        "solo/run.ts",
        f'import OpenAI from "openai";\n{load.replace("./ai.config.json", "./models.json")}\n'
        "const c = new OpenAI();\nexport const r = () => c.chat.completions.create({ model: cfg.chat, messages: [] });\n",
    )
    output = _apply_ts(repo)
    assert repo.read("ai.config.json") == config.encode()
    assert repo.read("chat.ts") == chat.encode() and repo.read("assist.ts") == assist.encode()
    (said,) = [f for f in output["findings"] if f["rule"] == "client-kept-on-openai" and f["path"] == "chat.ts"]
    assert "comes from ai.config.json, which client `oa` (assist.ts:3)" in said["message"]
    assert json.loads(repo.read("solo/models.json")) == {"chat": "gpt-5-4", "draft": "gpt-5-4-mini"}
    assert b"llm.bytespike.ai" in repo.read("solo/run.ts")


def test_a_model_a_later_spread_can_override_is_unknown(repo: Repo):
    # `create({ model: "gpt-4o-mini", ...body })`: what is spread after the literal wins where it has a `model`,
    # and the body of a request the route receives may: the client stays, said; a spread before the literal
    # cannot override it, and that client moves.
    route = (
        'import OpenAI from "openai";\nexport async function POST(req: Request) {\n  const body = await req.json();\n'
        "  const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n"
        '  return openai.responses.create({ model: "gpt-4o-mini", ...body, stream: false });\n}\n'
    )
    repo.write("route.ts", route)
    repo.write(
        "fixed.ts",
        'import OpenAI from "openai";\nexport async function POST(req: Request) {\n  const body = await req.json();\n'
        '  return new OpenAI().chat.completions.create({ ...body, model: "gpt-4o" });\n}\n',
    )
    output = _apply_ts(repo)
    assert repo.read("route.ts") == route.encode()
    assert b'model: "gpt-5-4"' in repo.read("fixed.ts")
    (kept,) = [f for f in output["findings"] if f["rule"] == "client-kept-on-openai"]
    assert kept["path"] == "route.ts" and "the body of a request it receives" in kept["message"]
