"""``gc_paused``: bulk work without the cyclic collector, and without paying for it on the way out."""

from __future__ import annotations

import gc
import weakref

from harness.heap import gc_paused


class Cell:
    me: Cell | None = None


def test_what_the_block_made_goes_to_the_oldest_generation_unscanned() -> None:
    """Left young, the first allocation after the block would start a pass over all of it."""
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        kept = [[i] for i in range(100_000)]
        marker = kept[-1]
    assert gc.isenabled()
    assert any(o is marker for o in gc.get_objects(generation=2))


def test_a_cycle_made_in_the_block_is_still_collected() -> None:
    with gc_paused():
        cell = Cell()
        cell.me = cell
        ref = weakref.ref(cell)
        del cell
    assert ref() is not None  # reference counting cannot free a cycle
    gc.collect()
    assert ref() is None


def test_nested_blocks_leave_the_collector_off_until_the_outer_one_ends() -> None:
    with gc_paused():
        with gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_objects_someone_else_froze_stay_frozen() -> None:
    gc.freeze()
    frozen = gc.get_freeze_count()
    try:
        with gc_paused():
            kept = [[i] for i in range(1_000)]
        # not unfrozen (that would empty it), and the block's lists were not frozen on top (+1000);
        # frozen objects that died meanwhile leave it (a few)
        assert frozen - 100 <= gc.get_freeze_count() < frozen + 500
        assert len(kept) == 1_000
    finally:
        gc.unfreeze()
