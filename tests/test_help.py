"""The help: one Markdown source drawn as a handful of widgets, every part of it understood,
the reports folder shown exactly as it is named, in the theme chosen."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from homecheck.config import Config
from homecheck.model import Catalog
from homecheck.store import Store
from homecheck.ui.app import DEFAULT_THEME, HIGH_CONTRAST, HomecheckApp
from homecheck.ui.screens.help import GUIDE_TEXT, HELP_TEXT, HelpScreen
from homecheck.ui.widgets.markdown_text import (
    Block,
    Heading,
    ListBlock,
    MarkdownError,
    MarkdownText,
    Paragraph,
    TableBlock,
    parse_markdown,
)
from tests.test_contrast import Failures, collect
from tests.ui_support import make_app

STRONG, EM, CODE = frozenset({"strong"}), frozenset({"em"}), frozenset({"code"})
PLAIN: frozenset[str] = frozenset()


def words(blocks: tuple[Block, ...]) -> str:
    """Every text the blocks draw, in order, a space between paragraphs and cells."""
    said: list[str] = []
    for block in blocks:
        if isinstance(block, Heading | Paragraph):
            said.append("".join(text for text, _ in block.runs))
        elif isinstance(block, ListBlock):
            said += [words(item) for item in block.items]
        else:
            cells = [block.head, *block.rows]
            said += ["".join(text for text, _ in cell) for row in cells for cell in row]
    return " ".join(said)


def test_each_construct_is_read_as_markdown_reads_it() -> None:
    source = (
        "# Title\n\n"
        "1. **Start.** Press `v`\n"
        "   and go on.\n"
        "2. Answer:\n"
        "   - **Safe** (`s`)\n"
        "\n"
        "   After the *bullets*.\n\n"
        "## Keys\n\n"
        "| Key | What it does |\n|---|---|\n| `x` or `Delete` | Clear **it** |\n| `e` | |\n"
    )
    assert parse_markdown(source) == (
        Heading(1, (("Title", PLAIN),)),
        ListBlock(
            ordered=True,
            start=1,
            items=(
                (
                    Paragraph(
                        (
                            ("Start.", STRONG),
                            (" Press ", PLAIN),
                            ("v", CODE),
                            (" and go on.", PLAIN),
                        )
                    ),
                ),
                (
                    Paragraph((("Answer:", PLAIN),)),
                    ListBlock(
                        False,
                        1,
                        (
                            (
                                Paragraph(
                                    (("Safe", STRONG), (" (", PLAIN), ("s", CODE), (")", PLAIN))
                                ),
                            ),
                        ),
                    ),
                    Paragraph((("After the ", PLAIN), ("bullets", EM), (".", PLAIN))),
                ),
            ),
        ),
        Heading(2, (("Keys", PLAIN),)),
        TableBlock(
            head=((("Key", PLAIN),), (("What it does", PLAIN),)),
            rows=(
                (
                    (("x", CODE), (" or ", PLAIN), ("Delete", CODE)),
                    (("Clear ", PLAIN), ("it", STRONG)),
                ),
                ((("e", CODE),), ()),
            ),
        ),
    )


@pytest.mark.parametrize(
    "source",
    ["> a quote", "```\ncode\n```", "* a star bullet", "---", "<b>bold</b>", "    indented code"],
)
def test_a_construct_not_drawn_is_an_error(source: str) -> None:
    with pytest.raises(MarkdownError, match="line 3"):
        parse_markdown(f"Text.\n\n{source}\n")


def test_no_markup_of_the_help_is_left_as_text() -> None:
    """An edit the parser does not understand would show its asterisks and backticks."""
    said = words(parse_markdown(GUIDE_TEXT + HELP_TEXT))
    for mark in ("`", "*", "|", "#", "---"):
        assert mark not in said, mark
    assert "Does not apply here" in said and "Start the visit" in said


def drawn_text(app: HomecheckApp) -> str:
    """The help's text as drawn, its lines joined by a space (as its words wrapped)."""
    region = app.screen.query_one(MarkdownText).content_region
    strips = app.screen._compositor.render_strips()[region.y : region.bottom]
    lines = ["".join(s.text for s in strip.crop(region.x, region.right)) for strip in strips]
    return " ".join(line.strip() for line in lines if line.strip())


