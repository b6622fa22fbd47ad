"""Text drawn on a terminal never carries a control sequence; stored text is untouched;
a count is worded one way everywhere."""

from __future__ import annotations

from homecheck.display import counted, visible


def test_escape_sequences_become_visible() -> None:
    hostile = "Ann\x1b]0;owned\x07 Lee\x1b[2K"
    shown = visible(hostile)
    assert "\x1b" not in shown and "\x07" not in shown
    assert shown == "Ann␛]0;owned␇ Lee␛[2K"


def test_c1_del_bidi_and_surrogates_are_replaced() -> None:
    shown = visible("a\x9bb\x7fc\u202ed\ud800e")
    assert shown == "a\ufffdb␡c\ufffdd\ufffde"


def test_newlines_kept_only_when_asked() -> None:
    assert visible("one\ntwo\tthree\r") == "one␊two␉three␍"
    assert visible("one\ntwo\tthree\r", multiline=True) == "one\ntwo\tthree␍"


def test_ordinary_unicode_is_unchanged() -> None:
    name = "Zoë Ødegård-Nguyễn 山田"
    assert visible(name) == name


def test_a_count_is_singular_only_for_one() -> None:
    assert counted(1, "finding") == "1 finding"
    assert [counted(n, "observed task") for n in (0, 2, 23)] == [
        "0 observed tasks",
        "2 observed tasks",
        "23 observed tasks",
    ]
