"""`revert` with the migration record: lossless round trips, survival of unrelated edits, conflicts."""

from __future__ import annotations

import tempfile
from pathlib import Path

from conftest import Repo, run_cli
from fixture_pairs import BEFORE, cases
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

RECORD = ".bytespike-migrate.toml"
CHAT = """\
\"\"\"Chat.\"\"\"

import json

from openai import OpenAI

client = OpenAI()
MODEL = "gpt-4o"


def ask(prompt):
    reply = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": prompt}])
    return json.dumps(reply.choices[0].message.content)
"""


def test_apply_then_revert_gives_back_every_fixture_byte_for_byte(repo: Repo):
    repo.copy_tree(BEFORE)
    repo.commit()
    originals = {c: repo.read(c) for c in cases()}
    applied = run_cli("apply", ".", "--format", "json", cwd=repo.path)
    assert applied.code == 0
    assert (repo.path / RECORD).is_file()
    repo.commit("migrated")
    done = run_cli("revert", ".", cwd=repo.path)
    assert done.code == 0, done.stderr
    # Files whose literal key apply removed for good (reported as hardcoded-key, and changed).
    changed = {f["path"] for f in applied.json()["files"] if f["changed"]}
    secrets = {f["path"] for f in applied.json()["findings"] if f["rule"] == "hardcoded-key"} & changed
    assert secrets  # the fixtures do hold literal keys
    for case, original in originals.items():
        if case not in secrets:
            assert repo.read(case) == original, case
        else:
            reverted = repo.read(case).decode()
            assert "OPENAI_API_KEY" in reverted and "BYTESPIKE" not in reverted
    assert not (repo.path / RECORD).exists()
    assert "hardcoded-key" in done.stderr


def test_record_holds_no_secret_and_dry_runs_write_none(repo: Repo):
    key = "sk-proj-Qwe123rty456UIO789pas012DFG345"
    repo.write("keys.py", f'from openai import OpenAI\nclient = OpenAI(api_key="{key}")\nclient.models.list()\n')
    repo.commit()
    assert run_cli("diff", ".", cwd=repo.path).code == 1
    assert not (repo.path / RECORD).exists()
    assert run_cli("apply", ".", cwd=repo.path).code == 0
    record = (repo.path / RECORD).read_text()
    assert key[:7] not in record
    assert "secret = true" in record


def test_revert_survives_unrelated_commits_that_shift_lines(repo: Repo):
    repo.write("app/chat.py", CHAT)
    repo.commit()
    assert run_cli("apply", ".", cwd=repo.path).code == 0
    repo.commit("migrated")
    migrated = repo.read("app/chat.py").decode()
    shifted = "# Copyright header\n# added after the migration\n" + migrated.replace(
        "def ask(prompt):", "def helper():\n    return 1\n\n\ndef ask(prompt):"
    )
    repo.write("app/chat.py", shifted)
    repo.commit("unrelated")
    done = run_cli("revert", ".", cwd=repo.path)
    assert done.code == 0, done.stderr
    expected = "# Copyright header\n# added after the migration\n" + CHAT.replace(
        "def ask(prompt):", "def helper():\n    return 1\n\n\ndef ask(prompt):"
    )
    assert repo.read("app/chat.py").decode() == expected
    assert not (repo.path / RECORD).exists()


def test_hand_edited_site_is_left_alone_and_reported(repo: Repo):
    repo.write("chat.py", CHAT)
    repo.commit()
    run_cli("apply", ".", cwd=repo.path)
    repo.commit("migrated")
    edited = repo.read("chat.py").decode().replace('MODEL = "gpt-5-4"', 'MODEL = "claude-sonnet-4-6"')
    repo.write("chat.py", edited)
    repo.commit("chose another model")
    done = run_cli("revert", ".", cwd=repo.path)
    assert done.code == 0
    assert "revert-conflict" in done.stderr and "chat.py:8:" in done.stderr
    text = repo.read("chat.py").decode()
    assert 'MODEL = "claude-sonnet-4-6"' in text
    assert "client = OpenAI()" in text and "import os" not in text
    record = (repo.path / RECORD).read_text()
    assert record.count("[[runs.files.edits]]") == 1 and 'after = "\\"gpt-5-4\\""' in record


