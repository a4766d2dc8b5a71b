"""A scenario's sandbox in a docker container: the same handle as ``serve_scenario``, one container per run.

QA teams run fakes the way they run LocalStack: an image, a port, a fixture that starts and removes a
container. ``start_docker_sandbox`` runs ``sync-sandbox serve`` in the image with the scenario mounted
read-only, publishes the admin, store and QuickBooks ports on 127.0.0.1 only, waits until the admin API
answers and reads the endpoints from it. Scenario files name their fixtures by relative paths, so the whole
project folder around the scenario (the nearest parent with ``pyproject.toml`` or ``.git``) is mounted, at the
same path inside the container as outside: relative and absolute references inside it both resolve, and
error messages name the paths the user knows.

The image comes from ``scripts/docker_setup.py`` (or ``docker build -t sync-sandbox .``); see docs/docker.md.
"""

from __future__ import annotations

import io
import os
import stat
import tarfile
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import requests

from harness.errors import HarnessError, InputError
from harness.sandbox.guard import register_sandbox_host, unregister_sandbox_host
from harness.sandbox.served import SIDES, EndpointInfo, Side

if TYPE_CHECKING:
    from docker.models.containers import Container  # type: ignore[import-untyped]

#: the image tag ``scripts/docker_setup.py`` and the docs build; SYNC_SANDBOX_IMAGE overrides it
DEFAULT_IMAGE = "sync-sandbox:latest"
IMAGE_ENV = "SYNC_SANDBOX_IMAGE"
#: admin API, store endpoint, QuickBooks endpoint inside the container (the Dockerfile's EXPOSE)
ADMIN_PORT = 8765
CONTAINER_PORTS = (ADMIN_PORT, ADMIN_PORT + 1, ADMIN_PORT + 2)
#: what marks our containers, so a crashed test run's leftovers can be found: docker ps -f label=sync-sandbox
LABEL = "sync-sandbox"
STOP_TIMEOUT = 10
#: the image's unprivileged user (Dockerfile), and where folders it could not read through a mount are copied
CONTAINER_UID = 10001
COPY_TARGET = Path("/home/sandbox")
COPY_LIMIT = 50_000_000
_PROJECT_MARKERS = ("pyproject.toml", ".git")
_PORT_TAKEN = ("address already in use", "port is already allocated")
START_ATTEMPTS = 3


def default_image() -> str:
    return os.environ.get(IMAGE_ENV) or DEFAULT_IMAGE


def start_docker_sandbox(
    scenario_path: str | os.PathLike[str],
    *,
    image: str | None = None,
    host_port: int | None = None,
    timeout: float = 60,
    mount_root: str | os.PathLike[str] | None = None,
) -> DockerSandbox:
    """Run ``scenario_path`` in a container and return once its endpoints answer.

    ``host_port`` publishes the admin API on that port and the endpoints on the next two (the ports
    ``serve`` uses); by default docker picks free ports. ``mount_root`` is the folder mounted read-only
    (default: the project folder around the scenario); every file the scenario names must be inside it.
    A folder the container's unprivileged user cannot read (pytest's private tmp_path, a home folder) is
    copied into the container instead of mounted, up to COPY_LIMIT bytes.
    """
    scenario = Path(scenario_path).resolve()
    if not scenario.is_file():
        raise InputError(f"{scenario_path}: no such scenario file")
    root = Path(mount_root).resolve() if mount_root is not None else project_root(scenario)
    if not scenario.is_relative_to(root):
        raise InputError(f"{scenario_path}: not inside the mounted folder {root}")
    image = image or default_image()
    client = _docker_client()
    _require_image(client, image)
    mounted = _readable_by_others(scenario, root)
    inside = scenario if mounted else COPY_TARGET / root.name / scenario.relative_to(root)
    command = ["serve", str(inside), "--host", "0.0.0.0", "--port", str(ADMIN_PORT), "--advertise-host", "127.0.0.1"]
    archive = None if mounted else _folder_archive(root)
    from docker.errors import APIError  # type: ignore[import-untyped]

    for attempt in range(1, START_ATTEMPTS + 1):
        container = None
        try:
            container = client.containers.create(
                image,
                command,
                volumes={str(root): {"bind": str(root), "mode": "ro"}} if mounted else None,
                ports=_published_ports(host_port),
                labels={LABEL: scenario.stem, f"{LABEL}.scenario": str(scenario)},
                environment={"COLUMNS": "200"},
            )
            if archive is not None:
                container.put_archive(str(COPY_TARGET), archive)
            container.start()
            break
        except APIError as exc:
            if container is not None:
                container.remove(force=True)
            why = str(exc.explanation or exc)
            # docker hands out host ports without asking whether a process holds one: ask it for others
            if host_port is None and attempt < START_ATTEMPTS and any(taken in why for taken in _PORT_TAKEN):
                continue
            raise HarnessError(f"docker could not start {image} for {scenario_path}: {why}") from None
    sandbox = DockerSandbox(container, image=image, scenario=scenario)
    try:
        sandbox.wait_until_ready(timeout)
    except BaseException:
        sandbox.stop()
        raise
    return sandbox


