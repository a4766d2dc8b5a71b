"""Sales transactions (Invoice, SalesReceipt, CreditMemo, RefundReceipt) and Payment.

``prepare`` validates lines (6070 Amount ≠ Qty × UnitPrice, 6270 before an
item's start date, 2500/610 references), numbers the document (6140 is checked
by the company), regenerates the subtotal line, and computes tax and totals with
the company's tax model (§12: US TAX/NON per line + TxnTaxDetail, or non-US
TaxCodeRef per line). ``effects`` says how the document moves stock (§11) and
invoice balances (§4.6); the company applies the difference on every write.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from harness.platforms.quickbooks import faults
from harness.platforms.quickbooks.entities import ENTITIES, STOCK_DIRECTION
from harness.platforms.quickbooks.tables import Effects
from harness.platforms.quickbooks.validation import check_strings
from harness.platforms.quickbooks.values import dec, money, wire_number

if TYPE_CHECKING:
    from harness.platforms.quickbooks.company import Company
    from harness.platforms.quickbooks.tables import Row

ZERO = Decimal(0)
HUNDRED = Decimal(100)

#: what a non-US company says when a line has no tax code (§12.2)
_MISSING_TAX_TEXT = {
    "CA": "Make sure all your transactions have a GST/HST rate before you save.",
    "GB": "Make sure all your transactions have a VAT rate before you save.",
    "UK": "Make sure all your transactions have a VAT rate before you save.",
    "FR": "Make sure all your transactions have a VAT rate before you save.",
}


class SalesRules:
    def __init__(self, entity_name: str) -> None:
        self.entity = ENTITIES[entity_name]

    def prepare(self, company: Company, draft: Row, old: Row | None, include: frozenset[str]) -> Row:
        row = dict(draft)
        void = "void" in include
        name = self.entity.name
        check_strings(self.entity, row)
        if name in ("Invoice", "CreditMemo") and not row.get("CustomerRef"):
            raise faults.required_missing("CustomerRef")
        customer = None
        if row.get("CustomerRef"):
            customer = company.resolve_ref("Customer", row["CustomerRef"], "CustomerRef.value", allow_inactive=void)
        if "TxnDate" not in row:
            row["TxnDate"] = old.get("TxnDate") if old else company.today()
        self._number(company, row, old)
        for ref, target in (("DepositToAccountRef", "Account"), ("PaymentMethodRef", "PaymentMethod")):
            if row.get(ref):
                company.resolve_ref(target, row[ref], f"{ref}.value", allow_inactive=void)
        lines, subtotal, discounts = self._lines(company, row, void)
        total, tax_detail = self._tax(company, row, lines, subtotal - discounts)
        row["Line"] = lines
        row["TxnTaxDetail"] = tax_detail
        row["TotalAmt"] = wire_number(money(total))
        row.setdefault("CurrencyRef", {"value": company.home_currency})
        row.setdefault("PrintStatus", "NotSet")
        row.setdefault("EmailStatus", "NotSet")
        row.setdefault("ApplyTaxAfterDiscount", False)
        if customer is not None:
            for addr in ("BillAddr", "ShipAddr"):
                if addr not in row and isinstance(customer.get(addr), dict):
                    row[addr] = dict(customer[addr])
        if name == "Invoice":
            paid = ZERO
            if old is not None:
                paid = (dec(old.get("TotalAmt")) or ZERO) - (dec(old.get("Balance")) or ZERO)
            row["Balance"] = wire_number(money(total - paid))
            row.setdefault("DueDate", row["TxnDate"])
            row.setdefault("Deposit", 0)
            row.setdefault("LinkedTxn", [])
        elif name == "CreditMemo":
            row["Balance"] = row["TotalAmt"]
            row["RemainingCredit"] = row["TotalAmt"]
        else:
            row["Balance"] = 0
        if void:
            note = str(row.get("PrivateNote") or "")
            row["PrivateNote"] = note if note.startswith("Voided") else ("Voided - " + note if note else "Voided")
            row["Balance"] = 0
        return row

    def effects(self, company: Company, row: Row) -> Effects:
        """Stock moves of the document's inventory lines: sales reduce, credits add back (§11)."""
        direction = STOCK_DIRECTION[self.entity.name]
        out = Effects()
        items = company.tables["Item"].rows
        for line in row.get("Line", []):
            detail = line.get("SalesItemLineDetail")
            if not isinstance(detail, dict):
                continue
            item_id = str((detail.get("ItemRef") or {}).get("value", ""))
            item = items.get(item_id)
            if item is None or item.get("Type") != "Inventory":
                continue
            qty = dec(detail.get("Qty")) or ZERO
            out.stock[item_id] = out.stock.get(item_id, ZERO) + direction * qty
        return out

    # -- pieces ---------------------------------------------------------------------------------------

    def _number(self, company: Company, row: Row, old: Row | None) -> None:
        """DocNumber is the client's when custom numbers are on, the server's otherwise (§4.4)."""
        if company.custom_txn_numbers:
            return
        if old is not None and old.get("DocNumber"):
            row["DocNumber"] = old["DocNumber"]
            return
        table = company.tables[self.entity.name]
        key = f"doc:{self.entity.name}"
        if key not in company.sequences:
            numeric = [int(d) for d in table.by_doc if d.isdigit()]
            company.sequences[key] = max(numeric, default=1000) + 1
        row["DocNumber"] = str(company.next_sequence(key, 1001))

    def _lines(self, company: Company, row: Row, void: bool) -> tuple[list[Row], Decimal, Decimal]:
        raw = row.get("Line")
        if not isinstance(raw, list) or not raw:
            raise faults.required_missing("Line")
        item_lines: list[Row] = []
        discount_lines: list[Row] = []
        subtotal = ZERO
        for line in raw:
            if not isinstance(line, dict):
                raise faults.invalid_property("Line must be an object", "Line")
            kind = line.get("DetailType")
            if kind == "SubTotalLineDetail":
                continue  # regenerated below
            if kind == "DiscountLineDetail":
                discount_lines.append(dict(line))
                continue
            out = dict(line)
            description = out.get("Description")
            if isinstance(description, str) and len(description) > 4000:
                raise faults.string_length("Line.Description", 4000, len(description))
            if kind == "SalesItemLineDetail":
                self._sales_line(company, row, out, void)
            elif kind in ("DescriptionOnly", "GroupLineDetail"):
                out.setdefault("Amount", 0)
            else:
                raise (
                    faults.required_missing("Line.DetailType")
                    if not kind
                    else faults.invalid_enumeration(str(kind), "Line.DetailType")
                )
            if void:
                out["Amount"] = 0
            amount = dec(out.get("Amount")) or ZERO
            out["Amount"] = wire_number(amount)
            subtotal += amount
            item_lines.append(out)
        if not item_lines:
            raise faults.required_missing("Line")
        lines: list[Row] = []
        for number, line in enumerate(item_lines, start=1):
            line["Id"] = str(number)
            line["LineNum"] = number
            lines.append(line)
        lines.append(
            {"Amount": wire_number(money(subtotal)), "DetailType": "SubTotalLineDetail", "SubTotalLineDetail": {}}
        )
        discounts = ZERO
        for line in discount_lines:
            detail = line.get("DiscountLineDetail") or {}
            if detail.get("PercentBased") is True and dec(detail.get("DiscountPercent")) is not None:
                amount = money(subtotal * (dec(detail.get("DiscountPercent")) or ZERO) / HUNDRED)
            else:
                amount = dec(line.get("Amount")) or ZERO
            if void:
                amount = ZERO
            if isinstance(detail.get("DiscountAccountRef"), dict):
                company.resolve_ref("Account", detail["DiscountAccountRef"], "DiscountAccountRef.value")
            line["Amount"] = wire_number(amount)
            discounts += amount
            lines.append(line)
        return lines, subtotal, discounts

    def _sales_line(self, company: Company, row: Row, line: Row, void: bool) -> None:
        detail = dict(line.get("SalesItemLineDetail") or {})
        line["SalesItemLineDetail"] = detail
        qty, price = dec(detail.get("Qty")), dec(detail.get("UnitPrice"))
        # python-quickbooks sends Qty 0 / UnitPrice 0 for "not set": treat as not supplied (§4.4)
        if qty == 0:
            qty = None
            detail.pop("Qty", None)
        if price == 0 and qty is None:
            price = None
            detail.pop("UnitPrice", None)
        detail.pop("TaxInclusiveAmt", None)
        amount = dec(line.get("Amount"))
        if amount is None:
            if qty is None or price is None:
                raise faults.required_missing("Line.Amount")
            amount = money(qty * price)
        elif qty is not None and price is not None and price != 0 and abs(qty * price - amount) >= Decimal("0.005"):
            raise faults.amount_incorrect(_plain(line.get("Amount")))
        elif qty is not None and (price is None or price == 0) and amount != 0:
            price = money(amount / qty) if (amount / qty) == money(amount / qty) else amount / qty
        line["Amount"] = wire_number(amount)
        if qty is not None:
            detail["Qty"] = wire_number(ZERO if void else qty)
        if price is not None:
            detail["UnitPrice"] = wire_number(price)
        if detail.get("ItemRef"):
            item = company.resolve_ref(
                "Item", detail["ItemRef"], "Line.SalesItemLineDetail.ItemRef.value", allow_inactive=void
            )
            start = item.get("InvStartDate")
            if item.get("Type") == "Inventory" and start and str(row["TxnDate"]) < str(start) and not void:
                raise faults.prior_to_start_date(str(item.get("Name")))
        self._line_tax_code(company, detail)
        if isinstance(detail.get("ClassRef"), dict):
            detail["ClassRef"].pop("type", None)

    @staticmethod
    def _line_tax_code(company: Company, detail: Row) -> None:
        ref = detail.get("TaxCodeRef")
        element = "Line.SalesItemLineDetail.TaxCodeRef"
        if company.is_us:
            if ref is None:
                return
            value = str(ref.get("value", "")) if isinstance(ref, dict) else ""
            if value.upper() not in ("TAX", "NON"):
                raise faults.invalid_line_tax_code_us()
            detail["TaxCodeRef"] = {"value": value.upper()}
            return
        if not isinstance(ref, dict) or not ref.get("value"):
            text = _MISSING_TAX_TEXT.get(company.country.upper(), "Make sure all your transactions have a tax rate.")
            raise faults.business_validation(text, element)
        company.resolve_ref("TaxCode", ref, f"{element}.value")

    def _tax(self, company: Company, row: Row, lines: list[Row], net_total: Decimal) -> tuple[Decimal, Row]:
        """(TotalAmt, TxnTaxDetail) in the company's tax model (§12)."""
        given = row.get("TxnTaxDetail")
        requested: Row = given if isinstance(given, dict) else {}
        item_lines = [ln for ln in lines if ln.get("DetailType") == "SalesItemLineDetail"]
        if company.is_us:
            return self._us_tax(company, requested, item_lines, net_total)
        mode = row.setdefault("GlobalTaxCalculation", "TaxExcluded")
        if mode not in ("TaxExcluded", "TaxInclusive", "NotApplicable"):
            raise faults.invalid_enumeration(str(mode), "GlobalTaxCalculation")
        if mode == "NotApplicable":
            return net_total, {"TotalTax": 0}
        by_rate: dict[str, tuple[Decimal, Decimal]] = {}  # rate id -> (percent, net)
        inclusive = mode == "TaxInclusive"
        total_tax = ZERO
        for line in item_lines:
            code = company.get("TaxCode", str(line["SalesItemLineDetail"]["TaxCodeRef"]["value"])) or {}
            rates = self._rates(company, code)
            amount = dec(line.get("Amount")) or ZERO
            combined = sum((r for _, r in rates), ZERO)
            net = amount / (1 + combined / HUNDRED) if inclusive and combined else amount
            if inclusive:
                line["SalesItemLineDetail"]["TaxInclusiveAmt"] = wire_number(amount)
            for rate_id, percent in rates:
                known = by_rate.get(rate_id, (percent, ZERO))
                by_rate[rate_id] = (percent, known[1] + net)
        tax_lines = []
        for rate_id, (percent, net) in by_rate.items():
            tax = money(net * percent / HUNDRED)
            total_tax += tax
            tax_lines.append(_tax_line(company, rate_id, percent, money(net), tax))
        total = net_total if inclusive else net_total + total_tax
        return total, {"TotalTax": wire_number(total_tax), "TaxLine": tax_lines} if tax_lines else {"TotalTax": 0}

    def _us_tax(self, company: Company, requested: Row, lines: list[Row], net_total: Decimal) -> tuple[Decimal, Row]:
        if company.automated_sales_tax:
            # AST computes from addresses, which the simulator does not model; a client-sent TotalTax
            # is the documented override and is kept (§12.1) [inf]
            override = dec(requested.get("TotalTax"))
            tax = money(override) if override is not None else ZERO
            return net_total + tax, {"TotalTax": wire_number(tax)}
        ref = requested.get("TxnTaxCodeRef")
        if not isinstance(ref, dict) or not ref.get("value"):
            return net_total, {"TotalTax": 0}
        code = company.resolve_ref("TaxCode", ref, "TxnTaxDetail.TxnTaxCodeRef.value")
        taxable = sum(
            (
                dec(ln.get("Amount")) or ZERO
                for ln in lines
                if str((ln["SalesItemLineDetail"].get("TaxCodeRef") or {}).get("value", "")) == "TAX"
            ),
            ZERO,
        )
        tax_lines, total_tax = [], ZERO
        for rate_id, percent in self._rates(company, code):
            tax = money(taxable * percent / HUNDRED)
            total_tax += tax
            tax_lines.append(_tax_line(company, rate_id, percent, money(taxable), tax))
        detail: Row = {"TxnTaxCodeRef": {"value": ref["value"]}, "TotalTax": wire_number(total_tax)}
        if tax_lines:
            detail["TaxLine"] = tax_lines
        return net_total + total_tax, detail

    @staticmethod
    def _rates(company: Company, code: Row) -> list[tuple[str, Decimal]]:
        out = []
        for detail in (code.get("SalesTaxRateList") or {}).get("TaxRateDetail", []):
            rate_id = str((detail.get("TaxRateRef") or {}).get("value", ""))
            rate = company.get("TaxRate", rate_id)
            if rate is not None:
                out.append((rate_id, dec(rate.get("RateValue")) or ZERO))
        return out


