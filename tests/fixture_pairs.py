"""Before/after fixture trees, one suite per direction:

- `fixtures/python/before/<rule>/<case>.py` is migrated (OpenAI -> ByteSpike) into
  `fixtures/python/after/<rule>/<case>.py`, with the findings listed in `fixtures/python/findings.txt`;
- `fixtures/python_reverse/...` likewise for the reverse migration without a record (ByteSpike -> OpenAI);
- `fixtures/config/...` for configuration files: dotenv, TOML, YAML, JSON, notebooks;
- `fixtures/typescript/...` (and `typescript_reverse/`) for TypeScript and JavaScript, where each folder is
  migrated as one repository: its modules are resolved together;
- `fixtures/anthropic/...` (and `anthropic_reverse/`, `typescript_anthropic/`) for Anthropic code, migrated
  as a run without `--from` migrates it: with every provider's rules (a module may use both SDKs).

`python tests/fixture_pairs.py` regenerates the after trees and the findings lists from the current code;
review the resulting `git diff` before committing it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Suite:
    name: str
    reverse: bool
    providers: tuple[str, ...] = ("openai",)  # the rules files the run uses (providers.py)
    # A module written beside each case: the code of the repository the case stands in (configuration files
    # move their orphan ids only where some client moves, docs/design.md).
    companion: tuple[str, str] | None = None

    @property
    def folder(self) -> Path:
        return ROOT / "fixtures" / self.name

    @property
    def before(self) -> Path:
        return self.folder / "before"

    @property
    def after(self) -> Path:
        return self.folder / "after"

    @property
    def findings(self) -> Path:
        return self.folder / "findings.txt"

    def cases(self) -> list[str]:
        return sorted(p.relative_to(self.before).as_posix() for p in self.before.rglob("*") if p.is_file())

    def rewrite(self, case: str, *, tree: Path | None = None):
        """What the tool makes of one case, run on its own through the real pipeline (discovery, the
        repository-wide resolution, the rules): unchanged bytes for a file no handler takes."""
        import contextlib
        import shutil
        import tempfile

        from migrate_cli.pipeline import providers
        from migrate_cli.pipeline.result import FileResult
        from migrate_cli.pipeline.ruleset import load_provider
        from migrate_cli.pipeline.runner import RunOptions

        rulesets = [load_provider(name) for name in self.providers]
        if self.reverse:
            rulesets = [rules.reversed() for rules in rulesets]
        folder = tree or self.before
        data = (folder / case).read_bytes()
        with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
            # The case alone in a folder of its own: the program the repository-wide analysis sees.
            (Path(tmp) / case).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / case, Path(tmp) / case)
            if self.companion is not None and not case.startswith("notebook/"):
                # Beside the case: an env file serves the code of its folder.
                (Path(tmp) / case).parent.joinpath(self.companion[0]).write_text(self.companion[1], encoding="utf-8")
            report = providers.run(RunOptions([Path(".")], rulesets[0], jobs=1, cache=False), rulesets)
        result = next((r for r in report.results if r.path == case), None)
        if result is None:
            return data, FileResult(case)
        return (result.new_data if result.changed else data), result

    def expected_findings(self) -> dict[str, list[str]]:
        expected: dict[str, list[str]] = {}
        for line in self.findings.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                expected.setdefault(line.split(":", 1)[0], []).append(line)
        return expected

    def regenerate(self) -> None:
        lines = ["# case:line:column: rule -- regenerate with `python tests/fixture_pairs.py`, then review"]
        for case in self.cases():
            after, result = self.rewrite(case)
            target = self.after / case
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(after)
            lines.extend(finding_line(f) for f in result.findings)
        self.findings.write_text("\n".join(lines) + "\n", encoding="utf-8")


class RepositorySuite(Suite):
    """Cases resolved together, one folder at a time (TypeScript: clients and ids cross modules)."""

    def folders(self) -> list[str]:
        return sorted({case.rpartition("/")[0] for case in self.cases()})

    def rewrite(self, case: str):
        from migrate_cli.pipeline.ruleset import load_provider
        from migrate_cli.typescript import migrate_typescript

        cache = self.__dict__.setdefault("_done", {})
        folder = case.rpartition("/")[0]
        if folder not in cache:
            rules = load_provider(self.providers[0])
            names = [c for c in self.cases() if c.rpartition("/")[0] == folder]
            files = [(name, (self.before / name).read_bytes()) for name in names]
            results = migrate_typescript(files, rules.reversed() if self.reverse else rules)
            cache[folder] = {
                name: ((result.new_data if result.changed else data), result)
                for (name, data), result in zip(files, results)
            }
        return cache[folder][case]


FORWARD = Suite("python", reverse=False)
REVERSE = Suite("python_reverse", reverse=True)
# A chat client that moves (it reads its key from the environment: the env files' readers are the cases').
MOVING_CODE = (
    "moving_client.py",
    'from openai import OpenAI\n\nOpenAI().chat.completions.create(model="gpt-4o-mini", messages=[])\n',
)
CONFIG = Suite("config", reverse=False, companion=MOVING_CODE)
TYPESCRIPT = RepositorySuite("typescript", reverse=False)
TYPESCRIPT_REVERSE = RepositorySuite("typescript_reverse", reverse=True)
BOTH = ("openai", "anthropic")
ANTHROPIC = Suite("anthropic", reverse=False, providers=BOTH)
ANTHROPIC_REVERSE = Suite("anthropic_reverse", reverse=True, providers=BOTH)
TYPESCRIPT_ANTHROPIC = RepositorySuite("typescript_anthropic", reverse=False, providers=("anthropic",))
SUITES = (FORWARD, REVERSE, CONFIG, TYPESCRIPT, TYPESCRIPT_REVERSE, ANTHROPIC, ANTHROPIC_REVERSE, TYPESCRIPT_ANTHROPIC)

# The forward suite, as most tests use it.
BEFORE, AFTER = FORWARD.before, FORWARD.after
cases = FORWARD.cases
rewrite = FORWARD.rewrite
expected_findings = FORWARD.expected_findings


def finding_line(finding) -> str:
    return f"{finding.path}:{finding.line}:{finding.column}: {finding.code}"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    for suite in SUITES:
        suite.regenerate()
