"""The interchange format's name and version, and the error an unusable file raises."""

from __future__ import annotations

FORMAT = "homecheck"
FORMAT_VERSION = 1


class ExchangeError(Exception):
    """An import file that cannot be used; the message names where in the file."""
