"""The starter checklist ``genderlens init --checklist NAME`` writes.

A new author copies what they see, so the starter is a complete, valid checklist: one
detector rule with its pass/fail examples, one reviewer question, a cited basis, and the
modeline that makes VS Code / JetBrains check the file against the published schema while
typing.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from genderlens.check.schema import schema_path, validator
from genderlens.errors import UsageError

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

STARTER = """\
# yaml-language-server: $schema={schema}
# A genderlens checklist. How to write one: checklists/README.md in the genderlens sources.
# Check it:   genderlens checklist validate {file}
# Test it:    genderlens rules test {file}
# Use it:     genderlens review --checklist {file} draft.docx
id: {id}
version: "0.1"
title:
  vi: "Danh mục của tôi"
  en: "My checklist"
basis: "Law on Gender Equality 2006 (73/2006/QH11) Art. 10, 21"
languages: [vi]
items:
  # A rule a program can check: the detector finds the words, the examples prove it.
  - id: {prefix}-01-men-only-recruitment
    title:
      vi: "Tuyển dụng chỉ dành cho nam"
      en: "Men-only recruitment"
    question:
      vi: "Dự thảo có quy định tuyển dụng chỉ dành cho một giới không?"
      en: "Does the draft restrict recruitment to one sex?"
    basis: "LGE 2006 Art. 13(1)"
    status: flag-if-found
    severity: error
    category: exclusion
    detectors:
      - kind: pattern
        language: vi
        regex: "\\\\bchỉ tuyển (lao động |người )?nam\\\\b"
        message:
          vi: "“{{term}}” loại trừ phụ nữ khỏi tuyển dụng."
          en: "“{{term}}” excludes women from recruitment."
    examples:
      fail:
        - "Doanh nghiệp chỉ tuyển lao động nam vào vị trí lái xe."
      pass:
        - "Doanh nghiệp tuyển lao động nam và nữ vào vị trí lái xe."
  # A question only a reviewer can answer: no detector, status human.
  - id: {prefix}-02-consultation
    title:
      vi: "Lấy ý kiến"
      en: "Consultation"
    question:
      vi: "Đã lấy ý kiến của tổ chức đại diện phụ nữ chưa?"
      en: "Were women's organisations consulted?"
    basis: "LGE 2006 Art. 21(2)"
    status: human
    category: omission
"""


def schema_reference(target: Path) -> str:
    """The modeline's target: the schema beside a checklists folder when there is one
    (works offline, follows the sources), else the published address."""
    local = target.resolve().parent / "schema" / "checklist.schema.json"
    if local.is_file():
        return os.path.relpath(local, target.resolve().parent)
    return str(validator("checklist").schema.get("$id") or schema_path("checklist").as_uri())


def write_starter_checklist(name: str, path: Path | None = None, *, force: bool = False) -> Path:
    """Write the starter checklist ``name`` (an id) to ``path`` (default ``NAME.yaml``)."""
    if not _ID_RE.match(name):
        raise UsageError(
            f"bad checklist id {name!r}: use lowercase letters, digits and '-' "
            "(for example gbv-provisions)"
        )
    target = path or Path(f"{name}.yaml")
    if target.exists() and not force:
        raise UsageError(f"{target} exists; use --force to overwrite it")
    prefix = "".join(part[0] for part in name.split("-") if part)[:4] or name[:4]
    text = STARTER.format(schema=schema_reference(target), file=target, id=name, prefix=prefix)
    target.write_text(text, encoding="utf-8")
    return target
