"""The terminal view, in the memo's order: the verdict and the provisions that decide
it, then the findings by weight (each section by article, repeated notes as one line
per term), the checklist table, and the verdict again as the last line a terminal
shows.

Document text is escaped for rich markup: a draft's "[bold]" stays text.
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


def _verdict_line(ctx: dict[str, Any]) -> Any:
    from rich.text import Text

    s = ctx["s"]
    verdict = ctx["verdict"]
    line = Text(f"{s['verdict']}: ")
    line.append(verdict["label"], style=_VERDICT_STYLES[verdict["key"]])
    line.append(f"  ({ctx['counts_text']})  {s['rating']}: {ctx['rating']['label']}")
    return line


def _summary(ctx: dict[str, Any], console: Any) -> None:
    from rich.text import Text

    s = ctx["s"]
    verdict = ctx["verdict"]
    console.print(_verdict_line(ctx))
    console.print(Text(verdict["explanation"], style="dim"))
    for d in verdict["decisive"]:
        head = Text("  ")
        head.append(f"{d['severity_label']:<9}", style=_SEVERITY_STYLES[d["severity"]])
        head.append(f" {d['title']} ({d['count']})", style="bold")
        console.print(head)
        for p in d["provisions"]:
            line = Text("    ")
            line.append(p["locator"], style="bold")
            line.append(f": {p['quote']}")
            console.print(line)
            j = p["justification"]
            if j and j["status"] == "found":
                console.print(Text(f"      {s['justification']}: {p['justification_text']}",
                                   style="green"))
        if not d["provisions"] and d["where_text"]:
            console.print(Text(f"    {s['where']}: {d['where_text']}"))
        if d["suggestion"]:
            console.print(Text(f"    → {d['suggestion']}", style="green"))
    if verdict["also"]:
        console.print(Text(verdict["also_heading"], style="bold"))
        for r in verdict["also"]:
            line = Text("  ")
            line.append(f"{r['severity_label']:<9}", style=_SEVERITY_STYLES[r["severity"]])
            line.append(f" {r['title']} ({r['count']})")
            if r["where_text"]:
                line.append(f": {r['where_text']}", style="dim")
            console.print(line)


def _reading(ctx: dict[str, Any], console: Any) -> None:
    """What was read, where the memo's summary page shows it."""
    from rich.text import Text

    reading = ctx["reading"]
    for warning in reading["warnings"]:
        console.print(Text(f"⚠ {warning}", style="bold yellow"))
    cover = " ".join(v for v in (reading["coverage"], reading["left_out"],
                                 reading["instruments"]) if v)
    if cover:
        console.print(Text(cover, style="dim"))


def _notes(g: dict[str, Any], console: Any) -> None:
    from rich.text import Text

    head = Text()
    head.append(f"{g['severity_label']:<9}", style=_SEVERITY_STYLES[g["severity"]])
    head.append(f" {g['item_title']} ({g['count_text']}) ", style="bold")
    head.append(g["message"])
    console.print(head)
    for t in g["terms"]:
        line = Text("    ")
        line.append(t["line"], style="bold")
        line.append(f": {t['where']}", style="dim")
        console.print(line)


def _repeated(g: dict[str, Any], console: Any) -> None:
    from rich.text import Text

    head = Text()
    head.append(f"{g['severity_label']:<9}", style=_SEVERITY_STYLES[g["severity"]])
    head.append(f" {g['item_title']} ({g['count_text']}) ", style="bold")
    head.append(g["message"])
    console.print(head)
    for f in g["findings"]:
        line = Text("    ")
        line.append(f"#{f['number']} {f['locator']}: ", style="bold")
        line.append(f["before_short"], style="dim")
        line.append(f["quote_short"], style="reverse")
        line.append(f["after_short"], style="dim")
        if f["own_message"]:
            line.append(f"  {f['own_message']}")
        console.print(line)
    if g["suggestion"]:
        console.print(Text(f"    → {g['suggestion']}", style="green"))


def _finding(f: dict[str, Any], console: Any) -> None:
    from rich.text import Text

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


def print_review(review: Review, console: Any, *, memo_lang: str | None = None,
                 detail: str = "summary") -> None:
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    ctx = memo_context(review, memo_lang, detail=detail)
    s = ctx["s"]
    doc = ctx["doc"]
    console.print(Text(f"{doc['title']}", style="bold"), Text(f"  {doc['path']}", style="dim"))
    _summary(ctx, console)
    _reading(ctx, console)
    for sec in ctx["sections"]:
        console.rule(Text(f"{sec['heading']} ({sec['count']})", style="bold"), align="left")
        for g in sec["note_groups"]:
            _notes(g, console)
        for g in sec["repeated"]:
            _repeated(g, console)
        for group in sec["groups"]:
            console.print(Text(group["heading"], style="bold underline"))
            for f in group["findings"]:
                _finding(f, console)
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
    console.print(_verdict_line(ctx))
