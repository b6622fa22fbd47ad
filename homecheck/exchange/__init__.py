"""The interchange format: JSON and CSV export, JSON import.

`export` writes, `reader` reads and checks; `format` holds what both share.
"""

from homecheck.exchange.export import (
    CSV_COLUMNS,
    age_band,
    export_csv,
    export_data,
    export_json,
)
from homecheck.exchange.format import FORMAT, FORMAT_VERSION, ExchangeError
from homecheck.exchange.reader import count_records, import_json, read_import

__all__ = [
    "CSV_COLUMNS",
    "FORMAT",
    "FORMAT_VERSION",
    "ExchangeError",
    "age_band",
    "count_records",
    "export_csv",
    "export_data",
    "export_json",
    "import_json",
    "read_import",
]
