"""Safety promises (README, Safety): no key in anything the tool writes, nothing outside the repository,
a record that is validated before it is trusted, writes that keep what the user had, and never a
traceback, whatever the input."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest
from conftest import Repo, run_cli

RECORD = ".bytespike-migrate.toml"
CHAT = """\
from openai import OpenAI

client = OpenAI()
MODEL = "gpt-4o"
client.chat.completions.create(model=MODEL, messages=[])
"""

# Test keys, each distinct everywhere: no output may hold 8 consecutive characters of any of them.
KEYS = {
    "python": "sk-proj-Q7wE9rT2yU4iO6pA8sD0fG1h",
    "kept": "sk-proj-Z3xC5vB7nM9qW1eR3tY5uI7o",
    "comment": "sk-Lk2Jh4Gf6Ds8Aq0Wz1Xc3Vb5Nm7",
    "yaml": "sk-proj-Pp9Oo8Ii7Uu6Yy5Tt4Rr3Ee2W",
    "json": "sk-Mm1Nn2Bb3Vv4Cc5Xx6Zz7Aa8Ss9",
    "toml": "sk-Hh1Gg2Ff3Dd4Ss5Aa6Qq7Ww8Ee9",
    "dotenv": "sk-proj-Tt1Yy2Uu3Ii4Oo5Pp6Aa7Ss8D",
    "notebook": "sk-proj-Kk9Jj8Hh7Gg6Ff5Dd4Ss3Aa2Q",
    "broken_yaml": "sk-Rr5Ee4Ww3Qq2Aa1Ss0Dd9Ff8Gg7",
    "settings": "sk-Bb7Nn6Mm5Ll4Kk3Jj2Hh1Gg0Ff9",
}


def windows(key: str) -> set[str]:
    return {key[i : i + 8] for i in range(len(key) - 7)}


def leaks(text: str) -> list[str]:
    return [name for name, key in KEYS.items() if any(w in text for w in windows(key))]


def tree_with_keys(repo: Repo) -> None:
    repo.write(
        "app.py",
        f'from openai import OpenAI\n\nclient = OpenAI(api_key="{KEYS["python"]}")\nMODEL = "gpt-4o"\n'
        "client.chat.completions.create(model=MODEL, messages=[])\n",
    )
    repo.write(
        "kept.py",
        f"from openai import OpenAI\n\n# staging key: {KEYS['comment']}\n"
        f'client = OpenAI(api_key="{KEYS["kept"]}")\nfiles = client.files.list()\n'
        'MODEL = "gpt-4o"\n',
    )
    repo.write("config.yaml", f"model: gpt-4o\napi_key: {KEYS['yaml']}\n")
    repo.write("broken.yaml", f"model: gpt-4o\nkey: [{KEYS['broken_yaml']}\n")
    repo.write("config.json", f'{{"model": "gpt-4o", "key": "{KEYS["json"]}"}}\n')
    repo.write("llm.toml", f'model = "gpt-4o"\nkey = "{KEYS["toml"]}"\n')
    repo.write(".env", f"OPENAI_API_KEY={KEYS['dotenv']}\nMODEL=gpt-4o\n")
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "execution_count": None,
                "outputs": [],
                "source": [
                    "from openai import OpenAI\n",
                    f'client = OpenAI(api_key="{KEYS["notebook"]}")\n',
                    'reply = client.chat.completions.create(model="gpt-4o", messages=[])\n',
                ],
            }
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    repo.write("notebook.ipynb", json.dumps(notebook, indent=1) + "\n")
    repo.commit()


def test_no_file_or_output_the_tool_writes_holds_a_key(repo: Repo, tmp_path: Path):
    tree_with_keys(repo)
    outputs: dict[str, str] = {}

    def run(*args: str) -> None:
        done = run_cli(*args, cwd=repo.path)
        assert "Traceback" not in done.stderr, done.stderr
        outputs[" ".join(args)] = done.stdout + done.stderr

    for output in ("text", "json", "github", "sarif", "markdown"):
        run("scan", ".", "--format", output)
        if output in ("text", "json", "markdown"):  # the others are findings only, as scan prints them
            run("diff", ".", "--format", output)
    run("diff", ".", "--patch", str(tmp_path / "change.patch"))
    run("scan", ".", "--show-settings")
    run("scan", ".", "--show-settings", "--format", "json")
    run("scan", ".", "--base-url", f"not a url {KEYS['settings']}")
    run("scan", ".", "--show-settings", "--base-url", f"https://llm.bytespike.ai/v1?token={KEYS['settings']}")
    settings = tmp_path / "settings.toml"
    settings.write_text(f'base-url = "https://llm.bytespike.ai/v1?token={KEYS["settings"]}"\n')
    run("diff", ".", "--config", str(settings), "--show-settings", "--format", "json")
    assert "holds a real-looking API key" in outputs[f"diff . --config {settings} --show-settings --format json"]
    run("apply", ".")
    written = {"record": (repo.path / RECORD).read_text(), "patch": (tmp_path / "change.patch").read_text()}
    for name in ("app.py", "notebook.ipynb", ".env"):  # the files whose key apply removed
        written[name] = repo.read(name).decode()
    repo.commit("migrated")
    run("diff", ".", "--reverse")
    run("revert", ".")
    for name in ("app.py", "notebook.ipynb", ".env"):  # revert never writes a removed key back
        written[f"reverted {name}"] = repo.read(name).decode()

    assert "secret = true" in written["record"] and "sk-pro*" in written["record"]
    found = {name: leaks(text) for name, text in {**outputs, **written}.items() if leaks(text)}
    assert not found
    # The kept keys (the user's own lines) are back byte for byte, taken from the file, not the record.
    assert KEYS["kept"] in repo.read("kept.py").decode() and KEYS["comment"] in repo.read("kept.py").decode()
    assert KEYS["yaml"] in repo.read("config.yaml").decode()
    assert '"gpt-4o"' in repo.read("kept.py").decode()
    assert not (repo.path / RECORD).exists()


def record_of(entries: list[tuple[str, str, str]]) -> str:
    """A record whose edits claim that `after` stands in each file where `before` used to."""
    lines = ["version = 2", "", "[[runs]]", 'tool = "bytespike-migrate 0.1.0"']
    for path, before, after in entries:
        lines += [
            "",
            "[[runs.files]]",
            f"path = {json.dumps(path)}",
            'written_sha1 = "0"',
            "",
            "[[runs.files.edits]]",
            'rule = "model-ids"',
            "line = 1",
            "column = 1",
            "offset = 6",
            f"before = {json.dumps(before)}",
            f"after = {json.dumps(after)}",
            'context_before = "MODEL="',
            'context_after = "\\n"',
        ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("flags", [[], ["--allow-dirty"]], ids=["guarded", "allow-dirty"])
@pytest.mark.parametrize("how", ["dot-dot", "absolute", "symlinked folder", "symlinked file"])
def test_revert_never_touches_a_file_outside_the_repository(tmp_path: Path, how: str, flags: list[str]):
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / ".env.example"
    target.write_text("MODEL=gpt-5-4\n")
    (tmp_path / "repo").mkdir()
    repo = Repo(tmp_path / "repo")
    repo.write("inside.env", "MODEL=gpt-5-4\n")
    if how == "dot-dot":
        path = "../outside/.env.example"
    elif how == "absolute":
        path = str(target)
    elif how == "symlinked folder":
        (repo.path / "linked").symlink_to(outside, target_is_directory=True)
        path = "linked/.env.example"
    else:
        (repo.path / "link.env").symlink_to(target)
        path = "link.env"
    repo.write(RECORD, record_of([("inside.env", "gpt-4o", "gpt-5-4"), (path, "gpt-4o", "gpt-5-4")]))
    repo.commit()
    done = run_cli("revert", ".", *flags, cwd=repo.path)
    assert done.code == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "outside the repository" in done.stderr or "symbolic link" in done.stderr
    assert target.read_text() == "MODEL=gpt-5-4\n"
    assert repo.read("inside.env") == b"MODEL=gpt-5-4\n"  # refused as a whole: the record is not trusted
    assert (repo.path / RECORD).exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "is empty"),
        ("version = 99\nruns = []\n", "version 99"),
        ('[tool.poetry]\nname = "x"\n', "not a migration record"),
        ("version = 2\nruns = []\n", "holds no runs"),
        ('version = 2\n[[runs]]\ntool = "x"\n[[runs.files]]\npath = "a.py"\n', "damaged"),
    ],
    ids=["empty", "future version", "foreign", "no runs", "no digest"],
)
def test_a_record_that_cannot_be_trusted_is_refused_and_kept(repo: Repo, content: str, message: str):
    repo.write("chat.py", CHAT)
    repo.write(RECORD, content)
    repo.commit()
    done = run_cli("revert", ".", cwd=repo.path)
    assert done.code == 2 and message in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Reverted" not in done.stderr
    assert repo.read(RECORD).decode() == content


def test_revert_works_outside_git(tmp_path: Path):
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "chat.py").write_text(CHAT)
    assert run_cli("apply", ".", cwd=folder).code == 0
    assert "gpt-5-4" in (folder / "chat.py").read_text()
    done = run_cli("revert", ".", cwd=folder)
    assert done.code == 0, done.stderr
    assert (folder / "chat.py").read_text() == CHAT and not (folder / RECORD).exists()


def test_a_damaged_git_repository_is_one_line_not_a_traceback(repo: Repo):
    repo.write("chat.py", CHAT)
    repo.commit()
    for folder in (repo.path / ".git" / "objects").iterdir():
        if len(folder.name) == 2:
            for obj in folder.iterdir():
                obj.chmod(0o644)
                obj.write_bytes(b"garbage")
    done = run_cli("apply", ".", cwd=repo.path)
    assert done.code == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "--allow-dirty" in done.stderr
    assert repo.read("chat.py").decode() == CHAT


def test_writes_keep_mode_owner_and_hard_links(repo: Repo, tmp_path: Path):
    repo.write("shared.py", CHAT)
    repo.write("private.py", CHAT)
    repo.write("owned.py", CHAT)
    repo.commit()
    (repo.path / "private.py").chmod(0o640)
    outside_link = tmp_path / "link.py"
    os.link(repo.path / "shared.py", outside_link)
    root = os.geteuid() == 0
    if root:
        os.chown(repo.path / "owned.py", 12345, 23456)
    done = run_cli("apply", ".", cwd=repo.path)
    assert done.code == 0, done.stderr
    assert stat.S_IMODE((repo.path / "private.py").stat().st_mode) == 0o640
    assert "gpt-5-4" in outside_link.read_text()  # the hard link still shares the file
    assert (repo.path / "shared.py").stat().st_ino == outside_link.stat().st_ino
    if root:
        info = (repo.path / "owned.py").stat()
        assert (info.st_uid, info.st_gid) == (12345, 23456)
    assert "gpt-5-4" in repo.read("owned.py").decode()
    assert not list(repo.path.glob(".*.tmp"))


def test_a_read_only_file_is_refused_not_replaced(repo: Repo):
    repo.write("locked.py", CHAT)
    repo.write("open.py", CHAT)
    repo.commit()
    (repo.path / "locked.py").chmod(0o444)
    done = run_cli("apply", ".", cwd=repo.path)
    assert "Traceback" not in done.stderr
    assert "gpt-5-4" in repo.read("open.py").decode()
    if os.geteuid() == 0:  # root may write any file: it is written in place, its mode kept
        assert done.code == 0 and "gpt-5-4" in repo.read("locked.py").decode()
    else:
        assert done.code == 2 and "locked.py: not written" in done.stderr
        assert repo.read("locked.py").decode() == CHAT
    assert stat.S_IMODE((repo.path / "locked.py").stat().st_mode) == 0o444


def hostile_tree(repo: Repo, tmp_path: Path) -> None:
    repo.write("chat.py", CHAT)
    repo.write("crlf.py", CHAT.replace("\n", "\r\n"))
    repo.write("bom.py", b"\xef\xbb\xbf" + CHAT.encode())
    repo.write("latin.py", b"# -*- coding: latin-1 -*-\n" + CHAT.encode() + b"NAME = '\xe9'\n")
    repo.write("bad_cookie.py", b"# -*- coding: no-such-codec -*-\n" + CHAT.encode())
    repo.write("not_utf8.py", b'MODEL = "gpt-4o"  # \xff\xfe\n')
    repo.write("syntax.py", "from openai import OpenAI\ndef broken(:\n")
    repo.write("deep.py", 'MODEL = "gpt-4o"\nX = ' + "(" * 5000 + ")" * 5000 + "\n")
    repo.write("nul.py", b'MODEL = "gpt-4o"\0\n')
    repo.write("long.py", 'MODEL = "gpt-4o"\n' + "x = 1  # " + "y" * 300_000 + "\n")
    repo.write("broken.yaml", "model: gpt-4o\nlist: [unclosed\n")
    repo.write("tabs.yaml", "model:\tgpt-4o\n\tbad: indent\n")
    repo.write("broken.json", '{"model": "gpt-4o",,}\n')
    repo.write("broken.toml", 'model = "gpt-4o"\n[[[\n')
    repo.write("broken.ipynb", '{"cells": [{"cell_type": "code", "source": 5}], "model": "gpt-4o"}\n')
    repo.write("cells.ipynb", json.dumps({"cells": [{"cell_type": "code", "source": ["%%bash\n", "openai x\n"]}]}))
    repo.write(".env", "OPENAI_API_KEY='unterminated\nMODEL=gpt-4o\nexport =\n")
    repo.write("empty.env", "")
    repo.write("dir with space/open ai.py", CHAT)
    repo.commit()
    for name in (b"new\nline.py", b"caf\xe9.py", b"tab\tname.py"):
        (repo.path / os.fsdecode(name)).write_bytes(b'MODEL = "gpt-4o"\n')
    outside = tmp_path / "outside.py"
    outside.write_text(CHAT)
    (repo.path / "out_link.py").symlink_to(outside)
    (repo.path / "loop.py").symlink_to(repo.path / "loop.py")
    os.mkfifo(repo.path / "fifo.py")
    (repo.path / "sealed").mkdir()
    (repo.path / "sealed" / "inner.py").write_text(CHAT)
    (repo.path / "sealed").chmod(0)
    (repo.path / "no_read.py").write_text(CHAT)
    (repo.path / "no_read.py").chmod(0)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names and permissions")
def test_every_command_on_hostile_input_ends_without_a_traceback(repo: Repo, tmp_path: Path):
    hostile_tree(repo, tmp_path)
    outside = (tmp_path / "outside.py").read_text()
    commands = [
        ["rules"],
        ["rules", "--format", "json"],
        ["scan", ".", "--show-settings"],
        ["diff", ".", "--patch", str(tmp_path / "p.patch")],
        ["scan", ".", "--exclude", "!"],
        ["diff", ".", "--base-url", "https://x/$(touch pwned)"],
        ["scan", "no/such/path"],
    ]
    commands += [["scan", ".", "--format", output] for output in ("text", "json", "github", "sarif", "markdown")]
    commands += [
        ["diff", ".", "--jobs", "2"],
        ["apply", ".", "--allow-dirty", "--jobs", "2"],
        ["diff", ".", "--reverse"],
        ["revert", ".", "--allow-dirty"],
    ]
    try:
        for args in commands:
            done = run_cli(*args, cwd=repo.path)
            assert "Traceback" not in done.stderr, (args, done.stderr)
            assert done.code in (0, 1, 2), (args, done.code, done.stderr)
            if done.code == 2:
                assert done.stderr.strip().splitlines()[-1].startswith("bytespike-migrate: error: "), args
            if args[-1] == "text" or args[0] in ("apply", "diff"):
                assert "new\nline" not in done.stderr + done.stdout  # shown escaped, on one line
            if args[:2] == ["scan", "."] and args[-1] == "text":
                assert "new\\nline.py: skipped" in done.stderr
        assert not (repo.path / "pwned").exists()
        assert (tmp_path / "outside.py").read_text() == outside
        assert repo.read("chat.py").decode() == CHAT  # apply, then revert: as it was
    finally:
        (repo.path / "sealed").chmod(0o755)


def test_settings_above_the_repository_are_not_read(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.bytespike-migrate]\nmap = { "gpt-4o" = "claude-opus-4-8" }\n')
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "chat.py").write_text(CHAT)
    done = run_cli("diff", ".", cwd=folder)
    assert done.code == 1 and '+MODEL = "gpt-5-4"' in done.stdout and "claude" not in done.stdout
    (folder / "pyproject.toml").write_text('[tool.bytespike-migrate]\nmap = { "gpt-4o" = "claude-opus-4-8" }\n')
    assert '+MODEL = "claude-opus-4-8"' in run_cli("diff", ".", cwd=folder).stdout


def test_a_file_of_many_edits_round_trips(repo: Repo):
    """30,000 edits in one file: revert is linear in them (it was quadratic: 20,000 took 37 s), and the
    record of them is written and read in a moment (tomlkit took minutes)."""
    source = (
        "from openai import OpenAI\n\nclient = OpenAI()\nclient.models.list()\nMODELS = [\n"
        + '    "gpt-4o",\n' * 30_000
        + "]\n"
    )
    repo.write("many.py", source)
    repo.commit()
    assert run_cli("apply", ".", cwd=repo.path).code == 0
    assert repo.read("many.py").decode().count('"gpt-5-4"') == 30_000
    repo.commit("migrated")
    done = run_cli("revert", ".", cwd=repo.path)
    assert done.code == 0, done.stderr
    assert repo.read("many.py").decode() == source and not (repo.path / RECORD).exists()


def test_a_python_file_the_interpreter_cannot_decode_is_not_rewritten(repo: Repo):
    # A UTF-8 byte order mark and a declaration of another encoding: Python refuses to compile it.
    data = b"\xef\xbb\xbf# coding: latin-1\nimport openai\nc = openai.OpenAI()\n"
    repo.write("bom_latin.py", data)
    repo.write("chat.py", CHAT)
    repo.commit()
    done = run_cli("apply", ".", "-j", "1", cwd=repo.path)
    assert done.code == 0, done.stderr
    assert repo.read("bom_latin.py") == data
    assert "bom_latin.py:1:1: error[parse-error]" in done.stderr and "encoding" in done.stderr
    assert b"gpt-5-4" in repo.read("chat.py")


def test_a_rewrite_that_would_move_the_encoding_declaration_is_refused():
    from migrate_cli.pipeline.source import SourceText, UndecodableSource

    source = SourceText.decode(b"# coding: latin-1\nNAME = '\xe9'\n", python=True)
    assert source.written(source.text + "X = 1\n") == b"# coding: latin-1\nNAME = '\xe9'\nX = 1\n"
    with pytest.raises(UndecodableSource):
        source.written("import os\n\n" + source.text)


@pytest.mark.parametrize(
    "header",
    [b"# coding: latin-1\n", b"#!/usr/bin/env python\n# -*- coding: latin-1 -*-\n", b"\n# coding: latin-1\n"],
    ids=["cookie", "shebang-cookie", "blank-cookie"],
)
def test_an_added_import_stays_below_the_encoding_declaration(repo: Repo, header: bytes):
    body = (
        b"# caf\xe9\nclass Assistant:\n    from langchain_openai import ChatOpenAI\n"
        b'    llm = ChatOpenAI(model="gpt-4o", api_key="sk-proj-Qwe123rty456UIO789pas012DFG345")\n'
    )
    repo.write("assistant.py", header + body)
    repo.commit()
    done = run_cli("apply", ".", "-j", "1", cwd=repo.path)
    assert done.code == 0, done.stderr
    written = repo.read("assistant.py")
    assert written.startswith(header) and b"import os\n" in written and b"caf\xe9" in written
    compile(written, "assistant.py", "exec")  # the declaration still applies: the Latin-1 bytes decode


@pytest.mark.parametrize(
    "content",
    [
        '["openai"]',
        '{"cells": {"openai": 1}}',
        '{"cells": ["openai"]}',
        '{"cells": [{"cell_type": "code", "source": [{"openai": 1}]}]}',
    ],
    ids=["array", "cells-object", "cell-string", "source-object"],
)
def test_json_that_is_not_a_notebook_is_a_parse_error_and_the_run_goes_on(repo: Repo, content: str):
    repo.write("odd.ipynb", content)
    repo.write("chat.py", CHAT)
    repo.commit()
    done = run_cli("apply", ".", "-j", "1", cwd=repo.path)
    assert done.code == 0 and "Traceback" not in done.stderr, done.stderr
    assert "odd.ipynb:1:1: error[parse-error] skipped, not a notebook" in done.stderr
    assert repo.read("odd.ipynb").decode() == content and b"gpt-5-4" in repo.read("chat.py")


def deep_inputs() -> dict[str, str]:
    """Valid input nested more deeply than the interpreter's default recursion limit lets a recursive
    walker follow: CPython compiles both Python files, `json.load` and PyYAML read the others."""
    elifs = "".join(f"elif x == {i}:\n    pass\n" for i in range(1, 970))
    return {
        "chain.py": "import openai\nc = openai.OpenAI()\nc.models.list()\nx = c" + ".f()" * 250 + "\n",
        "elifs.py": "import openai\nc = openai.OpenAI()\nc.models.list()\nx = 0\nif x == 0:\n    pass\n" + elifs,
        "deep.json": '{"model": "gpt-4o", "deep": ' + "[" * 975 + '"openai"' + "]" * 975 + "}",
        "deep.yaml": "model: gpt-4o\nx: " + "[" * 480 + "openai" + "]" * 480 + "\n",
    }


def test_deeply_nested_valid_input_is_migrated_not_an_internal_error(repo: Repo):
    for name, text in deep_inputs().items():
        repo.write(name, text)
    # Deeper than anything the interpreter compiles, or than libyaml reads: a finding, and the run goes on.
    repo.write("too_deep.py", "import openai\nx = c" + ".f()" * 1600 + "\n")
    repo.write("too_deep.yaml", "model: gpt-4o\nx: " + "[" * 1001 + "]" * 1001 + "\n")
    repo.write("too_deep.json", '{"model": "gpt-4o", "x": ' + "[" * 200_000 + "]" * 200_000 + "}")
    repo.write("chat.py", CHAT)
    repo.commit()
    originals = {name: repo.read(name) for name in [*deep_inputs(), "chat.py"]}
    done = run_cli("apply", ".", "-j", "1", "--format", "json", cwd=repo.path)
    assert done.code == 0 and "Traceback" not in done.stderr, done.stderr
    changed = {f["path"] for f in done.json()["files"] if f["changed"]}
    assert changed == {*deep_inputs(), "chat.py"}
    assert b"gpt-5-4" in repo.read("deep.json") and b"gpt-5-4" in repo.read("deep.yaml")
    assert b"base_url" in repo.read("chain.py") and b"base_url" in repo.read("elifs.py")
    skipped = {f["path"] for f in done.json()["findings"] if f["rule"] == "parse-error"}
    assert skipped == {"too_deep.py", "too_deep.yaml", "too_deep.json"}
    repo.commit("migrated")
    again = run_cli("apply", ".", "-j", "1", cwd=repo.path)
    assert again.code == 0 and repo.status() == "", again.stderr
    reverted = run_cli("revert", ".", "-j", "1", cwd=repo.path)
    assert reverted.code == 0, reverted.stderr
    assert all(repo.read(name) == data for name, data in originals.items())
