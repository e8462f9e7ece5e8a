"""Front matter of text and Markdown articles: a YAML ``---`` block, or leading ``Key: value`` lines.

A ``---`` block is YAML (static-site generators and note apps write it so):
``authors: [Eve Stone, Tom Lee]`` is a list and a quoted title keeps its
colon. It is read with PyYAML's safe loader; only scalars and flat lists of
scalars are taken (a nested mapping is not article metadata). A block that is
not valid YAML is read line by line as ``key: value``, so a hand-written
header with a stray colon still gives its title.
"""

from __future__ import annotations

import datetime as dt
import re

#: Values are text, or lists of text (authors, tags).
Meta = dict[str, "str | list[str]"]

_FRONT_KEY = re.compile(r"^(title|headline|section|category|date|url|author|authors|by)\s*:\s*(.*)$", re.I)
_MAX_BLOCK_LINES = 60
_MAX_BLOCK_CHARS = 20_000  # metadata is short; a huge block is not front matter (nor parsed as YAML)


def split_front_matter(text: str) -> tuple[Meta, str]:
    """The front matter's values (keys in lower case) and the text after it."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for end in range(1, min(len(lines), _MAX_BLOCK_LINES)):
            if lines[end].strip() in ("---", "..."):
                block = lines[1:end]
                meta = _yaml_block("\n".join(block))
                if meta is None:
                    meta = _line_block(block)
                return meta, "\n".join(lines[end + 1:])
        return {}, text
    return _key_lines(lines, text)


def meta_text(meta: Meta, *keys: str) -> str:
    """The first of ``keys`` with a value, as one line (a list's items joined by commas)."""
    for key in keys:
        value = meta.get(key)
        if isinstance(value, list):
            value = ", ".join(value)
        if value:
            return value
    return ""


def _yaml_block(block: str) -> Meta | None:
    """A YAML mapping's usable values, or None when the block is not a YAML mapping."""
    if len(block) > _MAX_BLOCK_CHARS:
        return None
    import yaml  # PyYAML loads only for a file that has a ``---`` block

    try:
        data = yaml.safe_load(block)
    except (yaml.YAMLError, RecursionError, ValueError):  # ValueError: an impossible date (2025-02-30)
        return None
    if not isinstance(data, dict):
        return None
    meta: Meta = {}
    for key, value in data.items():
        if isinstance(value, list):
            items = [_scalar(v) for v in value]
            meta[str(key).strip().lower()] = [v for v in items if v]
        else:
            text = _scalar(value)
            if text:
                meta[str(key).strip().lower()] = text
    return meta


def _scalar(value: object) -> str:
    """A YAML scalar as text: dates in ISO form, numbers as written, a ``{name: ...}`` object's
    name (author lists written that way); anything else nested is dropped."""
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _line_block(lines: list[str]) -> Meta:
    meta: Meta = {}
    for line in lines:
        key, _, value = line.partition(":")
        if value.strip():
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta


def _key_lines(lines: list[str], text: str) -> tuple[Meta, str]:
    """Leading ``Title: ...`` / ``Date: ...`` lines, ended by a blank line (or two or more of them)."""
    meta: Meta = {}
    consumed = 0
    for line in lines:
        match = _FRONT_KEY.match(line.strip())
        if not match:
            break
        meta[match.group(1).lower()] = match.group(2).strip()
        consumed += 1
    followed_by_blank = consumed < len(lines) and not lines[consumed].strip()
    if consumed and (followed_by_blank or len(meta) >= 2):
        return meta, "\n".join(lines[consumed:])
    return {}, text
