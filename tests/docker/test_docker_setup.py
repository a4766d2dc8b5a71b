"""scripts/docker_setup.py decides when the docker tests skip: only when no engine can be had, with the reason."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

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


def load_setup_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docker_setup", ROOT / "scripts" / "docker_setup.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_image_tag_follows_what_goes_into_the_image_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unchanged tree reuses the image of an earlier run; a changed file or base image gets a new one."""
    setup = load_setup_script()
    for name in ("Dockerfile", "pyproject.toml", "harness/__init__.py", "scenarios/rules/missing-skus.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, tmp_path / name)
    monkeypatch.setattr(setup, "ROOT", tmp_path)
    first = setup.inputs_digest("sha256:base")
    assert setup.inputs_digest("sha256:base") == first

    (tmp_path / "harness" / "__pycache__").mkdir()
    (tmp_path / "harness" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"compiled")
    os.utime(tmp_path / "Dockerfile", (0, 0))
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("not in the image\n", encoding="utf-8")
    assert setup.inputs_digest("sha256:base") == first  # byte code, times, files outside the image: same tag

    assert setup.inputs_digest("sha256:other-base") != first
    with (tmp_path / "scenarios" / "rules" / "missing-skus.yaml").open("a", encoding="utf-8") as scenario:
        scenario.write("# changed\n")
    assert setup.inputs_digest("sha256:base") != first


@pytest.mark.skipif(os.geteuid() != 0, reason="starting dockerd is only tried as root")
def test_a_dockerd_that_cannot_start_is_the_reason_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the machine forbids a daemon (an unprivileged CI container), say what dockerd said, not wait."""
    setup = load_setup_script()
    fake = tmp_path / "bin" / "dockerd"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'failed to start daemon: operation not permitted'\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/no-engine.sock")
    monkeypatch.setattr(setup, "DOCKERD_LOG", tmp_path / "dockerd.log")
    monkeypatch.setattr(setup, "DOCKERD_PID", tmp_path / "docker.pid")
    with pytest.raises(setup.Unavailable, match="dockerd exited with status 1: failed to start daemon: operation not"):
        setup.ensure_engine()
