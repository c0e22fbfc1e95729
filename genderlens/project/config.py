"""Project configuration: ``[tool.genderlens]`` in ``pyproject.toml`` or ``.genderlens.toml``.

Why a cascade: a repository of drafts often mixes Vietnamese decrees and English
regulations, or an archive folder that must stay quiet, so each folder may carry its own
settings. For every reviewed file the *nearest* configuration wins, found by walking up
from the file's folder; the walk stops at the first folder holding ``.git`` (the
repository root, which is still searched) or at the filesystem root. In one folder
``.genderlens.toml`` is preferred to ``pyproject.toml``, and a ``pyproject.toml`` without
a ``[tool.genderlens]`` table does not count. Configurations are not merged: the nearest
file is the whole story, which keeps "why is this rule off here?" answerable by opening
one file. ``--config FILE`` forces one file for every input; command-line flags override
whatever the file says (``--disable`` adds to the file's ``disable`` list, every other
flag replaces the value).

Unknown keys are errors naming the key and the file (exit code 2), so a typo such as
``fail-on = "warnings"`` or ``disabel = [...]`` never silently does nothing. Keys may be
written with ``_`` or ``-``.

Rule selectors (``enable``, ``disable``, ``severity``, ``per_file_ignores`` and the inline
``genderlens-disable`` comments) name a full rule id ``checklist.item``, a bare item id,
or a checklist id (every item of that checklist).
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from genderlens.errors import ConfigError

CONFIG_NAMES = (".genderlens.toml", "pyproject.toml")
LANGUAGES = ("vi", "en")
MEMO_LANGUAGES = ("vi", "en")
SEVERITY_NAMES = ("error", "warning", "info")
FAIL_ON = ("error", "warning", "info", "never")

# The names agencies are cited by in memos. Free text; these are the ones the memo
# templates know about, others are kept and passed through for custom templates.
KNOWN_AGENCIES = ("gender_equality_agency", "womens_union", "drafting_agency", "appraisal_agency")

KEYS = (
    "checklists",
    "language",
    "enable",
    "disable",
    "severity",
    "include",
    "exclude",
    "fail_on",
    "memo_language",
    "agency_names",
    "doublets",
    "per_file_ignores",
    "baseline",
    "dossier_roles",
)


@dataclass(frozen=True, slots=True)
class Config:
    """Settings for one file; ``None`` means "not set here, use the default".

    ``source`` is the file the values came from (``None`` for defaults and flags) and
    ``root`` the folder that relative globs and checklist paths are resolved against.
    """

    source: Path | None = None
    root: Path | None = None
    checklists: tuple[str, ...] | None = None
    language: str | None = None
    enable: tuple[str, ...] | None = None
    disable: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fail_on: str | None = None
    memo_language: str | None = None
    agency_names: tuple[tuple[str, str], ...] = ()
    doublets: bool | None = None
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    baseline: str | None = None
    # "glob" = "role" for dossier documents whose title does not say what they are
    dossier_roles: tuple[tuple[str, str], ...] = ()

    def where(self) -> str:
        return str(self.source) if self.source else "command line"

    def override(self, flags: Overrides) -> Config:
        """These settings with the command line's on top (flags always win)."""
        changes: dict[str, Any] = {}
        for name in ("checklists", "language", "enable", "fail_on", "memo_language",
                     "doublets", "baseline"):
            value = getattr(flags, name)
            if value is not None:
                changes[name] = value
        if flags.disable:
            changes["disable"] = (*self.disable, *flags.disable)
        if flags.severity:
            changes["severity"] = (*self.severity, *flags.severity)
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Overrides:
    """What the command line said; ``None``/empty means "not given"."""

    checklists: tuple[str, ...] | None = None
    language: str | None = None
    enable: tuple[str, ...] | None = None
    disable: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    fail_on: str | None = None
    memo_language: str | None = None
    doublets: bool | None = None
    baseline: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


DEFAULT = Config()


# ------------------------------------------------------------------------ loading


def _has_git(folder: Path) -> bool:
    return (folder / ".git").exists()


def _config_in(folder: Path) -> Path | None:
    """The configuration file in ``folder`` itself, if any."""
    dotfile = folder / ".genderlens.toml"
    if dotfile.is_file():
        return dotfile
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file() and _pyproject_has_table(pyproject):
        return pyproject
    return None


def _pyproject_has_table(path: Path) -> bool:
    # Loaded (and validated) again by load_config; a pyproject that does not parse is
    # an error only if it is the one we would use, so parse errors here count as "has it".
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return "[tool.genderlens" in _read_quietly(path)
    tool = data.get("tool")
    return isinstance(tool, dict) and "genderlens" in tool


