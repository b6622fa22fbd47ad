"""A ScrollView that repaints its scrollbars only when its own size changes.

Textual's ScrollView repaints its scrollbars on every layout of the screen: the virtual
size a layout hands it is never the one a widget that draws its own lines sets itself.
On the visit screen a repaint of the lists' and the detail pane's scrollbars made the
frame after any layout (the detail pane growing by a line, say) redraw nearly the whole
screen. The widgets here set their virtual size, and so their scrollbars, themselves.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView


class SteadyScrollView(ScrollView):
    """For widgets that draw their own lines and keep their virtual size up to date."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        if size == self._size and container_size == self.container_size:
            return False
        return super()._size_updated(size, virtual_size, container_size, layout)