class DockerSandbox:
    """``with start_docker_sandbox("scenarios/x.yaml") as sandbox: sandbox.endpoints["store"].base_url``.

    ``endpoints`` hold the host's view: the published 127.0.0.1 ports, not the ports inside the container.
    """

    def __init__(self, container: Container, *, image: str, scenario: Path) -> None:
        self.container = container
        self.image = image
        self.scenario = scenario
        self.name = scenario.stem
        self.admin_url = ""
        self.endpoints: dict[str, EndpointInfo] = {}
        self._registered: list[str] = []

    def wait_until_ready(self, timeout: float) -> None:
        """Poll the admin API through the published port; a container that exits meanwhile fails at once."""
        deadline = time.monotonic() + timeout
        while True:
            self.container.reload()
            if self.container.status in ("exited", "dead"):
                raise HarnessError(
                    f"the sandbox container for {self.scenario} exited with status {self.exit_code()}: "
                    f"{self.last_log_line()}"
                )
            # the published ports are known once the container runs
            if not self.admin_url and self.container.status == "running":
                self.admin_url = self._host_url(f"http://127.0.0.1:{ADMIN_PORT}")
            published = self._published_endpoints() if self.admin_url else None
            if published is not None:
                break
            if time.monotonic() > deadline:
                raise HarnessError(
                    f"the sandbox container for {self.scenario} did not answer within {timeout:g} s; "
                    f"its last output: {self.last_log_line()}"
                )
            time.sleep(0.2)
        self.endpoints = {}
        for side in SIDES:
            info = EndpointInfo.from_public(side, published[side])
            self.endpoints[side] = EndpointInfo(side, info.platform, self._host_url(info.base_url), info.credentials)
        for url in [self.admin_url, *(info.base_url for info in self.endpoints.values())]:
            register_sandbox_host(url)
            self._registered.append(url)

    def reset(self) -> None:
        """Both endpoints back to the scenario's data, journals cleared (the admin API's reset)."""
        requests.post(f"{self.admin_url}/_sandbox/reset", timeout=30).raise_for_status()

    def journal(self, side: Side) -> list[dict[str, Any]]:
        """Every request the endpoint answered, oldest first: the endpoints run in the container, so their
        ``EndpointInfo.journal`` is None and the admin API is asked instead."""
        answer = requests.get(f"{self.admin_url}/_sandbox/journal", params={"side": side}, timeout=30)
        answer.raise_for_status()
        entries: list[dict[str, Any]] = answer.json()
        return entries

    def _published_endpoints(self) -> dict[str, Any] | None:
        """What the admin API says about the endpoints, once it says it; None until then.

        Asked directly rather than through /_sandbox/health: the admin server may answer before the store and
        books servers are described, and only a complete answer means the sandbox is ready.
        """
        try:
            answer = requests.get(f"{self.admin_url}/_sandbox/endpoints", timeout=2)
            published = answer.json() if answer.status_code == 200 else None
        except (requests.RequestException, ValueError):
            # docker's port proxy accepts and drops connections until the server inside listens
            return None
        if isinstance(published, dict) and all(side in published for side in SIDES):
            return published
        return None

    def _host_url(self, container_url: str) -> str:
        """The same URL with the container's port swapped for the one published on the host."""
        parts = urlsplit(container_url)
        bindings = self.container.attrs["NetworkSettings"]["Ports"].get(f"{parts.port}/tcp") or []
        if not bindings:
            raise HarnessError(f"the sandbox container publishes no port for {container_url}")
        return urlunsplit(parts._replace(netloc=f"127.0.0.1:{bindings[0]['HostPort']}"))

    def logs(self) -> str:
        """Everything ``serve`` printed in the container so far (stdout and stderr)."""
        raw: bytes = self.container.logs(stdout=True, stderr=True)
        return raw.decode("utf-8", "replace")

    def last_log_line(self) -> str:
        lines = [line.strip() for line in self.logs().splitlines() if line.strip()]
        return lines[-1] if lines else "(no output)"

    def exit_code(self) -> int | None:
        self.container.reload()
        code = self.container.attrs["State"].get("ExitCode")
        return int(code) if code is not None else None

    def stop(self) -> None:
        """Stop (SIGTERM, then SIGKILL after 10 s) and remove the container; safe to call twice."""
        from docker.errors import NotFound

        for url in self._registered:
            unregister_sandbox_host(url)
        self._registered = []
        try:
            self.container.stop(timeout=STOP_TIMEOUT)
            self.container.remove(force=True)
        except NotFound:
            pass

    def __enter__(self) -> DockerSandbox:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def project_root(scenario: Path) -> Path:
    """The nearest folder above the scenario that looks like a project; the scenario's own folder otherwise."""
    for folder in scenario.parents:
        if any((folder / marker).exists() for marker in _PROJECT_MARKERS):
            return folder
    return scenario.parent


