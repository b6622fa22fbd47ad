"""A crash ends the app with status 1 and reports only the error's type and place.

Textual's own report prints every frame's local variables: a client's name or notes
would reach the terminal. Every person here is fictional.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from homecheck.config import Config
from homecheck.model import Answer, Catalog
from homecheck.store import Store
from homecheck.ui.app import CrashReport
from homecheck.ui.screens.home import HomeScreen
from tests.conftest import FIXED_DATE
from tests.ui_support import make_app

SECRET = "Gertrude Quillfeather"


def _crash(self: HomeScreen) -> None:
    assessor = SECRET  # a local variable Textual's traceback would print
    raise ValueError(f"cannot open {assessor}")


async def test_a_crash_prints_no_values_and_exits_non_zero(
    store: Store,
    mini_catalog: Catalog,
    config: Config,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    client = store.add_client(SECRET, notes=f"{SECRET} lives at 9 Unique Crescent")
    visit = store.start_visit(
        client.id, visit_date=FIXED_DATE, sections=["bathroom"], content_hash="h"
    )
    store.save_response(visit.id, "bathroom.grab_bar", Answer.HAZARD, note=SECRET)
    monkeypatch.setattr(HomeScreen, "action_new_client", _crash)
    app = make_app(store, mini_catalog, config)
    with pytest.raises(CrashReport) as caught:
        async with app.run_test() as pilot:
            await pilot.press("n")
            await pilot.pause()
    assert app.return_code == 1
    report = caught.value
    assert report.summary.startswith(f"ValueError at {__name__}:_crash:")
    printed = capsys.readouterr()
    for text in (printed.out, printed.err, report.summary, str(report.__rich__())):
        assert SECRET not in text
        assert "Unique Crescent" not in text
    # Every answer was committed when given: the crash leaves the database as it was.
    assert store.responses(visit.id)["bathroom.grab_bar"].note == SECRET


# Crashing while the first screen mounts leaves one of Textual's own callbacks unawaited.
@pytest.mark.filterwarnings("ignore:coroutine .* was never awaited:RuntimeWarning")
def test_homecheck_exits_non_zero_after_a_crash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`homecheck` itself: the app's return code becomes the exit status."""
    from homecheck.cli import main
    from homecheck.ui.app import HomecheckApp

    db = tmp_path / "crash.db"
    on_file = Store(db)
    on_file.add_client(SECRET)
    on_file.close()
    real_run = HomecheckApp.run

    def headless_run(self: HomecheckApp, **kwargs: object) -> None:
        real_run(self, headless=True, size=(100, 30))

    def crash_on_show(self: HomeScreen) -> None:
        client_name = SECRET
        raise RuntimeError(client_name)

    monkeypatch.setattr(HomecheckApp, "run", headless_run)
    monkeypatch.setattr(HomeScreen, "on_screen_resume", crash_on_show)
    monkeypatch.setenv("HOMECHECK_DB", str(db))
    assert main([]) == 1
    printed = capsys.readouterr()
    assert "internal error (RuntimeError at" in printed.err
    assert SECRET not in printed.out + printed.err
