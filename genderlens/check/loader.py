"""Load checklist and lexicon YAML files into :mod:`genderlens.check.spec` values.

The format is published, not coded: ``checklists/schema/checklist.schema.json`` and
``lexicon.schema.json`` say which keys, types and values are allowed, and
:mod:`genderlens.check.schema` enforces them with ``file:line:column`` positions. What is
left here is what a schema cannot say: that a lexicon id exists and has the lists a
detector reads, that ids and phrases are not repeated, that a regex compiles (the schema's
``format`` catches most), that placeholders are named, that an unverified basis says so,
that phrases hold a word, and that a status has a detector able to decide it.
:func:`validate_file` returns every problem; the ``load_*`` functions raise
:class:`~genderlens.errors.ConfigError` with the first.

After loading, detector options are resolved for the engine: ``any``, ``trigger`` and
``expect`` hold the full phrase tuple (``*_list`` names expanded from the lexicon);
``lexicon_path`` records which file a ``lexicon`` id came from (pass it to
:func:`get_lexicon`); ``message``/``suggestion`` are :class:`~genderlens.check.spec.Text`;
``severity`` is a :class:`~genderlens.model.Severity`; lists are tuples. A lexicon-based
detector without a ``language`` takes the lexicon's.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node

from genderlens.check.schema import (
    Problems,
    compose,
    did_you_mean,
    kind_of,
    label,
    node_at,
    schema_problems,
    to_python,
)
from genderlens.check.spec import Checklist, Detector, Item, Lexicon, LexiconEntry, Text
from genderlens.errors import ConfigError
from genderlens.model import Severity

PLACEHOLDERS = ("term", "suggestion", "detail")
UNVERIFIED_MARK = "to be verified"
# Lists a built-in detector cannot work without.
REQUIRED_LISTS: dict[str, tuple[str, ...]] = {
    "differential": ("female", "male"),
    "generic-masculine": ("roles",),
}
# Kinds whose presence makes a status logic meaningful.
STATUS_NEEDS: dict[str, tuple[str, ...]] = {
    "expect-present": ("presence", "conditional"),
    "conditional": ("conditional",),
}
_WORD = re.compile(r"\w")
_Path = list[str | int]


def placeholder_problems(message: str) -> list[str]:
    """Problems with the ``{...}`` placeholders of a message (only named ones allowed)."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(message) if f is not None]
    except ValueError as exc:
        return [f"bad braces ({exc}); write '{{{{' for a literal brace"]
    return [
        f"unknown placeholder '{{{name}}}'; expected only "
        + ", ".join("{" + p + "}" for p in PLACEHOLDERS)
        for name in fields
        if name not in PLACEHOLDERS
    ]


class _File:
    """One file's value tree with its nodes, so a cross-check can point at a line."""

    def __init__(self, path: Path, kind: str, problems: Problems) -> None:
        self.path, self.p = path, problems
        self.root: Node | None = compose(path, problems)
        self.value: Any = None
        if self.root is None:
            return
        if not isinstance(self.root, MappingNode):
            problems.add(
                self.root, f"expected a mapping for the {kind}, found {kind_of(self.root)}"
            )
            self.root = None
            return
        self.value = to_python(self.root, problems)
        if not problems:
            schema_problems(kind, self.value, self.root, problems)

    def ok(self) -> bool:
        return self.root is not None and not self.p

    def add(self, path: _Path, what: str) -> None:
        assert self.root is not None
        self.p.add(node_at(self.root, path), what)

    def line(self, path: _Path) -> int:
        assert self.root is not None
        return node_at(self.root, path).start_mark.line + 1

    def text(self, path: _Path, value: Any, *, placeholders: bool = True) -> Text:
        """A message as :class:`Text`, its placeholders checked where each string stands."""
        if value is None:
            return Text(())
        pieces = value.items() if isinstance(value, dict) else [(None, value)]
        for lang, piece in pieces:
            where = [*path, lang] if lang else path
            for problem in placeholder_problems(piece) if placeholders else ():
                self.add(where, f"{label(self.value, path)}: {problem}")
        return Text.of(value)

    def phrases(self, path: _Path, values: Iterable[str]) -> tuple[str, ...]:
        out = tuple(values)
        for i, phrase in enumerate(out):
            if not _WORD.search(phrase):
                self.add([*path, i], f"the phrase '{phrase}' has no word to match")
        return out


