"""The agency view: an agency database (many laptops' exports imported into one) browsed
with Datasette, read-only, on this computer only. Datasette is the optional extra
`homecheck[agency]`; nothing here imports it until the view starts."""

from __future__ import annotations

from homecheck.agency.view import DEFAULT_PORT, INSTALL_HINT, AgencyViewError, serve

__all__ = ["DEFAULT_PORT", "INSTALL_HINT", "AgencyViewError", "serve"]
