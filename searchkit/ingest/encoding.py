"""Decode article bytes to text: UTF-8 first, then a detected encoding, never a crash.

Detection leans on a prior: text that is almost all ASCII, whose few other bytes
read in Windows-1252 as ordinary Western characters (é, ü, “, —, €), is
Windows-1252. charset-normalizer, asked about such text, often ranks cp775,
cp852 or cp437 first, because a handful of bytes says little about a language.
Text with many non-ASCII bytes (Cyrillic, Greek, CJK...) goes to
charset-normalizer, which is good at those.
"""

from __future__ import annotations

from searchkit.errors import SourceError

_SAMPLE = 200_000
#: At least this share of ASCII bytes makes a text "mostly ASCII".
_MOSTLY_ASCII = 0.95
_WESTERN = set(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ"
    "ŒœŠšŸŽž‘’‚“”„–—…•€™†‡‰‹›ˆ˜\u00a0¡¢£¤¥¦§¨©ª«¬\u00ad®¯°±²³´µ¶·¸¹º»¼½¾¿"
)
_WESTERN_FAMILY = ("cp1252", "latin_1", "iso8859_15")


def decode_bytes(data: bytes, path: str) -> str:
    """The text of a file's bytes; raises SourceError for binary or undecodable data."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
                       (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise SourceError(path, f"invalid {codec} after its byte-order mark") from exc
    if b"\x00" not in data[:8192]:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    encoding = detect_encoding(data)
    if encoding is None:
        raise SourceError(path, "binary or undecodable content (no text encoding fits)")
    text = data.decode(encoding, errors="replace")
    if "\x00" in text or _control_ratio(text) > 0.05:
        raise SourceError(path, "binary content, not text")
    return text


def detect_encoding(data: bytes) -> str | None:
    """The most likely single-byte or multi-byte encoding of non-UTF-8 bytes (None: not text)."""
    sample = data[:_SAMPLE]
    if _is_western(sample):
        return "cp1252"
    import charset_normalizer  # loads only for a file that is neither UTF-8 nor Western (~25 ms)

    results = charset_normalizer.from_bytes(sample)
    best = results.best()
    if best is None:
        return None
    for candidate in results:  # on a tie, the Western code page is the likelier
        if (candidate.encoding in _WESTERN_FAMILY and candidate.chaos <= best.chaos
                and candidate.coherence >= best.coherence - 0.05):
            return "cp1252" if candidate.encoding == "latin_1" else candidate.encoding
    return best.encoding


def _is_western(sample: bytes) -> bool:
    if not sample or b"\x00" in sample:
        return False
    high = sum(1 for b in sample if b >= 0x80)
    if high == 0 or high > (1 - _MOSTLY_ASCII) * len(sample):
        return False
    try:
        text = sample.decode("cp1252")
    except UnicodeDecodeError:  # bytes undefined in cp1252 (0x81, 0x8D...)
        return False
    return all(ch in _WESTERN for ch in text if ord(ch) >= 0x80)


def _control_ratio(text: str) -> float:
    sample = text[:20_000]
    if not sample:
        return 0.0
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return control / len(sample)
