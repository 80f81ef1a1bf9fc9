"""`--format junit`: JUnit XML for test reporters (GitLab, Jenkins, Azure, CircleCI…).

One test suite per file that has findings or, in `diff` mode, a change still to make; one failing test
case per finding (its type the severity), and in `diff` mode one failing case per file still to migrate.
A run with nothing to report is one suite with one passing case, so that reporters show it ran.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from migrate_cli.pipeline.runner import RunReport

# Characters XML 1.0 cannot hold at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def render(report: RunReport, mode: str) -> str:
    findings = sorted(report.findings, key=lambda f: (f.path, f.line, f.column, f.code))
    pending = mode in ("diff", "revert-diff")
    by_file: dict[str, list] = {}
    for result in report.results:
        if pending and result.changed:
            by_file.setdefault(result.path, [])
    for finding in findings:
        by_file.setdefault(finding.path, []).append(finding)
    changed = {r.path for r in report.changed} if pending else set()

    root = ET.Element("testsuites", name="bytespike-migrate")
    total = failures = 0
    for path in sorted(by_file):
        suite = ET.SubElement(root, "testsuite", name=_clean(path))
        cases = 0
        if path in changed:
            case = ET.SubElement(suite, "testcase", name="migration", classname=_clean(path))
            what = "reverted" if mode == "revert-diff" else "migrated"
            ET.SubElement(case, "failure", message=f"this file still needs to be {what}", type="change")
            cases += 1
        for f in by_file[path]:
            case = ET.SubElement(
                suite,
                "testcase",
                name=_clean(f"{f.code} at {f.path}:{f.line}:{f.column}"),
                classname=_clean(path),
                file=_clean(path),
                line=str(f.line),
            )
            failure = ET.SubElement(case, "failure", message=_clean(f.message), type=f.severity.value)
            failure.text = _clean(f"{f.path}:{f.line}:{f.column}: {f.severity.value}[{f.code}] {f.message}")
            cases += 1
        suite.set("tests", str(cases))
        suite.set("failures", str(cases))
        total += cases
        failures += cases
    if not by_file:
        suite = ET.SubElement(root, "testsuite", name="bytespike-migrate", tests="1", failures="0")
        ET.SubElement(suite, "testcase", name="nothing to report", classname="bytespike-migrate")
        total = 1
    root.set("tests", str(total))
    root.set("failures", str(failures))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
