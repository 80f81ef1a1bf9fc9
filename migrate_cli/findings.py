"""Findings: what a run reports about a site it could not (or should not silently) migrate."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


RULE_SEVERITY: dict[str, Severity] = {
    "unsupported-api": Severity.ERROR,
    "hardcoded-key": Severity.ERROR,
    "parse-error": Severity.ERROR,
    "no-openai-equivalent": Severity.ERROR,
    "client-kept-on-openai": Severity.WARNING,
    "azure-client": Severity.WARNING,
    "dynamic-config": Severity.WARNING,
    "dynamic-model": Severity.WARNING,
    "approximate-model": Severity.WARNING,
    "model-key-collision": Severity.WARNING,
    "ambiguous-reverse": Severity.WARNING,
    "revert-conflict": Severity.WARNING,
    "unmapped-model": Severity.INFO,
    "other-endpoint": Severity.INFO,
    "org-project-ignored": Severity.INFO,
    "unverified-api": Severity.INFO,
}


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    column: int
    rule: str
    message: str

    @property
    def severity(self) -> Severity:
        return RULE_SEVERITY[self.rule]

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return {k: data[k] for k in ("path", "line", "column", "rule", "severity", "message")}
