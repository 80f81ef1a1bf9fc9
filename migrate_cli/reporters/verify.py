"""`verify`'s report in each `--format`: every request COMMAND made, by the site in the code that made it."""

from __future__ import annotations

import json

from migrate_cli.reporters.sarif import document
from migrate_cli.verify.report import VerifiedRequest, VerifyReport

RULE = "request-would-fail"
RULE_TEXT = "A request the program made would be refused by the service it went to."


def _request_line(request: VerifiedRequest) -> str:
    parts = [f"{request.method} {request.host}{request.path}"]
    if request.model:
        parts.append(f"model {request.model}")
    parts.append(f"key {request.key_variable}" if request.key_variable else "no key")
    line = "  ".join(parts)
    return line + (f": {request.reason}" if request.reason else "")


def text(report: VerifyReport) -> str:
    lines = []
    for site, requests in report.by_site().items():
        lines.append(str(site))
        lines.extend(f"  {'ok  ' if r.verdict == 'ok' else 'FAIL'}  {_request_line(r)}" for r in requests)
    lines.append(report.command_line())
    lines.append(report.summary_line())
    return "\n".join(lines) + "\n"


def json_document(report: VerifyReport) -> str:
    return json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n"


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ") if value not in (None, "") else ""


def markdown(report: VerifyReport) -> str:
    lines = ["## bytespike-migrate verify", ""]
    if report.requests:
        lines += ["| site | request | model | key | verdict |", "|---|---|---|---|---|"]
        for r in report.requests:
            verdict = "ok" if r.verdict == "ok" else f"**fail**: {_cell(r.reason)}"
            lines.append(
                f"| `{_cell(r.site)}` | {r.method} {_cell(r.host + r.path)} | {_cell(r.model)} | "
                f"{_cell(r.key_variable)} | {verdict} |"
            )
        lines.append("")
    lines += [_cell(report.command_line()), "", f"**{report.summary_line()}**", ""]
    return "\n".join(lines)


def _message(request: VerifiedRequest) -> str:
    return f"{_request_line(request)}"


def sarif(report: VerifyReport) -> str:
    results = []
    for r in report.failed:
        location: dict[str, object] = {"artifactLocation": {"uri": r.site.path or "", "uriBaseId": "%SRCROOT%"}}
        if r.site.line:
            location["region"] = {"startLine": r.site.line}
        results.append(
            {
                "ruleId": RULE,
                "ruleIndex": 0,
                "level": "error",
                "message": {"text": _message(r)},
                "locations": [{"physicalLocation": location}],
            }
        )
    rule = {
        "id": RULE,
        "name": "RequestWouldFail",
        "shortDescription": {"text": RULE_TEXT},
        "defaultConfiguration": {"level": "error"},
    }
    invocation = {
        "executionSuccessful": report.stopped is None,
        "commandLine": " ".join(report.argv),
        **({"exitCode": report.exit_code} if report.exit_code is not None else {}),
    }
    return document([rule], results, invocations=[invocation])


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(report: VerifyReport) -> str:
    lines = []
    for r in report.failed:
        where = [("file", r.site.path), ("line", r.site.line), ("title", RULE)]
        properties = ",".join(f"{name}={_escape_property(str(value))}" for name, value in where if value)
        lines.append(f"::error {properties}::{_escape_data(_message(r))}")
    level = "error" if report.failed or report.stopped else "notice"
    lines.append(f"::{level}::{_escape_data(report.command_line() + '; ' + report.summary_line())}")
    return "".join(line + "\n" for line in lines)


RENDERERS = {"text": text, "json": json_document, "markdown": markdown, "sarif": sarif, "github": github}
