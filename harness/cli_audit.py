"""Commands of the ``sync-sandbox`` CLI that live with their feature; registered on ``harness.cli.app``.

``apply`` is the reference connector (the plan performed into a sandbox only), ``audit``
compares what a connector wrote with the plan, ``shrink`` cuts a scenario down to a
minimal reproducer of one finding.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from harness.cli import app, err, out
from harness.errors import InputError


@app.command("apply")
def apply_command(
    scenario: Annotated[Path, typer.Argument(help="A scenario file (scenarios/*.yaml)")],
    sandbox: Annotated[
        str | None, typer.Option("--sandbox", help="Admin URL of a `sync-sandbox serve` of this scenario")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Apply to an in-process copy; write the books after (and a journal)"),
    ] = None,
) -> None:
    """Perform the dry run's plan into a sandbox (never anything else), as a reference connector."""
    from harness.scenarios import load_scenario
    from harness.sync.apply import (
        apply_in_process,
        apply_plan,
        connect_sandbox,
        journal_path,
        plan_context,
        request_records,
        save_journal,
    )

    if (sandbox is None) == (output is None):
        raise InputError("apply: give exactly one of --sandbox ADMIN_URL (a served sandbox) or -o STATE.json")
    if output is not None and output.is_dir():
        raise InputError(f"-o {output}: is a folder; name the books file to write, e.g. {output / 'after.json'}")
    materialised = load_scenario(scenario).materialise()
    ctx = plan_context(materialised.store, materialised.books, materialised.profile)
    if output is not None:
        from harness.model.snapshot import save

        applied = apply_in_process(ctx)
        journal = journal_path(output)
        with writing(output, "the books after apply"):
            save_journal(request_records(applied.journal), journal)
            save(applied.books, output)
        result = applied.result
        where = f"{output} (journal: {journal})"
    else:
        assert sandbox is not None
        _check_served_scenario(sandbox, materialised.name)
        target = connect_sandbox(sandbox)
        _warn_if_written(sandbox)
        result = apply_plan(ctx, target)
        where = f"the sandbox at {target.base_url}"
    out.print(f"applied the plan of {materialised.name} to {where}", highlight=False, markup=False)
    table = Table()
    for column in ("entity", "created", "refused"):
        table.add_column(column, justify="left" if column == "entity" else "right")
    for entity, row in result.counts().items():
        table.add_row(entity, str(row["created"]), str(row["refused"]))
    out.print(table)
    refused = [o for o in result.outcomes if not o.created]
    if refused:
        out.print(f"{len(refused)} write(s) refused, as the rehearsal predicts:", highlight=False)
        for o in refused:
            out.print(f"  {o.what}: {', '.join(o.codes)}", highlight=False, markup=False)


@app.command("audit")
def audit_command(
    scenario: Annotated[Path, typer.Argument(help="The scenario the connector synced (scenarios/*.yaml)")],
    state: Annotated[
        str, typer.Option("--state", help="Admin URL of the served sandbox, or a books file written by apply -o")
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text|json")] = "text",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the audit here (atomically)")] = None,
) -> None:
    """Compare the books after a connector ran with the plan: exit 0 when it did exactly what was predicted."""
    from harness.model.snapshot import write_atomic
    from harness.scenarios import load_scenario
    from harness.scenarios.audit import audit_books, read_state, render_json, render_text
    from harness.sync.apply import plan_context

    if fmt not in ("text", "json"):
        raise InputError(f"--format {fmt!r}: use text or json")
    if output is not None and output.is_dir():
        raise InputError(f"-o {output}: is a folder; name the file to write the audit to")
    materialised = load_scenario(scenario).materialise()
    if state.startswith(("http://", "https://")):
        _check_served_scenario(state, materialised.name)
    after, journal = read_state(state)
    ctx = plan_context(materialised.store, materialised.books, materialised.profile)
    report = audit_books(ctx, after, journal, scenario=materialised.name, state=state)
    if output is not None:
        with writing(output, "the audit"):
            write_atomic(output, render_json(report) if fmt == "json" else render_text(report, width=120).encode())
        err.print(f"wrote {output}", highlight=False)
    elif fmt == "json":
        sys.stdout.write(render_json(report).decode())
    else:
        sys.stdout.write(render_text(report, width=max(out.width, 120)))
    raise typer.Exit(0 if report.matches_plan else 1)


@contextmanager
def writing(target: Path, what: str) -> Iterator[None]:
    """A folder in the way or a full disk is the user's to fix: one line, not a traceback."""
    try:
        yield
    except OSError as exc:
        raise InputError(f"{target}: cannot write {what}: {exc.strerror or exc}") from None


def _check_served_scenario(admin_url: str, name: str) -> None:
    """A served sandbox of another scenario would make the audit compare two different stories."""
    from harness.scenarios.audit import served_scenario_name

    served = served_scenario_name(admin_url)
    if served is not None and served != name:
        raise InputError(f"{admin_url}: this sandbox serves scenario {served!r}, not {name!r}")


@app.command("shrink")
def shrink_command(
    scenario: Annotated[Path, typer.Argument(help="The scenario that shows the finding (scenarios/*.yaml)")],
    finding: Annotated[str, typer.Option("--finding", help="The finding code that must persist, e.g. SKU_DUPLICATE")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The smaller scenario (YAML); its snapshots are written beside it")
    ],
) -> None:
    """Remove records (delta debugging) while FINDING persists: a minimal reproducer for support."""
    from harness.cli import progress_bar
    from harness.scenarios import load_scenario
    from harness.scenarios.shrink import shrink_scenario

    loaded = load_scenario(scenario)
    with progress_bar(err.is_terminal) as tick, writing(output, "the smaller scenario"):
        result, written = shrink_scenario(loaded, finding.strip(), output, progress=tick)
    table = Table(title=f"shrink {loaded.name} for {result.code}", title_justify="left")
    for column in ("records", "before", "after"):
        table.add_column(column, justify="left" if column == "records" else "right")
    for kind, count in result.before.items():
        table.add_row(kind, str(count), str(result.after[kind]))
    out.print(table)
    for step in result.phases:
        out.print(f"  {step}", highlight=False, markup=False)
    out.print(
        f"{result.oracle_calls} oracle calls in {result.seconds:.2f} s; wrote {written.path} "
        f"(+ {output.stem}.store.json, {output.stem}.books.json)",
        highlight=False,
        markup=False,
    )


def _warn_if_written(admin_url: str) -> None:
    """The plan assumes the scenario's books: writes already taken would make the audit compare other books."""
    from harness.scenarios.audit import read_journal

    writes = sum(1 for r in read_journal(admin_url) if r.entity is not None)
    if writes:
        err.print(
            f"warning: this sandbox has already taken {writes} write(s); POST {admin_url.rstrip('/')}/_sandbox/reset "
            "first for a run the audit can compare with the plan",
            highlight=False,
            markup=False,
        )
