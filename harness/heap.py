"""The heap at scale: generating, serving, reading and checking a large store.

Each of those allocates millions of acyclic containers (wire dicts, canonical
records). Every young-generation pass of the cyclic garbage collector
walks the survivors again, which cost more than the work itself at 25k orders
(19 s with the collector on, 7 s off). Reference counting frees all of them
anyway; only cycles wait for the collector, and it runs again when the bulk work ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off inside the block and as it was afterwards (nests).

    On the way out, what the block made (with anything else still young) moves straight to the
    oldest generation (``freeze`` then ``unfreeze``: two list splices). Otherwise the first
    allocation after ``enable`` starts a young-generation pass over every container the block built,
    only to find them alive: 1.4 s after a 250k-order read, and again after every phase of a dry run.
    Cycles among them are still found, by the next full collection. When something else has frozen
    objects (a pre-fork server), their freeze is left alone and the pass is paid.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def cut_cycles(obj: object) -> None:
    """Empty ``obj``'s attributes, so the web of cycles through it (an endpoint's records, indexes and the
    closures over them) is freed now, by reference counting, instead of waiting for a full collection that
    would walk every record of a dry run to find it. ``obj`` is unusable afterwards.
    """
    vars(obj).clear()
