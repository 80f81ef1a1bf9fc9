"""The project's own code passes its linter and its type checker, as configured in pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.skip("ruff is in the test extras: pip install '.[test]'")
    done = subprocess.run(
        [ruff, "check", "migrate_cli", "rules", "tests", "bench"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format_changes_nothing():
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.skip("ruff is in the test extras: pip install '.[test]'")
    done = subprocess.run(
        [ruff, "format", "--check", "migrate_cli", "rules", "tests", "bench"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing():
    """The package and the rules type-check ([tool.mypy] names the files)."""
    pytest.importorskip("mypy", reason="mypy is in the test extras: pip install '.[test]'")
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_comments_cite_documents_of_the_repository():
    """The design is in the repository (README.md, docs/design.md): no comment cites a section of a document
    outside it."""
    cited = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("migrate_cli", "rules", "tests", "bench")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if chr(0xA7) in line  # the section sign, written so that this line has none
    ]
    assert cited == []