def _readable_by_others(scenario: Path, root: Path) -> bool:
    """Whether the container's unprivileged user can reach the scenario through a bind mount of ``root``."""
    folders = [root, *(p for p in scenario.parents if p.is_relative_to(root) and p != root)]
    return all(folder.stat().st_mode & stat.S_IXOTH for folder in folders) and bool(
        scenario.stat().st_mode & stat.S_IROTH
    )


def _folder_archive(root: Path) -> bytes:
    """``root`` as a tar owned by the container's user, for a folder a bind mount would not let it read."""
    buffer = io.BytesIO()
    total = 0
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for path in [root, *sorted(root.rglob("*"))]:
            if "__pycache__" in path.parts or not (path.is_dir() or path.is_file()):
                continue
            info = archive.gettarinfo(str(path), arcname=str(Path(root.name) / path.relative_to(root)))
            info.uid, info.gid, info.uname, info.gname = CONTAINER_UID, CONTAINER_UID, "", ""
            info.mode = 0o755 if path.is_dir() else 0o644
            if path.is_file():
                total += info.size
                if total > COPY_LIMIT:
                    raise InputError(
                        f"{root}: the container's user cannot read this folder and it is too big to copy in "
                        f"(over {COPY_LIMIT // 1_000_000} MB); make it readable by others (chmod o+rX)"
                    )
                with path.open("rb") as handle:
                    archive.addfile(info, handle)
            else:
                archive.addfile(info)
    return buffer.getvalue()


class DockerUnavailable(HarnessError):
    """No engine answers, or the image is not built: the environment's state, not a fault of the scenario."""


def _docker_client() -> Any:
    import docker  # type: ignore[import-untyped]
    from docker.errors import DockerException

    try:
        client = docker.from_env()
        client.ping()
    except DockerException as exc:
        raise DockerUnavailable(
            f"no docker engine answers ({exc}); start one (as root: scripts/docker_setup.py --engine)"
        ) from None
    return client


def _require_image(client: Any, image: str) -> None:
    from docker.errors import ImageNotFound

    try:
        client.images.get(image)
    except ImageNotFound:
        raise DockerUnavailable(
            f"image {image} is missing: build it with `python scripts/docker_setup.py` (tags {DEFAULT_IMAGE}) "
            f"or `docker build -t {image} .` in the repository"
        ) from None


def _published_ports(host_port: int | None) -> dict[str, tuple[str, int | None]]:
    """127.0.0.1 only: a sandbox holds made-up credentials, but nothing outside this machine should reach it."""
    if host_port is not None and not 0 < host_port <= 65533:
        raise HarnessError(f"host_port {host_port}: use a port below 65534 (it and the next two are published)")
    return {
        f"{port}/tcp": ("127.0.0.1", host_port + offset if host_port is not None else None)
        for offset, port in enumerate(CONTAINER_PORTS)
    }
