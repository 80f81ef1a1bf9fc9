"""What `verify` found: every request COMMAND made, with its site, and how COMMAND ended."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from typing import Any

NOTHING_VERIFIED = "0 requests reached the OpenAI, Anthropic or ByteSpike endpoints: nothing verified"


@dataclass(frozen=True)
class RequestSite:
    path: str | None  # relative to the repository, `/`-separated; None when no frame was the user's
    line: int | None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.path else "(outside the repository)"


@dataclass(frozen=True)
class VerifiedRequest:
    site: RequestSite
    host: str
    method: str
    path: str
    model: str | None
    key_variable: str | None
    verdict: str  # "ok" or "fail"
    reason: str
    service: str

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> VerifiedRequest:
        site = record.get("site") or {}
        return cls(
            site=RequestSite(site.get("path"), site.get("line")),
            host=record["host"],
            method=record["method"],
            path=record["path"],
            model=record.get("model"),
            key_variable=record.get("key_variable"),
            verdict=record["verdict"],
            reason=record.get("reason", ""),
            service=record.get("service", ""),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "site": {"path": self.site.path, "line": self.site.line},
            "host": self.host,
            "method": self.method,
            "path": self.path,
            "model": self.model,
            "key_variable": self.key_variable,
            "verdict": self.verdict,
            "reason": self.reason,
        }


@dataclass
class VerifyReport:
    argv: list[str]
    exit_code: int | None  # None: COMMAND was stopped
    requests: list[VerifiedRequest] = field(default_factory=list)
    stopped: str | None = None  # why COMMAND was stopped: "timeout" or "interrupted"
    timeout: float | None = None

    @property
    def failed(self) -> list[VerifiedRequest]:
        return [r for r in self.requests if r.verdict != "ok"]

    def by_site(self) -> dict[RequestSite, list[VerifiedRequest]]:
        """Requests grouped by site, sites in the order of their first request."""
        groups: dict[RequestSite, list[VerifiedRequest]] = {}
        for request in self.requests:
            groups.setdefault(request.site, []).append(request)
        return groups

    def command_line(self) -> str:
        """How COMMAND ended, in words."""
        shown = shlex.join(self.argv)
        if self.stopped == "timeout":
            return f"`{shown}` was stopped after {self.timeout:g} s (--timeout): requests after that were not verified"
        if self.stopped == "interrupted":
            return f"`{shown}` was interrupted: requests after that were not verified"
        return f"`{shown}` exited {self.exit_code}"

    def summary_line(self) -> str:
        if not self.requests:
            return NOTHING_VERIFIED
        sites = len(self.by_site())
        failed = len(self.failed)
        total = len(self.requests)
        head = (
            f"{total} request{'s' if total != 1 else ''} from {sites} site{'s' if sites != 1 else ''}: "
            f"{total - failed} ok"
        )
        return head + (f", {failed} would fail" if failed else "")

    def summary(self) -> dict[str, Any]:
        return {
            "requests": len(self.requests),
            "ok": len(self.requests) - len(self.failed),
            "fail": len(self.failed),
            "sites": len(self.by_site()),
            "stopped": self.stopped,
            "message": self.summary_line(),
        }

    def as_json(self) -> dict[str, Any]:
        from migrate_cli import __version__

        return {
            "version": __version__,
            "command": {"argv": self.argv, "exit_code": self.exit_code},
            "requests": [r.as_json() for r in self.requests],
            "summary": self.summary(),
        }


def read_records(path: str) -> list[VerifiedRequest]:
    """The records the intercepted processes wrote, one JSON line each, in the order written. A line cut
    short (a process killed while writing) is left out."""
    requests = []
    try:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                try:
                    requests.append(VerifiedRequest.from_record(json.loads(line)))
                except (ValueError, KeyError, TypeError):
                    continue
    except FileNotFoundError:
        pass
    return requests
