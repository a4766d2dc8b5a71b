"""What a platform's native fields cannot carry, kept beside them so a round trip is lossless.

A wire mapping turns a canonical record into the platform's shape and back.
Some canonical facts have no home there (a variant title on BigCommerce, a
second stock location behind Magento's legacy ``stock_item``, microseconds in
an RFC 2822 date). Rather than hand-write a projection per field, the mapping
*measures* the loss: it decodes its own output, diffs that against the
original, and stores the diff in a place the platform does have for such data
(BigCommerce metafields, Magento custom or extension attributes;
store-apis.md §7.4 "one canonical store model, projected per platform").
A reader decodes the native fields and applies the diff.

The diff is fine-grained so a single odd variant or order line does not drag
its whole record along: nested records are diffed field by field, and lists of
records of equal length element by element.

Encoding (JSON-able)::

    {"field": {"=": <whole canonical value>},
     "nested": {"~": {<diff of the nested record>}},
     "items": {"[]": {"3": {<diff of element 3>}}}}
"""

from __future__ import annotations

import functools
from typing import Any, TypeVar

import msgspec

R = TypeVar("R", bound=msgspec.Struct)

Remainder = dict[str, Any]


def remainder(original: msgspec.Struct, rebuilt: msgspec.Struct) -> Remainder:
    """The fields of ``original`` that ``rebuilt`` (decoded from the wire) got wrong, as a patch."""
    out: Remainder = {}
    for name in original.__struct_fields__:
        want = getattr(original, name)
        got = getattr(rebuilt, name)
        if _same(want, got):
            continue
        if isinstance(want, msgspec.Struct) and type(want) is type(got):
            out[name] = {"~": remainder(want, got)}
        elif _records_alike(want, got):
            out[name] = {
                "[]": {
                    str(i): remainder(a, b) for i, (a, b) in enumerate(zip(want, got, strict=True)) if not _same(a, b)
                }
            }
        else:
            out[name] = {"=": msgspec.to_builtins(want)}
    return out


def apply_remainder(rebuilt: R, patch: Remainder | None) -> R:
    """``rebuilt`` with a patch from :func:`remainder` applied; unknown fields are an error, not ignored.

    A nested patch whose target is not there any more (the reader saw less than
    the writer measured: a list came back shorter because a scope was missing,
    a record is now ``None``) is skipped: the native value stands.
    """
    if not patch:
        return rebuilt
    types = _field_types(type(rebuilt))
    changes: dict[str, Any] = {}
    for name, op in patch.items():
        if name not in types:
            raise ValueError(f"remainder names unknown field {type(rebuilt).__name__}.{name}")
        current = getattr(rebuilt, name)
        if "=" in op:
            changes[name] = msgspec.convert(op["="], types[name])
        elif "~" in op:
            if isinstance(current, msgspec.Struct):
                changes[name] = apply_remainder(current, op["~"])
        elif "[]" in op and isinstance(current, list):
            items = list(current)
            for index, sub in op["[]"].items():
                i = int(index)
                if i < len(items) and isinstance(items[i], msgspec.Struct):
                    items[i] = apply_remainder(items[i], sub)
            changes[name] = items
    return msgspec.structs.replace(rebuilt, **changes)


@functools.cache
def _field_types(cls: type[msgspec.Struct]) -> dict[str, Any]:
    """Field name -> type, resolved once per class (resolving annotations is slow)."""
    return {f.name: f.type for f in msgspec.structs.fields(cls)}


def _same(a: Any, b: Any) -> bool:
    # Decimal("1.50") == Decimal("1.5"): equal for the Store's own ``==`` too, so no patch needed.
    return bool(a == b) and type(a) is type(b)


def _records_alike(a: Any, b: Any) -> bool:
    return (
        isinstance(a, list)
        and isinstance(b, list)
        and len(a) == len(b) > 0
        and all(isinstance(x, msgspec.Struct) and type(x) is type(y) for x, y in zip(a, b, strict=True))
    )
