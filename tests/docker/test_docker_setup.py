"""scripts/docker_setup.py decides when the docker tests skip: only when no engine can be had, with the reason."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOBODY = "65534"


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None, reason="needs root and setpriv")
def test_without_root_and_without_an_engine_it_says_why_and_exits_3(tmp_path: Path) -> None:
    env = {**os.environ, "DOCKER_HOST": f"unix://{tmp_path}/no-engine.sock"}
    result = subprocess.run(
        ["setpriv", "--reuid", NOBODY, "--regid", NOBODY, "--clear-groups",
         sys.executable, str(ROOT / "scripts" / "docker_setup.py")],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 3, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("docker unavailable: no docker engine answers")
    assert last.endswith("starting one needs root")
    assert result.stdout == ""  # no image tag: the tests skip with ``last`` as the reason
