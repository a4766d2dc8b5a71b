"""The ``sync-sandbox`` command line: thin wrappers over the library.

Every user mistake surfaces as a HarnessError, printed as one line on stderr
with exit status 2; a traceback means a bug in sync-sandbox.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from harness.errors import HarnessError, InputError
from harness.inspection import BOOKS_FILE, MANIFEST_FILE, STORE_FILE, Inspection, inspect_path

app = typer.Typer(
    name="sync-sandbox",
    help="Simulate store and QuickBooks Online APIs and predict what a first sync would break.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)


class Teardown:
    """Set ``skip`` in a command that leaves millions of objects behind (a dry run): :func:`main` then
    ends the process without the interpreter's teardown (see :func:`exit_now`)."""

    skip = False


def main() -> None:
    try:
        try:
            app()
        except HarnessError as exc:
            err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
            sys.exit(exc.exit_code)
    except SystemExit as done:
        if Teardown.skip:
            exit_now(done.code)
        raise


def exit_now(code: object) -> NoReturn:
    """End the process as ``sys.exit(code)`` would, minus the interpreter's teardown.

    After a dry run of 250k orders the teardown frees millions of records one at a time and runs a
    last full collection: seconds spent after the report is written, for nothing. Exit handlers still
    run (logging, temporary files) and output is flushed; only the freeing is skipped (mypy does the same).
    """
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (| head) or a closed stream
            stream.flush()
    os._exit(status)


