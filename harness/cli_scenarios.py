"""Commands of the ``sync-sandbox`` CLI that live with their feature; registered on ``harness.cli.app``.

``serve`` runs a scenario's endpoints for a connector under test; ``scenario check``
runs scenario files without pytest and says which expectations moved.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from harness.cli import app, err, out
from harness.errors import InputError

scenario_app = typer.Typer(help="Run scenario files (the library in scenarios/).", no_args_is_help=True)
app.add_typer(scenario_app, name="scenario")


@app.command()
def serve(
    scenario: Annotated[Path, typer.Argument(help="A scenario file (scenarios/*.yaml)")],
    host: Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0 inside a container)")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(help="Admin API on PORT, the store on PORT+1, QuickBooks on PORT+2; 0: any free ports")
    ] = 8765,
    advertise_host: Annotated[
        str | None, typer.Option(help="Host name put in the printed base URLs (default: --host)")
    ] = None,
) -> None:
    """Serve a scenario's store and QuickBooks endpoints, with an admin API, until Ctrl-C."""
    from harness.sandbox.served import serve_scenario
    from harness.scenarios import load_scenario

    materialised = load_scenario(scenario).materialise()
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with serve_scenario(materialised, host=host, port=port, advertise_host=advertise_host) as sandbox:
            # plain lines, not a table: tokens are copied from here and must never be wrapped or cut
            lines = [f"sandbox for {sandbox.name}", f"  admin  {'sync-sandbox':<12} {sandbox.admin_url}/_sandbox/"]
            for side, info in sandbox.endpoints.items():
                lines.append(f"  {side:<6} {info.platform:<12} {info.base_url}")
                lines.extend(f"{'':22}{k}={v}" for k, v in sorted(info.credentials.items()))
            out.print("\n".join(lines), highlight=False, markup=False, soft_wrap=True)
            out.print("Ctrl-C stops the sandbox.", highlight=False)
            sys.stdout.write("SANDBOX-READY " + json.dumps(sandbox.ready(), sort_keys=True) + "\n")
            sys.stdout.flush()
            while not stop.wait(0.2):
                pass
            err.print("stopping the sandbox", highlight=False)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@scenario_app.command("check")
def check(
    scenarios: Annotated[list[Path], typer.Argument(help="Scenario files, or folders of them")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text|json")] = "text",
    rehearse: Annotated[bool, typer.Option(help="Rehearse each plan against a throw-away QuickBooks copy")] = True,
) -> None:
    """Run scenario files and say which pass; exit 1 when any expectation is not met."""
    from harness.scenarios import load_scenario, run_scenario
    from harness.scenarios.run import found_summary

    if fmt not in ("text", "json"):
        raise InputError(f"--format {fmt!r}: choose text or json")
    files = _scenario_files(scenarios)
    results: list[dict[str, object]] = []
    for path in files:
        outcome = run_scenario(load_scenario(path), rehearse=rehearse)
        results.append(
            {"scenario": outcome.scenario.name, "file": str(path), "passed": outcome.passed,
             "mismatches": outcome.mismatches, "found": found_summary(outcome.dry_run.report)}
        )
        if fmt == "text":
            mark = "[green]pass[/]" if outcome.passed else "[bold red]FAIL[/]"
            out.print(f"{mark} {outcome.scenario.name} ({path})", highlight=False, soft_wrap=True)
            for line in outcome.mismatches:
                out.print(f"     {line}", highlight=False, markup=False, soft_wrap=True)
            if outcome.mismatches:
                found = found_summary(outcome.dry_run.report)
                out.print(f"     found: {found}", highlight=False, markup=False, soft_wrap=True)
    failed = sum(1 for r in results if not r["passed"])
    if fmt == "json":
        sys.stdout.write(json.dumps(results, indent=1) + "\n")
    else:
        out.print(f"{len(results) - failed} passed, {failed} failed", highlight=False)
    raise typer.Exit(1 if failed else 0)


def _scenario_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.rglob("*.yaml")))
        elif path.exists():
            files.append(path)
        else:
            raise InputError(f"{path}: no such scenario file or folder")
    if not files:
        raise InputError(f"no scenario files (*.yaml) in {', '.join(map(str, paths))}")
    return files
