"""Editing a Word package in place: parts, relationships, content types, comments.

The annotator must hand back the drafter's own file with comments added and nothing
else changed, so parts it does not touch are copied byte for byte and only the parts
it edits are re-serialised. Reading goes through the reader's guarded package (size
caps, zip-bomb checks, hardened XML parser): the file being annotated is untrusted
input like any other.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Sequence

from lxml import etree

from genderlens.readers.guard import DocxPackage

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
CONTENT_TYPES = "[Content_Types].xml"
COMMENTS_REL = f"{R_NS}/comments"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
RELS_CT = "application/vnd.openxmlformats-package.relationships+xml"

# Characters XML 1.0 cannot carry; a message or quote with one would corrupt the part.
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return _XML_INVALID.sub("", text)


def rels_name(part: str) -> str:
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


class PackageEditor:
    """The members of a package, some of them parsed for editing."""

    def __init__(self, pkg: DocxPackage) -> None:
        self.pkg = pkg
        self.order = pkg.names()
        self._lower = {n.lower(): n for n in self.order}
        self.edited: dict[str, etree._Element] = {}

    def name(self, part: str) -> str | None:
        """The member's name as stored (OPC names are case-insensitive)."""
        return self._lower.get(part.lower())

    def xml(self, part: str) -> etree._Element:
        stored = self.name(part) or part
        if stored not in self.edited:
            self.edited[stored] = self.pkg.xml(stored)
        return self.edited[stored]

    def add(self, part: str, root: etree._Element) -> None:
        self.order.append(part)
        self._lower[part.lower()] = part
        self.edited[part] = root

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
            for name in self.order:
                if name in self.edited:
                    data = etree.tostring(
                        self.edited[name], xml_declaration=True, encoding="UTF-8",
                        standalone=True,
                    )
                else:
                    data = self.pkg.read(name)
                zout.writestr(name, data)
        return buf.getvalue()

    # ------------------------------------------------------------ relationships

    def relationships(self, part: str) -> etree._Element:
        """The part's relationships root, created (with its content type) if missing."""
        name = rels_name(part)
        if self.name(name) is not None:
            return self.xml(name)
        root = etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
        self.add(name, root)
        self._ensure_default("rels", RELS_CT)
        return root

    def related(self, part: str, rel_type: str) -> str | None:
        if self.name(rels_name(part)) is None:
            return None
        base = posixpath.dirname(part)
        for rel in self.relationships(part).iter(f"{{{PKG_REL_NS}}}Relationship"):
            if rel.get("Type") == rel_type and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                if target.startswith("/"):
                    return posixpath.normpath(target.lstrip("/"))
                return posixpath.normpath(posixpath.join(base, target))
        return None

    def relate(self, part: str, rel_type: str, target_part: str) -> str:
        rels = self.relationships(part)
        used = {rel.get("Id") for rel in rels}
        n = 1
        while f"rId{n}" in used:
            n += 1
        rel = etree.SubElement(rels, f"{{{PKG_REL_NS}}}Relationship")
        rel.set("Id", f"rId{n}")
        rel.set("Type", rel_type)
        rel.set("Target", posixpath.relpath(target_part, posixpath.dirname(part) or "."))
        return f"rId{n}"

    # ------------------------------------------------------------ content types

    def _ensure_default(self, extension: str, content_type: str) -> None:
        types = self.xml(CONTENT_TYPES)
        for el in types.iter(f"{{{CT_NS}}}Default"):
            if el.get("Extension", "").lower() == extension:
                return
        el = etree.Element(f"{{{CT_NS}}}Default")
        el.set("Extension", extension)
        el.set("ContentType", content_type)
        types.insert(0, el)

    def ensure_override(self, part: str, content_type: str) -> None:
        types = self.xml(CONTENT_TYPES)
        wanted = f"/{part}".lower()
        for el in types.iter(f"{{{CT_NS}}}Override"):
            if el.get("PartName", "").lower() == wanted:
                el.set("ContentType", content_type)
                return
        el = etree.SubElement(types, f"{{{CT_NS}}}Override")
        el.set("PartName", f"/{part}")
        el.set("ContentType", content_type)


def _max_id(roots: Sequence[etree._Element], tags: Sequence[str]) -> int:
    top = -1
    for root in roots:
        for el in root.iter(*tags):
            try:
                top = max(top, int(el.get(W + "id", "")))
            except ValueError:
                continue
    return top


class Comments:
    """The comments part of the main document: existing comments are kept and new ids
    start above every id already used, in the part or in the document's markers."""

    def __init__(self, editor: PackageEditor, main: str, date: str,
                 author: str = "genderlens", initials: str = "GL") -> None:
        self.editor = editor
        self.date = date
        self.author = author
        self.initials = initials
        part = editor.related(main, COMMENTS_REL)
        if part is not None and editor.name(part) is not None:
            self.root = editor.xml(part)
        else:
            part = self._free_name(posixpath.join(posixpath.dirname(main), "comments.xml"))
            self.root = etree.Element(W + "comments", nsmap={"w": W_NS, "r": R_NS})
            editor.add(part, self.root)
            editor.relate(main, COMMENTS_REL, part)
        editor.ensure_override(part, COMMENTS_CT)
        self.part = part
        markers = (W + "commentRangeStart", W + "commentRangeEnd", W + "commentReference")
        self.next_id = max(
            _max_id([self.root], [W + "comment"]),
            _max_id([editor.xml(main)], markers),
        ) + 1
        self.added = 0

    def _free_name(self, wanted: str) -> str:
        stem, ext = posixpath.splitext(wanted)
        name, n = wanted, 1
        while self.editor.name(name) is not None:
            n += 1
            name = f"{stem}{n}{ext}"
        return name

    def add(self, paragraphs: Sequence[str]) -> int:
        cid = self.next_id
        self.next_id += 1
        self.added += 1
        comment = etree.SubElement(self.root, W + "comment")
        comment.set(W + "id", str(cid))
        comment.set(W + "author", self.author)
        comment.set(W + "date", self.date)
        comment.set(W + "initials", self.initials)
        for i, text in enumerate(paragraphs or [""]):
            p = etree.SubElement(comment, W + "p")
            if i == 0:
                ref = etree.SubElement(p, W + "r")
                etree.SubElement(ref, W + "annotationRef")
            run = etree.SubElement(p, W + "r")
            t = etree.SubElement(run, W + "t")
            t.text = xml_text(text)
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return cid
