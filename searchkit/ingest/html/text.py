"""Text helpers shared by the HTML extraction modules: decoding and normalisation.

Kept apart so metadata and body extraction clean text the same way, and so the
decoding rules (BOM, declared charset, detection) live in one tested place.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from searchkit.ingest.encoding import detect_encoding

# Control characters, zero-width marks and lone surrogates (unencodable as UTF-8).
_CONTROL_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\ufffe\ud800-\udfff]")
_SPACE_RE = re.compile(r"\s+")
_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE
)
_XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]{0,200}encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")

# HTML5 says these labels really mean windows-1252; pages relying on that are common.
_WIN1252_ALIASES = {"iso-8859-1", "latin-1", "latin1", "iso8859-1", "l1", "us-ascii", "ascii",
                    "cp819", "ibm819", "iso-ir-100", "windows-1252", "cp1252"}
_DETECT_SAMPLE = 256 * 1024


def clean_inline(text: str) -> str:
    """Normalise one paragraph: NFC, no control characters, single spaces, trimmed."""
    if not text:
        return ""
    text = _CONTROL_RE.sub(" ", text.replace("\xad", ""))
    text = _SPACE_RE.sub(" ", text).strip()
    return unicodedata.normalize("NFC", text)


def _codec(label: str) -> str | None:
    """Map a declared charset label to a Python codec name, or None if unknown."""
    label = label.strip().lower()
    if label in _WIN1252_ALIASES:
        return "cp1252"
    if label in ("utf8", "unicode-1-1-utf-8", "x-unicode20utf8"):
        label = "utf-8"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page cannot really be UTF-16 if the declaration was readable as ASCII.
    return "utf-8" if name.startswith("utf-16") or name.startswith("utf-32") else name


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode page bytes; returns (text, encoding used).

    Order: byte-order mark; then the declared charset (meta / XML prolog) unless
    the bytes do not fit it; valid UTF-8 with non-ASCII bytes wins over a wrong
    single-byte declaration; then detection on a sample; cp1252 with replacement
    as the last resort, so decoding never raises.
    """
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"),
                     (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace"), enc
    head = data[:4096]
    declared = None
    m = _XML_ENCODING_RE.match(head) or _META_CHARSET_RE.search(head)
    if m:
        declared = _codec(m.group(1).decode("ascii", "ignore"))
    if data.isascii():
        return data.decode("ascii"), "ascii"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        # Multi-byte UTF-8 sequences essentially never occur by accident.
        return text, "utf-8"
    if declared and declared != "utf-8":
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    enc = _detect(data)
    if enc:
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("cp1252", errors="replace"), "cp1252"


def _detect(data: bytes) -> str | None:
    """Guess the encoding from a bounded sample (see ``encoding.detect_encoding``)."""
    encoding = detect_encoding(data[:_DETECT_SAMPLE])
    return _codec(encoding) if encoding else None
