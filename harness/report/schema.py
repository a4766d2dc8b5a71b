"""The published JSON Schema of report files, derived from the Report structs.

Deriving it (rather than writing it by hand) means it cannot drift from what
``render_json`` writes; publishing it as a file (``report.schema.json``, shipped
in the package) means tools in other languages can validate reports without
Python. A test fails when the file is stale; regenerate it with
``python -m harness.report.schema``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec

from harness.report.render_json import FORMAT, VERSION, ReportEnvelope

SCHEMA_PATH = Path(__file__).with_name("report.schema.json")
SCHEMA_ID = "urn:sync-sandbox:report:v1"
SCHEMA_TITLE = "Sync Sandbox dry-run report"


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a report file, envelope included."""
    generated: dict[str, Any] = msgspec.json.schema(ReportEnvelope)
    defs: dict[str, Any] = generated["$defs"]
    envelope = defs.pop("ReportEnvelope")
    # The envelope's tag and version are required in a file, though the struct gives them defaults.
    envelope["properties"]["format"] = {"const": FORMAT}
    envelope["properties"]["version"] = {"const": VERSION}
    envelope["required"] = ["format", "version", "report"]
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": SCHEMA_TITLE,
        "description": (
            "A report written by `sync-sandbox` (format 'sync-sandbox/report'): plan summary, "
            "every check run, the findings with the records involved, and statistics."
        ),
        "type": "object",
        "properties": envelope["properties"],
        "required": envelope["required"],
        "$defs": dict(sorted(defs.items())),
    }
    return schema


def schema_text() -> str:
    """The schema as written to ``report.schema.json`` (stable key order, trailing newline)."""
    return json.dumps(report_schema(), indent=2, ensure_ascii=False) + "\n"


def load_schema() -> dict[str, Any]:
    """The published schema file, as shipped in the package."""
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    path.write_text(schema_text(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_schema())
