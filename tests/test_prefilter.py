"""The byte prefilter: every file with something to do passes, most files without do not."""

from __future__ import annotations

import pytest
from fixture_pairs import BEFORE, cases

from migrate_cli.pipeline.handlers import Prefilter
from migrate_cli.pipeline.ruleset import load_rules

PREFILTER = Prefilter(load_rules())


@pytest.mark.parametrize(
    "text",
    [
        "from openai import OpenAI",
        "from langchain_openai import ChatOpenAI",
        "from langchain_community.chat_models import ChatOpenAI",  # no model given: it sends the default id
        "from langchain.chat_models import (\n    ChatAnthropic,\n    ChatOpenAI,\n)",
        'MODEL = "gpt-4o"',
        "MODEL = 'o1'",
        'MODEL = "openai/o1-preview"',
        'MODEL = "gpt-image-1"',
        'name = f"gpt-{version}"',
        'x = {"default": "gpt-5-nano"}',
        'MODEL = "gpt-4-turbo"',  # unmapped: reported
        "MODEL = 'o1-mini'",
        '"gpt-4o-mini-tts"',
        # Code that reads the key makes requests of its own (`httpx.post(cfg["endpoint"], headers=…)`), with a model a
        # configuration file may give: it holds that value back.
        'headers = {"Authorization": "Bearer " + os.environ["OPENAI_API_KEY"]}',
    ],
)
def test_candidates(text: str):
    assert PREFILTER(text.encode())


@pytest.mark.parametrize(
    "text",
    [
        "print('hello')",
        'CONFIG = "o1=4"',
        "foo1 = bar",
        "the API key is read elsewhere",
        "client: OpenAI  # no SDK import, nothing to resolve",
    ],
)
def test_not_candidates(text: str):
    assert not PREFILTER(text.encode())


def test_every_fixture_with_an_edit_or_finding_passes():
    from fixture_pairs import AFTER, expected_findings

    listed = expected_findings()
    for case in cases():
        before = (BEFORE / case).read_bytes()
        if before != (AFTER / case).read_bytes() or case in listed:
            assert PREFILTER(before), case


def test_every_way_of_searching_the_listing_finds_the_same(tmp_path, monkeypatch):
    """The listing's read and search keeps, passes over and skips the same files whichever way it runs:
    `git grep` naming the files to read (a git work tree), one process reading and searching every file,
    or the same split with a forked child (`runner._scan`), whichever half each file falls in."""
    import os
    import subprocess
    import sys

    from migrate_cli.pipeline import runner
    from migrate_cli.pipeline.ruleset import load_provider

    if not runner._can_fork():
        if not sys.platform.startswith("linux") or os.environ.get("SPLIT_SCAN_ALONE"):
            pytest.skip("the split scan forks: only on Linux, in a process with one thread")
        # Another test's imports left threads in this process (frameworks start them): in one of its own.
        test = f"{__file__}::test_every_way_of_searching_the_listing_finds_the_same"
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test],
            env={**os.environ, "SPLIT_SCAN_ALONE": "1"},
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0 and " passed" in done.stdout, done.stdout[-3000:]
        return
    for i in range(40):
        folder = tmp_path / f"pkg{i % 4}"
        folder.mkdir(exist_ok=True)
        kind = i % 6
        text = {
            0: "import openai\n",
            1: 'MODEL = "gpt-4o"\n',
            2: "import anthropic\n",
            3: "print(1)\n",
            4: "x = 'o1=4'\n",
            5: "config = {'model': 'claude-sonnet-4-5'}\n",
        }[kind]
        (folder / f"m{i}.py").write_text(text * 50)
    (tmp_path / "pkg3" / "blob.py").write_bytes(b"\0\1openai" * 100)
    (tmp_path / ".env").write_text("OPENAI_API_KEY=x\n")
    (tmp_path / "web.ts").write_text('import OpenAI from "openai";\n')
    (tmp_path / "kept.mjs").write_text("const f = await store.files.create({});\n")
    locked = tmp_path / "pkg1" / "locked.py"
    locked.write_text("import openai\n")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "pkg0", "pkg2"], cwd=tmp_path, check=True)  # tracked and untracked files
    monkeypatch.chdir(tmp_path)
    rulesets = [load_provider("openai"), load_provider("anthropic")]

    def listing(jobs: int):
        options = runner.RunOptions(paths=[tmp_path], rules=rulesets[0], write=False, jobs=jobs)
        found = runner.list_files(options, rulesets)
        return ([(shown, data) for _, shown, _, _, data in found.files], found.scanned, sorted(found.found.named_skips))

    os.chmod(locked, 0)
    try:
        by_git = listing(2)
        monkeypatch.setattr(runner, "_searched", lambda *args: None)
        single = listing(1)
        monkeypatch.setattr(runner, "SPLIT_MIN_BYTES", 0)
        split = listing(2)
    finally:
        os.chmod(locked, 0o644)
    assert split == single == by_git
    kept = {shown for shown, data in single[0] if data is not None}
    assert {"web.ts", "kept.mjs", ".env", "pkg0/m0.py", "pkg1/m1.py", "pkg2/m2.py", "pkg1/m5.py"} <= kept
    assert "pkg3/m3.py" not in kept and "pkg0/m4.py" not in kept
    assert ("pkg3/blob.py", "binary") in single[2]
    if os.geteuid() != 0:  # root reads a file whatever its mode
        assert ("pkg1/locked.py", "unreadable (Permission denied)") in single[2]
