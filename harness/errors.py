"""One error family for everything a user can get wrong.

The CLI catches ``HarnessError`` and prints its one-line message with exit
status 2; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class HarnessError(Exception):
    """A user-facing problem: bad input, bad option, unreadable file."""

    exit_code = 2


class InputError(HarnessError):
    """A file or value supplied by the user is malformed. The message names where."""


class SandboxViolation(HarnessError):
    """Something tried to write to a host that is not a sandbox endpoint."""
