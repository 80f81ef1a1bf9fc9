"""Every error names the real source of a bad value: the flag, or the settings file and its key; and
`--prefer` takes only an OpenAI id that maps to the ByteSpike id it is for. Through the real command."""

from __future__ import annotations

import pytest
from conftest import Repo, run_cli

CHAT = (
    'import os\n\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n'
    'MODEL = "gpt-4o"\nclient.chat.completions.create(model=MODEL, messages=[])\n'
)
KB = "from openai import OpenAI\n\nkb = OpenAI()\nkb.files.create(file=b'', purpose='assistants')\n"


@pytest.fixture
def project(repo: Repo) -> Repo:
    repo.write("app/chat.py", CHAT)
    repo.write("app/kb.py", KB)
    repo.commit()
    return repo


def test_a_bad_flag_is_named_not_a_settings_file(project: Repo):
    done = run_cli("scan", ".", "--select", "bogus", cwd=project.path)
    assert done.code == 2 and "--select: unknown rule 'bogus'" in done.stderr and "None" not in done.stderr
    assert "--ignore: unknown rule" in run_cli("scan", ".", "--ignore", "bogus", cwd=project.path).stderr
    assert "--key-env:" in run_cli("scan", ".", "--key-env", "1x", cwd=project.path).stderr


def test_a_bad_value_in_the_table_names_the_file_and_key(project: Repo):
    project.write("pyproject.toml", '[tool.bytespike-migrate]\nselect = ["bogus"]\n')
    done = run_cli("scan", ".", cwd=project.path)
    assert done.code == 2 and "pyproject.toml [tool.bytespike-migrate]: select: unknown rule 'bogus'" in done.stderr
    project.write("pyproject.toml", '[tool.bytespike-migrate]\nmap = { "gpt-4o" = "not an id" }\n')
    done = run_cli("scan", ".", cwd=project.path)
    assert "pyproject.toml [tool.bytespike-migrate]: map" in done.stderr and "--map" not in done.stderr
    project.write("pyproject.toml", '[tool.bytespike-migrate]\nkey-env = "1x"\n')
    assert "pyproject.toml [tool.bytespike-migrate]: key-env" in run_cli("scan", ".", cwd=project.path).stderr
    # A flag with a good value wins over the table's bad one: the flag's name would be wrong there.
    project.write("pyproject.toml", '[tool.bytespike-migrate]\nignore = ["bogus"]\n')
    assert run_cli("scan", ".", "--ignore", "unverified-api", cwd=project.path).code == 1


def test_prefer_accepts_only_a_source_of_that_id(project: Repo):
    done = run_cli("diff", "--reverse", ".", "--prefer", "gpt-5-4-mini=banana", cwd=project.path)
    assert done.code == 2 and "'banana' is not an OpenAI id that maps to gpt-5-4-mini" in done.stderr
    assert "o1" in done.stderr
    done = run_cli("revert", "--dry-run", ".", "--prefer", "gpt-5-4-mini=gpt-4o", cwd=project.path)
    assert done.code == 2 and "--prefer" in done.stderr
    assert run_cli("diff", "--reverse", ".", "--prefer", "gpt-5-4-mini=o1", cwd=project.path).code in (0, 1)
    project.write("pyproject.toml", '[tool.bytespike-migrate]\nprefer = { "gpt-5-4-mini" = "banana" }\n')
    done = run_cli("diff", "--reverse", ".", cwd=project.path)
    assert done.code == 2 and "pyproject.toml [tool.bytespike-migrate]: prefer" in done.stderr


def test_a_rewrite_rule_where_a_finding_is_expected_and_back(project: Repo):
    done = run_cli("scan", ".", "--select", "model-ids", cwd=project.path)
    assert done.code == 2 and "--select: 'model-ids' is a rewrite rule, not a finding" in done.stderr
    done = run_cli("scan", ".", "--disable", "hardcoded-key", cwd=project.path)
    assert done.code == 2 and "--disable: 'hardcoded-key' is a finding, not a rewrite rule" in done.stderr