def parse_pathologies(values: list[str]) -> dict[str, float]:
    """``NAME=RATE`` pairs (RATE a fraction 0..1, or a count >= 1); ``NAME`` alone means the default rate."""
    from harness.sources.generated import PATHOLOGIES

    result: dict[str, float] = {}
    for raw in values:
        name, sep, rate_text = raw.partition("=")
        name = name.strip()
        if name not in PATHOLOGIES:
            known = ", ".join(sorted(PATHOLOGIES))
            raise InputError(f"--pathology {raw!r}: unknown pathology {name!r}; known: {known}")
        if not sep:
            result[name] = PATHOLOGIES[name].default_rate
            continue
        try:
            rate = float(rate_text)
        except ValueError:
            raise InputError(f"--pathology {raw!r}: rate must be a number, got {rate_text!r}") from None
        if rate < 0:
            raise InputError(f"--pathology {raw!r}: rate must not be negative")
        result[name] = rate
    return result


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress bar fed by ``callback(phase, done, total)``; silent when not a terminal."""
    if not enabled:
        yield lambda phase, done, total: None
        return
    with Progress(
        TextColumn("{task.description:<12}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        tasks: dict[str, Any] = {}

        def update(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = progress.add_task(phase, total=total)
            progress.update(tasks[phase], completed=done, total=total)

        yield update


@app.command()
def generate(
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for store.json, books.json, manifest.json")],
    seed: Annotated[int, typer.Option(help="Same seed, same store, byte for byte")] = 1,
    size: Annotated[
        str, typer.Option(help="tiny|small|medium|large or products=N,customers=N,orders=N[,variants=N]")
    ] = "small",
    platform: Annotated[str, typer.Option(help="Store platform to shape the data for")] = "shopify",
    pathology: Annotated[
        list[str] | None, typer.Option("--pathology", "-p", help="NAME=RATE, repeatable (RATE 0..1 or a count)")
    ] = None,
    demo: Annotated[bool, typer.Option(help="Inject every pathology at its demo rate")] = False,
    progress: Annotated[bool, typer.Option(help="Show a progress bar")] = True,
) -> None:
    """Generate a store and its books, with problems injected on purpose and a manifest of each one."""
    from harness.sources.generated import DEMO_PATHOLOGIES
    from harness.sources.generated import generate as generate_scenario

    pathologies = dict(DEMO_PATHOLOGIES) if demo else {}
    pathologies.update(parse_pathologies(pathology or []))
    with progress_bar(progress and err.is_terminal) as callback:
        scenario = generate_scenario(
            seed=seed, size=size, platform=platform, pathologies=pathologies, progress=callback
        )
    write_scenario(output, scenario.store, scenario.books, scenario.manifest)
    render_inspection(inspect_path(output))


def write_scenario(folder: Path, store: Any, books: Any, manifest: Any) -> None:
    from harness.model.snapshot import save

    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: exists and is not a folder")
    save(store, folder / STORE_FILE)
    save(books, folder / BOOKS_FILE)
    save(manifest, folder / MANIFEST_FILE)


@app.command()
def inspect(
    path: Annotated[
        Path,
        typer.Argument(
            help="A snapshot file, a folder written by generate, a recording folder, or a store or QuickBooks "
            "export (CSV, XLSX)"
        ),
    ],
) -> None:
    """Counts of what a snapshot holds, and the problems its manifest lists."""
    render_inspection(inspect_path(path))


def render_inspection(result: Inspection) -> None:
    table = Table(title=f"{result.source}", title_justify="left", show_edge=False)
    table.add_column("records")
    table.add_column("count", justify="right")
    for name, count in result.counts.items():
        table.add_row(name, f"{count:,}")
    out.print(table)
    if result.manifest is not None:
        m = result.manifest
        out.print(f"\nseed {m.seed}, platform {m.platform}, size {m.size}")
        ptable = Table(title="injected problems (manifest)", title_justify="left", show_edge=False)
        ptable.add_column("pathology")
        ptable.add_column("instances", justify="right")
        for name, count in result.pathologies.items():
            ptable.add_row(name, f"{count:,}")
        out.print(ptable if result.pathologies else "no problems injected: a clean store")
        for name, reason in result.not_injected.items():
            out.print(f"[yellow]not injected[/] {name}: {reason}", highlight=False)


FAIL_ON = ("error", "warning", "info", "never")


@app.command("dry-run")
def dry_run_command(
    store: Annotated[
        Path | None,
        typer.Option(
            help="Store snapshot (store.json), a folder written by generate, a recording folder made by record "
            "(docs/recording.md), a store export CSV (Shopify products/customers, WooCommerce products), or a "
            "folder of them (docs/imports.md)"
        ),
    ] = None,
    books: Annotated[
        Path | None,
        typer.Option(
            help="Books snapshot (books.json), a recording folder, a QuickBooks Online export CSV or XLSX "
            "(products and services, customers), or a folder of them; default: the books beside --store"
        ),
    ] = None,
    platform: Annotated[str | None, typer.Option(help="Generate a store for this platform instead")] = None,
    seed: Annotated[int, typer.Option(help="Seed for a generated store")] = 1,
    size: Annotated[str, typer.Option(help="Size of a generated store")] = "small",
    pathology: Annotated[
        list[str] | None, typer.Option("--pathology", "-p", help="NAME=RATE for a generated store, repeatable")
    ] = None,
    profile: Annotated[Path | None, typer.Option(help="Connector profile (YAML); default: OneSaas rules")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text|json|junit|md|html")] = "text",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the report here (atomically)")] = None,
    fail_on: Annotated[
        str, typer.Option(help="Exit 1 when a finding is at least this severe: error|warning|info|never")
    ] = "error",
    rehearse: Annotated[bool, typer.Option(help="Rehearse the plan against a throw-away QuickBooks copy")] = True,
    plan: Annotated[bool, typer.Option(help="Include the per-record plan in the report")] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=2,
            show_default="2 for a large store on a machine with two cores, else 1",
            help="Processes to use: 2 serves the store from a forked child while it is read (Linux) and "
            "rehearses in a second process while the checks run",
        ),
    ] = None,
) -> None:
    """Predict, record by record, what a first sync would mismatch, duplicate or break."""
    from harness.model.books import Books
    from harness.model.store import Store
    from harness.sources.imports import books_beside, load_books, load_store

    if fail_on not in FAIL_ON:
        raise InputError(f"--fail-on {fail_on!r}: choose one of {', '.join(FAIL_ON)}")
    the_profile = _load_profile(profile)
    store_record: Store
    books_record: Books | None = None
    if store is not None and platform is not None:
        raise InputError("give either --store (a snapshot) or --platform (a generated store), not both")
    if store is not None:
        store_record = load_store(store)
        if books is None:
            books = books_beside(store)
        run_seed = None
    elif platform is not None:
        from harness.sources.generated import generate as generate_scenario

        scenario = generate_scenario(
            seed=seed, size=size, platform=platform, pathologies=parse_pathologies(pathology or [])
        )
        store_record, books_record, run_seed = scenario.store, scenario.books, seed
        del scenario
    else:
        raise InputError("nothing to check: give --store SNAPSHOT, or --platform P --seed N to generate one")
    if books is not None:
        books_record = load_books(books)
    if books_record is None:
        raise InputError("no books: give --books SNAPSHOT (a books.json)")
    from harness.sync.engine import Sides

    # handed over: the dry run lets go of a generated store once it has read it (no other reference stays here)
    sides = Sides(store_record, books_record)
    del store_record, books_record
    _run_and_report(sides, the_profile, fmt, output, fail_on, rehearse, plan, run_seed, jobs)


def _load_profile(path: Path | None) -> Any:
    from harness.sync.profile import DEFAULT_PROFILE, load_profile

    return load_profile(path) if path is not None else DEFAULT_PROFILE


def _run_and_report(
    sides: Any,
    profile: Any,
    fmt: str,
    output: Path | None,
    fail_on: str,
    rehearse: bool,
    plan: bool,
    seed: int | None,
    jobs: int | None = None,
) -> None:
    from harness.report.render import RENDERERS, render_chunks, write_report
    from harness.sync.engine import dry_run

    if fmt not in RENDERERS:
        raise InputError(f"--format {fmt!r}: choose one of {', '.join(RENDERERS)}")
    options: dict[str, Any] = {}
    if fmt == "junit":
        options["fail_on"] = "error" if fail_on in ("never", "info") else fail_on
    with progress_bar(err.is_terminal) as callback:
        result = dry_run(
            sides, profile=profile, rehearse=rehearse, include_plan_lines=plan, seed=seed, progress=callback, jobs=jobs
        )
    report = result.report
    if output is not None:
        write_report(report, fmt, output, **options)
        err.print(f"report written to {output}", highlight=False)
    elif fmt == "text":
        from harness.report.render_text import render_text

        out.print(render_text(report, width=out.width, color=out.is_terminal), end="", highlight=False, markup=False)
    else:
        for piece in render_chunks(report, fmt, **options):
            sys.stdout.buffer.write(piece)
        sys.stdout.flush()
    Teardown.skip = True
    raise typer.Exit(exit_code_for(report, fail_on))


def exit_code_for(report: Any, fail_on: str) -> int:
    """0 clean, 1 when a finding is at least as severe as ``fail_on``."""
    from harness.report.model import SEVERITY_RANK

    if fail_on == "never":
        return 0
    limit = SEVERITY_RANK[fail_on]
    return 1 if any(SEVERITY_RANK[f.severity] <= limit for f in report.findings) else 0


@app.command()
def demo(
    fmt: Annotated[str, typer.Option("--format", "-f", help="text|json|junit|md|html")] = "text",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the report here (atomically)")] = None,
    fail_on: Annotated[str, typer.Option(help="error|warning|info|never")] = "error",
) -> None:
    """Dry-run the built-in demo: a generated Shopify store (seed 7) with every problem injected."""
    from harness.sources.generated import DEMO_PATHOLOGIES
    from harness.sources.generated import generate as generate_scenario

    if fail_on not in FAIL_ON:
        raise InputError(f"--fail-on {fail_on!r}: choose one of {', '.join(FAIL_ON)}")
    scenario = generate_scenario(seed=7, size="small", platform="shopify", pathologies=dict(DEMO_PATHOLOGIES))
    from harness.sync.engine import Sides
    from harness.sync.profile import DEFAULT_PROFILE

    sides = Sides(scenario.store, scenario.books)
    del scenario
    _run_and_report(sides, DEFAULT_PROFILE, fmt, output, fail_on, True, False, 7)


report_app = typer.Typer(help="Work with saved reports.", no_args_is_help=True)
app.add_typer(report_app, name="report")


@report_app.command("diff")
def report_diff(
    old: Annotated[Path, typer.Argument(help="The earlier JSON report")],
    new: Annotated[Path, typer.Argument(help="The later JSON report")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text|json")] = "text",
) -> None:
    """Findings that appeared, disappeared or changed count between two JSON reports (exit 1 if any)."""
    from harness.report import diff as report_diff_module
    from harness.report.render_json import load_report

    changes = report_diff_module.diff_reports(load_report(old), load_report(new))
    if fmt == "json":
        sys.stdout.buffer.write(report_diff_module.render_diff_json(changes))
    elif fmt == "text":
        out.print(report_diff_module.render_diff_text(changes), end="", highlight=False, markup=False)
    else:
        raise InputError(f"--format {fmt!r}: choose text or json")
    raise typer.Exit(1 if changes.changed else 0)


@app.command("checks")
def list_checks(
    fmt: Annotated[str, typer.Option("--format", "-f", help="text|md")] = "text",
) -> None:
    """Every finding code: category, severity, the connector rule it implements, and the remedy."""
    from harness.sync.checks.catalogue import checks_markdown, checks_table

    if fmt == "md":
        out.print(checks_markdown(), end="", highlight=False, markup=False, soft_wrap=True)
    else:
        out.print(checks_table())


# Commands kept beside their feature; each module adds its commands to ``app`` when imported.
from harness import cli_audit, cli_recorded, cli_scenarios  # noqa: E402

__all__ = ["app", "cli_audit", "cli_recorded", "cli_scenarios", "main"]

if __name__ == "__main__":
    # run as ``python -m harness.cli``: this module is ``__main__``, and the feature modules above registered
    # their commands on the app of ``harness.cli`` proper, so that is the one to run
    from harness.cli import main as registered_main

    registered_main()
