"""The rules file is the single source of the migration's facts; the README's table must agree with it."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from migrate_cli.pipeline.ruleset import RulesError, load_rules, parse_map_option

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules" / "openai-to-bytespike.toml"


def readme_model_table() -> list[tuple[str, str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Model map", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| ([a-z0-9.\-]+) \| ([a-z0-9.\-]+) \| (.*?) ?\|$", section, re.M)
    return [r for r in rows if r[0] != "OpenAI id"]


def test_readme_table_is_the_rules_file():
    data = tomllib.loads(RULES.read_text(encoding="utf-8"))
    forward = data["models"]["forward"]
    approximate = data["models"]["approximate"]
    rows = readme_model_table()
    assert {(a, b) for a, b, _ in rows} == set(forward.items())
    assert {a for a, _, note in rows if "approximate" in note} == set(approximate)


def test_reverse_map_inverts_forward_and_lists_every_ambiguity():
    rules = load_rules()
    models = rules.models
    for target, source in models.reverse.items():
        assert models.forward[source] == target
    for target, sources in models.reverse_ambiguous.items():
        assert sorted(sources) == sorted(s for s, t in models.forward.items() if t == target)
    assert set(models.reverse) == set(models.forward.values())


def test_facts_from_the_spec():
    rules = load_rules()
    assert rules.bytespike_url == "https://llm.bytespike.ai/v1"
    assert rules.openai_url == "https://api.openai.com/v1"
    assert (rules.key_env, rules.openai_key_env) == ("BYTESPIKE_API_KEY", "OPENAI_API_KEY")
    # README, Model map: no Files, Uploads, Assistants, Vector stores, Fine-tuning; and, by the endpoint page, no
    # embeddings, audio, moderations, batches or realtime.
    assert set(rules.apis.unsupported.values()) == {
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
        # and what the endpoint list leaves out besides
        "conversations",
        "containers",
        "evals",
        "skills",
        "legacy-completions",
        # and calls of served resources that are not the served endpoints
        "stored-completions",
        "image-variations",
        "websocket-responses",
        "input-token-counting",
        "response-compaction",
    }
    # The endpoint list names the model list (GET /v1/models), not one model's entry.
    assert set(rules.apis.unverified.values()) == {"stored-responses", "model-lookup"}
    # The endpoint page's list of what ByteSpike serves: any other call on a client is on an API it does not list.
    assert rules.apis.on_client(("chat", "completions", "create")) is None
    assert rules.apis.on_client(("responses", "with_raw_response", "create")) is None
    assert rules.apis.on_client(("images", "generate")) is None
    assert rules.apis.on_client(("videos", "create")) == ("unsupported", "videos", 2)
    assert rules.apis.on_client(("beta", "chatkit", "sessions", "create"))[:2] == ("unsupported", "chatkit")
    # Under a served head, a wrapper's own method sends what the head serves (instructor's `create_partial`); a call
    # on something that is not a resource of the SDK is not the SDK's.
    assert rules.apis.on_client(("chat", "completions", "create_partial")) is None
    assert rules.apis.on_client(("collections", "get")) is None
    assert rules.apis.on_client(("responses", "compact"))[:2] == ("unsupported", "response-compaction")


def test_available_families_leave_the_unsupported_list():
    apis = load_rules().with_settings(available={"embeddings"}).apis
    assert apis.classify(("embeddings", "create")) is None
    assert apis.classify(("audio", "speech", "create"))[:2] == ("unsupported", "audio")
    with pytest.raises(RulesError, match="unknown API family 'embedding'"):
        load_rules().with_settings(available={"embedding"})


def test_map_option_parsing():
    assert parse_map_option(" gpt-4o = claude-opus-4-8 ") == ("gpt-4o", "claude-opus-4-8")
    for bad in ("gpt-4o", "=x", "x=", "a b=c"):
        with pytest.raises(RulesError):
            parse_map_option(bad)


def test_chained_mappings_are_refused():
    with pytest.raises(RulesError, match="chains"):
        load_rules().models.with_overrides({"gpt-5-5": "gpt-5-4"})


def test_unreadable_or_malformed_rules_file(tmp_path: Path):
    with pytest.raises(RulesError, match="cannot read"):
        load_rules(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[models\n")
    with pytest.raises(RulesError, match="not valid TOML"):
        load_rules(bad)
    bad.write_text("[endpoints]\nbytespike = 1\n")
    with pytest.raises(RulesError):
        load_rules(bad)


def test_redaction_keeps_six_characters():
    rules = load_rules()
    assert rules.redact('key = "sk-proj-0123456789abcdefghijXYZ"') == 'key = "sk-pro…"'
    assert rules.redact("sk-... and sk-byts-...") == "sk-... and sk-byts-..."


def test_readme_rule_tables_are_generated_from_the_declarations():
    from migrate_cli.reporters.rules_table import render_markdown

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert render_markdown() in readme, "run `python -m migrate_cli.reporters.rules_table README.md`"


def test_rules_declare_the_findings_they_report():
    """Every finding a Python fixture produces is declared by some rule (or by the repository-wide analysis)."""
    from fixture_pairs import FORWARD, REVERSE

    from migrate_cli.python.rewrite_rules import python_rules

    declared = {e for r in python_rules() for e in r.finding_ids()}
    declared |= {"parse-error", "model-shared", "dynamic-model", "external-default"}  # the resolution's
    for suite in (FORWARD, REVERSE):
        reported = {line.rsplit(": ", 1)[1] for lines in suite.expected_findings().values() for line in lines}
        assert reported <= declared, reported - declared


def test_every_module_in_rules_python_is_one_rule_and_the_rules_command_lists_it():
    """Adding a rule is adding a module: the loader finds it, the `rules` command shows it, --disable takes it."""
    import ast as python_ast

    from conftest import run_cli

    from migrate_cli.python.rewrite_rules import python_rules

    folder = ROOT / "rules" / "python"
    declared = {}
    for path in sorted(folder.glob("*.py")):
        tree = python_ast.parse(path.read_text(encoding="utf-8"))
        classes = [
            n
            for n in tree.body
            if isinstance(n, python_ast.ClassDef) and any(getattr(b, "id", None) == "PythonRule" for b in n.bases)
        ]
        assert len(classes) == 1, f"{path.name} must define exactly one rule"
        name = next(
            s.value.value for s in classes[0].body if isinstance(s, python_ast.Assign) and s.targets[0].id == "name"
        )
        declared[name] = path.name
    assert {r.name for r in python_rules()} == set(declared)
    shown = run_cli("rules", "--format", "json", cwd=ROOT).json()
    assert {r["name"] for r in shown["rewrite_rules"]} == set(declared)


def test_a_rule_that_declares_an_unknown_finding_is_refused():
    from migrate_cli.python.rewrite_rules import PythonRule, RuleError

    with pytest.raises(RuleError, match="no-such-finding"):

        class Broken(PythonRule):
            name = "broken"
            description = "declares a finding the report does not know"
            emits = ("no-such-finding",)


def test_a_finding_only_one_rule_reports_is_declared_in_that_rules_module_and_known_everywhere(repo):
    """`framework-dependency` is declared beside the frameworks rule, not with the shared codes: the `rules`
    command, `--select` and the reports know it all the same."""
    from conftest import run_cli

    from migrate_cli.reporters import findings

    assert "framework-dependency" not in {c.id for c in findings._SHARED}
    assert "FRAMEWORK_DEPENDENCY = Code(" in (ROOT / "rules" / "python" / "frameworks.py").read_text(encoding="utf-8")
    shown = run_cli("rules", "--format", "json", cwd=ROOT).json()
    assert shown["findings"]["framework-dependency"]["severity"] == "warning"
    rule = next(r for r in shown["rewrite_rules"] if r["name"] == "frameworks")
    assert "framework-dependency" in rule["findings"]
    repo.write(
        "app.py",
        "from llama_index.llms.openai import OpenAI\n\nllm = OpenAI(model='gpt-4o-mini')\nprint(llm.complete('hi'))\n",
    )
    repo.commit()
    result = run_cli("diff", ".", "--select", "framework-dependency", "--format", "sarif", cwd=repo.path)
    log = json.loads(result.stdout)
    assert [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]] == ["framework-dependency"]
    assert log["runs"][0]["results"][0]["level"] == "warning"


def test_a_rule_that_declares_a_finding_already_declared_differently_is_refused():
    from migrate_cli.python.rewrite_rules import PythonRule, RuleError
    from migrate_cli.reporters.findings import Code, Severity

    with pytest.raises(RuleError, match="unsupported-api"):

        class Clash(PythonRule):
            name = "clash"
            description = "declares a shared code again with another severity"
            emits = (Code("unsupported-api", Severity.INFO, "not the shared one"),)


def test_the_advice_for_a_url_keeps_its_query_and_names_routes_each_protocol_serves():
    """Perplexica's `https://api.anthropic.com/v1/models?limit=999` was told "point it at https://llm.bytespike.ai",
    dropping its route, and ByteSpike's /v1/models is OpenAI's list, not Anthropic's."""
    from migrate_cli.pipeline.ruleset import load_provider

    openai, anthropic = load_provider("openai"), load_provider("anthropic")
    assert openai.url_advice("https://api.openai.com/v1/models?limit=5") == "https://llm.bytespike.ai/v1/models?limit=5"
    assert anthropic.url_advice("https://api.anthropic.com/v1/messages") == "https://llm.bytespike.ai/v1/messages"
    models = anthropic.url_advice("https://api.anthropic.com/v1/models?limit=999")
    assert models.startswith("https://llm.bytespike.ai/v1/models?limit=999 (a route ByteSpike does not document")


