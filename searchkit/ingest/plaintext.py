"""Clean plain-text articles: normalise, drop widgets, find headline and sub-headings.

Plain text arrives as pasted or exported articles: one paragraph a line (or
blank-line separated, sometimes hard-wrapped), with share/comment widgets at
the end and short Title-Case sub-headings between paragraphs. This module
turns that into a headline, a body of paragraphs and the list of sub-headings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from searchkit.ingest.frontmatter import Meta, meta_text, split_front_matter

# Quote look-alikes mapped to the standard typographic forms.
_QUOTES = str.maketrans(
    {
        "\u201b": "\u2018",  # reversed-9 single quote
        "\u201f": "\u201c",  # reversed-9 double quote
        "\u2032": "\u2019",  # prime
        "\u2033": "\u201d",  # double prime
        "\uff02": '"',
        "\uff07": "'",
        "\u00b4": "\u2019",  # acute accent used as apostrophe
    }
)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")

_WIDGET_LINE = re.compile(
    r"""^(?:
        \d+\s+comments?
      | (?:view|show|load|see)\s+(?:all\s+)?\d*\s*comments?
      | comments?(?:\s*\(\d+\))?
      | (?:leave|add|post)\s+a\s+comment
      | share(?:\s+this)?(?:\s+(?:article|story|post|page))?(?:\s+on\s+\w+)?
      | (?:share\s+on\s+)?(?:facebook|twitter|x|linkedin|whatsapp|email|print)(?:\s*[|/·,]\s*\w+)*
      | advertisement | advertising | sponsored(?:\s+content)?
      | read\s+more\b.* | related(?:\s+(?:articles?|stories|content|coverage))?:?
      | (?:sign\s+up|subscribe)\b.*newsletter.* | follow\s+us\b.*
      | click\s+here\b.* | (?:continue|keep)\s+reading.* | skip\s+(?:to\s+)?(?:content|ad)
    )[.:!…]*$""",
    re.IGNORECASE | re.VERBOSE,
)
_FINAL_PUNCT = ".,;:!?\"”’'…)"
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Jr|Sr|Inc|Corp|Co|Ltd|No|vs|etc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.)$"
)


@dataclass
class CleanText:
    """The parts of a plain-text article after cleaning."""

    headline: str
    body: str
    subheads: list[str]
    meta: Meta = field(default_factory=dict)


def normalize(text: str) -> str:
    """NFC, standard quotes, no control or invisible characters, tidy whitespace per line."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.translate(_QUOTES)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines).strip()


def normalize_inline(text: str) -> str:
    """Normalise a one-line value (a headline, an author) to a single line."""
    return " ".join(normalize(text).split())


def clean_plain_text(text: str, *, headline: str = "") -> CleanText:
    """Clean a plain-text article; ``headline`` (when already known) is not searched for."""
    meta, rest = split_front_matter(normalize(text))
    paragraphs = [p for p in _paragraphs(rest) if not is_widget_line(p)]
    headline = normalize_inline(headline or meta_text(meta, "title", "headline"))
    if not headline and len(paragraphs) > 1 and is_headline_shaped(paragraphs[0]):
        headline = paragraphs.pop(0)
    subheads = _find_subheads(paragraphs)
    if not headline and paragraphs:
        headline = headline_from_lead(paragraphs[0])
    return CleanText(headline=headline, body="\n\n".join(paragraphs), subheads=subheads, meta=meta)


def is_widget_line(line: str) -> bool:
    """A share / comment / "Read more" line left over from the page the text was copied from."""
    return bool(_WIDGET_LINE.match(line))


def _paragraphs(text: str) -> list[str]:
    """Paragraphs: one a line, except inside blocks that look hard-wrapped."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.split("\n") if line]
        if not lines:
            continue
        if _looks_wrapped(lines):
            out.append(" ".join(lines))
        else:
            out.extend(lines)
    return out


def _looks_wrapped(lines: list[str]) -> bool:
    """A block whose lines all stop near one width and mostly mid-sentence was hard-wrapped."""
    if len(lines) < 3:
        return False
    lengths = sorted(len(line) for line in lines[:-1])
    if lengths[-1] > 100 or lengths[len(lengths) // 2] < 50:
        return False
    open_ends = sum(1 for line in lines[:-1] if line[-1] not in ".!?\"”")
    return open_ends * 2 >= len(lines) - 1


def is_headline_shaped(line: str) -> bool:
    """Short, not ending like a sentence, and not a dateline or a byline."""
    words = line.split()
    if not 2 <= len(words) <= 25 or len(line) > 160:
        return False
    if line.endswith((".", ",", ";", ":")) and not _ABBREVIATIONS.search(line):
        return False
    return not line.lower().startswith("by ")


def _is_subhead(line: str) -> bool:
    words = line.split()
    if not 1 <= len(words) <= 12 or len(line) > 90:
        return False
    if line[-1] in _FINAL_PUNCT or not (line[0].isupper() or line[0].isdigit()):
        return False
    # Title-ish: most longer words capitalised, or a short phrase.
    long_words = [w for w in words if len(w) > 3]
    capitalised = sum(1 for w in long_words if w[0].isupper())
    return len(words) <= 6 or capitalised * 2 >= len(long_words)


def _find_subheads(paragraphs: list[str]) -> list[str]:
    """Sub-headings: short heading-shaped lines standing between two body paragraphs."""
    found = []
    for i in range(1, len(paragraphs) - 1):
        before, line, after = paragraphs[i - 1], paragraphs[i], paragraphs[i + 1]
        if _is_subhead(line) and len(after) > 2 * len(line) and len(after.split()) >= 12 and not _is_subhead(before):
            found.append(line)
    return found


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph, not fooled by "U.S." or "Mr."."""
    for match in re.finditer(r"[.!?]['\"”’]?(?=\s+[\"“‘'(]?[A-Z0-9])", text):
        if not _ABBREVIATIONS.search(text[: match.start() + 1]):
            return text[: match.end()].strip()
    return text.strip()


def headline_from_lead(lead: str, limit: int = 110) -> str:
    """A headline made from the lead's first sentence, cut at a clause if it is long."""
    sentence = first_sentence(lead).rstrip(".")
    if len(sentence) <= limit:
        return sentence
    head = sentence[:limit]
    comma = head.rfind(", ")
    if comma >= 40:
        return head[:comma]
    return head[: head.rfind(" ")].rstrip(",;:") + "…"
