"""The README's first command: a dry run on the bundled demo application, and the round trip on a copy."""

from __future__ import annotations

from conftest import ROOT, Repo, run_cli

DEMO = ROOT / "fixtures" / "demo"


def test_readme_dry_run_on_the_demo():
    done = run_cli("diff", "fixtures/demo", cwd=ROOT)
    assert done.code == 1, done.stderr
    for line in (
        '+ESCALATION_MODEL = "gpt-5-4"',
        '+    api_key=os.environ["BYTESPIKE_API_KEY"],',
        '+    base_url="https://llm.bytespike.ai/v1",',
        # The knowledge base and embeddings clients stay on OpenAI and read OPENAI_API_KEY and
        # OPENAI_BASE_URL from the environment: both stay, and the ByteSpike key goes beside them.
        " OPENAI_API_KEY=sk-...\n+BYTESPIKE_API_KEY=sk-byts-...\n OPENAI_BASE_URL=https://api.openai.com/v1",
        '+    "gpt-5-4-mini": 800,',  # MAX_TOKENS[model]: the table's keys follow the model they are indexed by
        '+  apiKey: process.env.BYTESPIKE_API_KEY ?? "",',
        '+  baseURL: "https://llm.bytespike.ai/v1",',
        '+export type ChatModel = "gpt-5-4-mini" | "gpt-5-4";',
        '+  return streamText({ model: provider("gpt-5-5"), prompt: `Summarize',
        # The Anthropic module moves to ByteSpike's Anthropic protocol (no /v1) in the same run.
        '+claude = anthropic.Anthropic(base_url="https://llm.bytespike.ai", api_key=os.environ["BYTESPIKE_API_KEY"])',
        '+DRAFT_MODEL = "claude-sonnet-4-6"',
    ):
        assert line in done.stdout, line
    # LiteLLM's proxy entries are a framework's model entries: each moves whole (README, Frameworks).
    for line in (
        "+      model: openai/gpt-5-4",
        "+      api_base: https://llm.bytespike.ai/v1",
        "+      api_key: os.environ/BYTESPIKE_API_KEY",
        "+    litellm_params: {model: openai/gpt-5-4-mini, api_key: os.environ/BYTESPIKE_API_KEY, "
        "api_base: https://llm.bytespike.ai/v1}",
    ):
        assert line in done.stdout, line
    assert "sk-proj-DEMO" not in done.stdout + done.stderr
    assert "knowledge_base.py:10:13: warning[client-kept-on-openai]" in done.stderr
    assert "web/workers/ingest.ts:4:18: warning[client-kept-on-openai]" in done.stderr
    assert "support_bot/drafts.py:22:12: info[unverified-api] token-counting" in done.stderr
    assert "ingest.ts" not in done.stdout  # the uploader stays on OpenAI, untouched
    # config.toml's ids are read by no code the tool can see (orphans). The request that stays on OpenAI (the
    # knowledge base's file search) names its own model, so it cannot take them, and no request's model comes
    # from where the tool cannot follow: they move with the clients that move.
    assert '+escalation_model = "gpt-5-4"' in done.stdout
    assert "config.toml" not in done.stderr
    assert "Would change" in done.stderr.splitlines()[-1]


def test_demo_apply_is_idempotent_and_revert_restores_it(repo: Repo):
    repo.copy_tree(DEMO)
    repo.commit()
    original = {
        p.relative_to(repo.path).as_posix(): p.read_bytes()
        for p in repo.path.rglob("*")
        if p.is_file() and ".git" not in p.parts
    }
    assert run_cli("apply", ".", cwd=repo.path).code == 0
    repo.commit("migrated")
    again = run_cli("apply", ".", "--format", "json", cwd=repo.path)
    assert again.json()["summary"]["files_changed"] == 0
    assert run_cli("revert", ".", cwd=repo.path).code == 0
    for name, data in original.items():
        if name == "scripts/weekly_report.py":  # its key literal was removed for good
            assert b"OPENAI_API_KEY" in repo.read(name)
        else:
            assert repo.read(name) == data, name
