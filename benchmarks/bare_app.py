"""The launch baseline: a bare Textual app with the home screen's widget count."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Label, ListItem, ListView


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield ListView(*(ListItem(Label(f"Item {n}")) for n in range(1, 21)))
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