# --------------------------------------------------------------------------- lexicons


def _parse_lexicon(path: Path, problems: Problems) -> Lexicon | None:
    f = _File(path, "lexicon", problems)
    if not f.ok():
        return None
    v = f.value
    entries: list[LexiconEntry] = []
    seen: dict[str, int] = {}
    for i, e in enumerate(v.get("entries", [])):
        at: _Path = ["entries", i]
        for phrase in (e["term"], *e.get("forms", ())):
            key = phrase.casefold()
            if key in seen:
                f.add(
                    at,
                    f"duplicate term '{phrase}' in entry {i + 1}; "
                    f"already listed on line {seen[key]}",
                )
            else:
                seen[key] = f.line(at)
        entries.append(
            LexiconEntry(
                term=f.phrases([*at, "term"], [e["term"]])[0],
                forms=f.phrases([*at, "forms"], e.get("forms", ())),
                suggestion=f.text([*at, "suggestion"], e.get("suggestion"), placeholders=False),
                message=f.text([*at, "message"], e.get("message")),
                category=e.get("category", "language"),
                severity=Severity[e.get("severity", "warning")],
                source=e.get("source", ""),
                note=e.get("note", ""),
                case_sensitive=e.get("case_sensitive", False),
                unless=f.phrases([*at, "unless"], e.get("unless", ())),
            )
        )
    lists: list[tuple[str, tuple[str, ...]]] = []
    for name, values in v.get("lists", {}).items():
        for dupe in _duplicates(p.casefold() for p in values):
            f.add(["lists", name], f"duplicate phrase '{dupe}' in list '{name}'")
        lists.append((name, f.phrases(["lists", name], values)))
    if problems:
        return None
    return Lexicon(
        id=v["id"],
        language=v["language"],
        title=Text.of(v["title"]).get("en"),
        source=v["source"],
        entries=tuple(entries),
        path=str(path),
        lists=tuple(lists),
    )


