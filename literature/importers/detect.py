"""Which format a file is in, read from its content (never its name), and how to read its text.

``open_stream`` undoes gzip; ``detect_format`` looks at the first few kilobytes and names one
of the four literature formats, or refuses with a message that says what the file is and
what to do instead (a ClinicalTrials.gov record, a MeSH file, a Web of Science plain-text
export...).
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import unicodedata
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from literature.importers.records import FileFormatError

FORMATS = ("pubmed", "medline", "ris", "bibtex")
HEAD_SIZE = 16 * 1024

GZIP_MAGIC = b"\x1f\x8b"


class GzipErrorTranslator(io.RawIOBase):
    """Reads a gzip stream and turns its low-level errors into one clear FileFormatError."""

    def __init__(self, raw: BinaryIO):
        self._gz = gzip.GzipFile(fileobj=raw, mode="rb")

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset, whence=io.SEEK_SET):
        return self._gz.seek(offset, whence)

    def readinto(self, buffer) -> int:
        try:
            data = self._gz.read(len(buffer))
        except EOFError as exc:
            raise FileFormatError(
                "the gzip file is truncated (it ends before its end marker); download it again"
            ) from exc
        except (gzip.BadGzipFile, zlib.error, OSError) as exc:
            raise FileFormatError(f"the gzip file is damaged ({exc})") from exc
        buffer[: len(data)] = data
        return len(data)


def open_stream(raw: BinaryIO) -> BinaryIO:
    """The file's bytes, gunzipped when they are gzip; positioned at the start."""
    raw.seek(0)
    magic = raw.read(2)
    raw.seek(0)
    if magic == GZIP_MAGIC:
        return io.BufferedReader(GzipErrorTranslator(raw), buffer_size=256 * 1024)
    return raw


def read_head(stream: BinaryIO) -> bytes:
    head = stream.read(HEAD_SIZE)
    stream.seek(0)
    return head


def _head_text(head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="ignore")
    return head.decode("utf-8", errors="ignore").lstrip("\ufeff")


XML_ROOT_RE = re.compile(r"<([A-Za-z_][\w.:-]*)")

NOT_LITERATURE_XML = {
    "clinical_study": "a ClinicalTrials.gov study record, not a literature file; trials are not imported "
    "from it (their publications come in through PubMed records that cite them)",
    "DescriptorRecordSet": "a MeSH descriptor file, not a literature file; MeSH terms arrive with "
    "the PubMed records that use them",
    "DescriptorRecord": "a MeSH descriptor record, not a literature file",
    "QualifierRecordSet": "a MeSH qualifier file, not a literature file",
    "SupplementalRecordSet": "a MeSH supplementary concept file, not a literature file",
    "eSearchResult": "an E-utilities search result (a list of PMIDs); fetch the records as XML "
    "with efetch (rettype=xml) and import that",
    "eSummaryResult": "an E-utilities summary; fetch the records as XML with efetch and import that",
    "PubmedBookArticleSet": None,  # books only: handled (and reported) by the PubMed parser
}


