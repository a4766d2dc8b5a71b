#!/usr/bin/env python3
"""Get this machine ready to run the sandbox image: a docker engine, a base image, and the image itself.

The docker tests call this before anything else (``tests/docker/conftest.py``); people can too::

    .venv/bin/python scripts/docker_setup.py            # engine + base image + sandbox image
    .venv/bin/python scripts/docker_setup.py --engine   # only make sure an engine answers

Why each step exists, on a machine like our CI's (Debian, root, no engine running, no registry reachable):

1. engine — when nothing answers on the socket and we are root, install Debian's ``docker.io`` and start
   ``dockerd`` in the background (log in /tmp/sync-sandbox-dockerd.log). Not root and no engine: we stop with
   the reason (exit status 3), which the tests turn into a skip. Debian's ``docker-compose`` comes along, for
   the test of docker-compose.yml.
2. base image — ``python:3.12-slim`` cannot be pulled without a registry, so a Debian bookworm root file system
   made with ``debootstrap --variant=minbase`` (python3 + venv) is imported as ``sync-sandbox-base:bookworm``.
   Made once per machine; about a minute.
3. sandbox image — the project and its dependencies as wheels built on the host (the host reaches PyPI; a
   container would need the host's CA bundle for that), installed offline in the image. The tag is a hash of
   everything that goes into the image, so an unchanged tree reuses the image of an earlier run.

Two pytest-xdist workers call this at once: a file lock makes the second wait for the first and then find
everything ready. The last line on stdout is JSON: the image tag and how long each step took.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BASE_IMAGE = "sync-sandbox-base:bookworm"
IMAGE_REPOSITORY = "sync-sandbox"
LOCK_FILE = Path("/tmp/sync-sandbox-docker-setup.lock")
DOCKERD_LOG = Path("/tmp/sync-sandbox-dockerd.log")
DOCKERD_PID = Path("/var/run/docker.pid")
#: dependencies and the project apart, so that the image's layer of dependencies survives a change to the project
WHEELS = ROOT / "build" / "docker" / "wheels"
PROJECT_WHEEL = ROOT / "build" / "docker" / "project"
#: what the image is made of (the same list .dockerignore lets through); its hash names the image
IMAGE_INPUTS = (
    "Dockerfile", ".dockerignore", "pyproject.toml", "README.md", "harness", "scenarios", "fixtures",
    "scripts/docker_healthcheck.py",
)
ENGINE_WAIT_SECONDS = 60
STALE_AFTER = timedelta(hours=1)
UNAVAILABLE = 3


class Unavailable(Exception):
    """No engine can be had on this machine: the reason is what a skipped test prints."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", action="store_true", help="only make sure a docker engine answers")
    parser.add_argument(
        "--base", default=BASE_IMAGE, help=f"base image (default {BASE_IMAGE}, built if missing; others are pulled)"
    )
    args = parser.parse_args(argv)
    timings: dict[str, float] = {}
    try:
        with setup_lock():
            with timed(timings, "engine"):
                client = ensure_engine()
            result: dict[str, Any] = {"engine": client.version().get("Version", "?")}
            if not args.engine:
                with timed(timings, "compose"):
                    ensure_compose()
                with timed(timings, "base_image"):
                    ensure_base_image(client, args.base)
                with timed(timings, "image"):
                    result["image"], result["built"] = ensure_sandbox_image(client, args.base)
    except Unavailable as exc:
        print(f"docker unavailable: {exc}", file=sys.stderr)
        return UNAVAILABLE
    result["timings"] = {step: round(seconds, 1) for step, seconds in timings.items()}
    print(json.dumps(result))
    return 0


