"""Load and validate checklist and lexicon YAML files.

Checklists (``checklists/*.yaml``) and lexicons (``checklists/lexicons/*.yaml``) are data.
This module turns them into the frozen dataclasses of :mod:`genderlens.check.spec`, and
checks them against a small hand-written schema first. Every problem is reported as
``file:line: what was expected``; :func:`validate_file` returns all of them,
the ``load_*`` functions raise :class:`~genderlens.errors.ConfigError` with the first.

The YAML is composed into nodes (``yaml.compose``) rather than loaded straight into
Python values, so that every value keeps the line it came from and duplicate keys,
which PyYAML would silently merge, are caught.

Detector options, per kind (all detectors also take ``kind``, ``language`` and ``id``):

=================== ==========================================================================
``terms``           ``lexicon`` (id), ``categories`` (entry categories to keep; all if absent)
``pattern``         ``regex`` (Python ``re``, case-insensitive on NFC text), ``message``,
                    ``suggestion``, ``category``, ``severity``, ``unless`` (phrases that
                    cancel a hit in the same unit)
``differential``    ``lexicon`` (a sex-marker lexicon with ``female``/``male`` lists),
                    ``categories`` (classes to report: differential, protective,
                    special-measure; all if absent)
``generic-masculine`` ``lexicon`` (with a ``roles`` list), ``doublets`` (bool: report
                    "he or she" doublets instead of bare masculine pronouns)
``presence``        ``any`` (phrases) and/or ``any_list`` (names of lists in ``lexicon``),
                    ``scope``; optional ``message``, ``suggestion``, ``category``,
                    ``severity`` for the finding reported when nothing is found
``conditional``     ``trigger``/``trigger_list``, ``expect``/``expect_list``, ``lexicon``,
                    ``scope``, ``message``, ``suggestion``, ``category``, ``severity``
=================== ==========================================================================

After loading, ``*_list`` names are resolved: ``any``, ``trigger`` and ``expect`` always
hold the full phrase tuple; ``lexicon_path`` records which file a ``lexicon`` id came
from (pass it to :func:`get_lexicon`); ``message``/``suggestion`` are
:class:`~genderlens.check.spec.Text`; ``severity`` is a :class:`~genderlens.model.Severity`;
list values are tuples. When a lexicon-based detector names no ``language``, it takes the
lexicon's.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from genderlens.check.spec import (
    DETECTOR_KINDS,
    SCOPES,
    STATUS_LOGIC,
    Checklist,
    Detector,
    Item,
    Lexicon,
    LexiconEntry,
    Text,
)
from genderlens.errors import ConfigError
from genderlens.model import CATEGORIES, Severity
from genderlens.structure.language import LANGUAGES

SEVERITIES = tuple(s.name for s in Severity)
PLACEHOLDERS = ("term", "suggestion", "detail")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LIST_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
UNVERIFIED_MARK = "to be verified"
# libyaml's parser when PyYAML was built with it (several times faster); same nodes and marks.
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CHECKLIST_KEYS = ("id", "version", "title", "basis", "languages", "description", "items")
CHECKLIST_REQUIRED = ("id", "version", "title", "basis", "items")
ITEM_KEYS = (
    "id",
    "title",
    "question",
    "basis",
    "basis_verified",
    "status",
    "severity",
    "category",
    "languages",
    "detectors",
    "examples",
)
ITEM_REQUIRED = ("id", "title", "question", "basis", "status")
LEXICON_KEYS = (
    "id",
    "version",
    "title",
    "language",
    "source",
    "basis",
    "description",
    "note",
    "entries",
    "lists",
)
LEXICON_REQUIRED = ("id", "version", "title", "language", "source")
ENTRY_KEYS = (
    "term",
    "forms",
    "suggestion",
    "message",
    "category",
    "severity",
    "source",
    "note",
    "case_sensitive",
    "unless",
)

COMMON_DETECTOR_KEYS = ("kind", "language", "id")
DETECTOR_KEYS: dict[str, tuple[str, ...]] = {
    "terms": ("lexicon", "categories"),
    "pattern": ("regex", "message", "suggestion", "category", "severity", "unless"),
    "differential": ("lexicon", "categories", "message", "suggestion"),
    "generic-masculine": ("lexicon", "doublets"),
    "presence": (
        "any",
        "any_list",
        "lexicon",
        "scope",
        "message",
        "suggestion",
        "category",
        "severity",
    ),
    "conditional": (
        "trigger",
        "trigger_list",
        "expect",
        "expect_list",
        "lexicon",
        "scope",
        "message",
        "suggestion",
        "category",
        "severity",
    ),
}
DETECTOR_REQUIRED: dict[str, tuple[str, ...]] = {
    "terms": ("lexicon",),
    "pattern": ("regex", "message"),
    "differential": ("lexicon",),
    "generic-masculine": ("lexicon",),
    "presence": (),
    "conditional": ("message",),
}
# Lists a built-in detector cannot work without.
REQUIRED_LISTS: dict[str, tuple[str, ...]] = {
    "differential": ("female", "male"),
    "generic-masculine": ("roles",),
}
# What the differential classifier can report (its ``categories`` filter).
DIFFERENTIAL_CLASSES = ("differential", "protective", "special-measure")
# Kinds whose presence makes a status logic meaningful.
STATUS_NEEDS: dict[str, tuple[str, ...]] = {
    "expect-present": ("presence", "conditional"),
    "conditional": ("conditional",),
}


# --------------------------------------------------------------------------- problems


class _Problems:
    """Collects ``file:line: what`` messages for one file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._items: list[tuple[int, str]] = []
        # A list or mapping under a key is reported on the key's line, not its first child's.
        self.key_of: dict[int, Node] = {}

    def add(self, where: Node | int | None, what: str) -> None:
        if isinstance(where, MappingNode | SequenceNode):
            where = self.key_of.get(id(where), where)
        line = where.start_mark.line + 1 if isinstance(where, Node) else where or 1
        self._items.append((line, what))

    def __bool__(self) -> bool:
        return bool(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def lines(self) -> list[str]:
        ordered = sorted(enumerate(self._items), key=lambda p: (p[1][0], p[0]))
        return [f"{self.path}:{line}: {what}" for _, (line, what) in ordered]

    def raise_if_any(self) -> None:
        if not self._items:
            return
        lines = self.lines()
        text = lines[0]
        if len(lines) > 1:
            text += f" (and {len(lines) - 1} more problem{'s' if len(lines) > 2 else ''})"
        raise ConfigError(text)


def _kind_of(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    tag = node.tag.rsplit(":", 1)[-1]
    return {"str": "a string", "int": "a number", "float": "a number", "bool": "true/false"}.get(
        tag, "null" if tag == "null" else f"a {tag}"
    )


class _Reader:
    """Typed access to composed YAML nodes, reporting problems with line numbers."""

    def __init__(self, problems: _Problems) -> None:
        self.p = problems
        self._constructor = SafeConstructor()

    # -- composing

    def compose(self, path: Path) -> Node | None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.p.add(1, f"cannot read the file ({exc.strerror or exc})")
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.p.add(line, "the file is not valid UTF-8")
            return None
        try:
            node = yaml.compose(text, Loader=_YAML_LOADER)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            what = "YAML syntax error: " + (exc.problem or "invalid YAML")
            if exc.context:
                what += f" ({exc.context})"
            self.p.add(mark.line + 1 if mark else 1, what)
            return None
        except yaml.YAMLError as exc:
            self.p.add(1, f"YAML syntax error: {exc}")
            return None
        if node is None:
            self.p.add(1, "the file is empty; expected a mapping with 'id', 'version', 'title' …")
        return node

    # -- scalars

    def value(self, node: Node) -> Any:
        if isinstance(node, ScalarNode):
            return self._constructor.construct_object(node, deep=True)
        return None

    def mapping(
        self,
        node: Node,
        what: str,
        allowed: Iterable[str],
        required: Iterable[str] = (),
    ) -> dict[str, Node] | None:
        if not isinstance(node, MappingNode):
            self.p.add(node, f"expected a mapping for {what}, found {_kind_of(node)}")
            return None
        allowed = tuple(allowed)
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = self.value(key_node)
            if not isinstance(key, str):
                self.p.add(key_node, f"keys of {what} must be strings, found {_kind_of(key_node)}")
                continue
            if key in out:
                self.p.add(key_node, f"duplicate key '{key}' in {what}")
                continue
            if key not in allowed:
                self.p.add(
                    key_node,
                    f"unknown key '{key}' in {what}; expected one of: {', '.join(allowed)}",
                )
                continue
            out[key] = value_node
            self.p.key_of[id(value_node)] = key_node
        for key in required:
            if key not in out:
                self.p.add(node, f"missing required key '{key}' in {what}")
        return out

    def string(self, node: Node, what: str, *, empty_ok: bool = False) -> str | None:
        value = self.value(node)
        if not isinstance(value, str):
            hint = " (quote it)" if isinstance(value, int | float | bool) else ""
            self.p.add(node, f"expected a string for {what}, found {_kind_of(node)}{hint}")
            return None
        value = unicodedata.normalize("NFC", value)
        if not empty_ok and not value.strip():
            self.p.add(node, f"{what} must not be empty")
            return None
        return value

    def boolean(self, node: Node, what: str) -> bool | None:
        value = self.value(node)
        if not isinstance(value, bool):
            self.p.add(node, f"expected true or false for {what}, found {_kind_of(node)}")
            return None
        return value

    def choice(self, node: Node, what: str, choices: Iterable[str]) -> str | None:
        choices = tuple(choices)
        value = self.string(node, what)
        if value is None:
            return None
        if value not in choices:
            self.p.add(node, f"bad {what} '{value}'; expected one of: {', '.join(choices)}")
            return None
        return value

    def identifier(self, node: Node, what: str) -> str | None:
        value = self.string(node, what)
        if value is not None and not ID_RE.match(value):
            self.p.add(node, f"bad {what} '{value}'; expected lowercase letters, digits and '-'")
            return None
        return value

    def strings(
        self, node: Node, what: str, *, item_check: Callable[[str], str | None] | None = None
    ) -> tuple[str, ...] | None:
        """A list of non-empty strings (a single string is accepted as a one-item list)."""
        if isinstance(node, ScalarNode) and isinstance(self.value(node), str):
            items: list[Node] = [node]
        elif isinstance(node, SequenceNode):
            items = list(node.value)
        else:
            self.p.add(node, f"expected a list of strings for {what}, found {_kind_of(node)}")
            return None
        out: list[str] = []
        ok = True
        for child in items:
            value = self.string(child, f"an item of {what}")
            if value is None:
                ok = False
                continue
            if item_check is not None:
                problem = item_check(value)
                if problem:
                    self.p.add(child, problem)
                    ok = False
                    continue
            out.append(value)
        return tuple(out) if ok else None

    def text(self, node: Node, what: str, *, placeholders: bool = False) -> Text | None:
        """A string, or a mapping ``{vi: ..., en: ...}``."""
        if isinstance(node, MappingNode):
            fields = self.mapping(node, what, LANGUAGES)
            if fields is None:
                return None
            if not fields:
                self.p.add(node, f"{what} needs at least one of: {', '.join(LANGUAGES)}")
                return None
            values: list[tuple[str, str]] = []
            for lang, child in fields.items():
                value = self.string(child, f"{what}.{lang}")
                if value is None:
                    continue
                if placeholders:
                    self._check_placeholders(child, value, what)
                values.append((lang, value))
            return Text(tuple(values)) if len(values) == len(fields) else None
        value = self.string(node, what)
        if value is None:
            return None
        if placeholders:
            self._check_placeholders(node, value, what)
        return Text.of(value)

    def _check_placeholders(self, node: Node, value: str, what: str) -> None:
        for problem in placeholder_problems(value):
            self.p.add(node, f"{what}: {problem}")

    def languages(self, node: Node, what: str) -> tuple[str, ...] | None:
        def check(lang: str) -> str | None:
            if lang not in LANGUAGES:
                return f"bad language '{lang}' in {what}; expected one of: {', '.join(LANGUAGES)}"
            return None

        return self.strings(node, what, item_check=check)


def placeholder_problems(message: str) -> list[str]:
    """Problems with the ``{...}`` placeholders of a message (only named ones allowed)."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(message) if f is not None]
    except ValueError as exc:
        return [f"bad braces ({exc}); write '{{{{' for a literal brace"]
    problems = []
    for name in fields:
        if name not in PLACEHOLDERS:
            shown = "{" + name + "}"
            problems.append(
                f"unknown placeholder '{shown}'; expected only "
                + ", ".join("{" + p + "}" for p in PLACEHOLDERS)
            )
    return problems


# --------------------------------------------------------------------------- lexicons


def _parse_lexicon(path: Path, problems: _Problems) -> Lexicon | None:
    r = _Reader(problems)
    root = r.compose(path)
    if root is None:
        return None
    top = r.mapping(root, "the lexicon", LEXICON_KEYS, LEXICON_REQUIRED)
    if top is None:
        return None
    lex_id = r.identifier(top["id"], "lexicon id") if "id" in top else None
    if "version" in top:
        r.string(top["version"], "'version'")
    title = r.text(top["title"], "'title'") if "title" in top else None
    language = r.choice(top["language"], "'language'", LANGUAGES) if "language" in top else None
    source = r.string(top["source"], "'source'") if "source" in top else None
    for key in ("basis", "note"):
        if key in top:
            r.string(top[key], f"'{key}'")
    if "description" in top:
        r.text(top["description"], "'description'")
    if "entries" not in top and "lists" not in top:
        problems.add(root, "a lexicon needs 'entries', 'lists' or both")

    entries: list[LexiconEntry] = []
    if "entries" in top:
        node = top["entries"]
        if not isinstance(node, SequenceNode):
            problems.add(node, f"expected a list for 'entries', found {_kind_of(node)}")
        else:
            seen: dict[str, int] = {}
            for i, child in enumerate(node.value, 1):
                entry = _parse_entry(r, child, f"entry {i}")
                if entry is None:
                    continue
                for phrase in (entry.term, *entry.forms):
                    key = phrase.casefold()
                    if key in seen:
                        problems.add(
                            child,
                            f"duplicate term '{phrase}' in entry {i}; "
                            f"already listed on line {seen[key]}",
                        )
                    else:
                        seen[key] = child.start_mark.line + 1
                entries.append(entry)

    lists: list[tuple[str, tuple[str, ...]]] = []
    if "lists" in top:
        node = top["lists"]
        if not isinstance(node, MappingNode):
            problems.add(
                node, f"expected a mapping of name -> phrases for 'lists', found {_kind_of(node)}"
            )
        else:
            names: set[str] = set()
            for key_node, value_node in node.value:
                name = r.value(key_node)
                if not isinstance(name, str) or not LIST_NAME_RE.match(name):
                    problems.add(
                        key_node,
                        f"bad list name {name!r}; expected lowercase letters, digits and '_'",
                    )
                    continue
                if name in names:
                    problems.add(key_node, f"duplicate list '{name}'")
                    continue
                names.add(name)
                phrases = r.strings(value_node, f"list '{name}'")
                if phrases is None:
                    continue
                dupes = _duplicates(p.casefold() for p in phrases)
                for dupe in dupes:
                    problems.add(value_node, f"duplicate phrase '{dupe}' in list '{name}'")
                lists.append((name, phrases))

    if problems or lex_id is None or language is None or title is None or source is None:
        return None
    return Lexicon(
        id=lex_id,
        language=language,
        title=title.get("en"),
        source=source,
        entries=tuple(entries),
        path=str(path),
        lists=tuple(lists),
    )


def _duplicates(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    dupes: list[str] = []
    for v in values:
        if v in seen and v not in dupes:
            dupes.append(v)
        seen.add(v)
    return dupes


def _parse_entry(r: _Reader, node: Node, what: str) -> LexiconEntry | None:
    before = len(r.p)
    fields = r.mapping(node, what, ENTRY_KEYS, ("term",))
    if fields is None or "term" not in fields:
        return None
    term = r.string(fields["term"], f"'term' of {what}")
    label = f"{what} ({term})" if term else what
    forms = r.strings(fields["forms"], f"'forms' of {label}") if "forms" in fields else ()
    suggestion = (
        r.text(fields["suggestion"], f"'suggestion' of {label}")
        if "suggestion" in fields
        else Text(())
    )
    message = (
        r.text(fields["message"], f"'message' of {label}", placeholders=True)
        if "message" in fields
        else Text(())
    )
    category = (
        r.choice(fields["category"], f"category of {label}", CATEGORIES)
        if "category" in fields
        else "language"
    )
    severity = (
        r.choice(fields["severity"], f"severity of {label}", SEVERITIES)
        if "severity" in fields
        else "warning"
    )
    source = r.string(fields["source"], f"'source' of {label}") if "source" in fields else ""
    note = r.string(fields["note"], f"'note' of {label}") if "note" in fields else ""
    case_sensitive = (
        r.boolean(fields["case_sensitive"], f"'case_sensitive' of {label}")
        if "case_sensitive" in fields
        else False
    )
    unless = r.strings(fields["unless"], f"'unless' of {label}") if "unless" in fields else ()
    if len(r.p) != before or term is None:
        return None
    assert forms is not None and suggestion is not None and message is not None
    assert category is not None and severity is not None and unless is not None
    return LexiconEntry(
        term=term,
        forms=forms,
        suggestion=suggestion,
        message=message,
        category=category,
        severity=Severity[severity],
        source=source or "",
        note=note or "",
        case_sensitive=bool(case_sensitive),
        unless=unless,
    )


def load_lexicon(path: str | Path) -> Lexicon:
    """Load one lexicon file; raise :class:`ConfigError` (``file:line: what``) if invalid."""
    path = Path(path)
    problems = _Problems(str(path))
    lexicon = _parse_lexicon(path, problems)
    problems.raise_if_any()
    assert lexicon is not None
    return lexicon


def _lexicon_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def _builtin_lexicon_dir() -> Path:
    from genderlens.resources import checklists_dir

    return checklists_dir() / "lexicons"


@lru_cache(maxsize=1)
def builtin_lexicons() -> dict[str, Lexicon]:
    """All lexicons shipped under ``checklists/lexicons/``, by id."""
    from genderlens.check.datacache import cached

    return cached("lexicons", _load_builtin_lexicons)


def _load_builtin_lexicons() -> dict[str, Lexicon]:
    out: dict[str, Lexicon] = {}
    for path in _lexicon_files(_builtin_lexicon_dir()):
        lexicon = load_lexicon(path)
        if lexicon.id in out:
            raise ConfigError(
                f"{path}:1: lexicon id '{lexicon.id}' is also used by {out[lexicon.id].path}"
            )
        out[lexicon.id] = lexicon
    return out


@lru_cache(maxsize=64)
def get_lexicon(id_or_path: str) -> Lexicon:
    """A lexicon by built-in id, or by the path a loaded detector recorded (cached)."""
    if id_or_path.endswith((".yaml", ".yml")):
        path = Path(id_or_path)
        if path.is_file():
            return load_lexicon(path)
    lexicons = builtin_lexicons()
    if id_or_path in lexicons:
        return lexicons[id_or_path]
    known = ", ".join(sorted(lexicons)) or "none"
    raise ConfigError(f"unknown lexicon '{id_or_path}'; built-in lexicons: {known}")


def clear_caches() -> None:
    """Forget cached lexicons and checklists (tests, or after editing data files)."""
    from genderlens.check import datacache

    datacache.clear()
    builtin_lexicons.cache_clear()
    _builtin_checklists.cache_clear()
    get_lexicon.cache_clear()
    _local_lexicons.cache_clear()


@lru_cache(maxsize=32)
def _local_lexicons(folder: str) -> dict[str, tuple[str, Lexicon | None, str]]:
    """Lexicons in a checklist's own ``lexicons/`` folder: id -> (path, lexicon, problem)."""
    out: dict[str, tuple[str, Lexicon | None, str]] = {}
    for path in _lexicon_files(Path(folder)):
        problems = _Problems(str(path))
        lexicon = _parse_lexicon(path, problems)
        if lexicon is not None:
            out.setdefault(lexicon.id, (str(path), lexicon, ""))
        else:
            # Still index a broken file by its stem, so the checklist can say why.
            first = problems.lines()[0] if problems else f"{path}: invalid lexicon"
            out.setdefault(path.stem, (str(path), None, first))
    return out


def _resolve_lexicon(lex_id: str, base: Path) -> tuple[Lexicon | None, str]:
    """Find a lexicon for a checklist in ``base``: its own folder first, then built-ins."""
    local = _local_lexicons(str(base / "lexicons"))
    if lex_id in local:
        _, lexicon, problem = local[lex_id]
        return lexicon, problem
    try:
        return builtin_lexicons().get(lex_id), ""
    except (ConfigError, FileNotFoundError) as exc:
        return None, str(exc)


# -------------------------------------------------------------------------- checklists


def _parse_checklist(path: Path, problems: _Problems) -> Checklist | None:
    r = _Reader(problems)
    root = r.compose(path)
    if root is None:
        return None
    top = r.mapping(root, "the checklist", CHECKLIST_KEYS, CHECKLIST_REQUIRED)
    if top is None:
        return None
    cl_id = r.identifier(top["id"], "checklist id") if "id" in top else None
    version = r.string(top["version"], "'version'") if "version" in top else None
    title = r.text(top["title"], "'title'") if "title" in top else None
    basis = r.string(top["basis"], "'basis'") if "basis" in top else None
    languages = r.languages(top["languages"], "'languages'") if "languages" in top else ()
    description = r.text(top["description"], "'description'") if "description" in top else None

    items: list[Item] = []
    if "items" in top:
        node = top["items"]
        if not isinstance(node, SequenceNode):
            problems.add(node, f"expected a list for 'items', found {_kind_of(node)}")
        elif not node.value:
            problems.add(node, "'items' is empty; a checklist needs at least one item")
        else:
            seen: dict[str, int] = {}
            for i, child in enumerate(node.value, 1):
                item = _parse_item(r, child, i, path.parent, languages or ())
                if item is None:
                    continue
                if item.id in seen:
                    problems.add(
                        child,
                        f"duplicate item id '{item.id}'; already used on line {seen[item.id]}",
                    )
                    continue
                seen[item.id] = item.line
                items.append(item)

    if problems or None in (cl_id, version, title, basis, languages):
        return None
    assert cl_id and version and title and basis is not None and languages is not None
    return Checklist(
        id=cl_id,
        version=version,
        title=title,
        basis=basis,
        items=tuple(items),
        languages=languages,
        path=str(path),
        description=description or Text(()),
    )


def _parse_item(
    r: _Reader, node: Node, index: int, base: Path, cl_languages: tuple[str, ...]
) -> Item | None:
    what = f"item {index}"
    before = len(r.p)
    fields = r.mapping(node, what, ITEM_KEYS, ITEM_REQUIRED)
    if fields is None:
        return None
    item_id = r.identifier(fields["id"], f"id of {what}") if "id" in fields else None
    if item_id:
        what = f"item '{item_id}'"
    title = r.text(fields["title"], f"'title' of {what}") if "title" in fields else None
    question = r.text(fields["question"], f"'question' of {what}") if "question" in fields else None
    basis = r.string(fields["basis"], f"'basis' of {what}") if "basis" in fields else None
    verified: bool | None = True
    if "basis_verified" in fields:
        verified = r.boolean(fields["basis_verified"], f"'basis_verified' of {what}")
    if basis is not None and verified is not None:
        marked = UNVERIFIED_MARK in basis.casefold()
        if marked and verified:
            r.p.add(
                fields["basis"],
                f"'basis' of {what} says '{UNVERIFIED_MARK}'; expected 'basis_verified: false'",
            )
        if not verified and not marked:
            r.p.add(
                fields["basis"],
                f"'basis' of {what} has basis_verified: false; expected "
                f"'({UNVERIFIED_MARK})' after the source that is not yet checked",
            )
    status = (
        r.choice(fields["status"], f"status of {what}", STATUS_LOGIC)
        if "status" in fields
        else None
    )
    severity = (
        r.choice(fields["severity"], f"severity of {what}", SEVERITIES)
        if "severity" in fields
        else "warning"
    )
    category = (
        r.choice(fields["category"], f"category of {what}", CATEGORIES)
        if "category" in fields
        else ""
    )
    languages: tuple[str, ...] | None = ()
    if "languages" in fields:
        languages = r.languages(fields["languages"], f"'languages' of {what}")
        for lang in languages or ():
            if cl_languages and lang not in cl_languages:
                r.p.add(
                    fields["languages"],
                    f"language '{lang}' of {what} is not among the "
                    f"checklist's languages ({', '.join(cl_languages)})",
                )

    detectors: list[Detector] = []
    if "detectors" in fields:
        dnode = fields["detectors"]
        if not isinstance(dnode, SequenceNode):
            r.p.add(dnode, f"expected a list for 'detectors' of {what}, found {_kind_of(dnode)}")
        else:
            for j, child in enumerate(dnode.value, 1):
                det = _parse_detector(r, child, f"detector {j} of {what}", base)
                if det is not None:
                    detectors.append(det)
    n_detectors = (
        len(fields["detectors"].value) if isinstance(fields.get("detectors"), SequenceNode) else 0
    )

    if status is not None and status != "human" and n_detectors == 0:
        r.p.add(
            node,
            f"{what} has status '{status}' but no detectors; expected detectors or status 'human'",
        )
    needs = STATUS_NEEDS.get(status or "")
    if needs and detectors and not any(d.kind in needs for d in detectors):
        r.p.add(
            fields.get("status", node),
            f"{what} has status '{status}'; expected a detector of kind {' or '.join(needs)}",
        )

    fail: tuple[str, ...] | None = ()
    passing: tuple[str, ...] | None = ()
    if "examples" in fields:
        ex = r.mapping(fields["examples"], f"'examples' of {what}", ("fail", "pass"))
        if ex is not None:
            fail = r.strings(ex["fail"], f"'examples.fail' of {what}") if "fail" in ex else ()
            passing = r.strings(ex["pass"], f"'examples.pass' of {what}") if "pass" in ex else ()
            if n_detectors and (not fail or not passing):
                missing = " and ".join(
                    k for k, v in (("fail", fail), ("pass", passing)) if v is not None and not v
                )
                if missing:
                    r.p.add(
                        fields["examples"],
                        f"{what} has detectors; expected at least one '{missing}' example",
                    )
    elif n_detectors:
        r.p.add(
            node,
            f"{what} has detectors but no 'examples'; expected "
            "examples: {fail: [...], pass: [...]}",
        )

    if len(r.p) != before:
        return None
    assert item_id and title and question and basis and status and severity is not None
    assert category is not None and verified is not None and languages is not None
    assert fail is not None and passing is not None
    return Item(
        id=item_id,
        title=title,
        question=question,
        basis=basis,
        status=status,
        detectors=tuple(detectors),
        severity=Severity[severity],
        category=category,
        basis_verified=verified,
        languages=languages,
        examples_fail=fail,
        examples_pass=passing,
        line=node.start_mark.line + 1,
    )


def _parse_detector(r: _Reader, node: Node, what: str, base: Path) -> Detector | None:
    if not isinstance(node, MappingNode):
        r.p.add(node, f"expected a mapping for {what}, found {_kind_of(node)}")
        return None
    kind_node = next((v for k, v in node.value if r.value(k) == "kind"), None)
    if kind_node is None:
        r.p.add(
            node,
            f"missing required key 'kind' in {what}; expected one of: " + ", ".join(DETECTOR_KINDS),
        )
        return None
    kind = r.choice(kind_node, f"kind of {what}", DETECTOR_KINDS)
    if kind is None:
        return None
    what = f"{what} ({kind})"
    before = len(r.p)
    fields = r.mapping(
        node, what, COMMON_DETECTOR_KEYS + DETECTOR_KEYS[kind], DETECTOR_REQUIRED[kind]
    )
    if fields is None:
        return None
    opts: dict[str, Any] = {}
    language = (
        r.choice(fields["language"], f"language of {what}", LANGUAGES)
        if ("language" in fields)
        else None
    )
    if "id" in fields:
        opts["id"] = r.identifier(fields["id"], f"id of {what}")

    lexicon: Lexicon | None = None
    if "lexicon" in fields:
        lex_id = r.string(fields["lexicon"], f"'lexicon' of {what}")
        if lex_id:
            lexicon, problem = _resolve_lexicon(lex_id, base)
            if lexicon is None:
                r.p.add(
                    fields["lexicon"],
                    problem
                    or f"lexicon '{lex_id}' of {what} not found; "
                    "expected a file in lexicons/ next to the checklist or a built-in id",
                )
            else:
                opts["lexicon"] = lexicon.id
                opts["lexicon_path"] = lexicon.path
                for name in REQUIRED_LISTS.get(kind, ()):
                    if not lexicon.list(name):
                        r.p.add(
                            fields["lexicon"],
                            f"lexicon '{lex_id}' has no list '{name}', "
                            f"which a {kind} detector needs",
                        )
                if kind == "terms" and not lexicon.entries:
                    r.p.add(fields["lexicon"], f"lexicon '{lex_id}' has no entries for {what}")
                if language is None:
                    language = lexicon.language

    def phrases(key: str) -> tuple[str, ...]:
        """Phrases under ``key`` plus those of the lexicon lists named under ``key_list``."""
        out: list[str] = []
        if key in fields:
            out.extend(r.strings(fields[key], f"'{key}' of {what}") or ())
        list_key = f"{key}_list"
        if list_key in fields:
            names = r.strings(fields[list_key], f"'{list_key}' of {what}") or ()
            opts[list_key] = names
            if "lexicon" not in fields:
                r.p.add(fields[list_key], f"'{list_key}' of {what} needs a 'lexicon'")
            elif lexicon is not None:
                for name in names:
                    if not lexicon.list(name):
                        r.p.add(fields[list_key], f"lexicon '{lexicon.id}' has no list '{name}'")
                    out.extend(lexicon.list(name))
        return tuple(dict.fromkeys(out))

    if kind == "differential" and "categories" in fields:
        classes = r.strings(fields["categories"], f"'categories' of {what}")
        for cat in classes or ():
            if cat not in DIFFERENTIAL_CLASSES:
                r.p.add(
                    fields["categories"],
                    f"bad category '{cat}' in {what}; expected one of: "
                    + ", ".join(DIFFERENTIAL_CLASSES),
                )
        opts["categories"] = classes
    if kind == "terms" and "categories" in fields:
        cats = r.strings(fields["categories"], f"'categories' of {what}")
        for cat in cats or ():
            if cat not in CATEGORIES:
                r.p.add(
                    fields["categories"],
                    f"bad category '{cat}' in {what}; expected one of: {', '.join(CATEGORIES)}",
                )
            elif lexicon is not None and not any(e.category == cat for e in lexicon.entries):
                r.p.add(
                    fields["categories"], f"no entry of lexicon '{lexicon.id}' has category '{cat}'"
                )
        opts["categories"] = cats
    if kind == "pattern" and "regex" in fields:
        regex = r.string(fields["regex"], f"'regex' of {what}")
        if regex is not None:
            try:
                re.compile(regex, re.IGNORECASE)
            except re.error as exc:
                r.p.add(
                    fields["regex"],
                    f"invalid regular expression in 'regex' of {what}: "
                    f"{exc.msg} at position {exc.pos}",
                )
            opts["regex"] = regex
    if kind == "generic-masculine" and "doublets" in fields:
        opts["doublets"] = r.boolean(fields["doublets"], f"'doublets' of {what}")
    elif kind == "generic-masculine":
        opts["doublets"] = False
    if kind == "presence":
        opts["any"] = phrases("any")
        if not opts["any"]:
            r.p.add(node, f"{what} needs phrases in 'any' or 'any_list'")
    if kind == "conditional":
        for key in ("trigger", "expect"):
            opts[key] = phrases(key)
            if not opts[key]:
                r.p.add(node, f"{what} needs phrases in '{key}' or '{key}_list'")
    if kind in ("presence", "conditional"):
        default_scope = "document" if kind == "presence" else "article"
        opts["scope"] = (
            r.choice(fields["scope"], f"scope of {what}", SCOPES)
            if "scope" in fields
            else default_scope
        )
    for key in ("message", "suggestion"):
        if key in fields:
            opts[key] = r.text(fields[key], f"'{key}' of {what}", placeholders=True)
    if "category" in fields:
        opts["category"] = r.choice(fields["category"], f"category of {what}", CATEGORIES)
    if "severity" in fields:
        sev = r.choice(fields["severity"], f"severity of {what}", SEVERITIES)
        opts["severity"] = Severity[sev] if sev else None
    if "unless" in fields:
        opts["unless"] = r.strings(fields["unless"], f"'unless' of {what}")

    if len(r.p) != before:
        return None
    return Detector(kind=kind, language=language, options=tuple(opts.items()))


def load_checklist(path: str | Path) -> Checklist:
    """Load one checklist file; raise :class:`ConfigError` (``file:line: what``) if invalid."""
    path = Path(path)
    problems = _Problems(str(path))
    checklist = _parse_checklist(path, problems)
    problems.raise_if_any()
    assert checklist is not None
    return checklist


def _checklist_files(folder: Path) -> list[Path]:
    return _lexicon_files(folder)


def builtin_checklists() -> list[Checklist]:
    """Every checklist shipped in ``checklists/`` (not the lexicons), sorted by file name."""
    return list(_builtin_checklists())


@lru_cache(maxsize=1)
def _builtin_checklists() -> tuple[Checklist, ...]:
    from genderlens.check.datacache import cached
    from genderlens.resources import checklists_dir

    return cached(
        "checklists",
        lambda: tuple(load_checklist(p) for p in _checklist_files(checklists_dir())),
    )


def find_checklist(id_or_path: str | Path) -> Checklist:
    """A checklist by file path, or by the id of a built-in checklist."""
    candidate = Path(id_or_path)
    if candidate.is_file():
        return load_checklist(candidate)
    text = str(id_or_path)
    checklists = builtin_checklists()
    for checklist in checklists:
        if checklist.id == text:
            return checklist
    known = ", ".join(c.id for c in checklists) or "none"
    if text.endswith((".yaml", ".yml")) or "/" in text:
        raise ConfigError(f"{text}: no such checklist file (built-in checklists: {known})")
    raise ConfigError(f"unknown checklist '{text}'; built-in checklists: {known}")


def validate_file(path: str | Path) -> list[str]:
    """Every problem of a checklist or lexicon file, as ``file:line: what``; [] if valid.

    A file with ``items`` is a checklist; one with ``entries`` or ``lists`` is a lexicon.
    """
    path = Path(path)
    problems = _Problems(str(path))
    kind = _sniff(path, problems)
    if kind == "checklist":
        _parse_checklist(path, problems)
    elif kind == "lexicon":
        _parse_lexicon(path, problems)
    return problems.lines()


def _sniff(path: Path, problems: _Problems) -> str | None:
    r = _Reader(problems)
    root = r.compose(path)
    if root is None:
        return None
    if not isinstance(root, MappingNode):
        problems.add(root, f"expected a mapping at the top of the file, found {_kind_of(root)}")
        return None
    keys = {r.value(k) for k, _ in root.value}
    if "items" in keys:
        return "checklist"
    if "entries" in keys or "lists" in keys:
        return "lexicon"
    problems.add(
        root,
        "cannot tell what this file is: expected 'items' (a checklist) or "
        "'entries'/'lists' (a lexicon)",
    )
    return None


def builtin_paths() -> list[Path]:
    """All built-in data files (checklists, then lexicons), for ``checklist validate``."""
    from genderlens.resources import checklists_dir

    return _checklist_files(checklists_dir()) + _lexicon_files(_builtin_lexicon_dir())


__all__ = [
    "builtin_checklists",
    "builtin_lexicons",
    "builtin_paths",
    "clear_caches",
    "find_checklist",
    "get_lexicon",
    "load_checklist",
    "load_lexicon",
    "placeholder_problems",
    "validate_file",
]
