"""Tell a file that is not an article by its first bytes: PDF, Office/ZIP, images, archives, programs.

A text-only PDF or an RTF file decodes as text, so without this a PDF
renamed ``.txt`` would be indexed with the headline ``%PDF-1.4``. Only
signatures that no news text starts with are used: file-type libraries also
match two-letter ones ("BM" for a bitmap, "MZ" for a program), which would
refuse an article that opens with "BMW" -- so the table is kept here.
"""

from __future__ import annotations

import re

#: (regular expression matched at the start of the file, what the file is)
_SIGNATURES: list[tuple[re.Pattern[bytes], str]] = [
    (re.compile(rb"%PDF-"), "a PDF document"),
    (re.compile(rb"\{\\rtf"), "an RTF document"),
    (re.compile(rb"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "an old Microsoft Office document (.doc, .xls, .ppt)"),
    (re.compile(rb"\x89PNG\r\n\x1a\n"), "a PNG image"),
    (re.compile(rb"\xff\xd8\xff"), "a JPEG image"),
    (re.compile(rb"GIF8[79]a"), "a GIF image"),
    (re.compile(rb"RIFF.{4}WEBP", re.S), "a WebP image"),
    (re.compile(rb"II\*\x00|MM\x00\*"), "a TIFF image"),
    (re.compile(rb"\x00\x00..ftyp", re.S), "a video or image (MP4, MOV, HEIC)"),
    (re.compile(rb"RIFF.{4}(?:WAVE|AVI )", re.S), "an audio or video file (WAV, AVI)"),
    (re.compile(rb"ID3[\x02-\x04]\x00|OggS\x00|fLaC"), "an audio file (MP3, Ogg, FLAC)"),
    (re.compile(rb"\x1a\x45\xdf\xa3"), "a video file (Matroska, WebM)"),
    (re.compile(rb"\x1f\x8b"), "gzip-compressed data"),
    (re.compile(rb"BZh[1-9]1AY&SY"), "bzip2-compressed data"),
    (re.compile(rb"\xfd7zXZ\x00"), "xz-compressed data"),
    (re.compile(rb"\x28\xb5\x2f\xfd"), "zstd-compressed data"),
    (re.compile(rb"7z\xbc\xaf\x27\x1c"), "a 7-Zip archive"),
    (re.compile(rb"Rar!\x1a\x07"), "a RAR archive"),
    (re.compile(rb"\x7fELF"), "a program (ELF executable)"),
    (re.compile(rb"MZ[^\x00]{0,62}\x00", re.S), "a program (Windows executable)"),
    (re.compile(rb"\xcf\xfa\xed\xfe|\xce\xfa\xed\xfe|\xfe\xed\xfa[\xce\xcf]|\xca\xfe\xba\xbe"),
     "a program (Mach-O executable or Java class)"),
    (re.compile(rb"SQLite format 3\x00"), "an SQLite database"),
    (re.compile(rb"wOF[F2]"), "a web font"),
]
_ZIP = re.compile(rb"PK(?:\x03\x04|\x05\x06|\x07\x08)")
#: What a ZIP file's first member names say it is (Office and OpenDocument files are ZIP archives).
_ZIP_KINDS = [
    (b"word/", "a Word document (.docx)"),
    (b"xl/", "an Excel workbook (.xlsx)"),
    (b"ppt/", "a PowerPoint presentation (.pptx)"),
    (b"mimetypeapplication/epub+zip", "an EPUB e-book"),
    (b"mimetypeapplication/vnd.oasis.opendocument", "an OpenDocument file (.odt, .ods, .odp)"),
]
#: How many leading bytes ``what_binary`` looks at.
SNIFF_BYTES = 4096


def what_binary(head: bytes) -> str | None:
    """What a file starting with ``head`` is, when it is a known non-text format; None otherwise."""
    if _ZIP.match(head):
        for marker, kind in _ZIP_KINDS:
            if marker in head[:SNIFF_BYTES]:
                return kind
        return "a ZIP archive"
    for signature, kind in _SIGNATURES:
        if signature.match(head):
            return kind
    return None
