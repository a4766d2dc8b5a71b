"""Regions the generated customers live in, with the sales taxes a store charges there.

Hand-written rather than drawn from Faker because tax has to agree with the
address: a Québec customer pays GST 5 % + QST 9.975 %, an Ontario one HST 13 %,
an Oregon one nothing. The rates are the 2026 statutory state/provincial rates
(no county or city add-ons: those belong to an automatic tax provider).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Tax:
    """One sales tax a store can charge; ``id`` doubles as the store TaxRate id."""

    id: str
    name: str
    rate: Decimal
    country: str
    region: str | None
    jurisdiction: str
    shipping: bool


@dataclass(frozen=True)
class Region:
    """A state or province: cities, postal and phone prefixes and taxes that agree with each other."""

    country: str
    code: str
    name: str
    cities: tuple[str, ...]
    #: US: two-digit ZIP prefixes; CA: the first letters of the postal codes
    postal_prefixes: tuple[str, ...]
    area_codes: tuple[str, ...]
    taxes: tuple[Tax, ...]


def _us(
    code: str, name: str, rate: str, cities: tuple[str, ...], zips: tuple[str, ...], areas: tuple[str, ...]
) -> Region:
    taxes: tuple[Tax, ...] = ()
    if Decimal(rate):
        taxes = (Tax(f"us-{code.lower()}", f"{code} State Tax", Decimal(rate), "US", code, name, False),)
    return Region("US", code, name, cities, zips, areas, taxes)


GST = Tax("ca-gst", "GST", Decimal("5"), "CA", None, "Canada", True)
QST = Tax("ca-qc-qst", "QST", Decimal("9.975"), "CA", "QC", "Québec", True)
HST_ON = Tax("ca-on-hst", "HST ON", Decimal("13"), "CA", "ON", "Ontario", True)
HST_NS = Tax("ca-ns-hst", "HST NS", Decimal("14"), "CA", "NS", "Nova Scotia", True)
PST_BC = Tax("ca-bc-pst", "PST BC", Decimal("7"), "CA", "BC", "British Columbia", False)
RST_MB = Tax("ca-mb-rst", "RST MB", Decimal("7"), "CA", "MB", "Manitoba", False)

US_REGIONS: tuple[Region, ...] = (
    _us("CA", "California", "7.25", ("Los Angeles", "San Diego", "San Jose", "Sacramento", "Oakland"),
        ("90", "91", "92", "94", "95"), ("213", "310", "415", "619", "916")),
    _us("NY", "New York", "4", ("New York", "Buffalo", "Rochester", "Albany", "Brooklyn"),
        ("10", "11", "12", "14"), ("212", "718", "518", "716")),
    _us("TX", "Texas", "6.25", ("Houston", "Austin", "Dallas", "San Antonio", "El Paso"),
        ("75", "77", "78", "79"), ("512", "713", "214", "210")),
    _us("FL", "Florida", "6", ("Miami", "Orlando", "Tampa", "Jacksonville"),
        ("32", "33", "34"), ("305", "407", "813")),
    _us("WA", "Washington", "6.5", ("Seattle", "Spokane", "Tacoma", "Bellevue"),
        ("98", "99"), ("206", "509", "253")),
    _us("IL", "Illinois", "6.25", ("Chicago", "Springfield", "Peoria", "Naperville"),
        ("60", "61", "62"), ("312", "217", "309")),
    _us("PA", "Pennsylvania", "6", ("Philadelphia", "Pittsburgh", "Allentown", "Erie"),
        ("15", "17", "19"), ("215", "412", "610")),
    _us("OR", "Oregon", "0", ("Portland", "Eugene", "Salem", "Bend"),
        ("97",), ("503", "541")),
    _us("MA", "Massachusetts", "6.25", ("Boston", "Worcester", "Cambridge", "Springfield"),
        ("01", "02"), ("617", "508", "413")),
    _us("NJ", "New Jersey", "6.625", ("Newark", "Jersey City", "Trenton", "Hoboken"),
        ("07", "08"), ("201", "609", "973")),
)

CA_REGIONS: tuple[Region, ...] = (
    Region("CA", "ON", "Ontario", ("Toronto", "Ottawa", "Hamilton", "London", "Kingston", "Mississauga"),
           ("K", "L", "M", "N", "P"), ("416", "613", "905", "519"), (HST_ON,)),
    Region("CA", "QC", "Québec", ("Montréal", "Québec", "Laval", "Gatineau", "Sherbrooke", "Trois-Rivières", "Lévis"),
           ("G", "H", "J"), ("514", "418", "450", "819"), (GST, QST)),
    Region("CA", "BC", "British Columbia", ("Vancouver", "Victoria", "Surrey", "Kelowna", "Burnaby"),
           ("V",), ("604", "250", "778"), (GST, PST_BC)),
    Region("CA", "AB", "Alberta", ("Calgary", "Edmonton", "Red Deer", "Lethbridge"), ("T",), ("403", "780"), (GST,)),
    Region("CA", "NS", "Nova Scotia", ("Halifax", "Dartmouth", "Sydney", "Truro"), ("B",), ("902",), (HST_NS,)),
    Region("CA", "MB", "Manitoba", ("Winnipeg", "Brandon", "Steinbach"), ("R",), ("204",), (GST, RST_MB)),
)

REGIONS: dict[tuple[str, str], Region] = {(r.country, r.code): r for r in (*US_REGIONS, *CA_REGIONS)}

#: which regions customers of a Faker locale live in, with weights
LOCALE_REGIONS: dict[str, tuple[tuple[Region, int], ...]] = {
    "en_US": tuple((r, w) for r, w in zip(US_REGIONS, (18, 14, 12, 10, 7, 8, 8, 5, 6, 6), strict=True)),
    "en_CA": tuple((r, w) for r, w in zip(CA_REGIONS, (40, 6, 22, 17, 8, 7), strict=True)),
    "fr_CA": ((CA_REGIONS[1], 88), (CA_REGIONS[0], 10), (CA_REGIONS[5], 2)),
}

LOCALE_COUNTRY: dict[str, str] = {"en_US": "US", "en_CA": "CA", "fr_CA": "CA"}
COUNTRY_CURRENCY: dict[str, str] = {"US": "USD", "CA": "CAD"}

EMAIL_DOMAINS: dict[str, tuple[str, ...]] = {
    "US": ("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com", "aol.com"),
    "CA": ("gmail.com", "hotmail.ca", "outlook.com", "videotron.ca", "sympatico.ca", "shaw.ca", "yahoo.ca"),
}


def all_taxes(regions: list[Region]) -> list[Tax]:
    """Distinct taxes of ``regions`` in first-seen order (deterministic, no set iteration)."""
    seen: dict[str, Tax] = {}
    for region in regions:
        for tax in region.taxes:
            seen.setdefault(tax.id, tax)
    return list(seen.values())
