"""Commands of the ``sync-sandbox`` CLI that live with their feature; registered on ``harness.cli.app``.

``record`` reads a store and its QuickBooks company into a recording folder; ``scrub`` makes a
pseudonymised copy of one. Both are thin: the work is in ``harness.sources.recorded``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from harness.cli import app, err
from harness.errors import InputError


def parse_credentials(values: list[str], option: str) -> dict[str, str]:
    """``KEY=VALUE`` pairs; a value may itself hold ``=``."""
    result: dict[str, str] = {}
    for raw in values:
        key, sep, value = raw.partition("=")
        if not sep or not key.strip():
            raise InputError(f"{option} {key.strip() or raw!r}=...: give KEY=VALUE")
        result[key.strip()] = value
    return result


@app.command()
def record(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="New folder for store.yaml, books.yaml, recording.json")
    ],
    platform: Annotated[str | None, typer.Option(help="Store platform (shopify, woocommerce, ...)")] = None,
    url: Annotated[str | None, typer.Option(help="The store's API base URL")] = None,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="SYNC_SANDBOX_STORE_TOKEN",
            show_envvar=True,
            help="The store's access token (shortcut for --credential access_token=...; the environment "
            "variable keeps it out of shell history)",
        ),
    ] = None,
    credential: Annotated[
        list[str] | None, typer.Option("--credential", help="KEY=VALUE the store's client needs, repeatable")
    ] = None,
    books_url: Annotated[str | None, typer.Option(help="QuickBooks Online API base URL")] = None,
    realm: Annotated[str | None, typer.Option(help="QuickBooks company (realm) id")] = None,
    books_token: Annotated[
        str | None,
        typer.Option(envvar="SYNC_SANDBOX_BOOKS_TOKEN", show_envvar=True, help="QuickBooks OAuth access token"),
    ] = None,
    books_credential: Annotated[
        list[str] | None, typer.Option("--books-credential", help="KEY=VALUE the QuickBooks client needs, repeatable")
    ] = None,
    pseudonymise: Annotated[
        bool, typer.Option("--pseudonymise", help="Also replace names, emails, phones and addresses (consistently)")
    ] = False,
    seed: Annotated[int | None, typer.Option(help="Seed of the pseudonyms: same seed, same stand-ins")] = None,
) -> None:
    """Read a store and its QuickBooks company (GET only) into cassettes without secrets or sensitive data."""
    from harness.sources.recorded import Target
    from harness.sources.recorded import record as record_recording

    store = None
    if platform is not None or url is not None:
        if platform is None or url is None:
            raise InputError("give both --platform and --url for the store")
        creds = parse_credentials(credential or [], "--credential")
        if token is not None:
            creds.setdefault("access_token", token)
        store = Target(platform, url, creds)
    books = None
    if books_url is not None:
        creds = parse_credentials(books_credential or [], "--books-credential")
        if realm is not None:
            creds["realm_id"] = realm
        if books_token is not None:
            creds["access_token"] = books_token
        if "realm_id" not in creds:
            raise InputError("--books-url needs --realm (the QuickBooks company id)")
        books = Target("quickbooks", books_url, creds)
    if seed is not None and not pseudonymise:
        raise InputError("--seed only matters with --pseudonymise")
    result = record_recording(output, store=store, books=books, pseudonymise=pseudonymise, seed=seed)
    counts = ", ".join(f"{s.cassette}: {s.interactions} interactions" for s in (result.store, result.books) if s)
    err.print(f"recorded {output} ({counts})", highlight=False)


@app.command()
def scrub(
    recording: Annotated[Path, typer.Argument(help="A recording folder (written by record)")],
    output: Annotated[Path, typer.Option("-o", "--output", help="New folder for the pseudonymised copy")],
    seed: Annotated[int | None, typer.Option(help="Seed of the pseudonyms: same seed, same stand-ins")] = None,
) -> None:
    """Pseudonymise an existing recording: names, emails, phones and addresses replaced consistently."""
    from harness.sources.recorded import scrub_recording

    result = scrub_recording(recording, output, seed=seed)
    replaced = ", ".join(f"{k} {v}" for k, v in sorted(result.scrubbed.items())) or "nothing"
    err.print(f"wrote {output} (replaced: {replaced})", highlight=False)
