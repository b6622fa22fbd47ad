"""The validating loader: reads every file, collects every problem, names its place.

Validation collects every problem before failing, each naming file, section and item,
because a content author fixing one error at a time would be a miserable loop.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from homecheck.model import (
    Advice,
    Answer,
    Catalog,
    Device,
    FallContext,
    FixedBy,
    Flag,
    Item,
    Measure,
    Precaution,
    PrecautionKind,
    Priority,
    RetiredItem,
    Section,
    SectionKind,
    Technique,
)

FLAGS_FILE = "flags.toml"
TECHNIQUES_FILE = "techniques.toml"
PRECAUTIONS_FILE = "precautions.toml"
RETIRED_FILE = "retired.toml"
DEVICES_FILE = "devices.toml"
SECTIONS_DIR = "sections"

_E = TypeVar("_E", bound=enum.Enum)

_ITEM_REQUIRED = ("id", "check", "plain", "hazard_if", "priority", "why", "recommend")
_ITEM_OPTIONAL = (
    "plain_recommend",
    "referral",
    "measure",
    "applies_if",
    "raise_if",
    "technique",
    "no_technique",
    "tags",
    "sources",
    "finding",
    "plain_finding",
    "plain_why",
    "advice",
    "context",
    "fixed_by",
    "devices",
)
_ADVICE_REQUIRED = ("when", "recommend", "plain_recommend")
_ADVICE_ANSWERS = (Answer.OK, Answer.HAZARD, Answer.NA)
_ADVICE_OPTIONAL = ("why", "plain_why", "fixed_by", "devices")
_WHEN_KEYS = ("flags", "all_flags", "not_flags", "answers")
_DEVICE_REQUIRED = ("id", "label", "plain")
_DEFAULT_FIXED_BY = {
    SectionKind.HOME: FixedBy.HOUSEHOLD,
    SectionKind.PERSON: FixedBy.DOCTOR,
    SectionKind.BODY_MECHANICS: FixedBy.THERAPIST,
}
_SECTION_REQUIRED = ("id", "title", "kind", "order")
_SECTION_OPTIONAL = ("plain_title", "applies_if", "intro", "plain_intro")
_TECHNIQUE_REQUIRED = ("id", "title", "purpose", "steps")
_TECHNIQUE_OPTIONAL = ("plain_title", "tips", "sources")
_PRECAUTION_REQUIRED = ("id", "kind", "title", "text", "plain", "why")
_PRECAUTION_OPTIONAL = ("applies_if", "unless", "sources")
_FLAG_REQUIRED = ("id", "label", "plain", "group")
_RETIRED_REQUIRED = ("id", "check")
_RETIRED_OPTIONAL = ("reason",)
_MEASURE_KEYS = ("label", "unit", "hazard_below", "hazard_above")


class ChecklistError(Exception):
    """The content did not validate; `problems` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = len(problems)
        summary = problems[0] if count == 1 else f"{count} problems, first: {problems[0]}"
        super().__init__(f"checklists: {summary}")


def _content_files(directory: Path) -> list[str]:
    """Every file the catalog is made of, in the order they are hashed."""
    names = [FLAGS_FILE, TECHNIQUES_FILE, PRECAUTIONS_FILE, RETIRED_FILE, DEVICES_FILE]
    sections = sorted(p.name for p in (directory / SECTIONS_DIR).glob("*.toml"))
    return names + [f"{SECTIONS_DIR}/{name}" for name in sections]


def content_hash(directory: Path) -> str:
    """A short hash of every content file's name and bytes: what a visit records."""
    digest = hashlib.sha256()
    for relative in _content_files(directory):
        path = directory / relative
        if path.is_file():
            digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@dataclass
class _Where:
    """Where a problem is, for messages like `sections/bathroom.toml [bathroom] item x: ...`."""

    file: str
    section: str = ""
    entry: str = ""

    def __str__(self) -> str:
        text = self.file
        if self.section:
            text += f" [{self.section}]"
        if self.entry:
            text += f" {self.entry}"
        return text


