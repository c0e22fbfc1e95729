"""The memo's own words in Vietnamese and English, kept as data in ``strings.yaml``.

One template set serves both languages: templates read ``s.<key>``. An organisation
that restyles the memo in its own ``--template-dir`` can also reword it there; its
``strings.yaml`` is laid over the built-in one, key by key.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from genderlens.errors import ConfigError
from genderlens.resources import templates_dir


@lru_cache(maxsize=8)
def _load(path: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read memo strings ({exc})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of language -> strings")
    return data


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def strings(lang: str, template_dir: str | Path | None = None) -> dict[str, Any]:
    """The strings for memo language ``lang`` (English keys fill any gap)."""
    data = _load(str(templates_dir() / "strings.yaml"))
    out = _merge(data.get("en", {}), data.get(lang, {}))
    if template_dir is not None:
        user = Path(template_dir) / "strings.yaml"
        if user.is_file():
            out = _merge(out, _load(str(user)).get(lang, {}))
    return out


def rating_terms(lang: str) -> dict[str, list[str]]:
    data = _load(str(templates_dir() / "rating.yaml"))
    terms = data.get(lang) or data.get("en") or {}
    return {k: [str(x) for x in v or ()] for k, v in terms.items()}
