"""JUnit XML for CI: every check is a test case, so a CI dashboard shows what passed too.

Checks are grouped in one ``<testsuite>`` per category (classname
``sync-sandbox.<category>``). Findings of a severity at or above ``fail_on``
become a ``<failure>``; lower ones leave the test case passing but list their
records in ``<system-out>``, so a warning is visible without breaking the build.
The document is built with ElementTree, which escapes markup; control characters
that XML 1.0 cannot carry at all are shown as escapes first.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Literal

from harness.errors import InputError
from harness.report.model import SEVERITY_RANK, Report
from harness.report.render_common import CheckGroup, check_groups, plural, printable, record_text, source_sentence

FailOn = Literal["error", "warning"]


def render_junit(report: Report, fail_on: FailOn = "error") -> bytes:
    """The Report as a JUnit XML document (UTF-8 bytes with an XML declaration)."""
    if fail_on not in ("error", "warning"):
        raise InputError(f"fail_on must be 'error' or 'warning', not {fail_on!r}")
    threshold = SEVERITY_RANK[fail_on]
    groups = check_groups(report)
    root = ET.Element("testsuites", name="sync-sandbox")
    suites: dict[str, ET.Element] = {}
    total_failures = 0
    for group in groups:
        category = group.check.category
        suite = suites.get(category)
        if suite is None:
            suite = suites[category] = ET.SubElement(root, "testsuite", name=f"sync-sandbox.{category}")
            properties = ET.SubElement(suite, "properties")
            ET.SubElement(properties, "property", name="source", value=printable(source_sentence(report)))
        failed = bool(group.count) and SEVERITY_RANK[group.check.severity] <= threshold
        total_failures += failed
        _add_testcase(suite, group, failed)
    for suite in suites.values():
        cases = suite.findall("testcase")
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(sum(1 for case in cases if case.find("failure") is not None)))
        suite.set("errors", "0")
        suite.set("skipped", "0")
    root.set("tests", str(len(groups)))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def _add_testcase(suite: ET.Element, group: CheckGroup, failed: bool) -> None:
    check = group.check
    case = ET.SubElement(
        suite, "testcase",
        classname=f"sync-sandbox.{check.category}",
        name=printable(f"{check.code} {check.title}"),
    )
    if not group.count:
        return
    if failed:
        failure = ET.SubElement(case, "failure", message=_message(group), type=check.severity)
        failure.text = _details(group)
    else:
        out = ET.SubElement(case, "system-out")
        out.text = f"{_message(group)}\n{_details(group)}"


def _message(group: CheckGroup) -> str:
    records = len(group.records)
    text = f"{plural(group.count, group.check.severity + ' finding')}"
    if records:
        text += f" involving {plural(records, 'record')}"
    return printable(f"{text}: {group.check.title}")


def _details(group: CheckGroup) -> str:
    """Every finding and every record: CI logs are searched, not read top to bottom, so nothing is cut."""
    lines: list[str] = []
    for finding in group.findings:
        lines.append(f"- {finding.message}")
        lines.extend(f"    {key}: {value}" for key, value in sorted(finding.facts.items()))
        lines.extend(f"    {record_text(ref)}" for ref in finding.records)
    if group.check.remedy:
        lines.append(f"Fix: {group.check.remedy}")
    if group.check.rule:
        lines.append(f"Rule: {group.check.rule}")
    return printable("\n".join(lines))