@contextlib.contextmanager
def setup_lock() -> Iterator[None]:
    descriptor = os.open(LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        if os.fstat(descriptor).st_uid == os.geteuid():
            os.fchmod(descriptor, 0o666)  # whoever comes next (root or not) must be able to take the lock too
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def timed(timings: dict[str, float], step: str) -> Iterator[None]:
    started = time.monotonic()
    try:
        yield
    finally:
        timings[step] = time.monotonic() - started
        log(f"{step}: {timings[step]:.1f} s")


def log(message: str) -> None:
    print(f"[docker_setup] {message}", file=sys.stderr, flush=True)


# --- 1. engine ---------------------------------------------------------------------------------------------


def ensure_engine() -> Any:
    import docker
    from docker.errors import DockerException

    try:
        client = docker.from_env(timeout=600)
        client.ping()
        return client
    except DockerException as exc:
        first_error = exc
    if os.geteuid() != 0:
        raise Unavailable(f"no docker engine answers ({first_error}) and starting one needs root")
    if shutil.which("dockerd") is None:
        apt_install("docker.io")
    daemon = start_dockerd()
    deadline = time.monotonic() + ENGINE_WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            client = docker.from_env(timeout=600)
            client.ping()
            return client
        except DockerException:
            # ours gave up (no privileges for it here, say); one that was already starting may still answer
            if daemon.poll() is not None and not another_dockerd_runs():
                raise Unavailable(f"dockerd exited with status {daemon.returncode}: {tail(DOCKERD_LOG)}") from None
            time.sleep(0.5)
    raise Unavailable(f"dockerd did not answer within {ENGINE_WAIT_SECONDS} s; its log: {tail(DOCKERD_LOG)}")


def apt_install(*packages: str) -> None:
    if shutil.which("apt-get") is None:
        raise Unavailable(f"{', '.join(packages)} missing and no apt-get to install it")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    log(f"installing {' '.join(packages)}")
    if subprocess.run(command, env=env, capture_output=True, check=False).returncode == 0:
        return
    # Stale or absent package lists on a fresh machine: refresh them once and try again.
    subprocess.run(["apt-get", "update"], env=env, capture_output=True, check=False)
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise Unavailable(f"apt-get install {' '.join(packages)} failed: {result.stderr.strip()[-300:]}")


def start_dockerd() -> subprocess.Popen[bytes]:
    log(f"starting dockerd (log: {DOCKERD_LOG})")
    with DOCKERD_LOG.open("ab") as output:
        # A session of its own: the daemon outlives this process and the pytest worker that started it.
        return subprocess.Popen(
            ["dockerd"], stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


def another_dockerd_runs() -> bool:
    try:
        os.kill(int(DOCKERD_PID.read_text().strip()), 0)
    except (OSError, ValueError):
        return False
    return True


def ensure_compose() -> None:
    """docker-compose.yml is tested too; Debian's docker-compose runs it. Without it that one test skips."""
    if shutil.which("docker-compose") or os.geteuid() != 0:
        return
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True, check=False).returncode == 0:
        return
    try:
        apt_install("docker-compose")
    except Unavailable as exc:
        log(f"docker-compose not installed: {exc}")


def tail(path: Path, lines: int = 5) -> str:
    try:
        return " | ".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# --- 2. base image -----------------------------------------------------------------------------------------


def ensure_base_image(client: Any, base: str) -> None:
    from docker.errors import ImageNotFound

    try:
        client.images.get(base)
        return
    except ImageNotFound:
        pass
    if base != BASE_IMAGE:
        from docker.errors import APIError

        log(f"pulling {base}")
        try:
            client.images.pull(base)
            return
        except APIError as exc:
            raise SystemExit(f"base image {base} is missing and cannot be pulled: {exc}") from None
    if os.geteuid() != 0:
        raise Unavailable(f"base image {base} is missing and debootstrap needs root: run this script as root once")
    if shutil.which("debootstrap") is None:
        apt_install("debootstrap")
    with tempfile.TemporaryDirectory(prefix="sync-sandbox-rootfs-", dir="/var/tmp") as scratch:
        rootfs = Path(scratch) / "rootfs"
        mirror = debian_mirror()
        log(f"debootstrap bookworm from {mirror} (about a minute)")
        command = ["debootstrap", "--variant=minbase", "--include=python3,python3-venv", "bookworm", str(rootfs)]
        result = subprocess.run([*command, mirror], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise SystemExit(f"debootstrap failed: {result.stdout.strip()[-500:]} {result.stderr.strip()[-500:]}")
        for cache in ("var/cache/apt/archives", "var/lib/apt/lists", "usr/share/doc", "usr/share/man"):
            shutil.rmtree(rootfs / cache, ignore_errors=True)
        tar = subprocess.Popen(["tar", "-C", str(rootfs), "-c", "."], stdout=subprocess.PIPE)
        assert tar.stdout is not None
        repository, _, tag = base.partition(":")
        client.api.import_image_from_stream(tar.stdout, repository=repository, tag=tag)
        tar.stdout.close()
        if tar.wait() != 0:
            raise SystemExit("tar of the debootstrap root file system failed")
    client.images.get(base)


def debian_mirror() -> str:
    """The mirror apt already uses here: it is the one we know answers."""
    sources = [Path("/etc/apt/sources.list"), *sorted(Path("/etc/apt/sources.list.d").glob("*"))]
    for source in sources:
        with contextlib.suppress(OSError):
            for match in re.finditer(r"(?:URIs:|^deb)\s+(https?://\S+/debian)/?\s", source.read_text(), re.MULTILINE):
                return match.group(1)
    return "http://deb.debian.org/debian"


# --- 3. sandbox image --------------------------------------------------------------------------------------


def ensure_sandbox_image(client: Any, base: str) -> tuple[str, bool]:
    """Return the tag of an image made from the current tree, and whether it had to be built."""
    from docker.errors import BuildError, ImageNotFound

    base_id = client.images.get(base).id
    tag = f"{IMAGE_REPOSITORY}:{inputs_digest(base_id)[:16]}"
    try:
        client.images.get(tag)
        client.images.get(tag).tag(IMAGE_REPOSITORY, "latest")
        return tag, False
    except ImageNotFound:
        pass
    build_wheels()
    log(f"building {tag} on {base}")
    try:
        image, _ = client.images.build(
            path=str(ROOT), dockerfile="Dockerfile", tag=tag, buildargs={"BASE": base}, rm=True, forcerm=True
        )
    except BuildError as exc:
        output = "".join(str(chunk.get("stream", chunk.get("error", ""))) for chunk in exc.build_log)
        raise SystemExit(f"docker build failed: {exc}\n{output[-3000:]}") from exc
    image.tag(IMAGE_REPOSITORY, "latest")
    remove_stale_images(client, keep=tag)
    return tag, True


def remove_stale_images(client: Any, keep: str) -> None:
    """Images of earlier trees: each is a few hundred MB. One younger than an hour may still be in use by another
    test run on this machine (the tag is looked up when a container starts), so it stays until a later build."""
    from docker.errors import APIError

    for image in client.images.list(name=IMAGE_REPOSITORY):
        created = datetime.fromisoformat(image.attrs["Created"][:19]).replace(tzinfo=UTC)
        if datetime.now(UTC) - created < STALE_AFTER:
            continue
        for stale in set(image.tags) - {keep, f"{IMAGE_REPOSITORY}:latest"}:
            with contextlib.suppress(APIError):
                client.images.remove(stale)


def inputs_digest(base_id: str) -> str:
    digest = hashlib.sha256(base_id.encode())
    for name in IMAGE_INPUTS:
        path = ROOT / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.exists() else []
        for file in files:
            if "__pycache__" in file.parts or file.suffix == ".pyc":
                continue
            digest.update(str(file.relative_to(ROOT)).encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def build_wheels() -> None:
    """The project and every dependency as wheels, for an offline ``pip install`` in the image."""
    for folder in (WHEELS, PROJECT_WHEEL):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    # setuptools builds in build/lib and never deletes there: a module removed from harness/ would live on
    for leftover in [ROOT / "build" / "lib", *ROOT.glob("build/bdist.*")]:
        shutil.rmtree(leftover, ignore_errors=True)
    log(f"building wheels in {WHEELS}")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", str(ROOT), "--wheel-dir", str(WHEELS)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"pip wheel failed: {result.stderr.strip()[-2000:]}")
    for wheel in WHEELS.glob("sync_sandbox-*.whl"):
        wheel.rename(PROJECT_WHEEL / wheel.name)


if __name__ == "__main__":
    sys.exit(main())
