"""Rehearsal: perform the plan's writes against a throw-away copy of the books.

The static checks predict problems from rules; the rehearsal lets the simulated
QuickBooks Online itself say no — duplicate names (6240), duplicate document
numbers (6140), sales before an item's start date (6270), strings too long
(2050), forbidden characters (2040), inactive references (610) — exactly as it
would on go-live day. The copy lives in-process behind the write guard and is
discarded afterwards; nothing here can reach a real company.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from itertools import islice
from typing import Any

from requests.models import PreparedRequest

from harness.errors import HarnessError
from harness.model.books import Account
from harness.model.manifest import RecordRef
from harness.model.store import Customer, Order
from harness.platforms.quickbooks.client import BATCH_SIZE, QuickBooksClient, QuickBooksFault
from harness.platforms.registry import get_platform
from harness.sandbox.reading import with_client
from harness.sandbox.spawned import SpawnedEndpoint
from harness.sync.context import CheckContext, Rejection, customer_ref, order_ref, variant_ref
from harness.sync.matching import VariantMatch, line_match
from harness.sync.normalise import display_key
from harness.sync.rehearsal_worker import REHEARSAL_BASE_URL, REPLAY_WINDOW


@dataclass
class _Writes:
    """What the rehearsal created, so later writes can reference it."""

    item_ids: dict[str, str | None] = field(default_factory=dict)  # code (casefolded) -> Id, None if refused
    customer_ids: dict[str, str | None] = field(default_factory=dict)  # display key -> Id, None if refused
    rejections: list[Rejection] = field(default_factory=list)


#: sender(entity, bodies): one result per body, in order — the created entity, or the Fault that refused it
Sender = Callable[[str, Iterable[dict[str, Any]]], Iterator["dict[str, Any] | QuickBooksFault"]]


def rehearse(ctx: CheckContext) -> list[Rejection]:
    """The rehearsal against a company copy in this process."""
    spec = get_platform("quickbooks")
    # write-only: nothing reads the posted sales back, so the copy keeps them without their lines
    endpoint = spec.make_endpoint(ctx.books, write_only=True, replay_window=REPLAY_WINDOW)
    return with_client(
        spec, endpoint, lambda client: Rehearsal(ctx, client_sender(client)).run(), base_url=REHEARSAL_BASE_URL
    )


def rehearse_in_worker(
    ctx: CheckContext, worker: SpawnedEndpoint, on_round: Callable[[str], None] | None = None
) -> list[Rejection]:
    """The rehearsal against the company copy ``worker`` holds (harness.sync.rehearsal_worker): the same
    batch requests as :func:`client_sender` sends, several in flight at once. ``on_round`` is told the
    entity of each round as it starts."""
    client = QuickBooksClient(worker.base, worker.credentials())  # makes requests and reads answers; sends none

    def send(entity: str, bodies: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any] | QuickBooksFault]:
        pending = iter(bodies)
        sizes: deque[int] = deque()

        def requests() -> Iterator[PreparedRequest]:
            while chunk := list(islice(pending, BATCH_SIZE)):
                sizes.append(len(chunk))
                path, payload = client.batch_create(entity, chunk)
                yield client.prepare("POST", path, payload)

        for _, response in worker.exchange(requests()):
            yield from client.batch_results(entity, sizes.popleft(), client.decode("POST", response))

    return Rehearsal(ctx, send, on_round).run()


def client_sender(client: Any) -> Sender:
    """Batches of 30 through a QuickBooks client, one request at a time."""

    def send(entity: str, bodies: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any] | QuickBooksFault]:
        pending = iter(bodies)
        while chunk := list(islice(pending, BATCH_SIZE)):
            yield from client.create_many(entity, chunk)

    return send


@dataclass
class PlannedWrite:
    """One record the plan creates: its body as QuickBooks takes it, and the store records behind it."""

    key: str
    body: dict[str, Any]
    what: str
    refs: list[RecordRef]


class Rehearsal:
    """Three rounds of batched writes — items, then customers, then orders — as a connector posts them."""

    def __init__(self, ctx: CheckContext, sender: Sender, on_round: Callable[[str], None] | None = None) -> None:
        self.ctx = ctx
        self.sender = sender
        self.on_round = on_round
        self.writes = _Writes()
        self.accounts = _accounts(ctx.books.accounts)
        self.first_sale = _first_sale_dates(ctx)
        self.orders = [
            o
            for o in ctx.synced_orders
            # the connector skips a number it finds in the books as already synced (#30)
            if ctx.doc_number(o).strip().casefold() not in ctx.matching.index.doc_numbers
        ]

    def run(self) -> list[Rejection]:
        self.create_items()
        self.create_customers()
        self.post_orders()
        return self.writes.rejections

    # -- items -------------------------------------------------------------------------------------

    def create_items(self) -> None:
        self.writes.item_ids.update(self.send("Item", self.item_writes()))

    def item_writes(self) -> Iterator[PlannedWrite]:
        """One create per code, first come first made, as the sender takes them: the copy starts on the
        first batch while the rest are still being made."""
        seen: set[str] = set()
        for m in self.ctx.matching.variants:
            if m.outcome not in ("create", "auto-code"):
                continue
            code = m.code if m.code is not None else auto_code(m)
            key = code.strip().casefold()
            if key not in seen:
                seen.add(key)
                yield PlannedWrite(
                    key, self.item_body(code, m), f"item {code!r}", [variant_ref(m.product, m.variant, m.code)]
                )
        for order in self.orders:  # codes sold that no catalogue variant carries: created from the line (#27)
            for i, line in enumerate(order.lines):
                if line_match(self.ctx.matching, order, i) is None and line.sku and line.sku.strip():
                    key = line.sku.strip().casefold()
                    if key not in seen:
                        seen.add(key)
                        body: dict[str, Any] = {"Name": line.sku, "Type": "NonInventory"}
                        if self.accounts.get("income"):
                            body["IncomeAccountRef"] = {"value": self.accounts["income"]}
                        yield PlannedWrite(key, body, f"item {line.sku!r} (from an order line)", [order_ref(order)])

    def item_body(self, code: str, m: VariantMatch) -> dict[str, Any]:
        by_name = self.ctx.profile.books_match_field == "name"
        name = code if by_name else f"{m.product.title} {m.variant.title}".strip()
        body: dict[str, Any] = {"Name": name, "Description": m.product.title, "UnitPrice": str(m.variant.price)}
        if not by_name:
            body["Sku"] = code
        if self.accounts.get("income"):
            body["IncomeAccountRef"] = {"value": self.accounts["income"]}
        inventory = (
            self.ctx.profile.create_items_as == "inventory"
            and m.variant.inventory_tracked
            and self.ctx.books.preferences.inventory_tracking
        )
        if inventory:
            start = self.first_sale.get(m.variant.id) or self.ctx.books_today
            body.update(Type="Inventory", TrackQtyOnHand=True, QtyOnHand=0, InvStartDate=start.isoformat())
            if self.accounts.get("cogs"):
                body["ExpenseAccountRef"] = {"value": self.accounts["cogs"]}
            if self.accounts.get("asset"):
                body["AssetAccountRef"] = {"value": self.accounts["asset"]}
        else:
            body["Type"] = "NonInventory"
        return body

    # -- customers ---------------------------------------------------------------------------------

    def create_customers(self) -> None:
        ids = self.writes.customer_ids
        for m in self.ctx.matching.customers:
            if m.outcome == "match" and m.contact is not None:
                ids[display_key(m.display_name)] = m.contact.id
        ids.update(self.send("Customer", self.customer_writes()))

    def customer_writes(self) -> Iterator[PlannedWrite]:
        """One create per display name the books do not have yet, as the sender takes them."""
        seen: set[str] = set()
        for m in self.ctx.matching.customers:
            if m.outcome != "match":
                write = self._customer_write(
                    seen, m.pushed_name or m.display_name, m.customer, [customer_ref(m.customer)]
                )
                if write is not None:
                    yield write
        for order in self.orders:
            name, customer = self.customer_name(order)
            write = self._customer_write(seen, name, customer, [order_ref(order)])
            if write is not None:
                yield write

    def _customer_write(
        self, seen: set[str], name: str, customer: Customer | None, refs: list[RecordRef]
    ) -> PlannedWrite | None:
        key = display_key(name)
        if not key or key in seen or key in self.writes.customer_ids:
            return None
        seen.add(key)
        body: dict[str, Any] = {"DisplayName": name}
        if customer is not None:
            for wire_key, value in (
                ("GivenName", customer.first_name),
                ("FamilyName", customer.last_name),
                ("CompanyName", customer.company),
            ):
                if value:
                    body[wire_key] = value
            if customer.email:
                body["PrimaryEmailAddr"] = {"Address": customer.email}
            if customer.phone:
                body["PrimaryPhone"] = {"FreeFormNumber": customer.phone}
        return PlannedWrite(key, body, f"customer {name!r}", refs)

    def customer_name(self, order: Order) -> tuple[str, Customer | None]:
        """The contact an order posts to, by the profile's sales assignment (#7)."""
        profile = self.ctx.profile
        if profile.sales_assignment == "generic":
            return profile.generic_customer_name, None
        match = self.ctx.matching.customers_by_id.get(order.customer_id or "")
        if match is not None:
            return match.pushed_name or match.display_name, match.customer
        billing = order.billing
        first, last = (billing.first_name, billing.last_name) if billing else (None, None)
        name = " ".join(p for p in (first, last) if p) or order.email or "Guest"
        return name, Customer(id=f"guest:{order.id}", first_name=first, last_name=last, email=order.email)

    # -- orders ------------------------------------------------------------------------------------

    def post_orders(self) -> None:
        self.send(self.ctx.profile.document_type, self.order_writes())

    def order_writes(self) -> Iterator[PlannedWrite]:
        """Each order that can post, as the connector would post it, made only when its batch is sent."""
        home = self.ctx.books.preferences.home_currency.upper()
        for order in self.orders:
            customer_id = self.writes.customer_ids.get(display_key(self.customer_name(order)[0]))
            lines = self.order_lines(order)
            if customer_id is None or lines is None:
                continue  # a refused customer or item already explains why this order cannot post
            body: dict[str, Any] = {
                "DocNumber": self.ctx.doc_number(order),
                "TxnDate": order.created_at.date().isoformat(),
                "CustomerRef": {"value": customer_id},
                "Line": lines,
            }
            if order.currency.upper() != home:
                body["CurrencyRef"] = {"value": order.currency.upper()}
            yield PlannedWrite(order.id, body, f"order {order.number}", [order_ref(order)])

    def order_lines(self, order: Order) -> list[dict[str, Any]] | None:
        us = self.ctx.books.preferences.country == "US"
        out: list[dict[str, Any]] = []
        for i, line in enumerate(order.lines):
            item_id = self.item_for(order, i)
            if item_id is None:
                return None
            detail: dict[str, Any] = {
                "ItemRef": {"value": item_id},
                "Qty": line.quantity,
                "UnitPrice": str(line.unit_price),
            }
            tax_code = ("TAX" if line.taxes else "NON") if us else self.tax_code_for(line.taxes)
            if tax_code is not None:
                detail["TaxCodeRef"] = {"value": tax_code}
            out.append(
                {
                    "DetailType": "SalesItemLineDetail",
                    "Amount": str(line.unit_price * line.quantity),
                    "Description": line.title,
                    "SalesItemLineDetail": detail,
                }
            )
        discount = sum((ln.discount for ln in order.lines), Decimal(0)) + sum(
            (d.amount for d in order.discounts), Decimal(0)
        )
        if discount:
            out.append(
                {
                    "DetailType": "DiscountLineDetail",
                    "Amount": str(discount),
                    "DiscountLineDetail": {"PercentBased": False},
                }
            )
        return out

    def item_for(self, order: Order, index: int) -> str | None:
        m = line_match(self.ctx.matching, order, index)
        if m is not None and m.outcome in ("match", "fail") and m.item is not None:
            return m.item.id  # an inactive item too: QuickBooks answers 610, which the rehearsal reports
        if m is not None and m.outcome in ("create", "auto-code"):
            code = m.code if m.code is not None else auto_code(m)
            return self.writes.item_ids.get(code.strip().casefold())
        sku = order.lines[index].sku
        return self.writes.item_ids.get(sku.strip().casefold()) if sku and sku.strip() else None

    def tax_code_for(self, taxes: list[Any]) -> str | None:
        """The books code whose rates are exactly the line's (non-US companies need one per line, §12.2)."""
        wanted = tuple(sorted(t.rate.normalize() for t in taxes if t.rate))
        return self.tax_codes.get(wanted)

    @cached_property
    def tax_codes(self) -> dict[tuple[Decimal, ...], str]:
        books = self.ctx.books
        rates = {r.id: r.rate.normalize() for r in books.tax_rates if r.active}
        out: dict[tuple[Decimal, ...], str] = {}
        for code in books.tax_codes:
            if not code.active:
                continue
            have = tuple(sorted(rates[i] for i in code.sales_rate_ids if rates.get(i)))
            out.setdefault(have if code.taxable else (), code.id)
        return out

    # -- transport ---------------------------------------------------------------------------------

    def send(self, entity: str, writes: Iterable[PlannedWrite]) -> dict[str, str | None]:
        """Creates, in order; the Id of each created record by key, None where QuickBooks refused it.

        The bodies are made as the sender takes them, so neither they nor QuickBooks' answers (a
        quarter of a million invoices with their lines) are ever all held at once.
        """
        if self.on_round is not None:
            self.on_round(entity)
        out: dict[str, str | None] = {}
        sent: deque[PlannedWrite] = deque()

        def bodies() -> Iterator[dict[str, Any]]:
            for write in writes:
                sent.append(write)
                yield write.body

        for result in self.sender(entity, bodies()):
            write = sent.popleft()
            if isinstance(result, QuickBooksFault):
                self.refused(entity, write, result)
                out[write.key] = None
            else:
                out[write.key] = str(result.get("Id")) if result.get("Id") is not None else None
        if sent:
            raise HarnessError(f"rehearsal: {len(sent)} {entity} writes got no answer")
        return out

    def refused(self, entity: str, write: PlannedWrite, fault: QuickBooksFault) -> None:
        """One Rejection per error of the Fault (apply's one-by-one sender records them the same way)."""
        for code, message, detail, _element in fault.errors:
            self.writes.rejections.append(Rejection(entity, write.refs, write.what, code, message, detail))


def auto_code(m: VariantMatch) -> str:
    """The kind of code a connector invents for a product without one (#13): never the real item's."""
    return f"AUTO-{m.product.id}-{m.variant.id}"


def _accounts(accounts: list[Account]) -> dict[str, str]:
    out: dict[str, str] = {}
    for a in accounts:
        if not a.active:
            continue
        if a.type == "Income" and a.sub_type == "SalesOfProductIncome":
            out.setdefault("income", a.id)
        elif a.type == "Cost of Goods Sold":
            out.setdefault("cogs", a.id)
        elif a.type == "Other Current Asset" and a.sub_type == "Inventory":
            out.setdefault("asset", a.id)
    for a in accounts:
        if a.active and a.type == "Income":
            out.setdefault("income", a.id)
    return out


def _first_sale_dates(ctx: CheckContext) -> dict[str, date]:
    """Earliest order date per variant: a created inventory item must start no later (#46)."""
    out: dict[str, date] = {}
    for order in ctx.orders_in_window:
        day = order.created_at.date()
        for line in order.lines:
            if line.variant_id and (line.variant_id not in out or day < out[line.variant_id]):
                out[line.variant_id] = day
    return out
