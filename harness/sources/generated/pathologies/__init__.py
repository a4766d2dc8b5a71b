"""The pathology registry: importing this package registers every category module.

Registry order is injection order, and both are part of the determinism
contract: store-side before books-side, and within a side products, then
customers, then orders, then books (definition order within a module). Product
pathologies must run first because changing a variant's code rewrites the
SKUs on the order lines that bought it; an order pathology that set a line's
SKU earlier would be silently undone.
"""

from harness.sources.generated.pathologies import books, customers, orders, products
from harness.sources.generated.pathologies.base import PATHOLOGIES, Pathology

_CATEGORY_ORDER = ("products", "customers", "orders", "books")
_ordered = sorted(PATHOLOGIES.items(), key=lambda kv: (kv[1].side == "books", _CATEGORY_ORDER.index(kv[1].category)))
PATHOLOGIES.clear()
PATHOLOGIES.update(_ordered)

__all__ = ["PATHOLOGIES", "Pathology", "books", "customers", "orders", "products"]
