"""The published JSON Schemas, enforced with positions.

``checklists/schema/*.schema.json`` define the checklist and lexicon formats once, for
three readers: this module (so the program accepts exactly what editors and
``check-jsonschema`` accept), VS Code / JetBrains while an author types, and the
pre-commit hook. JSON Schema knows nothing of lines, so the YAML is composed into nodes
first and each error's path is walked back to the node it names; a reviewer then reads
``file:line:column: what was expected`` instead of a JSON pointer.

A custom ``errorMessage`` keyword in the schemas (the one VS Code's YAML extension shows)
carries the plain-language hint; :mod:`jsonschema` ignores unknown keywords.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from genderlens.errors import ConfigError

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

# libyaml's parser when PyYAML was built with it (several times faster); same nodes and marks.
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SCHEMA_KINDS = ("checklist", "lexicon")


def schema_path(kind: str) -> Path:
    """Where a published schema lives (shipped in the wheel with the checklists)."""
    from genderlens.resources import checklists_dir

    return checklists_dir() / "schema" / f"{kind}.schema.json"


@lru_cache(maxsize=2)
def validator(kind: str) -> Draft202012Validator:
    """Imported here: a review of built-in checklists reads them from the data cache and
    never validates (jsonschema's import was 30 ms of every run)."""
    from jsonschema import Draft202012Validator

    schema = json.loads(schema_path(kind).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


# --------------------------------------------------------------------------- problems


class Problems:
    """``file:line:column: what`` messages for one file, in line order."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._items: list[tuple[int, int, str]] = []
        # A list or mapping under a key is reported on the key's line, not its first child's.
        self.key_of: dict[int, Node] = {}

    def add(self, where: Node | int | None, what: str) -> None:
        if isinstance(where, MappingNode | SequenceNode):
            where = self.key_of.get(id(where), where)
        if isinstance(where, Node):
            line, col = where.start_mark.line + 1, where.start_mark.column + 1
        else:
            line, col = where or 1, 0
        if (line, col, what) not in self._items:
            self._items.append((line, col, what))

    def __bool__(self) -> bool:
        return bool(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def lines(self) -> list[str]:
        ordered = sorted(enumerate(self._items), key=lambda p: (p[1][0], p[0]))
        return [
            f"{self.path}:{line}:{col}: {what}" if col else f"{self.path}:{line}: {what}"
            for _, (line, col, what) in ordered
        ]

    def raise_if_any(self) -> None:
        if not self._items:
            return
        lines = self.lines()
        text = lines[0]
        if len(lines) > 1:
            text += f" (and {len(lines) - 1} more problem{'s' if len(lines) > 2 else ''})"
        raise ConfigError(text)


def kind_of(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    tag = node.tag.rsplit(":", 1)[-1]
    return {"str": "a string", "int": "a number", "float": "a number", "bool": "true/false"}.get(
        tag, "null" if tag == "null" else f"a {tag}"
    )


# --------------------------------------------------------------------------- YAML nodes


def compose(path: Path, problems: Problems) -> Node | None:
    """The file's node tree, or ``None`` with the reason recorded."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.add(1, f"cannot read the file ({exc.strerror or exc})")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add(data[: exc.start].count(b"\n") + 1, "the file is not valid UTF-8")
        return None
    try:
        node = yaml.compose(text, Loader=_YAML_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        what = "YAML syntax error"
        if mark:
            what += f" (column {mark.column + 1})"
        what += ": " + problem
        if exc.context:
            what += f" ({exc.context})"
        if "tab" in problem or "'\\t'" in problem:
            what += "; indent with spaces, not tab characters"
        problems.add(mark.line + 1 if mark else 1, what)
        return None
    except yaml.YAMLError as exc:
        problems.add(1, f"YAML syntax error: {exc}")
        return None
    if node is None:
        problems.add(1, "the file is empty; expected a mapping with 'id', 'version', 'title' …")
    return node


_CONSTRUCTOR = SafeConstructor()


def to_python(node: Node, problems: Problems) -> Any:
    """Plain values for the schema, NFC-normalised; duplicate keys are problems here
    because PyYAML would silently keep the last one."""
    if isinstance(node, ScalarNode):
        value = _CONSTRUCTOR.construct_object(node, deep=True)
        return unicodedata.normalize("NFC", value) if isinstance(value, str) else value
    if isinstance(node, SequenceNode):
        return [to_python(child, problems) for child in node.value]
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = to_python(key_node, problems) if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str):
                problems.add(key_node, f"keys must be strings, found {kind_of(key_node)}")
                continue
            if key in out:
                problems.add(key_node, f"duplicate key '{key}'")
                continue
            problems.key_of[id(value_node)] = key_node
            out[key] = to_python(value_node, problems)
        return out
    return None


def node_at(root: Node, path: Iterable[str | int]) -> Node:
    """The node a JSON path names (as deep as it exists)."""
    node = root
    for step in path:
        if isinstance(node, MappingNode):
            child = next((v for k, v in node.value if getattr(k, "value", None) == step), None)
        elif isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value):
            child = node.value[step]
        else:
            child = None
        if child is None:
            break
        node = child
    return node


def key_node(root: Node, path: Sequence[str | int], key: str) -> Node:
    parent = node_at(root, path)
    if isinstance(parent, MappingNode):
        for k, _ in parent.value:
            if getattr(k, "value", None) == key:
                return k
    return parent


# --------------------------------------------------------------------------- messages


def label(value: Any, path: Sequence[str | int]) -> str:
    """How a reviewer names the place a path points at: "'regex' of detector 1 (pattern)
    of item 'gm-90-example'"."""
    parts: list[str] = []
    node = value
    i = 0
    while i < len(path):
        step = path[i]
        nxt = path[i + 1] if i + 1 < len(path) else None
        child = _child(node, step)
        if step in ("items", "detectors", "entries") and isinstance(nxt, int):
            element = _child(child, nxt)
            name = {"items": "item", "detectors": "detector", "entries": "entry"}[str(step)]
            ident = _get(
                element, {"items": "id", "detectors": "kind", "entries": "term"}[str(step)]
            )
            if step == "items" and isinstance(ident, str):
                parts.append(f"item '{ident}'")
            elif isinstance(ident, str):
                parts.append(f"{name} {nxt + 1} ({ident})")
            else:
                parts.append(f"{name} {nxt + 1}")
            node = element
            i += 2
            continue
        if step == "lists" and isinstance(nxt, str):
            parts.append(f"list '{nxt}'")
            node = _child(child, nxt)
            i += 2
            continue
        if step == "examples" and isinstance(nxt, str):
            parts.append(f"'examples.{nxt}'")
            node = _child(child, nxt)
            i += 2
            continue
        if isinstance(step, int) and parts:
            parts[-1] = f"value {step + 1} of {parts[-1]}"
        else:
            parts.append(f"'{step}'")
        node = child
        i += 1
    if not parts:
        return "the file"
    return " of ".join(reversed(parts))


def _child(node: Any, step: str | int) -> Any:
    if isinstance(node, dict) and isinstance(step, str):
        return node.get(step)
    if isinstance(node, list) and isinstance(step, int) and step < len(node):
        return node[step]
    return None


def _get(node: Any, key: str) -> Any:
    return node.get(key) if isinstance(node, dict) else None


_TYPE_NAMES = {
    "string": "a string",
    "array": "a list",
    "object": "a mapping",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
}


def schema_problems(kind: str, value: Any, root: Node, problems: Problems) -> None:
    """Validate ``value`` against the published schema; each error at its node."""
    errors = sorted(validator(kind).iter_errors(value), key=lambda e: list(map(str, e.path)))
    for error in errors:
        for where, what in _describe(error, value, root):
            problems.add(where, what)


def _describe(error: ValidationError, value: Any, root: Node) -> list[tuple[Node, str]]:
    path = list(error.absolute_path)
    node = node_at(root, path)
    where = label(value, path)
    hint = error.schema.get("errorMessage") if isinstance(error.schema, dict) else None
    v, inst = error.validator, error.instance
    found = kind_of(node)
    if v == "additionalProperties":
        allowed = ", ".join(error.schema.get("properties", {}))
        extra = [k for k in inst if k not in error.schema.get("properties", {})]
        return [
            (key_node(root, path, k), f"unknown key '{k}' in {where}; expected one of: {allowed}")
            for k in extra
        ]
    if v == "required":
        return [
            (node, _missing(k, where, inst, path)) for k in error.validator_value if k not in inst
        ]
    if v == "enum":
        name = path[-1] if path and isinstance(path[-1], str) else "value"
        if len(path) > 1 and isinstance(path[-1], int):
            name = {"languages": "language", "categories": "category"}.get(str(path[-2]), name)
        choices = ", ".join(map(str, error.validator_value))
        ctx = label(value, path[:-1]) if path else "the file"
        return [
            (
                node,
                f"bad {name} '{inst}' in {ctx}; {did_you_mean(inst, error.validator_value)}"
                f"expected one of: {choices}",
            )
        ]
    if v == "type":
        expected = _TYPE_NAMES.get(str(error.validator_value), str(error.validator_value))
        quote = (
            " (quote it)" if expected == "a string" and found in ("a number", "true/false") else ""
        )
        if hint:
            return [(node, f"{where}: {hint}; found {found}")]
        return [(node, f"expected {expected} for {where}, found {found}{quote}")]
    if v in ("anyOf", "oneOf"):
        inner = [e for e in error.context if _type_fits(e, inst)]
        deepest = [e for e in inner if e.validator != "type"]
        if deepest and isinstance(inst, dict | list):
            return [p for e in deepest for p in _describe(e, value, root)]
        if hint:
            return [(node, f"{where}: {hint}; found {found}")]
        return [(node, f"{where}: {error.message}")]
    if v == "format" and error.validator_value == "regex":
        try:
            re.compile(inst, re.IGNORECASE)
        except re.error as exc:
            return [
                (node, f"invalid regular expression in {where}: {exc.msg} at position {exc.pos}")
            ]
    if v == "minItems":
        if path and path[-1] == "items" and len(path) == 1:
            return [(node, "'items' is empty; a checklist needs at least one item")]
        if path and path[-1] == "detectors":
            return [(node, f"{label(value, path[:-1])} has detectors: [] but its status needs one")]
        return [(node, f"{where} is empty; expected at least {error.validator_value}")]
    if v == "minProperties":
        return [(node, f"{where} needs at least one of: vi, en")]
    if v == "dependentRequired":
        key = next(k for k in error.validator_value if k in inst)
        return [(key_node(root, path, key), f"'{key}' of {where} needs a 'lexicon'")]
    if "propertyNames" in error.schema_path:
        return [
            (
                key_node(root, path, str(inst)),
                f"bad list name '{inst}' in {where}; expected lowercase letters, digits and '_'",
            )
        ]
    if hint and v in ("pattern", "minLength", "format"):
        if isinstance(inst, str) and inst.strip():
            return [(node, f"'{inst}' in {where}: {hint}")]
        return [(node, f"{where}: {hint}")]
    return [(node, f"{where}: {error.message}")]


def did_you_mean(value: Any, choices: Iterable[Any]) -> str:
    """A near miss named first: a misspelt value is the commonest mistake by far."""
    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""


def _type_fits(error: ValidationError, inst: Any) -> bool:
    """Whether an anyOf branch was meant for this kind of value (a mapping title goes to
    the mapping branch, so its unknown key is reported, not "not a string")."""
    branch = error.schema if isinstance(error.schema, dict) else {}
    declared = branch.get("type")
    if declared is None:
        return True
    py = {"object": dict, "array": list, "string": str, "boolean": bool}.get(declared)
    return py is not None and isinstance(inst, py)


def _missing(key: str, where: str, inst: Any, path: list[str | int]) -> str:
    if path and path[-1] == "examples":
        return f"{label_item(where)} has detectors; expected at least one '{key}' example"
    if key == "examples":
        return (
            f"{where} has detectors but no 'examples'; expected "
            "examples: {fail: [...], pass: [...]}"
        )
    if key == "detectors":
        status = inst.get("status") if isinstance(inst, dict) else None
        return (
            f"{where} has status '{status}' but no detectors; expected detectors or status 'human'"
        )
    if key == "kind":
        return f"missing required key 'kind' in {where}"
    return f"missing required key '{key}' in {where}"


def label_item(where: str) -> str:
    return where.split(" of ", 1)[1] if where.startswith("'examples") and " of " in where else where
