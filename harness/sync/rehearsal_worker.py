"""The rehearsal's company copy in a process of its own (``--jobs 2``), so that a large dry run uses two cores.

Most of a rehearsal's time is QuickBooks' side of each write: validating the body, pricing the
lines, checking the document number, answering. That side needs only the books, so the copy is
served by a second interpreter (harness.sandbox.spawned) while the engine's process builds the
next bodies and runs the static checks. Nothing about the rehearsal itself changes: the same
write-only copy, the same write guard, the same ``/batch`` requests in the same order
(harness.sync.rehearsal.rehearse_in_worker).
"""

from __future__ import annotations

import msgspec

from harness.model.books import Books
from harness.platforms.quickbooks.endpoint import QuickBooksEndpoint, make_endpoint
from harness.sandbox.spawned import SpawnedEndpoint

#: where the rehearsal's copy of the company is served (in whichever process holds it)
REHEARSAL_BASE_URL = "https://rehearsal.sandbox.quickbooks.invalid"
#: answers the throw-away copy keeps for requestid replays: the client only ever retries the batch in flight
REPLAY_WINDOW = 256


def rehearsal_copy(books_json: bytes) -> QuickBooksEndpoint:
    """The throw-away copy of the books the rehearsal writes into (run in the worker).

    Write-only: nothing reads the posted sales back, so the copy keeps them without their lines.
    """
    books = msgspec.json.decode(books_json, type=Books)
    return make_endpoint(books, write_only=True, replay_window=REPLAY_WINDOW)


def start_rehearsal_worker(books: Books) -> SpawnedEndpoint:
    """The copy of ``books``, building in a second process from now on (it gets them as snapshot JSON)."""
    return SpawnedEndpoint(
        f"{__name__}:rehearsal_copy", msgspec.json.encode(books), REHEARSAL_BASE_URL, name="rehearsal worker"
    )
