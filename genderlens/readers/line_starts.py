"""What the first words of a line say: that a provision starts there.

Readers that rebuild paragraphs from lines (a PDF's printed lines, a text wrapped at a
width) must never join a provision to the sentence above it; the structure stage then
finds its marker at the start of a paragraph. These patterns are the readers' share of
what :mod:`genderlens.structure.markers` recognises, kept here so that readers do not
depend on the structure stage.
"""

from __future__ import annotations

import re

# "Điều 5." / "Article 5." never continues a sentence ("Điều 5 của Luật này" may).
ARTICLE_START = re.compile(r"^(?:Điều|Article)\s+\d+[a-zđ]?\.(?:\s|$)")
CLAUSE_START = re.compile(r"^\d{1,3}\.\s")
# A line that starts like a provision: "Điều 5.", "2.", "a)", "(1)", "Chương", "Mục".
PROVISION_START = re.compile(
    r"^(?:(?:Điều|Article)\s+\d+[a-zđ]?\.\s|(?:Chương|Chapter|Mục|Phần|Part)\s+[\dIVXLC]+\b|"
    r"\d{1,3}[.)]\s|[a-zđ][)]\s|\(\w{1,4}\)\s)", re.I)