def _duplicates(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    dupes: list[str] = []
    for value in values:
        if value in seen and value not in dupes:
            dupes.append(value)
        seen.add(value)
    return dupes


def load_lexicon(path: str | Path) -> Lexicon:
    """Load one lexicon file; raise :class:`ConfigError` (``file:line: what``) if invalid."""
    path = Path(path)
    problems = Problems(str(path))
    lexicon = _parse_lexicon(path, problems)
    problems.raise_if_any()
    assert lexicon is not None
    return lexicon


def _yaml_files(folder: Path) -> list[Path]:
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
    for path in _yaml_files(_builtin_lexicon_dir()):
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
    for path in _yaml_files(Path(folder)):
        problems = Problems(str(path))
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


def _parse_checklist(path: Path, problems: Problems) -> Checklist | None:
    f = _File(path, "checklist", problems)
    if not f.ok():
        return None
    v = f.value
    languages = tuple(v.get("languages", ()))
    items: list[Item] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(v["items"]):
        item = _parse_item(f, ["items", i], raw, languages)
        if item.id in seen:
            f.add(
                ["items", i], f"duplicate item id '{item.id}'; already used on line {seen[item.id]}"
            )
        seen.setdefault(item.id, item.line)
        items.append(item)
    if problems:
        return None
    return Checklist(
        id=v["id"],
        version=v["version"],
        title=Text.of(v["title"]),
        basis=v["basis"],
        items=tuple(items),
        languages=languages,
        path=str(path),
        description=Text.of(v.get("description")),
    )


def _parse_item(f: _File, at: _Path, v: dict[str, Any], cl_languages: tuple[str, ...]) -> Item:
    what = f"item '{v['id']}'"
    basis, verified = v["basis"], v.get("basis_verified", True)
    marked = UNVERIFIED_MARK in basis.casefold()
    if marked and verified:
        f.add(
            [*at, "basis"],
            f"'basis' of {what} says '{UNVERIFIED_MARK}'; expected 'basis_verified: false'",
        )
    if not verified and not marked:
        f.add(
            [*at, "basis"],
            f"'basis' of {what} has basis_verified: false; expected "
            f"'({UNVERIFIED_MARK})' after the source that is not yet checked",
        )
    languages = tuple(v.get("languages", ()))
    for lang in languages:
        if cl_languages and lang not in cl_languages:
            f.add(
                [*at, "languages"],
                f"language '{lang}' of {what} is not among the checklist's languages "
                f"({', '.join(cl_languages)})",
            )
    raw_detectors = v.get("detectors", [])
    detectors = [
        _parse_detector(f, [*at, "detectors", j], d, f"detector {j + 1} ({d['kind']}) of {what}")
        for j, d in enumerate(raw_detectors)
    ]
    needs = STATUS_NEEDS.get(v["status"])
    if needs and raw_detectors and not any(d["kind"] in needs for d in raw_detectors):
        f.add(
            [*at, "status"],
            f"{what} has status '{v['status']}'; expected a detector of kind {' or '.join(needs)}",
        )
    examples = v.get("examples", {})
    return Item(
        id=v["id"],
        title=Text.of(v["title"]),
        question=Text.of(v["question"]),
        basis=basis,
        status=v["status"],
        detectors=tuple(d for d in detectors if d is not None),
        severity=Severity[v.get("severity", "warning")],
        category=v.get("category", ""),
        basis_verified=verified,
        languages=languages,
        examples_fail=tuple(examples.get("fail", ())),
        examples_pass=tuple(examples.get("pass", ())),
        line=f.line(at),
    )


def _parse_detector(f: _File, at: _Path, v: dict[str, Any], what: str) -> Detector | None:
    kind = v["kind"]
    opts: dict[str, Any] = {}
    language = v.get("language")
    if "id" in v:
        opts["id"] = v["id"]
    lexicon: Lexicon | None = None
    if "lexicon" in v:
        lex_id = v["lexicon"]
        lexicon, problem = _resolve_lexicon(lex_id, f.path.parent)
        if lexicon is None:
            f.add(
                [*at, "lexicon"],
                problem
                or f"lexicon '{lex_id}' of {what} not found; {_near_lexicon(lex_id)}"
                "expected a file in lexicons/ next to the checklist or a built-in id",
            )
        else:
            opts["lexicon"], opts["lexicon_path"] = lexicon.id, lexicon.path
            for name in REQUIRED_LISTS.get(kind, ()):
                if not lexicon.list(name):
                    f.add(
                        [*at, "lexicon"],
                        f"lexicon '{lex_id}' has no list '{name}', which a {kind} detector needs",
                    )
            if kind == "terms" and not lexicon.entries:
                f.add([*at, "lexicon"], f"lexicon '{lex_id}' has no entries for {what}")
            language = language or lexicon.language
    if "categories" in v:
        opts["categories"] = tuple(v["categories"])
        if kind == "terms" and lexicon is not None:
            for cat in opts["categories"]:
                if not any(e.category == cat for e in lexicon.entries):
                    f.add(
                        [*at, "categories"],
                        f"no entry of lexicon '{lexicon.id}' has category '{cat}'",
                    )
    if "regex" in v:
        opts["regex"] = v["regex"]
    if kind == "generic-masculine":
        opts["doublets"] = v.get("doublets", False)
    for key in ("any", "trigger", "expect"):
        if f"{key}_list" in v:
            opts[f"{key}_list"] = tuple(v[f"{key}_list"])
        if key in v or f"{key}_list" in v:
            opts[key] = _phrases(f, at, v, key, lexicon)
    if kind in ("presence", "conditional"):
        opts["scope"] = v.get("scope", "document" if kind == "presence" else "article")
    for key in ("message", "suggestion"):
        if key in v:
            opts[key] = f.text([*at, key], v[key])
    if "category" in v:
        opts["category"] = v["category"]
    if "severity" in v:
        opts["severity"] = Severity[v["severity"]]
    if "unless" in v:
        opts["unless"] = f.phrases([*at, "unless"], v["unless"])
    return Detector(kind=kind, language=language, options=tuple(opts.items()))


def _near_lexicon(lex_id: str) -> str:
    try:
        return did_you_mean(lex_id, builtin_lexicons())
    except (ConfigError, FileNotFoundError):
        return ""


def _phrases(
    f: _File, at: _Path, v: dict[str, Any], key: str, lexicon: Lexicon | None
) -> tuple[str, ...]:
    """Phrases under ``key`` plus those of the lexicon lists named under ``key_list``."""
    out = list(f.phrases([*at, key], v.get(key, ())))
    names = tuple(v.get(f"{key}_list", ()))
    if lexicon is not None:
        for name in names:
            if not lexicon.list(name):
                f.add([*at, f"{key}_list"], f"lexicon '{lexicon.id}' has no list '{name}'")
            out.extend(lexicon.list(name))
    return tuple(dict.fromkeys(out))


def load_checklist(path: str | Path) -> Checklist:
    """Load one checklist file; raise :class:`ConfigError` (``file:line: what``) if invalid."""
    path = Path(path)
    problems = Problems(str(path))
    checklist = _parse_checklist(path, problems)
    problems.raise_if_any()
    assert checklist is not None
    return checklist


def builtin_checklists() -> list[Checklist]:
    """Every checklist shipped in ``checklists/`` (not the lexicons), sorted by file name."""
    return list(_builtin_checklists())


@lru_cache(maxsize=1)
def _builtin_checklists() -> tuple[Checklist, ...]:
    from genderlens.check.datacache import cached
    from genderlens.resources import checklists_dir

    def load() -> tuple[Checklist, ...]:
        checklists = tuple(load_checklist(p) for p in _yaml_files(checklists_dir()))
        clashes = _id_clashes(checklists)
        if clashes:
            raise ConfigError(clashes[0][1])
        return checklists

    return cached("checklists", load)


def _id_clashes(checklists: Iterable[Checklist]) -> list[tuple[str, str]]:
    """Item ids are rule ids on their own (``--enable gm-21-…``), so they must not repeat
    across checklists either."""
    first: dict[str, Checklist] = {}
    out: list[tuple[str, str]] = []
    for checklist in checklists:
        for item in checklist.items:
            other = first.setdefault(item.id, checklist)
            if other is not checklist:
                out.append(
                    (
                        checklist.path,
                        f"{checklist.path}:{item.line}: item id '{item.id}' is also used by "
                        f"checklist '{other.id}' ({other.path})",
                    )
                )
    return out


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


def _kind(root: MappingNode) -> str | None:
    """``checklist`` (it has ``items``), ``lexicon`` (``entries`` or ``lists``) or None."""
    keys = {getattr(k, "value", None) for k, _ in root.value}
    if "items" in keys:
        return "checklist"
    if "entries" in keys or "lists" in keys:
        return "lexicon"
    return None


def file_kind(path: str | Path) -> str | None:
    """What a data file is, for commands that take both kinds: see :func:`_kind`."""
    root = compose(Path(path), Problems(str(path)))
    return _kind(root) if isinstance(root, MappingNode) else None


def validate_file(path: str | Path) -> list[str]:
    """Every problem of a checklist or lexicon file, as ``file:line:column: what``; [] if valid."""
    path = Path(path)
    problems = Problems(str(path))
    root = compose(path, problems)
    if root is None:
        return problems.lines()
    if not isinstance(root, MappingNode):
        problems.add(root, f"expected a mapping at the top of the file, found {kind_of(root)}")
        return problems.lines()
    kind = _kind(root)
    if kind == "checklist":
        _parse_checklist(path, problems)
    elif kind == "lexicon":
        _parse_lexicon(path, problems)
    else:
        problems.add(
            root,
            "cannot tell what this file is: expected 'items' (a checklist) or "
            "'entries'/'lists' (a lexicon)",
        )
    return problems.lines()


def validate_files(paths: Iterable[str | Path]) -> dict[str, list[str]]:
    """:func:`validate_file` for each path, plus item ids that repeat across the given
    checklists and the built-in ones (a copied built-in item must get a new id)."""
    files = [Path(p) for p in paths]
    out = {str(p): validate_file(p) for p in files}
    given = {
        p.resolve(): load_checklist(p)
        for p in files
        if not out[str(p)] and file_kind(p) == "checklist"
    }
    others = [c for c in builtin_checklists() if Path(c.path).resolve() not in given]
    for path, clash in _id_clashes([*others, *given.values()]):
        if path in out:
            out[path].append(clash)
    return out


def builtin_paths() -> list[Path]:
    """All built-in data files (checklists, then lexicons), for ``checklist validate``."""
    from genderlens.resources import checklists_dir

    return _yaml_files(checklists_dir()) + _yaml_files(_builtin_lexicon_dir())


__all__ = [
    "builtin_checklists",
    "builtin_lexicons",
    "builtin_paths",
    "clear_caches",
    "file_kind",
    "find_checklist",
    "get_lexicon",
    "load_checklist",
    "load_lexicon",
    "placeholder_problems",
    "validate_file",
    "validate_files",
]
