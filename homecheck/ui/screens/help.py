"""How to do a check in a few sentences, then every key, per screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

from homecheck.ui.styled_once import StyledOnce
from homecheck.ui.widgets.key_footer import KeyFooter
from homecheck.ui.widgets.markdown_text import MarkdownText

if TYPE_CHECKING:
    from homecheck.ui.app import HomecheckApp

GUIDE_TEXT = """\
# How to do a check

1. **Start.** On the client, fill in what you know; `v` starts a visit (tick the
   rooms and tasks to check, then `s`).
2. **Answer each item** (written as the *safe* way) with one key:
   - **Safe** (`s`): it is like that.
   - **Hazard** (`h`): you see the problem it describes.
   - **Does not apply here** (`n`): this home does not have it.
   - **Don't know** (`d`): you could not tell; a therapist should check it.

   Movements you watch the person do: **Safe** (`s`), **Unsafe** (`h`), **Not observed**
   (`n`). Questions about the person: **No concern** (`s`), **Risk** (`h`).
3. **Every answer is saved the moment you give it.** Stop any time (`q` on the client
   list, or `Ctrl+Q`), go on later.
4. **Finish and print.** `v` review, `c` complete, then `g` the household handout or `r`
   the clinician report: a PDF in `{reports}`. Open it there to print it.

`Escape` closes this help; `PageDown` shows every key.

"""

HELP_TEXT = """\
# homecheck keys

Every answer is saved the moment you press its key. Nothing needs a save button.

## Answers (on a visit)

| Key | Home and person sections | Observed tasks |
|---|---|---|
| `s` or `1` | **Safe** — the safe condition is met | **Safe** — done the safe way |
| `h` or `2` | **Hazard** — what *Hazard if* describes is seen | **Unsafe** — the unsafe way seen |
| `n` or `3` | **N/A** — does not apply to this home | **Not observed** — not seen today |
| `d` or `4` | **Don't know** — could not tell; listed as still to check | **Don't know** |
| `x` or `Delete` | Clear the answer (back to unanswered) | |

Each check is written as the *safe* condition, so a key always means the same thing.
After an answer the cursor moves to the next unanswered item.

## Follow-up visits

A follow-up (`u` on the client) starts with **Re-check**: the findings of the visit
it follows, to look at again first. Then the other sections as usual.

| Key | In the re-check section |
|---|---|
| `s` or `1` | **Fixed** — the hazard is gone |
| `h` or `2` | **Still there** — the hazard is still seen |
| `n` or `3` | **N/A now** — no longer applies (room not used, item gone) |
| `d` or `4` | **Don't know** — could not tell; not counted as fixed |
| `e`, `Tab`, `h` | **Changed** — still there, with a note on what changed |

For a change, `e` first: type the note, then `Tab` and `h` save both, and the cursor
stays on the item.
A re-check answer is the item's answer for the whole visit: it also shows in the item's
own section. Actions (who fixes what, by when) carry over from the visit followed up.
Who can be the client, family, a handyperson, the landlord, the therapist or other.

## On a visit

| Key | What it does |
|---|---|
| `Up` / `Down` | Move between items |
| `e` | Add or edit a note; not answered yet: the note, then `Tab` and the answer's key |
| `m` | Enter a measurement (items with one); a value past the limit proposes Hazard |
| `p` | Override the priority, with a reason printed in the report |
| `]` / `PageDown` | Next section |
| `[` / `PageUp` | Previous section |
| `Tab` | Move between the section list and the items |
| `b` | Hide or show the section list (more room for the items on a small screen) |
| `w` | Switch between clinician wording and plain words |
| `v` | Review findings, complete the visit, write the reports |
| `c` | Complete the visit (items unanswered: lists them and asks first) |
| `Ctrl+P` | Command palette: jump to any section or item by typing its words |
| `Escape` | Back to the client |

A note taken before deciding goes with Don't know (`d`): the reports list the item as
still to check, with the note.

In the lists, `✎` marks an item with a note; in the sections, `✓` a section with every
item answered and `!2` the hazards found. A completed visit does not change: an answer
key says how to reopen it (`o` on the review).

