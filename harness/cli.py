"""The ``sync-sandbox`` command line: thin wrappers over the library.

Every user mistake surfaces as a HarnessError, printed as one line on stderr
with exit status 2; a traceback means a bug in sync-sandbox.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

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


def main() -> None:
    try:
        app()
    except HarnessError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)


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
        TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True,
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
    size: Annotated[str, typer.Option(help="tiny|small|medium|large or products=N,customers=N,orders=N")] = "small",
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
def inspect(path: Annotated[Path, typer.Argument(help="A snapshot file, or a folder written by generate")]) -> None:
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


@app.command()
def demo(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Also keep the demo snapshots here")] = None,
) -> None:
    """Generate the built-in demo store (every pathology, seed 7) and inspect it."""
    import tempfile

    from harness.sources.generated import DEMO_PATHOLOGIES
    from harness.sources.generated import generate as generate_scenario

    scenario = generate_scenario(seed=7, size="small", platform="shopify", pathologies=dict(DEMO_PATHOLOGIES))
    with tempfile.TemporaryDirectory() as tmp:
        folder = output or Path(tmp) / "demo"
        write_scenario(folder, scenario.store, scenario.books, scenario.manifest)
        render_inspection(inspect_path(folder))


if __name__ == "__main__":
    main()
