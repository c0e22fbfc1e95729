"""The review memo in Markdown and HTML, from Jinja templates in ``templates/``.

Templates are data an organisation may restyle: ``--template-dir DIR`` puts DIR in
front of the built-in folder, so a file there replaces the built-in one of the same
name (a whole memo or one partial). Such templates come from outside the program and
run in Jinja's sandbox. Document text only ever enters a template as a value, never
as template source, so ``{{ 7*7 }}`` in a draft stays text; HTML templates autoescape
it and Markdown templates pass it through the ``md`` filter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from genderlens.errors import ConfigError, UsageError
from genderlens.model import Review
from genderlens.render import Reviews, entries
from genderlens.render.context import memo_context
from genderlens.resources import templates_dir

MD_TEMPLATE = "memo.md.j2"
HTML_TEMPLATE = "memo.html.j2"

_SPACE = re.compile(r"\s+")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&#])")
_MD_SPECIAL_LIGHT = re.compile(r"([\\`\[\]<>|&])")


def md_escape(value: Any, emphasis: bool = False) -> str:
    """Text as Markdown shows it: characters that would become markup or raw HTML are
    backslash-escaped (CommonMark allows that for any ASCII punctuation). Emphasis
    characters (``*``, ``_``) are left alone unless ``emphasis`` is set, so that a
    quoted ``7*7`` reads the same in the source and the rendering."""
    text = _SPACE.sub(" ", str(value)) if value is not None else ""
    pattern = _MD_SPECIAL if emphasis else _MD_SPECIAL_LIGHT
    return pattern.sub(r"\\\1", text)


def environment(template_dir: str | Path | None = None) -> jinja2.Environment:
    """A Jinja environment over the user folder (if any) then the built-in one."""
    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None:
        folder = Path(template_dir)
        if not folder.is_dir():
            raise UsageError(f"--template-dir {folder}: not a folder")
        loaders.append(jinja2.FileSystemLoader(str(folder)))
    loaders.append(jinja2.FileSystemLoader(str(templates_dir())))
    cls = SandboxedEnvironment if template_dir is not None else jinja2.Environment
    env = cls(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "xml", "html.j2", "htm.j2"),
            disabled_extensions=(),
            default_for_string=False,
            default=False,
        ),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined if template_dir is None else jinja2.Undefined,
    )
    env.filters["md"] = md_escape
    return env


def render_template(name: str, context: dict[str, Any],
                    template_dir: str | Path | None = None) -> str:
    env = environment(template_dir)
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError(f"{exc.filename or name}:{exc.lineno}: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise ConfigError(f"template {exc.name} not found") from None
    except jinja2.TemplateError as exc:
        raise ConfigError(f"{name}: {exc}") from None


def _reviews(batch: Reviews) -> list[tuple[str, Review | str]]:
    return entries(batch)


def render_markdown(
    batch: Reviews, *, memo_lang: str | None = None, template_dir: str | Path | None = None,
    agency_names: Mapping[str, str] | None = None, detail: str = "summary",
) -> str:
    """One memo per document; a batch gets them one after another."""
    parts = []
    for path, result in _reviews(batch):
        if isinstance(result, Review):
            ctx = memo_context(result, memo_lang, template_dir, agency_names=agency_names,
                               detail=detail)
            parts.append(render_template(MD_TEMPLATE, ctx, template_dir))
        else:
            parts.append(f"# {md_escape(path)}\n\n{md_escape(result)}\n")
    return "\n---\n\n".join(parts)


def render_html(
    batch: Reviews, *, memo_lang: str | None = None, template_dir: str | Path | None = None,
    agency_names: Mapping[str, str] | None = None, detail: str = "summary",
) -> str:
    reviews = [r for _, r in _reviews(batch) if isinstance(r, Review)]
    if len(reviews) != 1:
        raise UsageError("the HTML memo covers one readable document at a time")
    ctx = memo_context(reviews[0], memo_lang, template_dir, agency_names=agency_names,
                       detail=detail)
    return render_template(HTML_TEMPLATE, ctx, template_dir)
