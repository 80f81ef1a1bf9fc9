"""Every before/after pair under fixtures/python: rewritten exactly, with exactly the listed findings."""

from __future__ import annotations

import pytest
from conftest import Repo, run_cli
from fixture_pairs import AFTER, BEFORE, CONFIG, MOVING_CODE, REVERSE, cases, expected_findings, finding_line, rewrite

CASES = cases()
EXPECTED = expected_findings()
REVERSE_CASES = REVERSE.cases()


def test_there_are_pairs_for_every_rule_folder():
    folders = {case.split("/")[0] for case in CASES}
    assert folders >= {"constructors", "clients", "module_settings", "model_ids", "api_usage", "safety"}
    for case in CASES:
        assert (AFTER / case).is_file(), f"{case} has no after file"


@pytest.mark.parametrize("case", CASES)
def test_rewrite_matches_after(case: str):
    after, _ = rewrite(case)
    assert after == (AFTER / case).read_bytes()


@pytest.mark.parametrize("case", CASES)
def test_findings_match(case: str):
    _, result = rewrite(case)
    assert [finding_line(f) for f in result.findings] == EXPECTED.get(case, [])


@pytest.mark.parametrize("case", CASES)
def test_after_is_stable(case: str):
    """Running the migration on its own output changes nothing."""
    from fixture_pairs import FORWARD

    after, result = FORWARD.rewrite(case, tree=AFTER)
    assert not result.changed, result.diff


# One case per rule folder, through the real command in a real git repository. Each case is a program of
# its own: the analysis is of the whole repository, so cases run together would share the module client.
CLI_CASES = sorted({case.split("/")[0]: case for case in CASES}.values())


@pytest.mark.parametrize("case", CLI_CASES)
def test_cli_apply_on_a_before_case(repo: Repo, case: str):
    """The real command gives the after file and the listed findings, and a second apply changes nothing."""
    repo.write(case, (BEFORE / case).read_bytes())
    repo.commit()
    first = run_cli("apply", ".", "--format", "json", cwd=repo.path)
    assert first.code == 0, first.stderr
    assert repo.read(case) == (AFTER / case).read_bytes(), case
    listed = sorted(f"{f['path']}:{f['line']}:{f['column']}: {f['rule']}" for f in first.json()["findings"])
    assert listed == sorted(EXPECTED.get(case, []))
    repo.commit("migrated")
    second = run_cli("apply", ".", "--format", "json", cwd=repo.path)
    assert second.code == 0
    assert second.json()["summary"]["files_changed"] == 0
    assert repo.status() == ""


@pytest.mark.parametrize("case", REVERSE_CASES)
def test_reverse_rewrite_matches_after(case: str):
    after, result = REVERSE.rewrite(case)
    assert after == (REVERSE.after / case).read_bytes()
    assert [finding_line(f) for f in result.findings] == REVERSE.expected_findings().get(case, [])


def test_cli_revert_without_a_record_uses_the_inverse_rules(repo: Repo):
    repo.copy_tree(REVERSE.before)
    repo.commit()
    done = run_cli("revert", ".", "--format", "json", cwd=repo.path)
    assert done.code == 0, done.stderr
    for case in REVERSE_CASES:
        assert repo.read(case) == (REVERSE.after / case).read_bytes(), case
    listed = sorted(f"{f['path']}:{f['line']}:{f['column']}: {f['rule']}" for f in done.json()["findings"])
    assert listed == sorted(line for lines in REVERSE.expected_findings().values() for line in lines)
    assert not (repo.path / ".bytespike-migrate.toml").exists()


CONFIG_CASES = CONFIG.cases()


@pytest.mark.parametrize("case", CONFIG_CASES)
def test_config_rewrite_matches_after(case: str):
    after, result = CONFIG.rewrite(case)
    assert after == (CONFIG.after / case).read_bytes()
    assert [finding_line(f) for f in result.findings] == CONFIG.expected_findings().get(case, [])


@pytest.mark.parametrize("notebooks", [False, True], ids=["formats", "notebooks"])
def test_cli_apply_and_revert_on_configuration_files(repo: Repo, notebooks: bool):
    # Notebooks are code: their clients take part in the repository-wide resolution (docs/design.md), and one that
    # stays on OpenAI keeps the env files' OPENAI_API_KEY. Each case's after/ is made alone: they run apart.
    cases = [case for case in CONFIG_CASES if case.startswith("notebook/") == notebooks]
    for case in cases:
        repo.write(case, (CONFIG.before / case).read_bytes())
    if not notebooks:  # a repository whose code moves, beside each case (an env file serves its folder)
        for folder in {case.rpartition("/")[0] for case in cases}:
            repo.write(f"{folder}/{MOVING_CODE[0]}", MOVING_CODE[1])
    repo.commit()
    originals = {case: repo.read(case) for case in cases}
    done = run_cli("apply", ".", cwd=repo.path)
    assert done.code == 0, done.stderr
    for case in cases:
        assert repo.read(case) == (CONFIG.after / case).read_bytes(), case
    repo.commit("migrated")
    assert run_cli("apply", ".", "--format", "json", cwd=repo.path).json()["summary"]["files_changed"] == 0
    assert run_cli("revert", ".", cwd=repo.path).code == 0
    for case, original in originals.items():
        if case == "dotenv/.env.example":  # its real-looking key was replaced for good
            assert repo.read(case) == original.replace(b"sk-proj-EXAMPLEexampleEXAMPLE012345", b"sk-byts-...")
        else:
            assert repo.read(case) == original, case
