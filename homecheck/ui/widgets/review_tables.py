"""The review's tables: column widths that keep a finding readable at 80 columns, cells
cut with `…` where their column ends, and the cursor kept on its row across a refresh."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rich.text import Text
from textual.widgets import DataTable

from homecheck import rules
from homecheck.model import Action, Audience, Item, Section
from homecheck.ui.dialogs.action import describe_action
from homecheck.ui.widgets.visible_text import cell

WIDE = 100
"""From this many columns the tables' text columns take what they need."""

FINDING_MIN = 30
"""The finding column never narrower than this: below it a finding stops being readable."""
_FIXED_COLUMNS = 8 + 10 + 14
"""Priority, action and section widths under 100 columns."""
_TABLE_CHROME = 2 + 2 + 4 * 2
"""Screen padding, the table's scrollbar, and one cell of padding each side per column."""


def finding_column_width(screen_width: int) -> int:
    """The finding column's width under 100 columns: whatever the other columns leave."""
    return max(FINDING_MIN, screen_width - _FIXED_COLUMNS - _TABLE_CHROME)


def unanswered_item_width(screen_width: int, section_width: int) -> int:
    """The unanswered item's column: what the section leaves, so that a long question is
    cut with `…` rather than giving the table a scrollbar across (a stray mark above the
    footer at 80 columns, where the table is too short to scroll)."""
    return max(FINDING_MIN, screen_width - section_width - (2 + 2 + 2 * 2))


def add_columns(
    findings: DataTable[object],
    unanswered: DataTable[object],
    comparison: DataTable[object] | None,
    *,
    screen_width: int,
) -> None:
    """Under WIDE columns every width is fixed, so that the finding keeps what is left (at
    least FINDING_MIN): a long action or section name is cut, not the finding."""
    wide = screen_width >= WIDE
    section_width = 24 if wide else 14
    action_width = None if wide else 10
    finding_width = None if wide else finding_column_width(screen_width)
    findings.add_column("Priority", key="priority", width=8)
    findings.add_column("Action", key="action", width=action_width)
    findings.add_column("Section", key="section", width=section_width)
    findings.add_column("Finding", key="finding", width=finding_width)
    unanswered.add_column("Section", key="section", width=section_width)
    item_width = unanswered_item_width(screen_width, section_width)
    unanswered.add_column("Item", key="item", width=item_width)
    if comparison is not None:
        comparison.add_column("Change", key="change", width=14)
        comparison.add_column("Action", key="action", width=action_width)
        comparison.add_column("Section", key="section", width=section_width)
        # The change column is wider than the priority's: the check gives the difference,
        # or the table overflows and draws a scrollbar across under 100 columns.
        check_width = None if finding_width is None else max(FINDING_MIN, finding_width - 6)
        comparison.add_column("Check", key="check", width=check_width)


def fill_findings(
    table: DataTable[object],
    found: Sequence[rules.Finding],
    actions: Mapping[str, Action],
    audience: Audience,
) -> None:
    """One row per finding, in the order given, the cursor kept on its finding."""
    keep = cursor_key(table)
    table.clear()
    for finding in found:
        title = rules.title(finding.section, audience)
        what = rules.wording(finding.item, audience).finding
        # ✎ leads the text: at its end a long finding cut to 80 columns took it along
        # (the title says what ✎ is).
        mark = "✎ " if finding.response.note else ""
        edited = " (edited advice)" if finding.response.recommendation else ""
        table.add_row(
            finding.priority.label,
            cell(describe_action(actions.get(finding.item.id), short=True)),
            cut(title),
            cut(mark + what + edited),
            key=finding.item.id,
        )
    restore_cursor(table, keep)


def fill_unanswered(
    table: DataTable[object], missing: Sequence[tuple[Section, Item]], audience: Audience
) -> None:
    """One row per item not answered: its section and its check, each cut to its column."""
    table.clear()
    for section, item in missing:
        what = rules.wording(item, audience).check
        table.add_row(cut(rules.title(section, audience)), cut(what), key=item.id)


CHANGES = (
    ("resolved", "Resolved"),
    ("persisting", "Persisting"),
    ("new", "New"),
    ("not_rechecked", "Not re-checked"),
    ("retired", "Retired item"),
)
"""The comparison's groups, in the order the summary line and the table give them."""


def fill_comparison(
    table: DataTable[object],
    comparison: rules.Comparison,
    describe: Callable[[str], tuple[str, str]],
    actions: Mapping[str, Action],
) -> tuple[list[str], list[str]]:
    """Rows by group; returns the item ids in row order and each group's count, worded
    ("2 resolved"). `describe` gives an item's (section, check) in the visit's words."""
    keep = cursor_key(table)
    table.clear()
    ids_shown: list[str] = []
    counts: list[str] = []
    for field, label in CHANGES:
        ids: tuple[str, ...] = getattr(comparison, field)
        if ids or field in ("resolved", "persisting", "new"):
            counts.append(f"{len(ids)} {label.lower()}")
        for item_id in ids:
            section, what = describe(item_id)
            action = describe_action(actions.get(item_id), short=True)
            table.add_row(label, cell(action), cut(section), cut(what), key=item_id)
            ids_shown.append(item_id)
    restore_cursor(table, keep)
    return ids_shown, counts


def findings_title(*, noted: bool) -> str:
    """The findings' title, with the legend of ✎ only when a finding carries one."""
    legend = "; ✎ has a note" if noted else ""
    return f"Findings, most urgent first  (Enter: go to the item; a: action{legend})"


def cut(text: str) -> Text:
    """A cell cut with an ellipsis where its column ends: a cut finding shows it is cut
    (the detail below gives it whole)."""
    shown = cell(text)
    shown.no_wrap, shown.overflow = True, "ellipsis"
    return shown


def cursor_key(table: DataTable[object]) -> str | None:
    """The row key under the cursor, so a refresh can put the cursor back on it."""
    if not table.row_count:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def restore_cursor(table: DataTable[object], key: str | None) -> None:
    if key is not None and key in table.rows:
        table.move_cursor(row=table.get_row_index(key), animate=False)