def detect_format(head: bytes) -> str:
    """'pubmed', 'medline', 'ris' or 'bibtex'; FileFormatError saying what the file is otherwise."""
    text = _head_text(head)
    stripped = text.lstrip()
    if not stripped:
        raise FileFormatError("the file is empty")
    if re.match(r"<\d+\.\s*>", stripped):
        raise FileFormatError(
            "this is an Ovid citation file (records numbered '<1. >'), not RIS; export again from Ovid "
            "with the 'RIS' format and import that"
        )
    if stripped.startswith("<"):
        body = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", "", stripped, flags=re.S)
        m = XML_ROOT_RE.search(body)
        root = m.group(1) if m else ""
        local = root.split(":")[-1]
        if local in ("PubmedArticleSet", "MedlineCitationSet", "PubmedArticle", "MedlineCitation"):
            return "pubmed"
        if local in NOT_LITERATURE_XML:
            if NOT_LITERATURE_XML[local] is None:
                return "pubmed"
            raise FileFormatError(f"this is {NOT_LITERATURE_XML[local]}")
        if local.lower() in ("html", "!doctype"):
            raise FileFormatError("this is a web page (HTML), not an export file")
        raise FileFormatError(
            f"this is XML with root element <{root or '?'}>, not PubMed XML "
            "(<PubmedArticleSet> or <MedlineCitationSet>)"
        )
    lines = [ln.rstrip("\r") for ln in stripped.splitlines()[:200]]
    first = lines[0]
    if first.startswith("FN ") or (first.startswith("PT ") and any(ln.startswith("VR 1.0") for ln in lines)):
        raise FileFormatError(
            "this is a Web of Science plain-text export (FN/PT/ER field tags), which is not RIS; "
            "export again from Web of Science as 'RIS (other reference software)' and import that"
        )
    if first.startswith("%0 ") or first.startswith("%A "):
        raise FileFormatError("this is an EndNote/refer tagged file; export it as RIS and import that")
    if re.match(r"TY\s{1,2}-", first):
        return "ris"
    if re.match(r"PMID\s?- ", first) or (
        re.match(r"[A-Z]{2,4}\s*- ", first) and any(re.match(r"PMID- ", ln) for ln in lines)
    ):
        return "medline"
    if re.match(r"@\s*[A-Za-z]+\s*[{(]", first) or re.search(r"^\s*@\s*[A-Za-z]+\s*[{(]", stripped, re.M):
        return "bibtex"
    if any(re.match(r"TY\s{1,2}-", ln) for ln in lines[:50]):
        return "ris"
    if stripped.startswith(("{", "[")):
        raise FileFormatError("this looks like JSON; import PubMed XML, MEDLINE (.nbib), RIS or BibTeX")
    raise FileFormatError(
        "the format is not recognised: expected PubMed XML, MEDLINE text (.nbib), RIS or BibTeX"
    )


def text_lines(stream: BinaryIO, declared: str | None = None) -> Iterator[tuple[int, str]]:
    """(line number, line without its end) from a UTF-8 (or UTF-16 with a BOM) text stream.

    A byte-order mark is dropped and Windows/old-Mac line ends are accepted. Bytes that are
    not valid UTF-8 fail the whole file: guessing another encoding would garble names. Only an
    encoding the file itself declares (``declared``, as JabRef writes one) is read instead.
    """
    head = stream.read(4)
    stream.seek(0)
    encoding = "utf-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    if declared and encoding == "utf-8-sig":
        encoding = declared
    reader = io.TextIOWrapper(stream, encoding=encoding, errors="strict", newline=None)
    number = 0
    try:
        for number, line in enumerate(reader, start=1):  # noqa: B007 - number is reported on error
            # Composed letters: a macOS tool's decomposed 'Mu\u0308ller' is the 'Müller' of every other.
            yield number, (line if line.isascii() else unicodedata.normalize("NFC", line)).rstrip("\n")
    except UnicodeDecodeError as exc:
        where = first_undecodable(stream, encoding) or f"undecodable bytes after line {number}"
        raise FileFormatError(f"the file is not UTF-8 text ({where}); export it again as UTF-8") from exc
    finally:
        reader.detach()


def first_undecodable(stream: BinaryIO, encoding: str) -> str:
    """Where the first byte that is not UTF-8 lies ('line 11: byte 0xfc in "Müller"'), read again line
    by line (the decoder above works in blocks, so its error cannot say which line)."""
    if encoding != "utf-8-sig":
        return ""
    stream.seek(0)
    for number, raw in enumerate(stream, start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            context = raw[max(0, exc.start - 20) : exc.start + 20].decode("utf-8", "replace").strip()
            return (
                f"line {number}: byte 0x{raw[exc.start]:02x} in '{context}', "
                "as Windows-1252 or Latin-1 text writes an accented letter"
            )
    return ""
