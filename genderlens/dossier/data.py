"""The dossier's data (``checklists/dossier/roles.yaml``), loaded once and checked.

Role phrases, the documents each item is answered from and the words that make a
passage a reason are a lawyer's choices, so they live in YAML; this module only turns
the file into plain values and says clearly what is wrong with it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from genderlens.errors import ConfigError
from genderlens.model import DOSSIER_ROLES

ROLE_ORDER = ("gender_report", "impact_assessment", "consultation", "submission")


@dataclass(frozen=True, slots=True)
class Requirement:
    """One part of an item's question, met by any of its phrases."""

    what: dict[str, str]
    phrases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ItemSpec:
    roles: tuple[str, ...]
    also: tuple[Requirement, ...] = ()
    figures: bool = False
    needs_role: str | None = None
    report_covers: tuple[str, ...] = ()
    conditional: bool = False


@dataclass(frozen=True, slots=True)
class DossierData:
    version: str
    opening_paragraphs: int
    opening_chars: int
    roles: dict[str, dict[str, tuple[str, ...]]]
    draft_title_starts: tuple[str, ...]
    draft_title_words: tuple[str, ...]
    ask_for: tuple[str, ...]
    names: dict[str, dict[str, str]]
    figure_window: int
    sex_words: dict[str, tuple[str, ...]]
    items: dict[str, ItemSpec]
    justification_sources: tuple[str, ...]
    reason_markers: dict[str, tuple[str, ...]]
    topic_stopwords: frozenset[str]
    no_difference_claims: dict[str, tuple[str, ...]]
    not_dossier_starts: tuple[str, ...] = ()
    path: str = field(default="")

    def name(self, role: str, lang: str) -> str:
        names = self.names.get(role, {})
        return names.get(lang) or names.get("en") or role


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings")
    return tuple(value)


def _per_lang(value: Any, where: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a table of language: [phrases]")
    return {str(k): _strings(v, f"{where}.{k}") for k, v in value.items()}


def _role(value: Any, where: str) -> str:
    if value not in DOSSIER_ROLES:
        raise ConfigError(f"{where}: unknown role {value!r} "
                          f"(choose from {', '.join(DOSSIER_ROLES)})")
    return str(value)


def parse(raw: Any, path: str = "roles.yaml") -> DossierData:
    """Check the file's shape; a mistake names the key and what was expected."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping at the top")
    roles = raw.get("roles") or {}
    if not isinstance(roles, dict):
        raise ConfigError(f"{path}: roles: expected a table of role: {{vi: [...], en: [...]}}")
    parsed_roles = {_role(k, f"{path}: roles"): _per_lang(v, f"{path}: roles.{k}")
                    for k, v in roles.items()}
    draft = raw.get("draft") or {}
    items: dict[str, ItemSpec] = {}
    for item_id, spec in (raw.get("items") or {}).items():
        where = f"{path}: items.{item_id}"
        if not isinstance(spec, dict):
            raise ConfigError(f"{where}: expected a table")
        unknown = set(spec) - {"roles", "also", "figures", "needs_role", "report_covers",
                               "conditional"}
        if unknown:
            raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        also = []
        for i, req in enumerate(spec.get("also") or ()):
            if not isinstance(req, dict) or "any" not in req:
                raise ConfigError(f"{where}.also[{i}]: expected {{what: ..., any: [...]}}")
            what = req.get("what") or {}
            also.append(Requirement({str(k): str(v) for k, v in what.items()},
                                    _strings(req["any"], f"{where}.also[{i}].any")))
        items[str(item_id)] = ItemSpec(
            roles=tuple(_role(r, f"{where}.roles") for r in _strings(spec.get("roles"), where)),
            also=tuple(also),
            figures=bool(spec.get("figures", False)),
            needs_role=_role(spec["needs_role"], f"{where}.needs_role")
            if spec.get("needs_role") else None,
            report_covers=_strings(spec.get("report_covers"), f"{where}.report_covers"),
            conditional=bool(spec.get("conditional", False)),
        )
    names = {str(k): {str(lk): str(lv) for lk, lv in v.items()}
             for k, v in (raw.get("names") or {}).items()}
    return DossierData(
        version=str(raw.get("version", "")),
        opening_paragraphs=int(raw.get("opening_paragraphs", 12)),
        opening_chars=int(raw.get("opening_chars", 1500)),
        roles=parsed_roles,
        draft_title_starts=_strings(draft.get("vi_title_starts"), f"{path}: draft"),
        draft_title_words=_strings(draft.get("en_title_words"), f"{path}: draft"),
        ask_for=tuple(_role(r, f"{path}: ask_for") for r in _strings(raw.get("ask_for"),
                                                                       f"{path}: ask_for")),
        names=names,
        figure_window=int(raw.get("figure_window", 60)),
        sex_words=_per_lang(raw.get("sex_words") or {}, f"{path}: sex_words"),
        items=items,
        justification_sources=tuple(
            _role(r, f"{path}: justification_sources")
            for r in _strings(raw.get("justification_sources"), path)),
        reason_markers=_per_lang(raw.get("reason_markers") or {}, f"{path}: reason_markers"),
        topic_stopwords=frozenset(_strings(raw.get("topic_stopwords"), path)),
        no_difference_claims=_per_lang(raw.get("no_difference_claims") or {},
                                       f"{path}: no_difference_claims"),
        not_dossier_starts=_strings(raw.get("not_dossier_starts"), f"{path}: not_dossier_starts"),
        path=path,
    )


def data_path() -> Path:
    from genderlens.resources import checklists_dir

    return checklists_dir() / "dossier" / "roles.yaml"


@functools.cache
def dossier_data() -> DossierData:
    import yaml

    path = data_path()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML: {exc}") from None
    return parse(raw, str(path))
