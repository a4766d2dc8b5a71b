"""The pathology registry: importing this package registers every category module.

Registry order is injection order (products, customers, orders, then the
books-side ones), and that order is part of the determinism contract.
"""

from harness.sources.generated.pathologies import books, customers, orders, products
from harness.sources.generated.pathologies.base import PATHOLOGIES, Pathology

__all__ = ["PATHOLOGIES", "Pathology", "books", "customers", "orders", "products"]
