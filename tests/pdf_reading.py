"""Text read back from a PDF with pypdf, as the PDF tests read it, each font read once.

pypdf reads every font a page names from the file again on each page, and reportlab names
every font of the document on every page: a quarter of the time spent extracting text.
Here each font object of a file is read once; the text is the same. Where pypdf has no
such step any more, pages are read as pypdf reads them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pypdf
from pypdf.generic import _font


def page_texts(path: Path, **options: Any) -> list[str]:
    """Each page's text (`options` as pypdf's `extract_text` takes them)."""
    with _fonts_read_once():
        return [page.extract_text(**options) for page in pypdf.PdfReader(path).pages]


@contextmanager
def _fonts_read_once() -> Iterator[None]:
    font: Any = getattr(_font, "Font", None)
    original = vars(font).get("from_font_resource") if isinstance(font, type) else None
    if not isinstance(original, classmethod):
        yield
        return
    read: Callable[..., Any] = original.__func__
    # Keyed by the object pypdf resolved (one per font per file), kept alive alongside.
    seen: dict[int, tuple[object, object]] = {}

    def read_once(cls: type, resource: object) -> object:
        found = seen.get(id(resource))
        if found is None or found[0] is not resource:
            found = seen[id(resource)] = (resource, read(cls, resource))
        return found[1]

    font.from_font_resource = classmethod(read_once)
    try:
        yield
    finally:
        font.from_font_resource = original
