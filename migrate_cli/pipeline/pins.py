"""What the repository's dependency files pin: a framework entry point that takes ByteSpike's endpoint only from
some version of its package (`instructor.from_provider` passes `base_url` to its client from instructor 1.15 on;
before, it forwards it into every request, which fails) stays where the repository pins an older version; one
that becomes a class of another distribution (LlamaIndex's `OpenAILike`) stays where the project does not list it.

Read from the listing, once per run where a candidate names such an entry's package: `requirements*.txt`,
`pyproject.toml` (PEP 621 strings and Poetry tables), `uv.lock` and `poetry.lock`. A package no file names, or
names with a lower bound only, is taken to be installed at its newest version."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

_NAMES = re.compile(r"(?:^|/)(?:requirements[^/]*\.(?:txt|in)|pyproject\.toml|uv\.lock|poetry\.lock)$")


def dependency_file(shown: str) -> bool:
    return _NAMES.search(shown) is not None


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3]) or (0,)


def _upper_of_compatible(op: str, version: str) -> tuple[int, ...]:
    """`~=1.8.3` allows below 1.9; `~=1.8` below 2; Poetry's `^1.8.3` below 2.0 (`^0.4` below 0.5)."""
    parts = list(_version(version))
    if op == "~=":
        keep = parts[:-1] if len(parts) > 1 else parts
        return (*keep[:-1], keep[-1] + 1)
    first = next((i for i, p in enumerate(parts) if p), len(parts) - 1)
    return (*parts[:first], parts[first] + 1)


def excludes(spec: str, minimum: str) -> bool:
    """Whether a version specifier (`==1.13.0`, `>=1.0,<1.15`, `~=1.8.3`, `^1.8`, a locked `1.8.3`) allows no
    version from `minimum` on."""
    least = _version(minimum)
    for clause in spec.split(","):
        match = re.match(r"\s*(===|==|~=|<=|>=|!=|<|>|\^|~)?\s*v?([0-9][0-9A-Za-z.*+-]*)", clause)
        if match is None:
            continue
        op, version = match.group(1) or "==", match.group(2)
        if "*" in version:
            version = version.split("*")[0].rstrip(".") or "0"
            op = "~=" if op == "==" else op
        found = _version(version)
        if op in ("==", "===") and found < least:
            return True
        if (op == "<" and found <= least) or (op == "<=" and found < least):
            return True
        if op in ("~=", "^", "~") and _upper_of_compatible("~=" if op == "~" else op, version) <= least:
            return True
    return False


def _specs(text: str, package: str) -> Iterable[str]:
    """The version specifiers a dependency file gives a package: requirement lines and strings, Poetry's
    `package = "^1.8"` and `{ version = … }`, and lock files' `version = "…"` after `name = "package"`."""
    name = re.escape(package)
    for match in re.finditer(rf"(?im)^[ \t]*[\"']?{name}(?:\[[^\]]*\])?[ \t]*((?:[<>=!~^]=?|===)[^\"'#;\n]*)", text):
        yield match.group(1)
    for match in re.finditer(
        rf"(?im)^[ \t]*{name}[ \t]*=[ \t]*(?:\"([^\"]+)\"|\{{[^}}\n]*version[ \t]*=[ \t]*\"([^\"]+)\")", text
    ):
        yield match.group(1) or match.group(2)
    for match in re.finditer(rf"(?m)^name = \"{name}\"\s*\nversion = \"([^\"]+)\"", text):
        yield "==" + match.group(1)


def _name_in(package: str, text: str) -> bool:
    """Whether a dependency file names a distribution (`llama-index-llms-openai-like`, or with underscores)."""
    spelled = re.escape(package).replace("\\-", "[-_.]")
    return re.search(rf"(?i)(?<![\w.-]){spelled}(?![\w.-])", text) is not None


def _lacking(files: Iterable[tuple[str, str]], packages: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """(package, dependency file) for each dependency file that does not name a package of `packages`."""
    wanted = sorted(set(packages))
    return tuple((package, shown) for shown, text in files for package in wanted if not _name_in(package, text))


def too_old(files: Iterable[tuple[str, str]], required: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """The packages of `required` ((package, minimum version)) that a dependency file ((shown path, text)) pins
    below their minimum, with where, once per file: (package, "path: spec")."""
    found: list[tuple[str, str]] = []
    wanted = dict(required)
    for shown, text in files:
        for package, minimum in wanted.items():
            if package not in text:
                continue
            for spec in _specs(text, package):
                if excludes(spec, minimum):
                    found.append((package, f"{shown}: {package}{spec.strip()}"))
                    break
    return tuple(sorted(found))


@dataclass(frozen=True)
class Dependencies:
    """What the repository's dependency files say of the packages framework entries need (`read`, once per run)."""

    files: tuple[str, ...] = ()  # the dependency files (shown paths)
    too_old: tuple[tuple[str, str], ...] = ()  # (package, "file: spec") pinned below an entry's minimum
    lacking: tuple[tuple[str, str], ...] = ()  # (package, file) for each file that does not name the package

    @classmethod
    def read(
        cls, files: list[tuple[str, str]], required: Iterable[tuple[str, str]], needed: Iterable[str]
    ) -> Dependencies:
        """From the dependency files' (shown path, text): `required` (package, minimum version), `needed` packages."""
        return cls(tuple(shown for shown, _ in files), too_old(files, sorted(required)), _lacking(files, needed))

    def _serving(self, path: str) -> list[str]:
        """The dependency files of the folder of `path` and those above it."""
        return [f for f in self.files if not posixpath.dirname(f) or path.startswith(posixpath.dirname(f) + "/")]

    def pin_for(self, package: str, path: str) -> str | None:
        """Where a file serving `path` pins `package` too old ("dir/requirements.txt: instructor==1.13.0")."""
        serving = self._serving(path)
        return next(
            (where for name, where in self.too_old if name == package and where.split(": ")[0] in serving), None
        )

    def missing_for(self, package: str, path: str) -> str | None:
        """The nearest dependency file serving `path`, when it and every other serving one do not name `package`;
        None otherwise (or where no dependency file serves it)."""
        serving = self._serving(path)
        without = {f for name, f in self.lacking if name == package}
        if serving and all(f in without for f in serving):
            return min(serving, key=lambda f: (-f.count("/"), f))
        return None
