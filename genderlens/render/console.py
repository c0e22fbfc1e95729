"""The terminal view: findings grouped by article, then the checklist items.

Reviewers read this first, so it leads with what to fix, shows the flagged words
highlighted in their sentence and ends with the verdict. Document text is escaped for
rich markup: a draft's "[bold]" stays text.
"""

from __future__ import annotations

from typing import Any

from genderlens.model import Review
from genderlens.render.context import memo_context

_SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_STATUS_STYLES = {
    "met": "green", "not-met": "red", "flagged": "yellow", "needs-review": "blue",
    "not-applicable": "dim",
}  # fmt: skip
_VERDICT_STYLES = {"pass": "bold green", "pass-with-conditions": "bold yellow",
                   "revise": "bold red"}


def print_review(review: Review, console: Any, *, memo_lang: str | None = None) -> None:
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    ctx = memo_context(review, memo_lang)
    s = ctx["s"]
    doc = ctx["doc"]
    console.print(Text(f"{doc['title']}", style="bold"), Text(f"  {doc['path']}", style="dim"))
    for group in ctx["groups"]:
        console.rule(Text(group["heading"], style="bold"), align="left")
        for f in group["findings"]:
            head = Text()
            head.append(f"{f['severity_label']:<9}", style=_SEVERITY_STYLES[f["severity"]])
            head.append(f" #{f['number']} ")
            if f["has_span"] and f["locator"]:
                head.append(f"{f['locator']}  ", style="bold")
            head.append(f["message"])
            console.print(head)
            if f["quote"]:
                quote = Text("    ")
                quote.append(" ".join(f["before"].split()[-8:]) + " ", style="dim")
                quote.append(f["quote"], style="reverse")
                quote.append(" " + " ".join(f["after"].split()[:8]), style="dim")
                console.print(quote)
            if f["suggestion"]:
                console.print(Text(f"    → {f['suggestion']}", style="green"))
    table = Table(title=s["items_heading"], title_justify="left", show_lines=False)
    table.add_column(s["item"], style="dim", no_wrap=True)
    table.add_column(s["title"])
    table.add_column(s["status"], no_wrap=True)
    table.add_column("#", justify="right")
    for item in ctx["items"]:
        table.add_row(item["item"], escape(item["title"]),
                      Text(item["status_label"], style=_STATUS_STYLES.get(item["status"], "")),
                      str(item["findings"]))
    console.print(table)
    verdict = ctx["verdict"]
    line = Text(f"{s['verdict']}: ")
    line.append(verdict["label"], style=_VERDICT_STYLES[verdict["key"]])
    line.append(f"  ({ctx['counts_text']})  {s['rating']}: {ctx['rating']['label']}")
    console.print(line)
    reading = ctx["reading"]
    for warning in reading["warnings"]:
        console.print(Text(f"⚠ {warning}", style="bold yellow"))
    cover = " ".join(v for v in (reading["coverage"], reading["left_out"],
                                 reading["instruments"]) if v)
    if cover:
        console.print(Text(cover, style="dim"))
