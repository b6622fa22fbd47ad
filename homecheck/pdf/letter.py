"""The landlord's letter: one page naming the repairs and fittings the home needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homecheck.dates import long_date
from homecheck.pdf.layout import Layout, _esc
from homecheck.report import LetterData

if TYPE_CHECKING:
    from reportlab.platypus import Flowable


class LetterRenderer(Layout):
    """A letter about the building only: what is needed and where, never the person's
    health, profile or the assessor's notes."""

    BODY_SIZE = 10.5

    def __init__(self, letter: LetterData, *, large_print: bool) -> None:
        self.letter = letter
        self._page_setup(letter.title, letter.visit_id, letter.visit_date, large_print=large_print)

    def _story(self) -> list[Flowable]:
        from reportlab.platypus import Spacer

        letter = self.letter
        when = long_date(letter.visit_date)
        by = f"{letter.assessor} ({letter.role.lower()})" if letter.assessor else "an assessor"
        story: list[Flowable] = [
            self._p(_esc(letter.title), "title"),
            self._p("To the landlord or building manager", "lead"),
        ]
        story += self._text_paragraphs("<b>Home:</b> ", letter.address or "(address not recorded)")
        story += self._text_paragraphs("<b>Resident:</b> ", letter.client_name)
        story += [
            Spacer(1, 6),
            self._p(
                _esc(
                    f"On {when}, {by} checked this home for the risk of falls. These parts of"
                    " the building need a repair or a fitting to make them safe to use:"
                )
            ),
        ]
        for number, f in enumerate(letter.findings, 1):
            # What is needed on a line of its own, so every repair reads the same way.
            needed = f"<br/><i>Needed:</i> {_esc('; '.join(f.fittings))}." if f.fittings else ""
            story.append(
                self._p(f"{number}. <b>{_esc(f.what)}</b> ({_esc(f.where)}).{needed}", "numbered")
            )
        story += [
            Spacer(1, 8),
            self._p("Please reply to say when the work can be done. Thank you."),
            Spacer(1, 16),
            *self._text_paragraphs("", by if letter.assessor else "________________"),
            Spacer(1, 12),
            self._p("Signature: ______________________________     Date: ______________"),
        ]
        return story