## Review

| Key | What it does |
|---|---|
| `Enter` | Go to the selected finding or unanswered item |
| `Tab` | Move to the finding's whole text and recommendation; `Down` reads on |
| `e` | Edit the recommendation printed for this visit |
| `a` | Action on the finding: who fixes it, by when, when it was done, a note |
| `]` / `[` | After an earlier visit: switch tabs (findings, comparison, not answered) |
| `c` | Complete the visit; with items unanswered it lists the sections left first |
| `o` | Reopen a completed visit so its answers can change (recorded in its history) |
| `r` | Write the clinician report (PDF) |
| `g` | Write the household handout (PDF) |
| `l` | Write the large-print household handout (PDF) |

## Clients

| Key | What it does |
|---|---|
| `/` | Search by name or address |
| `n` | New client |
| `Enter` or a click | Open the client |
| `w` | Who is checking: a family caregiver (plain words) or a professional |
| `c` | High-contrast colours on or off (as `Ctrl+T`) |
| `Ctrl+S` | Save the client's details (profile switches save at once) |
| `v` or `Ctrl+N` | Start a new visit for the client |
| `u` or `Ctrl+F` | Start a follow-up of the highlighted completed visit (else of the latest one) |
| `r` or `Ctrl+R` | Resume the visit in progress |

On the client, a letter typed in a field goes into the field: `Tab` to the visits list
first, or click the key at the bottom. The visits list shows each visit's findings by
priority (High, Med, Low), newest first, so you can see whether the home is getting safer.
Under it, the reports list shows every report written for the client's visits: `Enter` or
a click on the highlighted one opens it in your PDF viewer (in the browser, in a new tab),
`f` opens the reports folder.

## Visit setup

| Key | What it does |
|---|---|
| `Space` | Tick or untick the highlighted section |
| `x` | Untick every section (then tick the few to check) |
| `r` | Tick the rooms and areas of the home only |
| `a` | Tick every section |
| `s` or `Ctrl+S` | Start the visit |
| `Enter` | In the name: on to the sections |

The cursor starts in the sections, or in your name the first time. In the name, letters
are typed: `Enter` moves on to the sections, where `x`, `r`, `a` and `s` work (`Ctrl+S`
starts from anywhere).

## Everywhere

| Key | What it does |
|---|---|
| `F1` or `?` | This help |
| `Ctrl+P` | Command palette (open a client, new client, jump on a visit) |
| `Ctrl+T` | High contrast on or off, remembered (or `c` on the client list, or the palette) |
| `Ctrl+Q` | Quit (everything is already saved; `q` on the client list) |

In a browser (`homecheck serve`) some Ctrl keys never reach homecheck: the browser keeps
`Ctrl+N`, `Ctrl+T` and `Ctrl+W` for its windows and tabs. Use the letter given above, or
click the key at the bottom of the screen.

The bar at the bottom of each screen shows its main keys; on a narrow screen it leaves
some out (such as `e` for a note, or `Ctrl+P`): every key is listed here.
"""


class HelpScreen(ModalScreen[None], StyledOnce[None]):
    """The guide first, for someone who has never done a check; then the keys.

    Escape, q or F1 closes it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f1,question_mark", "close", "Close", id="close-help"),
        # A modal screen hides the App's keys: someone who cannot read the help can still
        # switch to high contrast here, as the help says they can everywhere.
        Binding("ctrl+t", "app.toggle_contrast", "High contrast", show=False, id="contrast-help"),
    ]

    def compose(self) -> ComposeResult:
        reports_dir = cast("HomecheckApp", self.app).config.reports_dir
        with VerticalScroll(id="help-body"):
            yield MarkdownText(
                GUIDE_TEXT + HELP_TEXT, {"reports": str(reports_dir)}, id="help-text"
            )
        yield KeyFooter()  # how to get out, wherever the help is scrolled to

    def action_close(self) -> None:
        # The App keeps this screen to show it again: from the top, as the first time.
        self.query_one("#help-body", VerticalScroll).scroll_home(animate=False)
        self.dismiss(None)
