"""The outline of a structured document: a rich tree for people, JSON for programs."""

from __future__ import annotations

import json
from typing import Any

from genderlens.model import Document, Unit

OUTLINE_SCHEMA_VERSION = 1


def unit_to_dict(unit: Unit) -> dict[str, Any]:
    return {
        "kind": unit.kind,
        "number": unit.number,
        "heading": unit.heading,
        "id": unit.id,
        "locator": {
            "text": unit.locator.text,
            **unit.locator.fields(),
            "quoted_in": unit.locator.quoted_in,
            **({"instrument": unit.locator.instrument} if unit.locator.instrument else {}),
        },
        "quoted": unit.quoted,
        "length": len(unit.text),
        "children": [unit_to_dict(c) for c in unit.children],
    }


def outline_dict(doc: Document) -> dict[str, Any]:
    from genderlens import __version__

    counts: dict[str, int] = {}
    for u in doc.walk():
        if not u.quoted:
            counts[u.kind] = counts.get(u.kind, 0) + 1
    return {
        "schema_version": OUTLINE_SCHEMA_VERSION,
        "tool": {"name": "genderlens", "version": __version__},
        "path": doc.path,
        "format": doc.format,
        "language": doc.language,
        "title": doc.title,
        "metadata": doc.metadata,
        "tracked_changes": doc.tracked_changes,
        "counts": counts,
        "units": [unit_to_dict(u) for u in doc.units],
    }


def outline_json(doc: Document) -> str:
    return json.dumps(outline_dict(doc), ensure_ascii=False, indent=2)


def _label(unit: Unit, language: str) -> str:
    from rich.markup import escape

    head = unit.locator.text or unit.kind
    if unit.kind in ("clause", "point", "subpoint"):
        first = unit.text.split("\n", 1)[0]
        text = escape(first[:90])
        if unit.heading:
            text = f"[italic]{escape(unit.heading)}[/] " + escape(unit.text.split("\n")[-1][:80])
        return text + (" [yellow](quoted)[/]" if unit.quoted else "")
    if unit.kind in ("part", "chapter", "section", "subsection_group") and unit.number:
        head = unit.locator.text
    style = {
        "part": "bold magenta",
        "chapter": "bold cyan",
        "section": "cyan",
        "subsection_group": "cyan",
        "article": "bold",
    }.get(unit.kind, "")
    text = escape(head)
    if style:
        text = f"[{style}]{text}[/]"
    if unit.heading:
        text += f" {escape(unit.heading[:90])}"
    elif unit.kind in (
        "clause",
        "point",
        "subpoint",
        "preamble",
        "title",
        "signature",
        "annex",
        "other",
        "notes",
    ):
        first = unit.text.split("\n", 1)[0]
        text += f" [dim]{escape(first[:80])}[/]"
    if unit.quoted:
        text += " [yellow](quoted)[/]"
    return text


def outline_tree(doc: Document, depth: int | None = None) -> Any:
    from rich.tree import Tree

    title = doc.title or doc.path
    meta = ", ".join(
        f"{k}: {v}" for k, v in doc.metadata.items() if k in ("number", "date", "issuer")
    )
    root = Tree(
        f"[bold]{title}[/] [dim]({doc.language}, {doc.format}{'; ' + meta if meta else ''})[/]"
    )

    def add(parent: Any, unit: Unit, level: int) -> None:
        node = parent.add(_label(unit, doc.language))
        if depth is not None and level >= depth:
            return
        for c in unit.children:
            add(node, c, level + 1)

    for u in doc.units:
        add(root, u, 1)
    return root
