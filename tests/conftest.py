from __future__ import annotations

import json
import os
import pty
import select
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Completed:
    code: int
    stdout: str
    stderr: str

    def json(self) -> dict:
        return json.loads(self.stdout)


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Completed:
    """The real command, as a user runs it: a separate process, no terminal."""
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    done = subprocess.run(
        [sys.executable, "-m", "migrate_cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
    )
    return Completed(done.returncode, done.stdout, done.stderr)


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


class Repo:
    """A real git repository in a temp folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        git("init", "-q", "-b", "main", cwd=path)
        git("config", "user.email", "dev@example.com", cwd=path)
        git("config", "user.name", "Dev", cwd=path)
        git("config", "commit.gpgsign", "false", cwd=path)

    def write(self, name: str, content: str | bytes) -> Path:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_bytes(content.encode("utf-8"))
        return target

    def copy_tree(self, source: Path, into: str = ".") -> None:
        shutil.copytree(source, self.path / into, dirs_exist_ok=True)

    def commit(self, message: str = "snapshot") -> None:
        git("add", "-A", cwd=self.path)
        git("commit", "-q", "--allow-empty", "-m", message, cwd=self.path)

    def read(self, name: str) -> bytes:
        return (self.path / name).read_bytes()

    def status(self) -> str:
        return git("status", "--porcelain", cwd=self.path)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    folder = tmp_path / "repo"
    folder.mkdir()
    return Repo(folder)


def run_in_a_terminal(
    cwd: Path,
    args: list[str],
    answers: list[str],
    prompt: bytes = b"Apply this change",
    env: dict[str, str] | None = None,
) -> tuple[int, str]:
    """The command in a real pseudo-terminal, answering each prompt in turn."""
    main, secondary = pty.openpty()
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "TERM": "xterm", **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "migrate_cli", *args],
        cwd=cwd,
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=full_env,
    )
    os.close(secondary)
    output, pending, asked = b"", list(answers), 0
    deadline = time.time() + 60
    while time.time() < deadline:
        ready, _, _ = select.select([main], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(main, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            if pending and output.count(prompt) > asked:
                asked += 1
                os.write(main, pending.pop(0).encode() + b"\n")
        elif process.poll() is not None:
            break
    process.wait(timeout=30)
    os.close(main)
    return process.returncode, output.decode(errors="replace")