class _Loader:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.problems: list[str] = []
        self.devices: dict[str, Device] = {}
        self.answer_refs: list[tuple[_Where, str]] = []
        """Item ids named in advice `answers`, checked once every section is loaded."""

    def problem(self, where: _Where, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def load(self) -> Catalog:
        if not self.directory.is_dir():
            raise ChecklistError([f"{self.directory}: no such checklist directory"])
        flags = self._load_flags()
        techniques = self._load_techniques()
        precautions = self._load_precautions(flags)
        self.devices = self._load_devices()
        sections = self._load_sections(flags, techniques)
        self._check_unique_ids(sections, techniques, precautions)
        items = {item.id: item for section in sections for item in section.items}
        for where, item_id in self.answer_refs:
            if item_id not in items:
                self.problem(where, f"advice: when.answers names unknown item '{item_id}'")
        retired = self._load_retired(items)
        if self.problems:
            raise ChecklistError(self.problems)
        return Catalog(
            sections=tuple(sorted(sections, key=lambda s: (s.order, s.id))),
            techniques=techniques,
            precautions=tuple(precautions),
            flags=flags,
            content_hash=content_hash(self.directory),
            items=items,
            retired=retired,
            devices=self.devices,
        )

    # -- files -------------------------------------------------------------------------

    def _read(self, relative: str) -> dict[str, Any] | None:
        import tomllib  # only on a cache miss: the app usually starts from the cache

        path = self.directory / relative
        if not path.is_file():
            self.problem(_Where(relative), "file is missing")
            return None
        raw = path.read_bytes()
        try:
            return tomllib.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            self.problem(_Where(relative), "not valid UTF-8")
        except tomllib.TOMLDecodeError as error:
            self.problem(_Where(relative), f"TOML syntax error: {error}")
        return None

    def _entries(self, data: dict[str, Any] | None, key: str, where: _Where) -> list[Any]:
        if data is None:
            return []
        extra = set(data) - {key}
        for name in sorted(extra):
            self.problem(where, f"unknown top-level key '{name}'")
        entries = data.get(key, [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            self.problem(where, f"'{key}' must be a list of tables ([[{key}]])")
            return []
        return entries

    def _fields(
        self,
        table: dict[str, Any],
        where: _Where,
        required: tuple[str, ...],
        optional: tuple[str, ...],
    ) -> bool:
        """Check required and unknown keys; return False when the table is unusable."""
        ok = True
        for key in sorted(set(table) - set(required) - set(optional)):
            self.problem(where, f"unknown key '{key}'")
        for key in required:
            value = table.get(key)
            if value is None:
                self.problem(where, f"missing field '{key}'")
                ok = False
            elif isinstance(value, str) and not value.strip():
                self.problem(where, f"field '{key}' is empty")
                ok = False
        return ok

    def _text(self, table: dict[str, Any], key: str, where: _Where) -> str:
        value = table.get(key, "")
        if not isinstance(value, str):
            self.problem(where, f"'{key}' must be a string")
            return ""
        return value.strip()

    def _strings(self, table: dict[str, Any], key: str, where: _Where) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(where, f"'{key}' must be a list of non-empty strings")
            return ()
        return tuple(v.strip() for v in value)

    def _flag_list(
        self, table: dict[str, Any], key: str, where: _Where, flags: dict[str, Flag]
    ) -> tuple[str, ...]:
        names = self._strings(table, key, where)
        for name in names:
            if name not in flags:
                self.problem(where, f"{key}: unknown profile flag '{name}'")
        return names

    def _priority(self, value: Any, where: _Where, key: str) -> Priority:
        try:
            return Priority(value)
        except ValueError:
            self.problem(where, f"{key}: bad priority {value!r} (high, medium or low)")
            return Priority.MEDIUM

    # -- flags, techniques, precautions ------------------------------------------------

    def _load_flags(self) -> dict[str, Flag]:
        flags: dict[str, Flag] = {}
        for table in self._entries(self._read(FLAGS_FILE), "flag", _Where(FLAGS_FILE)):
            where = _Where(FLAGS_FILE, entry=f"flag {table.get('id', '?')}")
            if not self._fields(table, where, _FLAG_REQUIRED, ()):
                continue
            flag = Flag(
                id=self._text(table, "id", where),
                label=self._text(table, "label", where),
                plain=self._text(table, "plain", where),
                group=self._text(table, "group", where),
            )
            if flag.id in flags:
                self.problem(where, f"duplicate flag id '{flag.id}'")
            flags[flag.id] = flag
        return flags

    def _load_techniques(self) -> dict[str, Technique]:
        techniques: dict[str, Technique] = {}
        data = self._read(TECHNIQUES_FILE)
        for table in self._entries(data, "technique", _Where(TECHNIQUES_FILE)):
            where = _Where(TECHNIQUES_FILE, entry=f"technique {table.get('id', '?')}")
            if not self._fields(table, where, _TECHNIQUE_REQUIRED, _TECHNIQUE_OPTIONAL):
                continue
            steps = self._strings(table, "steps", where)
            if not steps:
                self.problem(where, "a technique needs at least one step")
            title = self._text(table, "title", where)
            technique = Technique(
                id=self._text(table, "id", where),
                title=title,
                plain_title=self._text(table, "plain_title", where) or title,
                purpose=self._text(table, "purpose", where),
                steps=steps,
                tips=self._strings(table, "tips", where),
                sources=self._strings(table, "sources", where),
            )
            if technique.id in techniques:
                self.problem(where, f"duplicate technique id '{technique.id}'")
            techniques[technique.id] = technique
        return techniques

    def _load_precautions(self, flags: dict[str, Flag]) -> list[Precaution]:
        precautions: list[Precaution] = []
        data = self._read(PRECAUTIONS_FILE)
        for table in self._entries(data, "precaution", _Where(PRECAUTIONS_FILE)):
            where = _Where(PRECAUTIONS_FILE, entry=f"precaution {table.get('id', '?')}")
            if not self._fields(table, where, _PRECAUTION_REQUIRED, _PRECAUTION_OPTIONAL):
                continue
            try:
                kind = PrecautionKind(table["kind"])
            except ValueError:
                self.problem(where, f"bad kind {table['kind']!r} (avoid or keep)")
                continue
            precautions.append(
                Precaution(
                    id=self._text(table, "id", where),
                    kind=kind,
                    title=self._text(table, "title", where),
                    text=self._text(table, "text", where),
                    plain=self._text(table, "plain", where),
                    why=self._text(table, "why", where),
                    applies_if=self._flag_list(table, "applies_if", where, flags),
                    unless=self._flag_list(table, "unless", where, flags),
                    sources=self._strings(table, "sources", where),
                )
            )
        return precautions

    def _load_devices(self) -> dict[str, Device]:
        """Optional: the vocabulary of things to get that items name in `devices`."""
        if not (self.directory / DEVICES_FILE).is_file():
            return {}
        devices: dict[str, Device] = {}
        data = self._read(DEVICES_FILE)
        for table in self._entries(data, "device", _Where(DEVICES_FILE)):
            where = _Where(DEVICES_FILE, entry=f"device {table.get('id', '?')}")
            if not self._fields(table, where, _DEVICE_REQUIRED, ()):
                continue
            device = Device(
                id=self._text(table, "id", where),
                label=self._text(table, "label", where),
                plain=self._text(table, "plain", where),
            )
            if device.id in devices:
                self.problem(where, f"duplicate device id '{device.id}'")
            devices[device.id] = device
        return devices

    def _load_retired(self, items: dict[str, Item]) -> dict[str, RetiredItem]:
        """Optional: ids taken out of use. An id may never come back as a live item."""
        if not (self.directory / RETIRED_FILE).is_file():
            return {}
        retired: dict[str, RetiredItem] = {}
        data = self._read(RETIRED_FILE)
        for table in self._entries(data, "retired", _Where(RETIRED_FILE)):
            where = _Where(RETIRED_FILE, entry=f"retired {table.get('id', '?')}")
            if not self._fields(table, where, _RETIRED_REQUIRED, _RETIRED_OPTIONAL):
                continue
            entry = RetiredItem(
                id=self._text(table, "id", where),
                check=self._text(table, "check", where),
                reason=self._text(table, "reason", where),
            )
            if entry.id in items:
                self.problem(where, "a retired id is used again by a live item; pick a new id")
            if entry.id in retired:
                self.problem(where, "duplicate retired id")
            retired[entry.id] = entry
        return retired

    # -- sections and items ------------------------------------------------------------

    def _load_sections(
        self, flags: dict[str, Flag], techniques: dict[str, Technique]
    ) -> list[Section]:
        folder = self.directory / SECTIONS_DIR
        if not folder.is_dir():
            self.problem(_Where(SECTIONS_DIR), "folder is missing")
            return []
        sections = []
        for path in sorted(folder.glob("*.toml")):
            relative = f"{SECTIONS_DIR}/{path.name}"
            section = self._load_section(relative, flags, techniques)
            if section is not None:
                sections.append(section)
        if not sections and not self.problems:
            self.problem(_Where(SECTIONS_DIR), "no section files (*.toml)")
        return sections

    def _load_section(
        self, relative: str, flags: dict[str, Flag], techniques: dict[str, Technique]
    ) -> Section | None:
        data = self._read(relative)
        if data is None:
            return None
        where = _Where(relative)
        for key in sorted(set(data) - {"section", "item"}):
            self.problem(where, f"unknown top-level key '{key}'")
        head = data.get("section")
        if not isinstance(head, dict):
            self.problem(where, "missing [section] table")
            return None
        where = _Where(relative, section=str(head.get("id", "?")))
        if not self._fields(head, where, _SECTION_REQUIRED, _SECTION_OPTIONAL):
            return None
        try:
            kind = SectionKind(head["kind"])
        except ValueError:
            kind = None
        if kind is None or kind is SectionKind.RECHECK:
            self.problem(where, f"bad kind {head['kind']!r} (home, body-mechanics or person)")
            return None
        if not isinstance(head["order"], int):
            self.problem(where, "'order' must be a whole number")
        section_id = self._text(head, "id", where)
        items = []
        for table in self._entries({"item": data.get("item", [])}, "item", where):
            item_where = _Where(relative, section_id, f"item {table.get('id', '?')}")
            item = self._load_item(table, item_where, section_id, kind, flags, techniques)
            if item is not None:
                items.append(item)
        if not items:
            self.problem(where, "a section needs at least one [[item]]")
        title = self._text(head, "title", where)
        return Section(
            id=section_id,
            title=title,
            plain_title=self._text(head, "plain_title", where) or title,
            kind=kind,
            order=head["order"] if isinstance(head["order"], int) else 0,
            items=tuple(items),
            intro=self._text(head, "intro", where),
            applies_if=self._flag_list(head, "applies_if", where, flags),
            plain_intro=self._text(head, "plain_intro", where),
        )

    def _load_item(
        self,
        table: dict[str, Any],
        where: _Where,
        section_id: str,
        kind: SectionKind,
        flags: dict[str, Flag],
        techniques: dict[str, Technique],
    ) -> Item | None:
        if not self._fields(table, where, _ITEM_REQUIRED, _ITEM_OPTIONAL):
            return None
        item_id = self._text(table, "id", where)
        if not item_id.startswith(section_id + ".") or item_id == section_id + ".":
            self.problem(where, f"item id must start with '{section_id}.'")
        priority = self._priority(table["priority"], where, "priority")
        technique = self._text(table, "technique", where)
        if technique and technique not in techniques:
            self.problem(where, f"unknown technique '{technique}'")
        no_technique = self._text(table, "no_technique", where)
        if kind is SectionKind.BODY_MECHANICS and not (technique or no_technique):
            self.problem(where, "body-mechanics item needs 'technique' or 'no_technique'")
        devices = self._devices(table, where)
        return Item(
            id=item_id,
            section_id=section_id,
            check=self._text(table, "check", where),
            plain=self._text(table, "plain", where),
            hazard_if=self._text(table, "hazard_if", where),
            priority=priority,
            why=self._text(table, "why", where),
            recommend=self._text(table, "recommend", where),
            plain_recommend=self._text(table, "plain_recommend", where),
            referral=self._text(table, "referral", where),
            measure=self._measure(table.get("measure"), where),
            applies_if=self._flag_list(table, "applies_if", where, flags),
            raise_if=self._raise_if(table.get("raise_if", {}), where, priority, flags),
            technique=technique,
            no_technique=no_technique,
            tags=self._strings(table, "tags", where),
            sources=self._strings(table, "sources", where),
            finding=self._text(table, "finding", where),
            plain_finding=self._text(table, "plain_finding", where),
            plain_why=self._text(table, "plain_why", where),
            advice=self._advice(table.get("advice", []), where, flags),
            context=self._choice(table, "context", FallContext, where, None),
            fixed_by=self._choice(table, "fixed_by", FixedBy, where, _DEFAULT_FIXED_BY[kind])
            or _DEFAULT_FIXED_BY[kind],
            devices=devices,
        )

    def _devices(self, table: dict[str, Any], where: _Where) -> tuple[str, ...]:
        """An item's or variant's `devices`, each one named in the devices file."""
        devices = self._strings(table, "devices", where)
        for device in devices:
            if device not in self.devices:
                self.problem(where, f"devices: unknown device '{device}' (see {DEVICES_FILE})")
        return devices

    def _choice(
        self, table: dict[str, Any], key: str, kind: type[_E], where: _Where, default: _E | None
    ) -> _E | None:
        """An enum value named by a string, or a problem listing the allowed ones."""
        if key not in table:
            return default
        try:
            return kind(table[key])
        except ValueError:
            allowed = ", ".join(str(member.value) for member in kind)
            self.problem(where, f"{key}: unknown value (one of {allowed})")
            return default

    def _advice(self, value: Any, where: _Where, flags: dict[str, Flag]) -> tuple[Advice, ...]:
        """The item's [[item.advice]] variants: each needs a `when` and both wordings."""
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(where, "'advice' must be a list of tables ([[item.advice]])")
            return ()
        variants = []
        for number, table in enumerate(value, start=1):
            at = _Where(where.file, where.section, f"{where.entry} advice {number}")
            if not self._fields(table, at, _ADVICE_REQUIRED, _ADVICE_OPTIONAL):
                continue
            when = table["when"]
            if not isinstance(when, dict) or not when:
                self.problem(at, "'when' must be a table of flags, all_flags, not_flags, answers")
                continue
            for key in sorted(set(when) - set(_WHEN_KEYS)):
                self.problem(
                    at, f"when: unknown key '{key}' (flags, all_flags, not_flags, answers)"
                )
            variants.append(
                Advice(
                    recommend=self._text(table, "recommend", at),
                    plain_recommend=self._text(table, "plain_recommend", at),
                    why=self._text(table, "why", at),
                    plain_why=self._text(table, "plain_why", at),
                    flags=self._flag_list(when, "flags", at, flags),
                    not_flags=self._flag_list(when, "not_flags", at, flags),
                    all_flags=self._flag_list(when, "all_flags", at, flags),
                    answers=self._answers(when.get("answers", {}), at),
                    fixed_by=self._choice(table, "fixed_by", FixedBy, at, None),
                    devices=self._devices(table, at) if "devices" in table else None,
                )
            )
        return tuple(variants)

    def _answers(self, value: Any, where: _Where) -> tuple[tuple[str, Answer], ...]:
        if not isinstance(value, dict):
            self.problem(where, "when.answers must be a table of item id = answer")
            return ()
        pairs = []
        for item_id, raw in value.items():
            # Advice follows what was seen; "Don't know" (unknown) saw nothing to follow.
            answer = next((a for a in _ADVICE_ANSWERS if a.value == raw), None)
            if answer is None:
                self.problem(where, f"when.answers: '{item_id}' needs ok, hazard or na")
                continue
            self.answer_refs.append((where, item_id))
            pairs.append((item_id, answer))
        return tuple(pairs)

    def _measure(self, value: Any, where: _Where) -> Measure | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(where, "measure must be a table")
            return None
        for key in sorted(set(value) - set(_MEASURE_KEYS)):
            self.problem(where, f"measure: unknown key '{key}'")
        label, unit = value.get("label"), value.get("unit")
        if not isinstance(label, str) or not label.strip():
            self.problem(where, "measure needs a 'label'")
        if not isinstance(unit, str) or not unit.strip():
            self.problem(where, "measure needs a 'unit'")
        below, above = value.get("hazard_below"), value.get("hazard_above")
        for name, bound in (("hazard_below", below), ("hazard_above", above)):
            if bound is not None and (
                isinstance(bound, bool) or not isinstance(bound, int | float)
            ):
                self.problem(where, f"measure: '{name}' must be a number")
                return None
        if below is None and above is None:
            self.problem(where, "measure needs 'hazard_below' or 'hazard_above'")
        if below is not None and above is not None and below >= above:
            self.problem(where, "measure: 'hazard_below' must be less than 'hazard_above'")
        if not (isinstance(label, str) and isinstance(unit, str)):
            return None
        return Measure(
            label=label.strip(),
            unit=unit.strip(),
            hazard_below=None if below is None else float(below),
            hazard_above=None if above is None else float(above),
        )

    def _raise_if(
        self, value: Any, where: _Where, base: Priority, flags: dict[str, Flag]
    ) -> tuple[tuple[str, Priority], ...]:
        if not isinstance(value, dict):
            self.problem(where, "raise_if must be a table of flag = priority")
            return ()
        rules = []
        for flag, raw in value.items():
            if flag not in flags:
                self.problem(where, f"raise_if: unknown profile flag '{flag}'")
            priority = self._priority(raw, where, f"raise_if.{flag}")
            if priority.rank >= base.rank:
                self.problem(
                    where,
                    f"raise_if.{flag}: '{priority.value}' does not raise '{base.value}'",
                )
            rules.append((flag, priority))
        return tuple(rules)

    def _check_unique_ids(
        self,
        sections: list[Section],
        techniques: dict[str, Technique],
        precautions: list[Precaution],
    ) -> None:
        seen_sections: set[str] = set()
        for section in sections:
            if section.id in seen_sections:
                self.problem(_Where(SECTIONS_DIR, section.id), "duplicate section id")
            seen_sections.add(section.id)
        seen_items: dict[str, str] = {}
        for section in sections:
            for item in section.items:
                if item.id in seen_items:
                    self.problem(
                        _Where(SECTIONS_DIR, section.id, f"item {item.id}"),
                        f"duplicate item id (also in section '{seen_items[item.id]}')",
                    )
                seen_items[item.id] = section.id
        seen_precautions: set[str] = set()
        for precaution in precautions:
            if precaution.id in seen_precautions:
                self.problem(
                    _Where(PRECAUTIONS_FILE, entry=f"precaution {precaution.id}"),
                    "duplicate precaution id",
                )
            seen_precautions.add(precaution.id)
