"""Decode article bytes to text: UTF-8 first, then a detected encoding, never a crash."""

from __future__ import annotations

import charset_normalizer

from .errors import SourceError

# Western news is far more often Windows-1252 than its look-alikes (cp1250,
# cp1257...), which charset-normalizer ranks equally on short texts.
_PREFERRED = ("cp1252", "latin_1", "iso8859_15")


def decode_bytes(data: bytes, path: str) -> str:
    """The text of a file's bytes; raises SourceError for binary or undecodable data."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
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
    return _detected(data, path)


def _detected(data: bytes, path: str) -> str:
    results = charset_normalizer.from_bytes(data[:200_000])
    best = results.best()
    if best is None:
        raise SourceError(path, "binary or undecodable content (no text encoding fits)")
    choice = best.encoding
    if choice not in _PREFERRED:
        for candidate in results:
            if (
                candidate.encoding in _PREFERRED
                and candidate.chaos <= best.chaos
                and candidate.coherence >= best.coherence - 0.05
            ):
                choice = candidate.encoding
                break
    text = data.decode(choice, errors="replace")
    if "\x00" in text or _control_ratio(text) > 0.05:
        raise SourceError(path, "binary content, not text")
    return text


def _control_ratio(text: str) -> float:
    sample = text[:20_000]
    if not sample:
        return 0.0
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return control / len(sample)
