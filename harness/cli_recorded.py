"""Commands of the ``sync-sandbox`` CLI that live with their feature; registered on ``harness.cli.app``."""

from __future__ import annotations
