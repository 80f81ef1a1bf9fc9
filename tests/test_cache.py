"""The per-file cache: `diff` then `apply` analyse once; a stale or damaged entry is never used."""

from __future__ import annotations

from conftest import Repo, run_cli

CACHE = ".bytespike-migrate-cache"
CHAT = 'from openai import OpenAI\n\nclient = OpenAI()\nMODEL = "gpt-4o"\nclient.chat.completions.create(model=MODEL)\n'


def test_cache_is_ignored_by_git_and_gives_the_same_answer(repo: Repo):
    repo.write("app/chat.py", CHAT)
    repo.commit()
    first = run_cli("diff", ".", "--format", "json", cwd=repo.path)
    assert (repo.path / CACHE / ".gitignore").is_file()
    assert repo.status() == ""  # the cache ignores itself
    second = run_cli("diff", ".", "--format", "json", cwd=repo.path)
    assert second.stdout == first.stdout and second.code == first.code == 1


def test_a_changed_file_is_analysed_again(repo: Repo):
    repo.write("app/chat.py", CHAT)
    repo.commit()
    run_cli("diff", ".", cwd=repo.path)
    repo.write("app/chat.py", CHAT.replace('"gpt-4o"', '"gpt-5"'))
    done = run_cli("diff", ".", cwd=repo.path)
    assert '+MODEL = "gpt-5-5"' in done.stdout


def test_damaged_entries_are_passed_over(repo: Repo):
    repo.write("app/chat.py", CHAT)
    repo.commit()
    first = run_cli("diff", ".", cwd=repo.path)
    for entry in (repo.path / CACHE).glob("*/*"):
        entry.write_bytes(b"not a pickle")
    again = run_cli("diff", ".", cwd=repo.path)
    assert again.stdout == first.stdout and "Traceback" not in again.stderr


def test_no_cache_writes_nothing_and_settings_change_the_key(repo: Repo):
    repo.write("app/chat.py", CHAT)
    repo.commit()
    run_cli("diff", ".", "--no-cache", cwd=repo.path)
    assert not (repo.path / CACHE).exists()
    run_cli("diff", ".", cwd=repo.path)
    mapped = run_cli("diff", ".", "--map", "gpt-4o=claude-sonnet-4-6", cwd=repo.path)
    assert '+MODEL = "claude-sonnet-4-6"' in mapped.stdout


def test_files_holding_a_secret_are_never_cached(repo: Repo):
    key = "sk-proj-Zxc123vbn456MNB789lkj012HGF345"
    repo.write("keys.py", f'from openai import OpenAI\nclient = OpenAI(api_key="{key}")\n')
    repo.write("app/chat.py", CHAT)
    repo.commit()
    run_cli("diff", ".", cwd=repo.path)
    stored = b"".join(p.read_bytes() for p in (repo.path / CACHE).rglob("*") if p.is_file())
    assert stored and key[:8].encode() not in stored


def test_the_resolution_is_decided_again_when_another_file_changes_it(repo: Repo):
    """The repository-wide decision is cached too (a warm run decides once): a change in a file that is not
    the one edited, but that holds the client back, must still be seen."""
    repo.write("app/chat.py", CHAT.replace('MODEL = "gpt-4o"\n', "from app.settings import MODEL\n"))
    repo.write("app/settings.py", 'MODEL = "gpt-4o"\n')
    repo.commit()
    first = run_cli("diff", ".", cwd=repo.path)
    assert "llm.bytespike.ai" in first.stdout and '+MODEL = "gpt-5-4"' in first.stdout
    assert run_cli("diff", ".", cwd=repo.path).stdout == first.stdout
    repo.write("app/settings.py", 'import os\n\nMODEL = os.environ["CHAT_MODEL"]\n')  # chat.py's bytes are the same
    again = run_cli("diff", ".", cwd=repo.path)
    assert "llm.bytespike.ai" not in again.stdout