def _read_quietly(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def find_config_file(start: Path, cache: dict[Path, Path | None] | None = None) -> Path | None:
    """The nearest configuration file for a file or folder ``start``.

    ``cache`` (folder -> answer) lets a resolver walk each folder once per run; it is
    not global, so a long-lived process sees configuration files change.
    """
    folder = start if start.is_dir() else start.parent
    folder = Path(os.path.abspath(folder))
    visited: list[Path] = []
    found: Path | None = None
    while True:
        if cache is not None and folder in cache:
            found = cache[folder]
            break
        visited.append(folder)
        found = _config_in(folder)
        if found is not None or _has_git(folder) or folder.parent == folder:
            break
        folder = folder.parent
    if cache is not None:
        for v in visited:
            cache[v] = found
    return found


def load_config(path: Path) -> Config:
    """Parse and validate one configuration file; :class:`ConfigError` names file and key."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml" or "tool" in data:
        tool = data.get("tool", {})
        table = tool.get("genderlens") if isinstance(tool, dict) else None
        if table is None:
            if path.name == "pyproject.toml":
                raise ConfigError(f"{path}: no [tool.genderlens] table")
            table = {}
        prefix = "tool.genderlens."
        extra = [k for k in data if k != "tool"] if path.name != "pyproject.toml" else []
        if extra:
            raise ConfigError(f"{path}: unknown key '{extra[0]}' (genderlens settings go at "
                              "the top level of .genderlens.toml)")
    else:
        table = data
        prefix = ""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {prefix.rstrip('.') or 'configuration'} must be a table")
    return parse_table(table, source=path.resolve(), prefix=prefix)


def parse_table(table: Mapping[str, Any], *, source: Path | None, prefix: str = "") -> Config:
    """Validate a ``[tool.genderlens]`` table; every problem names the key and the file."""
    where = str(source) if source else "configuration"
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        if key not in KEYS:
            hint = _close(key, KEYS)
            raise ConfigError(f"{where}: unknown key '{prefix}{raw_key}'"
                              + (f" (did you mean '{hint}'?)" if hint else "")
                              + f"; known keys: {', '.join(KEYS)}")
        if key in values:
            raise ConfigError(f"{where}: key '{prefix}{raw_key}' is given twice")
        values[key] = _check(key, value, f"{where}: {prefix}{raw_key}")
    root = source.parent if source else None
    return Config(source=source, root=root, **values)


def _close(key: str, choices: Sequence[str]) -> str | None:
    import difflib

    match = difflib.get_close_matches(key, choices, n=1, cutoff=0.7)
    return match[0] if match else None


def _str_list(value: Any, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{what}: expected a list of non-empty strings")
    return tuple(value)


def _choice(value: Any, choices: Sequence[str], what: str) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ConfigError(f"{what}: expected one of {', '.join(choices)}, got {value!r}")
    return value


def _check(key: str, value: Any, what: str) -> Any:
    if key in ("checklists", "enable", "disable", "include", "exclude"):
        return _str_list(value, what)
    if key == "language":
        return _choice(value, LANGUAGES, what)
    if key == "memo_language":
        return _choice(value, MEMO_LANGUAGES, what)
    if key == "fail_on":
        return _choice(value, FAIL_ON, what)
    if key == "doublets":
        if not isinstance(value, bool):
            raise ConfigError(f"{what}: expected true or false, got {value!r}")
        return value
    if key == "baseline":
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{what}: expected a file path")
        return value
    if key == "severity":
        if not isinstance(value, dict):
            raise ConfigError(f"{what}: expected a table of rule = \"error|warning|info\"")
        return tuple((str(k), _choice(v, SEVERITY_NAMES, f"{what}.{k}")) for k, v in value.items())
    if key == "agency_names":
        if not isinstance(value, dict):
            raise ConfigError(f"{what}: expected a table such as "
                              "{ gender_equality_agency = \"...\", womens_union = \"...\" }")
        out = []
        for k, v in value.items():
            if not isinstance(v, str):
                raise ConfigError(f"{what}.{k}: expected a string")
            out.append((str(k), v))
        return tuple(out)
    if key == "dossier_roles":
        from genderlens.model import DOSSIER_ROLES

        if not isinstance(value, dict):
            raise ConfigError(f"{what}: expected a table of \"glob\" = \"role\"")
        return tuple((str(k), _choice(v, DOSSIER_ROLES, f"{what}.\"{k}\""))
                     for k, v in value.items())
    if key == "per_file_ignores":
        if not isinstance(value, dict):
            raise ConfigError(f"{what}: expected a table of \"glob\" = [rule, ...]")
        return tuple((str(k), _str_list(v, f"{what}.\"{k}\"")) for k, v in value.items())
    raise AssertionError(key)  # pragma: no cover - KEYS and _check agree


# ---------------------------------------------------------------------- resolving


class ConfigResolver:
    """Find the configuration of each input, once per folder.

    ``forced`` is ``--config FILE``; ``isolated`` (``--no-config``) ignores every file.
    """

    def __init__(self, forced: Path | None = None, isolated: bool = False) -> None:
        self.forced = load_config(forced) if forced is not None else None
        self.isolated = isolated
        self._folders: dict[Path, Path | None] = {}
        self._configs: dict[Path, Config] = {}

    def for_path(self, path: Path) -> Config:
        if self.forced is not None:
            return self.forced
        if self.isolated:
            return DEFAULT
        found = find_config_file(path, self._folders)
        if found is None:
            return DEFAULT
        if found not in self._configs:
            self._configs[found] = load_config(found)
        return self._configs[found]


# ------------------------------------------------------------------------- globs


@functools.lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """Translate a gitignore-like glob: ``**`` spans folders, ``*`` stays in one."""
    out = []
    i = 0
    pat = pattern.strip("/") if pattern != "/" else pattern
    while i < len(pat):
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif pat[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pat[i] == "?":
            out.append("[^/]")
            i += 1
        elif pat[i] == "[":
            j = pat.find("]", i + 1)
            if j < 0:
                out.append(re.escape(pat[i]))
                i += 1
            else:
                body = pat[i + 1:j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = j + 1
        else:
            out.append(re.escape(pat[i]))
            i += 1
    # A pattern naming a folder also covers everything inside it.
    return re.compile("".join(out) + "(?:/.*)?", re.DOTALL)


def glob_match(pattern: str, rel_path: str) -> bool:
    """Does ``rel_path`` (forward slashes, relative) match ``pattern``?

    A pattern without ``/`` matches a file or folder name at any depth (``archive``,
    ``*.md``, ``~$*``); with ``/`` it is anchored at the configuration's folder
    (``drafts/**/*.docx``).
    """
    rel = rel_path.strip("/")
    if "/" not in pattern.strip("/"):
        parts = rel.split("/")
        return any(fnmatch.fnmatchcase(part, pattern.strip("/")) for part in parts)
    return _glob_regex(pattern).fullmatch(rel) is not None


def relative_to(path: Path, root: Path | None) -> str | None:
    """``path`` relative to ``root`` with forward slashes, or ``None`` when outside."""
    if root is None:
        return None
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return None


# ---------------------------------------------------------------------- selectors


def selector_matches(selector: str, rule: str) -> bool:
    """Does a selector (full id, item id or checklist id) name ``rule``?"""
    if selector in ("all", "*", rule):
        return True
    checklist, _, item = rule.partition(".")
    return selector in (item, checklist)


def expand(selectors: Iterable[str], rules: Iterable[str], *, where: str = "",
           strict: bool = True) -> frozenset[str]:
    """Full rule ids named by ``selectors``; unknown selectors are errors when strict."""
    known = tuple(rules)
    out: set[str] = set()
    for sel in selectors:
        hits = {r for r in known if selector_matches(sel, r)}
        if not hits and strict:
            hint = _close(sel, known)
            raise ConfigError(f"{where or 'configuration'}: unknown rule or checklist '{sel}'"
                              + (f" (did you mean '{hint}'?)" if hint else "")
                              + " (see 'genderlens rules list')")
        out |= hits
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class Effective:
    """Everything a worker needs for one file, in picklable form."""

    checklists: tuple[str, ...] | None
    language: str | None
    disable: frozenset[str]
    enable_only: frozenset[str]
    severity: tuple[tuple[str, str], ...]
    memo_language: str | None
    fail_on: str
    agency_names: tuple[tuple[str, str], ...] = ()
    ignored: frozenset[str] = field(default_factory=frozenset)  # per_file_ignores
    dossier_roles: tuple[tuple[str, str], ...] = ()


@functools.lru_cache(maxsize=32)
def known_rules(checklists: tuple[str, ...] | None) -> tuple[str, ...]:
    """Every rule id of the chosen checklists (all built-in ones when none is chosen)."""
    from genderlens.check.loader import builtin_checklists, find_checklist

    lists = [find_checklist(c) for c in checklists] if checklists else builtin_checklists()
    return tuple(f"{c.id}.{i.id}" for c in lists for i in c.items)


def resolve_checklists(cfg: Config) -> tuple[str, ...] | None:
    """Checklist ids stay ids; paths are made absolute against the config's folder."""
    if cfg.checklists is None:
        return None
    out = []
    for c in cfg.checklists:
        looks_like_path = c.endswith((".yaml", ".yml")) or "/" in c or os.sep in c
        if looks_like_path and cfg.root is not None and not os.path.isabs(c):
            out.append(str(cfg.root / c))
        else:
            out.append(c)
    return tuple(out)


def effective(cfg: Config, path: Path) -> Effective:
    """Turn a file's configuration into the options the engine takes.

    Raises :class:`ConfigError` for unknown checklists or rule selectors, so that a
    misspelt rule id stops the run (exit 2) instead of silently disabling nothing.
    """
    checklists = resolve_checklists(cfg)
    try:
        rules = known_rules(checklists)
    except ConfigError as exc:
        raise ConfigError(f"{cfg.where()}: checklists: {exc}") from None
    where = cfg.where()
    disable = set(expand(cfg.disable, rules, where=f"{where}: disable"))
    if cfg.doublets is False:
        disable |= {r for r in rules if "doublet" in r.partition(".")[2]}
    enable_only = (expand(cfg.enable, rules, where=f"{where}: enable")
                   if cfg.enable else frozenset())
    severity: dict[str, str] = {}
    for sel, level in cfg.severity:
        for rule in sorted(expand([sel], rules, where=f"{where}: severity")):
            severity[rule] = level
    ignored: set[str] = set()
    rel = relative_to(path, cfg.root) if cfg.root else None
    for pattern, sels in cfg.per_file_ignores:
        found = expand(sels, rules, where=f"{where}: per_file_ignores.\"{pattern}\"")
        candidate = rel if rel is not None else Path(path).name
        if glob_match(pattern, candidate):
            ignored |= found
    return Effective(
        checklists=checklists,
        language=cfg.language,
        disable=frozenset(disable | ignored),
        enable_only=enable_only,
        severity=tuple(sorted(severity.items())),
        memo_language=cfg.memo_language,
        fail_on=cfg.fail_on or "error",
        agency_names=cfg.agency_names,
        ignored=frozenset(ignored),
        dossier_roles=cfg.dossier_roles,
    )


# -------------------------------------------------------------------------- init


STARTER = '''\
# genderlens configuration (see "Configuration" in the genderlens README).
# The nearest .genderlens.toml (or pyproject.toml with [tool.genderlens]) above a draft
# applies to it; command-line flags override it. Unknown keys are errors.
# Rule selectors below may be a full rule id "checklist.item", an item id or a checklist id
# ("genderlens rules list" shows them all). Plain keys come first, tables ([...]) last.

# Checklists to run: built-in ids or YAML paths relative to this file.
# Default: every built-in checklist for the draft's language.
# checklists = ["vn-lge-appraisal", "gender-sensitive-legislation"]

# Draft language (vi or en); detected from the text when omitted.
# language = "vi"

# Language of the memo's own words (vi or en); default: the draft's language.
# memo_language = "vi"

# Only run these rules (default: all of the chosen checklists).
# enable = ["vn-lge-appraisal", "gender-sensitive-legislation"]

# Never run these rules.
# disable = ["gm-24-intersecting-disadvantage"]

# Report "he or she" doublets in English drafts (an info item; some drafting offices
# accept doublets).
# doublets = true

# Exit with code 1 when a finding is at or above this severity: error, warning, info, never.
fail_on = "error"

# Files to review when a folder is given (globs relative to this file; a pattern without
# "/" matches a name at any depth). Hidden folders are always skipped.
# include = ["drafts/**"]
# exclude = ["archive", "**/*.old.docx"]

# Accepted findings: review reports only findings that are not in this baseline
# (create it with "genderlens baseline create").
# baseline = "genderlens-baseline.json"

# Change a rule's severity: error, warning or info.
# [severity]
# "gender-sensitive-legislation.gm-09-differential-thresholds" = "error"

# Names used in review memos (drafting_agency, appraisal_agency, gender_equality_agency,
# womens_union, or any name a custom template uses).
# [agency_names]
# drafting_agency = "Bộ Lao động - Thương binh và Xã hội"
# appraisal_agency = "Bộ Tư pháp"
# gender_equality_agency = "Vụ Bình đẳng giới"
# womens_union = "Hội Liên hiệp Phụ nữ Việt Nam"

# Rules to ignore in some files: the way to silence a finding in a .docx, which cannot
# carry inline comments.
# [per_file_ignores]
# "annexes/*.docx" = ["gm-20-stereotyped-roles"]

# Dossier documents whose title does not say what they are (roles: draft, submission,
# gender_report, impact_assessment, consultation, unknown).
# [dossier_roles]
# "phu-luc-3.docx" = "gender_report"
'''


def write_starter(path: Path, force: bool = False) -> Path:
    """Write the commented starter configuration; refuse to overwrite unless ``force``."""
    from genderlens.errors import UsageError

    if path.exists() and not force:
        raise UsageError(f"{path} already exists (use --force to overwrite it)")
    # The starter must itself be a valid configuration.
    parse_table(tomllib.loads(STARTER), source=None)
    from genderlens.output import write_atomic

    write_atomic(path, STARTER)
    return path
