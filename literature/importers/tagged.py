"""Shared reading of tagged text formats (MEDLINE and RIS): lines grouped into records of fields.

Both formats put a short tag at the start of a line and continue long values on indented or
untagged lines. ``group_records`` yields, per record, its first line number and the
``(tag, value, continuation lines)`` fields in file order; each parser decides how to
join continuations (a space for running text, one value per line for RIS keywords).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass
class Field:
    tag: str
    value: str
    more: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The value with its continuation lines joined by spaces."""
        return " ".join(" ".join([self.value, *self.more]).split())

    @property
    def lines(self) -> list[str]:
        return [v.strip() for v in [self.value, *self.more] if v.strip()]


@dataclass
class RawRecord:
    line: int
    fields: list[Field] = field(default_factory=list)
    # The file ended inside the record, before the tag that closes one (RIS's ER): cut off, as a rule.
    unclosed_at_end: bool = False

    def all(self, *tags: str) -> list[Field]:
        return [f for f in self.fields if f.tag in tags]

    def texts(self, *tags: str) -> list[str]:
        return [f.text for f in self.fields if f.tag in tags and f.text]

    def first(self, *tags: str) -> str:
        """The first non-empty value among ``tags``, in the order the tags are given."""
        for tag in tags:
            for f in self.fields:
                if f.tag == tag and f.text:
                    return f.text
        return ""


def group_records(
    lines: Iterator[tuple[int, str]],
    tag_re: re.Pattern,
    starts_record: Callable[[str], bool],
    ends_record: Callable[[str], bool],
    blank_ends: bool = False,
) -> Iterator[RawRecord]:
    """Group tagged lines into records; with ``blank_ends`` a blank line also closes a record."""
    record: RawRecord | None = None
    for number, line in lines:
        if blank_ends and not line.strip():
            if record is not None and record.fields:
                yield record
            record = None
            continue
        m = tag_re.match(line)
        if m:
            tag, value = m.group(1).strip(), (m.group(2) or "").strip()
            if starts_record(tag) and record is not None and record.fields:
                yield record
                record = None
            if record is None:
                record = RawRecord(line=number)
            if ends_record(tag):
                yield record
                record = None
                continue
            record.fields.append(Field(tag, value))
        elif line.strip() and record is not None and record.fields:
            record.fields[-1].more.append(line.strip())
        elif line.strip() and record is None:
            # Text outside any record (a header line, a stray note): start a record so the
            # parser can report it with its line number instead of losing it silently.
            record = RawRecord(line=number, fields=[Field("", line.strip())])
    if record is not None and record.fields:
        record.unclosed_at_end = not blank_ends
        yield record
