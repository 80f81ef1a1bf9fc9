"""Before/after fixture trees: `fixtures/python/before/<rule>/<case>.py` is rewritten into
`fixtures/python/after/<rule>/<case>.py`, with the findings listed in `fixtures/python/findings.txt`.

`python tests/fixture_pairs.py` regenerates the after trees and the findings list from the current code;
review the resulting `git diff` before committing it.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "python"
BEFORE, AFTER, FINDINGS = FIXTURES / "before", FIXTURES / "after", FIXTURES / "findings.txt"


def cases() -> list[str]:
    return sorted(p.relative_to(BEFORE).as_posix() for p in BEFORE.rglob("*.py"))


def rewrite(case: str):
    from migrate_cli.python_file import rewrite_python
    from migrate_cli.ruleset import load_rules

    data = (BEFORE / case).read_bytes()
    result = rewrite_python(case, data, load_rules())
    return (result.new_data if result.changed else data), result


def finding_line(finding) -> str:
    return f"{finding.path}:{finding.line}:{finding.column}: {finding.rule}"


def expected_findings() -> dict[str, list[str]]:
    expected: dict[str, list[str]] = {}
    for line in FINDINGS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            expected.setdefault(line.split(":", 1)[0], []).append(line)
    return expected


def regenerate() -> None:
    lines = ["# case:line:column: rule -- regenerate with `python tests/fixture_pairs.py`, then review"]
    for case in cases():
        after, result = rewrite(case)
        target = AFTER / case
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(after)
        lines.extend(finding_line(f) for f in result.findings)
    FINDINGS.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    regenerate()
