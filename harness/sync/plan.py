"""The Plan: what a sync would do to each record — match, create, update, skip, fail — and why.

Like ``terraform plan``, the summary is what people read first; the lines are
there for whoever needs to know what happens to one particular record.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

from harness.model.manifest import RecordRef
from harness.report.model import Action, PlanLine, PlanSummary
from harness.sync.context import CheckContext, customer_ref, item_ref, order_ref, variant_ref
from harness.sync.matching import line_match
from harness.sync.normalise import display_key

_ITEM_ACTIONS: dict[str, Action] = {
    "match": "match",
    "create": "create",
    "auto-code": "create",
    "fail": "fail",
    "skip": "skip",
}


def build_plan(ctx: CheckContext) -> Iterator[PlanLine]:
    """Lines one by one: a summary never holds the hundreds of thousands of them at once."""
    yield from _item_lines(ctx)
    yield from _customer_lines(ctx)
    yield from _order_lines(ctx)
    yield from _tax_lines(ctx)


def summarise(lines: Iterable[PlanLine]) -> PlanSummary:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for line in lines:
        counts[line.kind][line.action] += 1
    return PlanSummary(counts={kind: dict(sorted(c.items())) for kind, c in sorted(counts.items())})


def _item_lines(ctx: CheckContext) -> Iterator[PlanLine]:
    for m in ctx.matching.variants:
        yield PlanLine(
            kind="item",
            action=_ITEM_ACTIONS[m.outcome],
            store=variant_ref(m.product, m.variant, m.code),
            books=item_ref(m.item) if m.item is not None else None,
            reason=m.reason,
        )


def _customer_lines(ctx: CheckContext) -> Iterator[PlanLine]:
    generic_done = False
    for m in ctx.matching.customers:
        if m.outcome == "generic":
            action: Action = "match" if generic_done else "create"
            generic_done = True
            reason = f"sales go to {m.display_name!r}"
        elif m.outcome == "match":
            action, reason = "match", m.reason
        elif m.outcome == "create-suffixed":
            action, reason = "create", f"{m.reason}; created as {m.pushed_name!r}"
        else:
            action, reason = "create", m.reason
        yield PlanLine(
            kind="customer",
            action=action,
            store=customer_ref(m.customer),
            books=RecordRef(kind="contact", id=m.contact.id, label=m.contact.display_name) if m.contact else None,
            reason=reason,
        )


def _order_lines(ctx: CheckContext) -> Iterator[PlanLine]:
    statuses = set(ctx.profile.sync_statuses)
    docs = ctx.matching.index.doc_numbers
    prefs = ctx.books.preferences
    for order in ctx.orders_in_window:
        action: Action = "create"
        reason = f"posted as {ctx.profile.document_type} {ctx.doc_number(order)}"
        if order.status not in statuses:
            action, reason = "skip", f"status {order.status} is not synced"
        elif ctx.doc_number(order).strip().casefold() in docs:
            action, reason = "skip", f"document number {ctx.doc_number(order)} already exists in the books"
        elif not prefs.multicurrency and order.currency.upper() != prefs.home_currency.upper():
            action, reason = "fail", f"currency {order.currency} with multicurrency off"
        else:
            for i in range(len(order.lines)):
                m = line_match(ctx.matching, order, i)
                if m is not None and m.outcome == "fail":
                    action, reason = "fail", f"line {order.lines[i].sku!r} references an inactive item"
                    break
        yield PlanLine(kind="order", action=action, store=order_ref(order), reason=reason)


def _tax_lines(ctx: CheckContext) -> Iterator[PlanLine]:
    known = ctx.books_tax_by_name
    seen: dict[tuple[str, str], bool] = {}
    for order in ctx.orders_in_window:
        for tl in order.tax_lines:
            rate = tl.rate.normalize()
            seen[(tl.name, str(rate))] = rate == 0 or known.get(display_key(tl.name)) == rate
    yield from (
        PlanLine(
            kind="tax",
            action="match" if ok else "fail",
            store=RecordRef(kind="tax_rate", id=name, label=f"{name} {rate}%"),
            reason="a books tax code has this name and rate" if ok else "no books tax code has this name and rate",
        )
        for (name, rate), ok in sorted(seen.items())
    )
