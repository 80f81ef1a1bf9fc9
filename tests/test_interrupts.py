"""The record is a write-ahead journal: whatever stops `apply` or `revert` (SIGINT, SIGTERM, kill -9, a
second run), `revert` then gives back every byte and `apply` then completes the migration.

Each case runs the real command on a real git repository of a few hundred files, stops it at a point of
its work, and checks what it left: one line and exit 130, no temporary file, a record that agrees with
the tree; then the runs that follow.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from conftest import Repo, run_cli

RECORD = ".bytespike-migrate.toml"
FILES = 200
# Big enough for the worker pool to start (runner.POOL_MIN_BYTES) with --jobs 2.
PADDING = "\n".join(f"# line {n} of commentary that only makes the module longer" for n in range(12))
MODULE = """\
from openai import OpenAI

{padding}

client = OpenAI()
MODEL = "gpt-4o"


def ask(prompt):
    return client.chat.completions.create(model=MODEL, messages=[{{"role": "user", "content": prompt}}])
"""


def many_files(repo: Repo) -> dict[str, bytes]:
    for n in range(FILES):
        repo.write(f"pkg{n % 8}/module_{n:03d}.py", MODULE.format(padding=PADDING))
    repo.write("README.md", "nothing to migrate here\n")
    repo.commit()
    return tree(repo.path)


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and not {".git", ".bytespike-migrate-cache"} & set(p.relative_to(root).parts)
        and p.name != RECORD
        and p.suffix != ".tmp"
    }


def migrated(original: dict[str, bytes]) -> dict[str, bytes]:
    """What a complete apply gives, computed file by file by the tool's own rewrite."""
    from migrate_cli.pipeline.handlers import handler_for
    from migrate_cli.pipeline.ruleset import load_rules

    rules = load_rules()
    result = {}
    for name, data in original.items():
        handler = handler_for(name)
        outcome = handler.process(name, data, rules) if handler else None
        result[name] = outcome.new_data if outcome is not None and outcome.changed else data
    return result


