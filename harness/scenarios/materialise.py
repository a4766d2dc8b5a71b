"""Turn a scenario's sources into the Store, Books and Profile a dry run (or a sandbox) needs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from harness.errors import InputError
from harness.model.books import Books
from harness.model.manifest import Manifest
from harness.model.store import Store
from harness.sync.profile import DEFAULT_PROFILE, Profile, load_profile

if TYPE_CHECKING:
    from harness.scenarios.loader import Scenario


@dataclass(frozen=True)
class Materialised:
    name: str
    store: Store
    books: Books
    profile: Profile
    #: the ground truth of a generated store; None for snapshots, cassettes and exports
    manifest: Manifest | None = None
    #: the generator's seed, echoed in the report (None when nothing was generated)
    seed: int | None = None


def materialise(scenario: Scenario) -> Materialised:
    spec = scenario.spec
    manifest: Manifest | None = None
    seed: int | None = None
    books: Books | None = None
    generated = spec.store.generated
    if generated is not None:
        from harness.sources.generated import generate
        from harness.sources.generated.sizes import Counts

        size = generated.size if isinstance(generated.size, str) else Counts(**msgspec.structs.asdict(generated.size))
        result = generate(
            seed=generated.seed,
            size=size,
            platform=generated.platform,
            pathologies=generated.pathologies,
            match_field=generated.match_field,
        )
        store, books, manifest, seed = result.store, result.books, result.manifest, generated.seed
    else:
        store = _load_side(scenario, "store")
    if spec.books is not None:
        books = _load_side(scenario, "books")
    elif books is None:
        books = _books_beside_store(scenario)
    return Materialised(
        name=scenario.name, store=store, books=books, profile=scenario_profile(scenario), manifest=manifest, seed=seed
    )


def _load_side(scenario: Scenario, side: str) -> Any:
    from harness.sources.imports import load_books, load_store

    source = scenario.spec.store if side == "store" else scenario.spec.books
    assert source is not None
    kind = next(k for k in ("snapshot", "cassette", "export") if getattr(source, k, None) is not None)
    path = scenario.resolve(getattr(source, kind))
    try:
        return load_store(path) if side == "store" else load_books(path)
    except InputError as exc:
        raise InputError(f"{scenario.where(side, kind)}: {exc}") from None


def _books_beside_store(scenario: Scenario) -> Books:
    from harness.sources.imports import books_beside, load_books

    store = scenario.spec.store
    relative = store.snapshot or store.cassette or store.export
    beside: Path | None = books_beside(scenario.resolve(relative)) if relative else None
    if beside is None:
        raise InputError(f"{scenario.where('store')}: no books beside this store; add books:")
    try:
        return load_books(beside)
    except InputError as exc:
        raise InputError(f"{scenario.where('store')}: {exc}") from None


def scenario_profile(scenario: Scenario) -> Profile:
    profile = scenario.spec.profile
    if profile is None:
        return DEFAULT_PROFILE
    if isinstance(profile, str):
        try:
            return load_profile(scenario.resolve(profile))
        except InputError as exc:
            raise InputError(f"{scenario.where('profile')}: {exc}") from None
    merged = {**msgspec.to_builtins(DEFAULT_PROFILE), **profile}
    try:
        return msgspec.convert(merged, Profile, str_keys=True)
    except msgspec.ValidationError as exc:
        text = str(exc).replace("`", "")
        message, _, at = text.partition(" - at $.")
        key = at.split(".", 1)[0].split("[", 1)[0] if at else ""
        where = scenario.where("profile", key) if key else scenario.where("profile")
        if message.startswith("Object contains unknown field "):
            name = message.removeprefix("Object contains unknown field ")
            where = scenario.where("profile", name)
            message = f"unknown setting; known settings: {', '.join(Profile.__struct_fields__)}"
        elif message.startswith("Invalid enum value") and key:
            from harness.sync.profile import _allowed_values

            message += f"; expected one of: {', '.join(_allowed_values(key))}"
        raise InputError(f"{where}: {message[:1].lower()}{message[1:]}") from None
