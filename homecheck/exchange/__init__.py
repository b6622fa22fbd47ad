"""The interchange format: JSON and CSV export, JSON import.

`format` describes the document once (each object's fields, kinds, limits and model
attributes); `export` writes it from that description and `reader` checks it against it.
"""

from homecheck.exchange.deidentify import age_band
from homecheck.exchange.export import (
    CSV_COLUMNS,
    ExportOptions,
    escape_json_text,
    export_csv,
    export_data,
    export_json,
    neutralise_cell,
    write_csv,
    write_json,
)
from homecheck.exchange.format import FORMAT, FORMAT_VERSION, ExchangeError
from homecheck.exchange.reader import count_records, read_import

__all__ = [
    "CSV_COLUMNS",
    "FORMAT",
    "FORMAT_VERSION",
    "ExchangeError",
    "ExportOptions",
    "age_band",
    "count_records",
    "escape_json_text",
    "export_csv",
    "export_data",
    "export_json",
    "neutralise_cell",
    "read_import",
    "write_csv",
    "write_json",
]