def _tax_line(company: Company, rate_id: str, percent: Decimal, net: Decimal, tax: Decimal) -> Row:
    rate = company.get("TaxRate", rate_id) or {}
    return {
        "Amount": wire_number(tax),
        "DetailType": "TaxLineDetail",
        "TaxLineDetail": {
            "TaxRateRef": {"value": rate_id, "name": rate.get("Name", "")},
            "PercentBased": True,
            "TaxPercent": wire_number(percent),
            "NetAmountTaxable": wire_number(net),
        },
    }


def _plain(value: Any) -> str:
    number = dec(value)
    return str(wire_number(number)) if number is not None else str(value)


class PaymentRules:
    """§4.6: TotalAmt and CustomerRef required; lines link invoices and reduce their Balance."""

    entity = ENTITIES["Payment"]

    def prepare(self, company: Company, draft: Row, old: Row | None, include: frozenset[str]) -> Row:
        row = dict(draft)
        void = "void" in include
        check_strings(self.entity, row)
        if dec(row.get("TotalAmt")) is None:
            raise faults.required_missing("TotalAmt")
        if not row.get("CustomerRef"):
            raise faults.required_missing("CustomerRef")
        company.resolve_ref("Customer", row["CustomerRef"], "CustomerRef.value", allow_inactive=void)
        if company.country.upper() == "FR" and not row.get("PaymentRefNum"):
            raise faults.required_missing("PaymentRefNum")
        for ref, target in (("DepositToAccountRef", "Account"), ("PaymentMethodRef", "PaymentMethod")):
            if row.get(ref):
                company.resolve_ref(target, row[ref], f"{ref}.value", allow_inactive=void)
        if "TxnDate" not in row:
            row["TxnDate"] = old.get("TxnDate") if old else company.today()
        total = ZERO if void else dec(row["TotalAmt"]) or ZERO
        applied = ZERO
        lines = []
        for line in row.get("Line", []):
            out = dict(line)
            amount = ZERO if void else dec(out.get("Amount")) or ZERO
            for link in out.get("LinkedTxn", []):
                txn_id = str(link.get("TxnId", ""))
                if link.get("TxnType") == "Invoice" and company.get("Invoice", txn_id) is None:
                    raise faults.txn_cannot_be_linked(txn_id)
            out["Amount"] = wire_number(amount)
            applied += amount
            lines.append(out)
        if lines:
            row["Line"] = lines
        row["TotalAmt"] = wire_number(money(total))
        row["UnappliedAmt"] = wire_number(money(total - applied))
        row.setdefault("CurrencyRef", {"value": company.home_currency})
        if void:
            note = str(row.get("PrivateNote") or "")
            row["PrivateNote"] = note if note.startswith("Voided") else ("Voided - " + note if note else "Voided")
        return row

    def effects(self, company: Company, row: Row) -> Effects:
        out = Effects()
        for line in row.get("Line", []):
            amount = dec(line.get("Amount")) or ZERO
            for link in line.get("LinkedTxn", []):
                if link.get("TxnType") == "Invoice":
                    txn_id = str(link.get("TxnId"))
                    out.balances[txn_id] = out.balances.get(txn_id, ZERO) - amount
        return out
