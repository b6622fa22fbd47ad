"""The loader: every broken file gives one problem line naming file, section and item."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from homecheck.checklists import ChecklistError, default_checklists_dir, load_catalog
from homecheck.model import Catalog, Priority, SectionKind
from tests.conftest import FIXTURES, MINI_CHECKLISTS

BROKEN = FIXTURES / "broken"

# case folder -> (text the problem must contain, where it must point)
CASES = {
    "toml_syntax_error": ("TOML syntax error", "sections/broken.toml"),
    "duplicate_item_id": ("duplicate item id", "sections [broken] item broken.item"),
    "unknown_key": ("unknown key 'colour'", "sections/broken.toml [broken] item broken.item"),
    "unknown_flag": ("unknown profile flag 'smoker'", "[broken] item broken.item"),
    "missing_field": ("missing field 'hazard_if'", "[broken] item broken.item"),
    "empty_field": ("field 'recommend' is empty", "[broken] item broken.item"),
    "bad_priority": ("bad priority 'urgent'", "[broken] item broken.item"),
    "unknown_technique": ("unknown technique 'moonwalk'", "[broken] item broken.item"),
    "body_mechanics_without_technique": ("needs 'technique' or 'no_technique'", "item broken.item"),
    "raise_if_does_not_raise": ("does not raise 'high'", "item broken.item"),
    "measure_without_threshold": (
        "measure needs 'hazard_below' or 'hazard_above'",
        "item broken.item",
    ),
    "item_id_outside_section": ("must start with 'broken.'", "item kitchen.item"),
    "bad_section_kind": ("bad kind 'garage'", "sections/broken.toml [broken]"),
    "duplicate_section_id": ("duplicate section id", "[bathroom]"),
    "precaution_unknown_flag": (
        "unknown profile flag 'smoker'",
        "precautions.toml precaution avoid_x",
    ),
    "technique_without_steps": (
        "at least one step",
        "techniques.toml technique log_roll_out_of_bed",
    ),
    "retired_id_reused": ("retired id is used again", "retired.toml retired bathroom.grab_bar"),
    "bad_context": ("context: unknown value (one of night_route,", "item broken.item"),
    "bad_fixed_by": ("fixed_by: unknown value (one of household,", "item broken.item"),
    "unknown_device": ("devices: unknown device 'jetpack'", "item broken.item"),
    "duplicate_device": ("duplicate device id 'grab_rail'", "devices.toml device grab_rail"),
    "advice_unknown_flag": ("flags: unknown profile flag 'smoker'", "item broken.item advice 1"),
    "advice_unknown_item": ("names unknown item 'bathroom.no_such_item'", "broken.item advice 1"),
    "advice_bad_answer": ("'bathroom.grab_bar' needs ok, hazard or na", "broken.item advice 1"),
    # Advice follows what was seen: "Don't know" saw nothing to follow.
    "advice_unknown_answer": ("'bathroom.grab_bar' needs ok, hazard or na", "broken.item advice 1"),
    "advice_without_plain": ("missing field 'plain_recommend'", "item broken.item advice 1"),
    "advice_empty_when": ("'when' must be a table of flags", "item broken.item advice 1"),
    "advice_unknown_when_key": ("when: unknown key 'flag'", "item broken.item advice 1"),
}


def broken_copy(tmp_path: Path, case: str) -> Path:
    """The mini catalog with one broken file laid over it."""
    target = tmp_path / "checklists"
    shutil.copytree(MINI_CHECKLISTS, target)
    shutil.copytree(BROKEN / case, target, dirs_exist_ok=True)
    return target


def test_every_broken_fixture_has_a_case() -> None:
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_file_is_reported_with_its_location(tmp_path: Path, case: str) -> None:
    expected, where = CASES[case]
    with pytest.raises(ChecklistError) as caught:
        load_catalog(broken_copy(tmp_path, case))
    matching = [p for p in caught.value.problems if expected in p]
    assert matching, caught.value.problems
    assert where in matching[0]


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    target = broken_copy(tmp_path, "unknown_key")
    shutil.copytree(BROKEN / "precaution_unknown_flag", target, dirs_exist_ok=True)
    with pytest.raises(ChecklistError) as caught:
        load_catalog(target)
    assert len(caught.value.problems) == 2


def test_missing_directory_is_one_problem(tmp_path: Path) -> None:
    with pytest.raises(ChecklistError, match="no such checklist directory"):
        load_catalog(tmp_path / "nowhere")


def test_mini_catalog_loads_with_every_field(mini_catalog: Catalog) -> None:
    assert [s.id for s in mini_catalog.sections] == ["bathroom", "out_of_bed"]
    toilet = mini_catalog.items["bathroom.toilet_height"]
    assert toilet.measure is not None and toilet.measure.hazard_below == 43
    assert toilet.measure.is_hazard(39) and not toilet.measure.is_hazard(45)
    alarm = mini_catalog.items["bathroom.alarm"]
    assert alarm.raise_if == (("lives_alone", Priority.HIGH),)
    assert alarm.referral == "alarm service"
    assert mini_catalog.section("out_of_bed").kind is SectionKind.BODY_MECHANICS
    assert mini_catalog.items["out_of_bed.no_sit_up"].technique == "log_roll_out_of_bed"
    assert mini_catalog.retired["bathroom.bath_mat"].check == "Non-slip mat in the bath"


def test_content_hash_changes_with_the_content(tmp_path: Path, mini_catalog: Catalog) -> None:
    target = tmp_path / "copy"
    shutil.copytree(MINI_CHECKLISTS, target)
    assert load_catalog(target).content_hash == mini_catalog.content_hash
    path = target / "sections" / "bathroom.toml"
    path.write_text(path.read_text().replace("Fit a grab bar", "Fit a sturdy grab bar"))
    assert load_catalog(target).content_hash != mini_catalog.content_hash


def test_shipped_checklists_load() -> None:
    assert default_checklists_dir().name in ("checklists", "_checklists")
    catalog = load_catalog()
    assert len(catalog.items) >= 180


def test_the_recheck_kind_is_reserved_for_follow_ups(tmp_path: Path) -> None:
    target = broken_copy(tmp_path, "bad_section_kind")
    path = target / "sections" / "broken.toml"
    path.write_text(path.read_text().replace('kind = "garage"', 'kind = "recheck"'))
    with pytest.raises(ChecklistError, match="bad kind 'recheck'"):
        load_catalog(target)


def test_the_cache_is_used_for_the_same_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from homecheck.checklists import loader

    first = load_catalog(MINI_CHECKLISTS, cache_dir=tmp_path)
    monkeypatch.setattr(loader._Loader, "load", _refuse_to_parse)
    assert load_catalog(MINI_CHECKLISTS, cache_dir=tmp_path) == first


def test_a_changed_model_layout_misses_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Slotted dataclasses unpickle by position: a new field must not reuse an old pickle."""
    import dataclasses

    from homecheck import model
    from homecheck.checklists import loader, model_fingerprint

    load_catalog(MINI_CHECKLISTS, cache_dir=tmp_path)
    before = model_fingerprint()
    fields = [(f.name, f.type, f) for f in dataclasses.fields(model.Item)]
    grown = dataclasses.make_dataclass(
        "Item",
        [("added_first", "str"), *fields],
        frozen=True,
        slots=True,
    )
    grown.__module__ = model.__name__
    monkeypatch.setattr(model, "Item", grown)
    assert model_fingerprint() != before
    parsed = []
    real_load = loader._Loader.load

    def counting_load(self: loader._Loader) -> object:
        parsed.append(True)
        return real_load(self)

    monkeypatch.setattr(loader._Loader, "load", counting_load)
    load_catalog(MINI_CHECKLISTS, cache_dir=tmp_path)
    assert parsed, "an old pickle was read for a model of a different shape"


def _refuse_to_parse(self: object) -> object:
    raise AssertionError("parsed again although the cache holds this content")


def test_a_section_carries_its_plain_intro(tmp_path: Path) -> None:
    target = tmp_path / "copy"
    shutil.copytree(MINI_CHECKLISTS, target)
    path = target / "sections" / "out_of_bed.toml"
    path.write_text(
        path.read_text().replace(
            "order = 20\n",
            'order = 20\nintro = "Watch the client get up."\n'
            'plain_intro = "Ask them to show you how they get up."\n',
            1,
        )
    )
    section = load_catalog(target).section("out_of_bed")
    assert section.intro == "Watch the client get up."
    assert section.plain_intro == "Ask them to show you how they get up."
    # Without one, the section has no plain intro of its own.
    assert load_catalog(MINI_CHECKLISTS).section("bathroom").plain_intro == ""