async def test_the_reports_folder_shows_as_it_is_named(
    store: Store, mini_catalog: Catalog, tmp_path: Path
) -> None:
    """Backticks, brackets and asterisks in a folder's name are not markup; a control
    character shows as its stand-in."""
    folder = tmp_path / "r`ep` [b]x[/b] *y* {reports}\x1bz"
    config = Config(db_path=tmp_path / "h.db", reports_dir=folder, db_is_default=False)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        shown = drawn_text(app)
    assert str(folder).replace("\x1b", "\N{SYMBOL FOR ESCAPE}") in shown


@pytest.mark.parametrize("width", [64, 120])
async def test_every_word_of_the_help_is_drawn_within_the_width(
    store: Store, mini_catalog: Catalog, config: Config, width: int
) -> None:
    """Nothing cut at the edge or lost in a table's columns, narrow or wide."""
    folder = Path("/home/sam/Documents/homecheck")
    config = Config(db_path=config.db_path, reports_dir=folder, db_is_default=False)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=(width, 300)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        widget = app.screen.query_one(MarkdownText)
        page_lines = widget._current_page().lines(widget.size.width)
        assert max(line.cell_len for line in page_lines) <= widget.size.width
        shown = Counter(drawn_text(app).split())
    source = words(parse_markdown(GUIDE_TEXT + HELP_TEXT)).replace("{reports}", str(folder))
    assert not Counter(source.split()) - shown


async def test_the_help_can_be_selected_and_copied(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """As Textual's Markdown allowed: the reports folder, say, copied from the guide."""
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        app.screen.query_one(MarkdownText).text_select_all()
        await pilot.pause()
        selected = app.screen.get_selected_text()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.clipboard == selected
    assert selected is not None
    assert selected.lstrip().startswith("How to do a check\n\n  1. Start. On the client")
    assert str(config.reports_dir) in selected


async def test_a_handful_of_widgets_and_high_contrast_from_the_help_redraws_it(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """The help is a handful of widgets (Textual's Markdown made about 190, a widget per
    table cell: most of a second). Ctrl+T works in the help too, and the help is then
    drawn as if opened in it."""
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert len(list(app.screen.walk_children())) < 10
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme == HIGH_CONTRAST.name
        switched = app.export_screenshot()
        await pilot.press("escape")
        await app.push_screen(HelpScreen())
        await pilot.pause()
        assert app.export_screenshot() == switched


async def test_all_of_the_help_meets_aa(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """test_contrast reads the help's first screen; this reads all of it, tables and
    headings far down included, on a screen tall enough to show it whole, and selected, in
    both themes. One app for both: opened in the high-contrast theme, then switched as
    Ctrl+T does (the test above shows a switched help is drawn as one opened in the theme)."""
    app = make_app(store, mini_catalog, config)
    failures: Failures = {}
    async with app.run_test(size=(80, 200)) as pilot:
        app.theme = HIGH_CONTRAST.name
        await pilot.press("f1")
        await pilot.pause()
        assert "Everywhere" in drawn_text(app)  # the last table is on the screen
        collect(app, "help", failures, {})
        app.screen.query_one(MarkdownText).text_select_all()
        await pilot.pause()
        collect(app, "help, all selected", failures, {})
        app.theme = DEFAULT_THEME
        await pilot.pause()
        collect(app, "help, all selected", failures, {})
        app.screen.clear_selection()
        await pilot.pause()
        assert app.screen.get_selected_text() is None
        collect(app, "help", failures, {})
    assert not failures, failures