def test_the_advice_for_a_host_name_is_a_host_name():
    """aicommits hands `"api.openai.com"` to `https.request` as its hostname, the path apart: "point it at
    https://llm.bytespike.ai/v1", followed, breaks the request; the advice is ByteSpike's host name."""
    from migrate_cli.pipeline.ruleset import load_provider

    advice = load_provider("openai").url_advice("api.openai.com")
    assert advice.startswith("llm.bytespike.ai (for the requests ByteSpike serves only")


@pytest.mark.parametrize(
    ("spec", "old"),
    [
        ("==1.13.0", True),
        (">=1.0,<1.15", True),
        ("~=1.8.3", True),  # below 1.9
        ("~=1.15", False),
        ("^1.8", False),  # Poetry: below 2.0
        ("^0.4", True),  # below 0.5
        (">=1.8.3", False),
        ("<=1.14.9", True),
        ("==1.*", False),
    ],
)
def test_a_dependency_specifier_is_read_for_the_versions_it_allows(spec: str, old: bool):
    from migrate_cli.pipeline.pins import excludes

    assert excludes(spec, "1.15") is old


def test_a_lock_file_pins_the_version_it_records():
    from migrate_cli.pipeline.pins import too_old

    lock = '[[package]]\nname = "instructor"\nversion = "1.8.3"\n'
    assert too_old([("uv.lock", lock)], [("instructor", "1.15")]) == (("instructor", "uv.lock: instructor==1.8.3"),)
    assert too_old([("uv.lock", lock.replace("1.8.3", "1.16.0"))], [("instructor", "1.15")]) == ()