def test_revert_dry_run_and_diff_reverse_write_nothing(repo: Repo):
    repo.write("chat.py", CHAT)
    repo.commit()
    run_cli("apply", ".", cwd=repo.path)
    repo.commit("migrated")
    dry = run_cli("revert", "--dry-run", ".", cwd=repo.path)
    rev = run_cli("diff", "--reverse", ".", cwd=repo.path)
    assert dry.code == rev.code == 1
    assert dry.stdout == rev.stdout and '+MODEL = "gpt-4o"' in dry.stdout
    assert repo.status() == ""


def test_two_applies_are_undone_newest_first(repo: Repo):
    repo.write("chat.py", CHAT)
    repo.commit()
    run_cli("apply", ".", cwd=repo.path)
    repo.commit("migrated")
    later = repo.read("chat.py").decode() + '\nSECOND = OpenAI(timeout=5)\nSMALL = "gpt-4o-mini"\n'
    repo.write("chat.py", later)
    repo.commit("more code")
    run_cli("apply", ".", cwd=repo.path)
    assert (repo.path / RECORD).read_text().count("[[runs]]") == 2
    repo.commit("migrated again")
    assert run_cli("revert", ".", cwd=repo.path).code == 0
    assert repo.read("chat.py").decode() == CHAT + '\nSECOND = OpenAI(timeout=5)\nSMALL = "gpt-4o-mini"\n'


def test_revert_without_a_record_is_a_clear_error_for_now(repo: Repo):
    repo.write("chat.py", CHAT)
    repo.commit()
    done = run_cli("revert", ".", cwd=repo.path)
    assert done.code in (0, 2)
    assert "Traceback" not in done.stderr


# -- property: apply then revert is the identity, apply is idempotent ----------------------------------

CLIENT_FORMS = [
    "OpenAI()",
    "OpenAI(timeout=30)",
    'OpenAI(api_key=os.environ["OPENAI_API_KEY"])',
    "OpenAI(\n    timeout=30,\n)",
    "OpenAI(\n    max_retries=2,  # note\n)",
    'OpenAI(base_url="https://api.openai.com/v1")',
    "AsyncOpenAI(timeout=5)",
]
IMPORTS = ["from openai import OpenAI, AsyncOpenAI", "import openai\nfrom openai import OpenAI, AsyncOpenAI"]
HEADERS = [
    "",
    '"""Module docstring."""\n',
    "from __future__ import annotations\n",
    "import os\n",
    "import json\nimport sys\n",
]
MODELS = ["gpt-4o", "gpt-4o-mini", "gpt-5", "o1", "gpt-4", "claude-sonnet-4-6", "gpt-4o-mini-tts"]


@st.composite
def programs(draw) -> str:
    lines = [draw(st.sampled_from(HEADERS)), draw(st.sampled_from(IMPORTS)), ""]
    for i in range(draw(st.integers(1, 3))):
        lines.append(f"client_{i} = {draw(st.sampled_from(CLIENT_FORMS))}")
    for i in range(draw(st.integers(0, 4))):
        quote = draw(st.sampled_from(['"', "'"]))
        lines.append(f"MODEL_{i} = {quote}{draw(st.sampled_from(MODELS))}{quote}")
    if draw(st.booleans()):
        lines.append('reply = client_0.chat.completions.create(model="gpt-4o", messages=[])')
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + (newline if draw(st.booleans()) else "")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs())
def test_apply_revert_identity_and_idempotence(program: str):
    from migrate_cli.pipeline.ruleset import load_rules
    from migrate_cli.python.rewrite_file import rewrite_python
    from migrate_cli.undo.record import RecordedFile
    from migrate_cli.undo.reverting import revert_file

    rules = load_rules()
    original = program.encode()
    applied = rewrite_python("m.py", original, rules)
    migrated = applied.new_data if applied.changed else original
    again = rewrite_python("m.py", migrated, rules)
    assert not again.changed, again.diff
    if not applied.changed:
        return
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "m.py").write_bytes(migrated)
        entry = RecordedFile("m.py", applied.written_digest, applied.edits)
        outcome = revert_file(root, "m.py", "m.py", [(0, entry)], rules)
        assert not outcome.kept
        assert outcome.result.new_data == original


