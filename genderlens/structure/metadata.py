"""Title, number, date and issuing body from a draft's front matter.

Vietnamese legal documents open with a fixed header (issuing body, national motto,
"Số: 45/2019/QH14", "Hà Nội, ngày 20 tháng 11 năm 2019") and a title in capitals
split over lines ("BỘ LUẬT" / "LAO ĐỘNG"). English drafts carry a title heading and
sometimes front matter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from genderlens.model import Paragraph, Unit

_VI_NUMBER = re.compile(r"\bSố\s*(?:hiệu)?\s*:?\s*(\d+/\d{4}/[A-ZĐa-zđ0-9\-]+)", re.I)
_VI_NUMBER2 = re.compile(
    r"\b(?:luật|bộ luật|nghị định|thông tư|nghị quyết)\s+số\s*:?\s*(\d+/\d{4}/[A-ZĐ0-9\-]+)", re.I
)
_VI_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
_VI_DOC_TYPES = (
    "BỘ LUẬT", "LUẬT", "NGHỊ ĐỊNH", "THÔNG TƯ", "THÔNG TƯ LIÊN TỊCH", "NGHỊ QUYẾT",
    "QUYẾT ĐỊNH", "PHÁP LỆNH", "CHỈ THỊ", "DỰ THẢO",
)  # fmt: skip
_VI_ISSUERS = re.compile(
    r"^(QUỐC HỘI|CHÍNH PHỦ|ỦY BAN THƯỜNG VỤ QUỐC HỘI|THỦ TƯỚNG CHÍNH PHỦ|CHỦ TỊCH NƯỚC|"
    r"BỘ [A-ZĐÀ-Ỹ ,]+|ỦY BAN NHÂN DÂN [A-ZĐÀ-Ỹ ,]+|HỘI ĐỒNG NHÂN DÂN [A-ZĐÀ-Ỹ ,]+)"
)
_MOTTO = re.compile(r"CỘNG H[OÒ]À XÃ HỘI CHỦ NGHĨA", re.I)


def _upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def extract_metadata(
    paragraphs: Sequence[Paragraph], units: list[Unit], language: str, meta: dict[str, str]
) -> tuple[str | None, dict[str, str]]:
    out = dict(meta)
    front: list[str] = []
    for u in units:
        if u.kind in ("title", "preamble"):
            front.extend(paragraphs[i].text.strip() for i in u.paragraphs)
        elif u.kind not in ("notes",):
            break
    if not front:
        front = [p.text.strip() for p in paragraphs[:15] if p.is_provision_text]
    title: str | None = None
    if language == "vi":
        head = "\n".join(front[:30])
        if "number" not in out and (m := _VI_NUMBER.search(head) or _VI_NUMBER2.search(head)):
            out["number"] = m.group(1)
        if "date" not in out and (m := _VI_DATE.search(head)):
            d, mo, y = (int(x) for x in m.groups())
            out["date"] = f"{y:04d}-{mo:02d}-{d:02d}"
        for line in front[:6]:
            m = _VI_ISSUERS.match(line)
            if m and "issuer" not in out:
                out["issuer"] = m.group(1).strip()
                break
        for j, line in enumerate(front):
            first_line = line.split("\n")[0].strip()
            if _MOTTO.search(first_line):
                continue
            for dt in _VI_DOC_TYPES:
                if first_line == dt or (first_line.startswith(dt + " ") and _upper(first_line)):
                    parts = [first_line]
                    k = j + 1
                    while (
                        first_line == dt
                        and k < len(front)
                        and _upper(front[k])
                        and len(front[k]) < 150
                        and not front[k].startswith("Căn cứ")
                    ):
                        parts.append(front[k])
                        k += 1
                        if len(parts) >= 3:
                            break
                    title = " ".join(" ".join(parts).split())
                    break
            if title:
                break
    else:
        title = out.get("title")
        if not title:
            for p in paragraphs[:40]:
                if p.kind == "heading" and (p.level or 1) == 1:
                    title = p.text.strip()
                    break
        if not title:
            for line in front[:5]:
                if line and len(line) < 200:
                    title = line
                    break
    if title:
        out.setdefault("title", title)
    return title, out
