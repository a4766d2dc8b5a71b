"""The shape of a scenario file, as msgspec Structs: one definition gives validation and the JSON Schema.

The Structs check types and unknown keys; what a type cannot say (exactly one
store source, known pathology and finding codes, files that exist) is checked
by the loader, which also knows the line of every key.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from harness.model.store import Platform


class SizeCounts(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """An explicit size; all three counts are required so a file means exactly what it says."""

    products: int
    customers: int
    orders: int
    #: about how many variants in all (``Counts.variants``); absent: the catalogue's own mix
    variants: int | None = None


class GeneratedStore(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    platform: Platform
    seed: int = 1
    #: a preset (tiny, small, medium, large), "products=N,customers=N,orders=N", or a mapping of the three
    size: str | SizeCounts = "tiny"
    #: pathology name -> rate (a fraction in 0..1) or count (a whole number >= 1)
    pathologies: dict[str, float] = msgspec.field(default_factory=dict)
    #: the books field the generated books key their items by (the generator's own knob)
    match_field: Literal["name", "sku"] = "name"


class StoreSource(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Exactly one of these; paths are relative to the scenario file."""

    generated: GeneratedStore | None = None
    snapshot: str | None = None
    cassette: str | None = None
    export: str | None = None


class BooksSource(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Exactly one of these; paths are relative to the scenario file."""

    snapshot: str | None = None
    cassette: str | None = None
    export: str | None = None


class FindingExpectations(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    #: codes that must appear at least once
    present: list[str] = msgspec.field(default_factory=list)
    #: codes that must not appear at all
    absent: list[str] = msgspec.field(default_factory=list)
    #: code -> exact number of findings with that code (0 is the same as listing it under absent)
    counts: dict[str, int] = msgspec.field(default_factory=dict)


class Expectations(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    findings: FindingExpectations = msgspec.field(default_factory=FindingExpectations)
    #: plan kind (item, customer, order, tax) -> action (match, create, update, skip, fail) -> count
    plan: dict[str, dict[str, int]] = msgspec.field(default_factory=dict)
    #: the dry-run exit status with --fail-on error: 1 when any error-severity finding, else 0
    exit: Literal[0, 1] | None = None


class ScenarioSpec(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A scenario file: where the store and books come from, which rules apply, and what must be found."""

    store: StoreSource
    expect: Expectations
    #: defaults to the file name without .yaml
    name: str | None = None
    description: str = ""
    #: pytest markers for ``-m`` selection
    markers: list[str] = msgspec.field(default_factory=list)
    #: optional for generated stores, which bring their own books
    books: BooksSource | None = None
    #: inline overrides of the default (OneSaas) profile, or the path of a profile YAML
    profile: str | dict[str, Any] | None = None


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file (harness/scenarios/scenario.schema.json is this, written out)."""
    schema: dict[str, Any] = msgspec.json.schema(ScenarioSpec)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "sync-sandbox scenario"
    return schema