def start(*args: str, cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.Popen(
        [sys.executable, "-m", "migrate_cli", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_until(condition, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and process.poll() is None:
        assert time.monotonic() < deadline, "the run never reached the point"
        time.sleep(0.0005)


def temporaries(repo: Repo) -> list[Path]:
    return [p for p in repo.path.rglob("*.tmp") if ".git" not in p.parts]


def check_left_consistent(
    repo: Repo, original: dict[str, bytes], complete: dict[str, bytes], *, killed: bool = False
) -> None:
    """No temporary file (kill -9 may leave one: the next run removes it); every file whole (as it was,
    or as apply writes it); the record names exactly the files that are migrated."""
    if not killed:
        assert not temporaries(repo)
    now = tree(repo.path)
    assert set(now) == set(original)
    changed = set()
    for name, data in now.items():
        assert data in (original[name], complete[name]), name
        if data != original[name]:
            changed.add(name)
    recorded = set()
    if (repo.path / RECORD).exists():
        document = tomllib.loads((repo.path / RECORD).read_text())
        for run in document["runs"]:
            for entry in run["files"]:
                if entry.get("state", "written") == "written":
                    recorded.add(entry["path"])
                else:  # left open by a killed run: settled by the file's digest on the next run
                    assert entry["state"] == "writing"
                    if now[entry["path"]] == complete[entry["path"]]:
                        recorded.add(entry["path"])
    assert recorded == changed


def check_one_line(done_stderr: str) -> None:
    assert "Traceback" not in done_stderr
    lines = done_stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bytespike-migrate: interrupted: "), done_stderr


def revert_restores_every_byte(repo: Repo, original: dict[str, bytes]) -> None:
    done = run_cli("revert", ".", cwd=repo.path)
    assert done.code == 0, done.stderr
    assert "revert-conflict" not in done.stderr and "Traceback" not in done.stderr
    assert tree(repo.path) == original
    assert not (repo.path / RECORD).exists()
    assert not temporaries(repo)


def apply_completes(repo: Repo, complete: dict[str, bytes]) -> None:
    done = run_cli("apply", ".", cwd=repo.path)
    assert done.code == 0, done.stderr
    assert tree(repo.path) == complete


def workers(pid: int) -> int:
    """How many child processes `pid` has (Linux); elsewhere, after a pause, as if the pool had started."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if not children.parent.exists():
        time.sleep(0.5)
        return 2
    try:
        return len(children.read_text().split())
    except OSError:
        return 0


def record_appears(repo: Repo):
    return lambda: (repo.path / RECORD).exists()


def some_written(repo: Repo, original: dict[str, bytes], count: int):
    names = sorted(n for n in original if n.endswith(".py"))[:count]
    return lambda: all((repo.path / n).read_bytes() != original[n] for n in names)


@pytest.mark.parametrize(
    ("signum", "point", "then"),
    [
        (signal.SIGINT, "analysis", "revert"),
        (signal.SIGTERM, "journal written", "apply"),
        (signal.SIGINT, "half written", "revert"),
    ],
    ids=["SIGINT-analysis", "SIGTERM-journal-written", "SIGINT-half-written"],
)
def test_an_interrupted_apply_leaves_a_record_that_revert_and_apply_complete(repo: Repo, signum, point, then):
    original = many_files(repo)
    complete = migrated(original)
    process = start("apply", ".", "--jobs", "2", cwd=repo.path)
    if point == "analysis":
        wait_until(lambda: workers(process.pid) >= 2, process)  # the pool is at work
    elif point == "journal written":
        wait_until(record_appears(repo), process)
    else:
        wait_until(some_written(repo, original, FILES // 2), process)
    started = time.monotonic()
    process.send_signal(signum)
    out, err = process.communicate(timeout=60)
    assert time.monotonic() - started < 10  # promptly: no wait on the pool
    if process.returncode == 0:  # it had finished first: nothing to interrupt
        assert tree(repo.path) == complete
    else:
        assert process.returncode == 130, err
        check_one_line(err)
    check_left_consistent(repo, original, complete)
    if then == "revert":
        revert_restores_every_byte(repo, original)
        apply_completes(repo, complete)
    else:
        apply_completes(repo, complete)
        revert_restores_every_byte(repo, original)


def test_apply_killed_while_writing_then_revert_and_apply(repo: Repo):
    original = many_files(repo)
    complete = migrated(original)
    process = start("apply", ".", cwd=repo.path)
    wait_until(some_written(repo, original, 3), process)
    process.kill()
    process.communicate(timeout=60)
    check_left_consistent(repo, original, complete, killed=True)
    revert_restores_every_byte(repo, original)
    apply_completes(repo, complete)


def test_apply_killed_while_its_workers_run_leaves_no_worker_behind(repo: Repo):
    original = many_files(repo)
    process = start("apply", ".", "--jobs", "2", cwd=repo.path)
    wait_until(lambda: workers(process.pid) >= 2, process)
    process.kill()
    # The workers hold the same stdout and stderr: they are closed only once every worker has ended.
    process.communicate(timeout=20)
    assert tree(repo.path) == original


def test_revert_killed_while_restoring_then_revert_finishes_without_conflicts(repo: Repo):
    original = many_files(repo)
    complete = migrated(original)
    apply_completes(repo, complete)
    process = start("revert", ".", cwd=repo.path)
    names = sorted(n for n in original if n.endswith(".py"))[:5]
    wait_until(lambda: all((repo.path / n).read_bytes() == original[n] for n in names), process)
    process.kill()
    process.communicate(timeout=60)
    now = tree(repo.path)
    assert all(now[n] in (original[n], complete[n]) for n in original)
    revert_restores_every_byte(repo, original)
    apply_completes(repo, complete)


def test_two_concurrent_applies_never_lose_a_run(repo: Repo):
    original = many_files(repo)
    complete = migrated(original)
    first = start("apply", ".", "--allow-dirty", cwd=repo.path)
    second = start("apply", ".", "--allow-dirty", cwd=repo.path)
    outcomes = [p.communicate(timeout=120) + (p.returncode,) for p in (first, second)]
    for _, err, code in outcomes:
        assert "Traceback" not in err
        assert code in (0, 2), err
        if code == 2:  # refused: one line that says why, or files the other run had changed meanwhile
            assert "another bytespike-migrate run" in err or "changed on disk during the run" in err
    assert any(code == 0 for _, _, code in outcomes)
    assert tree(repo.path) == complete
    check_left_consistent(repo, original, complete)
    revert_restores_every_byte(repo, original)