def test_revert_of_some_paths_keeps_the_rest_recorded(repo: Repo):
    repo.write("a/chat.py", CHAT)
    repo.write("b/chat.py", CHAT)
    repo.commit()
    run_cli("apply", ".", cwd=repo.path)
    repo.commit("migrated")
    assert run_cli("revert", "a", cwd=repo.path).code == 0
    assert repo.read("a/chat.py").decode() == CHAT
    assert "gpt-5-4" in repo.read("b/chat.py").decode()
    record = (repo.path / RECORD).read_text()
    assert 'path = "b/chat.py"' in record and 'path = "a/chat.py"' not in record
    assert run_cli("revert", ".", cwd=repo.path).code == 0
    assert repo.read("b/chat.py").decode() == CHAT and not (repo.path / RECORD).exists()


def test_a_recorded_file_deleted_since_is_reported(repo: Repo):
    repo.write("chat.py", CHAT)
    repo.write("other.py", CHAT)
    repo.commit()
    run_cli("apply", ".", cwd=repo.path)
    (repo.path / "chat.py").unlink()
    repo.commit("removed chat.py")
    done = run_cli("revert", ".", cwd=repo.path)
    assert done.code == 0 and "chat.py" in done.stderr and "revert-conflict" in done.stderr
    assert repo.read("other.py").decode() == CHAT
    assert 'path = "chat.py"' in (repo.path / RECORD).read_text()


def test_a_damaged_record_is_one_clear_error(repo: Repo):
    repo.write("chat.py", CHAT)
    repo.commit()
    run_cli("apply", ".", cwd=repo.path)
    (repo.path / RECORD).write_text("[[runs]\nbroken")
    done = run_cli("revert", ".", cwd=repo.path)
    assert done.code == 2 and "migration record" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_revert_since_a_revision_undoes_only_files_changed_since(repo: Repo):
    from conftest import git

    repo.write("old.py", CHAT)
    repo.commit()
    run_cli("apply", ".", cwd=repo.path)
    repo.commit("migrated old.py")
    base = git("rev-parse", "HEAD", cwd=repo.path).strip()
    repo.write("new.py", CHAT)
    repo.commit("new.py")
    run_cli("apply", ".", cwd=repo.path)
    repo.commit("migrated new.py")
    assert run_cli("revert", ".", "--since", base, cwd=repo.path).code == 0
    assert repo.read("new.py").decode() == CHAT
    assert "gpt-5-4" in repo.read("old.py").decode()


def test_file_names_with_backslash_or_colon_round_trip_through_the_record(repo: Repo):
    # Both are ordinary characters of a POSIX file name: apply migrates such files, so revert must take
    # them back from the record rather than refuse the whole record as pointing outside the repository.
    names = ["a\\b.py", "x:y.py", "C:chat.py", "plain.py"]
    for name in names:
        repo.write(name, CHAT)
    repo.commit()
    assert run_cli("apply", ".", "-j", "1", cwd=repo.path).code == 0
    assert all(b"gpt-5-4" in repo.read(name) for name in names)
    repo.commit("migrated")
    done = run_cli("revert", ".", "-j", "1", cwd=repo.path)
    assert done.code == 0, done.stderr
    assert all(repo.read(name).decode() == CHAT for name in names)
    assert not (repo.path / RECORD).exists()


def test_keys_that_mask_alike_each_come_back_where_they_were(repo: Repo):
    """Two key literals of one notebook mask alike (`sk-pro****…`, same length): each edit's key is read where
    the edit stands, not from the first key of the file with that masked form."""
    import json

    first, second = "sk-proj-" + "A" * 36, "sk-proj-" + "B" * 36
    cells = [
        ["import openai\n", f'c = openai.OpenAI(api_key="{first}")\n', 'c.chat.completions.create(model="gpt-4o")'],
        [f'd = openai.OpenAI(api_key="{second}")\n', 'd.chat.completions.create(model="gpt-4o-mini")'],
    ]
    notebook = {
        "cells": [
            {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": s} for s in cells
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    original = (json.dumps(notebook, indent=1) + "\n").encode()
    repo.write("nb.ipynb", original)
    repo.write(
        "keys.py", f'import openai\n\nA = openai.OpenAI(api_key="{second}")\nB = openai.OpenAI(api_key="{first}")\n'
    )
    repo.commit()
    before = repo.read("keys.py")
    assert run_cli("apply", ".", cwd=repo.path).code == 0
    assert repo.read("nb.ipynb") != original
    repo.commit("migrated")
    done = run_cli("revert", ".", cwd=repo.path)
    assert done.code == 0, done.stderr
    assert repo.read("nb.ipynb") == original
    assert repo.read("keys.py") == before
