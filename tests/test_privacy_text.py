"""An export is searched for a person's details past its random ids (tests/privacy_text.py)."""

from __future__ import annotations

from tests.privacy_text import without_ids


def test_a_uuid_holding_a_birth_year_is_passed_over_and_the_year_itself_is_not() -> None:
    text = '{"uuid": "2f0c51e2-7c3a-4e1b-aba2-b57194195344", "birth_date": "1941-03-28"}'
    assert "1941" in text.split('"birth_date"')[0]  # the id alone holds it
    assert without_ids(text) == '{"uuid": "<uuid>", "birth_date": "1941-03-28"}'
    assert "1941" in without_ids(text)
