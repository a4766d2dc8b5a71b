"""Write a scenario file (what ``shrink`` produces), checked by loading it back before it replaces anything."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml

from harness.model.snapshot import write_atomic
from harness.scenarios.loader import Scenario, load_scenario


def dump_scenario(data: dict[str, Any], path: str | Path) -> Scenario:
    """Validate ``data`` as a scenario living at ``path`` and write it there atomically.

    Relative paths inside ``data`` are relative to ``path``'s folder, as in any
    scenario file; a mistake raises the loader's InputError and leaves ``path`` alone.
    """
    target = Path(path)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", suffix=".yaml", prefix=f".{target.stem}.", dir=target.parent, delete=False
    ) as fh:
        fh.write(text)
        probe = Path(fh.name)
    try:
        load_scenario(probe)
    finally:
        probe.unlink(missing_ok=True)
    write_atomic(target, text.encode("utf-8"))
    return load_scenario(target)
