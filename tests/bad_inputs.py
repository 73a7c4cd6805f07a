"""Bad inputs, generated at run time, and the invariants every Document must keep for them.

Shared by tests/test_properties.py (hypothesis) and scripts/fuzz.py (time-boxed fuzzer). Nothing
binary is committed: every odd file is built here from code.

`problems(data, path, document)` lists what is wrong with a Document made from `data`; an empty
list means the document keeps the output contract (CONTRACT.md) for that input.
"""

from __future__ import annotations

import codecs
import hashlib
import random
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from models import Document
from pipeline.reading.inputs import InputError, decode

STATUSES = {"ok", "error", "skipped"}
# The message prefix of a crash that the core's safety net turned into an error record.
INTERNAL_ERROR = "[E007]"

# Pieces of the genre, mixed into adversarial texts.
GENRE_PIECES: tuple[str, ...] = (
    "more than", "over", "29,000", "1.2 million", "13th", "USD", "%", "as of September 30, 2022",
    "by the end of", "the Group", "Xiaomi", "5G", "Read More", "\n\n", "\u2019", "\u200b",
    "\u202e", "\x00", "1,1,1,1", "patents", "patent families", "ranked", "between", "and", "-",
    "to", "per year", "No.", "#", "+", "$", "RMB", "billion", "first", "twenty-five", "nearly",
    "up to", "at least", "5,000-6,000", "45.5%", "in 2022", "from 2014 to 2019", "Q3 2022",
    "the Company", "Huawei", "standard essential patents", "countries and regions", ".", ",",
    "\u00a0", "\ufeff", "\r\n", "\u2028", "# ", "Share this article", "\t", "\u2066", "\u0301",
)  # fmt: skip
# Long pieces: very long words, digit runs, qualifier runs and a 2,000-word sentence.
LONG_PIECES: tuple[str, ...] = (
    "x" * 20_000,
    "1," * 5_000 + "1",
    "9" * 400,
    "more than " * 1_000 + "5 patents.",
    "The Group said that "
    + "its engineers filed many new patents and " * 285
    + "it held 5 patents.",
    "patent " * 2_000,
)
# A 2,000-word sentence with 286 figures: seconds per run (quadratic in figures per sentence), so
# only the fuzzer uses it.
HEAVY_PIECES: tuple[str, ...] = (
    " ".join(["Xiaomi", "held", "more", "than", "29,000", "patents", "and"] * 286) + ".",
)
# Characters that break naive offset handling.
INVISIBLES = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
CONTROLS = "".join(chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127])
ODD_DIGITS = "\u00b9\u00b2\u00b3\u2074\u0660\u0661\u0662\u06f1\u0967\uff11\uff12\u2460"
QUALIFIERS = ("more than ", "over ", "about ", "nearly ", "up to ", "at least ", "close to ")
ENCODINGS = (
    "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1",
    "gb18030", "big5", "shift_jis", "euc-kr", "koi8-r", "iso-8859-7", "mac-roman",
)  # fmt: skip
SIGNATURES = (b"%PDF-1.7", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")
_UNICODE_RANGES = (
    (0x20, 0x7E), (0x00, 0x1F), (0xA0, 0x24F), (0x300, 0x36F), (0x590, 0x6FF), (0x900, 0x97F),
    (0x2000, 0x206F), (0x2460, 0x24FF), (0x3000, 0x30FF), (0x4E00, 0x4FFF), (0xFF00, 0xFFEF),
    (0x1F300, 0x1F64F),
)  # fmt: skip


# -- invariants --------------------------------------------------------------------------------
def decoded_text(data: bytes, path: str = "") -> str | InputError:
    """What the pipeline's decode stage makes of the bytes: the text offsets index, or the error."""
    try:
        return decode(data, path).text
    except InputError as error:
        return error


def problems(data: bytes, path: str, document: Document, strict: bool = False) -> list[str]:
    """Every broken invariant of a Document made from `data` (empty when it keeps the contract).

    `strict` adds checks that the contract implies but that are known to fail on contrived input
    (a value split over two lines that the segmenter makes two sentences: "74\\n%").
    """
    found: list[str] = []
    if document.status not in STATUSES:
        found.append(f"status {document.status!r} is not one of {sorted(STATUSES)}")
    if (document.status == "ok") == (document.error is not None):
        found.append(f"status {document.status!r} with error {document.error!r}")
    if document.sha256 != hashlib.sha256(data).hexdigest():
        found.append("sha256 is not the hash of the raw bytes")
    if document.n_claims != len(document.claims):
        found.append("n_claims differs from len(claims)")
    text = decoded_text(data, path)
    context = {"text": text} if isinstance(text, str) and document.status == "ok" else None
    try:
        Document.model_validate(document.model_dump(), context=context)
    except ValidationError as error:
        found.append(f"document does not validate (against its text: {bool(context)}): {error}")
    if isinstance(text, InputError):
        if document.status != text.status or document.claims:
            found.append(f"decode fails ({text}) but the document is {document.status}")
        return found
    if document.status != "ok":
        return found  # an error record: no text to check against
    if document.n_chars != len(text):
        found.append(f"n_chars {document.n_chars} != len(decoded text) {len(text)}")
    for claim in document.claims:
        if text[claim.start : claim.end] != claim.value_text:
            found.append(
                f"text[{claim.start}:{claim.end}] = {text[claim.start : claim.end]!r}"
                f" != value_text {claim.value_text!r}"
            )
        if claim.text not in text:
            found.append(f"evidence {claim.text[:80]!r} is not in the text")
        if strict and claim.value_text not in claim.text:
            found.append(f"value_text {claim.value_text!r} is not in its evidence sentence")
    mentioned = sorted(m for fact in document.facts for m in fact.mentions)
    if mentioned != sorted(c.claim_id for c in document.claims):
        found.append("facts do not mention every claim exactly once")
    return found


def is_internal_error(document: Document) -> bool:
    """True for an error record made from an exception inside the pipeline (a crash caught)."""
    return document.status == "error" and (document.error or "").startswith(INTERNAL_ERROR)


# -- bad files ---------------------------------------------------------------------------------
SAMPLE = (
    "Xiaomi\u2019s IP report\n\n"
    "As of September 30, 2022, the Group held more than 29,000 patents worldwide, "
    "ranking 13th in 5G.\n"
)


def bad_files() -> dict[str, tuple[bytes, str | None]]:
    """Odd files by name: their bytes and the status they must get (None: any valid status)."""
    html = (
        "<!DOCTYPE html><html><head><script>var n = 5000;</script></head><body>"
        "<nav>Home | 12 links</nav><p>Acme holds more than <b>500</b> patents.</p>"
        "<p>Unclosed <div><span>&#0;&#1;&#x85;&amp;&bogus; 1,000 patents"
    )
    return {
        "empty.txt": (b"", "skipped"),
        "blank.txt": (b" \n\t\r\n  ", "skipped"),
        "bom_only.txt": (codecs.BOM_UTF8, None),
        "bom_blank.txt": (codecs.BOM_UTF8 + b"\n\n  ", None),
        "utf16le_bom.txt": (SAMPLE.encode("utf-16"), "ok"),
        "utf16be_bom.txt": (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "ok"),
        "utf16le_no_bom.txt": (SAMPLE.encode("utf-16-le"), None),
        "utf32.txt": (SAMPLE.encode("utf-32"), None),
        "cp1252.txt": (SAMPLE.encode("cp1252"), "ok"),
        "gb18030.txt": (("小米集团 " + SAMPLE).encode("gb18030"), "ok"),
        "shift_jis.txt": (("特許 " + SAMPLE.replace("\u2019", "'")).encode("shift_jis"), None),
        "truncated_utf8.txt": (SAMPLE.encode()[:-1] + "’".encode()[:2], None),
        "invalid_utf8.txt": (SAMPLE.encode() + b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c", None),
        "pdf.txt": (b"%PDF-1.7\n" + SAMPLE.encode(), "error"),  # read as a PDF: damaged
        "png.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "skipped"),
        "zip.txt": (b"PK\x03\x04" + bytes(64), "skipped"),
        "random_binary.txt": (random.Random(1).randbytes(4096), None),
        "nul_heavy.txt": (SAMPLE.encode().replace(b" ", b"\x00"), None),
        "few_controls.txt": (SAMPLE.encode().replace(b"the", b"\x01\x02\x1b"), None),
        "crlf.txt": (SAMPLE.replace("\n", "\r\n").encode(), "ok"),
        "cr_only.txt": (SAMPLE.replace("\n", "\r").encode(), "ok"),
        "html_by_sniff.txt": (html.encode(), "ok"),
        "page.html": (html.encode(), "ok"),
        "not_html.html": (SAMPLE.encode(), "ok"),
        "bidi.txt": (("\u202e" + SAMPLE + "\u2066\u2069").encode(), "ok"),
        "zero_width.txt": (SAMPLE.replace(" ", "\u200b ").encode(), "ok"),
        "long_line.txt": (("x" * 50_000 + " 5 patents.").encode(), None),
        "digit_run.txt": (("1," * 20_000 + "1 patents.").encode(), None),
    }


# Inputs that once broke the pipeline (found by the fuzzer); kept as regression cases for the
# tests and as seeds for the fuzzer.
REGRESSION_INPUTS: dict[str, bytes] = {
    "utf16_bom_odd_length": b"\xff\xfeA",
    "utf16_bom_lone_surrogate": b"\xff\xfe\x00\xd8A\x00",
    "superscript_digits": "Xiaomi had \u00b9\u00b2\u00b3\u2074 patents.".encode(),
    "overflowing_number": ("Xiaomi had " + "9" * 400 + " patents.").encode(),
    "range_of_number_words": b"twenty-five and twenty-five billion RMB the Company",
}


def write_bad_files(directory: Path) -> list[tuple[Path, str | None]]:
    """Write every bad file into `directory`; (path, expected status) pairs."""
    written = []
    for name, (data, status) in bad_files().items():
        path = directory / name
        path.write_bytes(data)
        written.append((path, status))
    return written


# -- random generation (fuzzer) -------------------------------------------------------------------
def random_unicode(rng: random.Random, size: int) -> str:
    """Characters from many scripts, controls, bidi and invisible characters."""
    out = []
    for _ in range(size):
        low, high = rng.choice(_UNICODE_RANGES)
        out.append(chr(rng.randint(low, high)))
    return "".join(out)


def adversarial_text(rng: random.Random, pieces: int = 60) -> str:
    """Genre pieces, odd characters and at most one long piece, glued with spaces or nothing."""
    parts = [rng.choice(GENRE_PIECES) for _ in range(rng.randint(1, pieces))]
    if rng.random() < 0.3:
        parts.insert(rng.randint(0, len(parts)), rng.choice(LONG_PIECES + HEAVY_PIECES))
    if rng.random() < 0.3:
        parts.insert(rng.randint(0, len(parts)), random_unicode(rng, rng.randint(1, 20)))
    glue = rng.choice([" ", " ", "", "\n", ". "])
    return glue.join(parts)


def _insert(text: str, rng: random.Random, alphabet: str, count: int) -> str:
    chars = list(text)
    for _ in range(count):
        chars.insert(rng.randint(0, len(chars)), rng.choice(alphabet))
    return "".join(chars)


def _region(text: str, rng: random.Random) -> tuple[int, int]:
    start = rng.randint(0, len(text))
    return start, min(len(text), start + rng.randint(0, 2_000))


def _splice(text: str, rng: random.Random, corpus: list[str]) -> str:
    other = rng.choice(corpus)
    return text[: rng.randint(0, len(text))] + other[rng.randint(0, len(other)) :]


def _duplicate(text: str, rng: random.Random, corpus: list[str]) -> str:
    start, end = _region(text, rng)
    return text[:end] + text[start:end] * rng.randint(2, 20) + text[end:]


def _delete(text: str, rng: random.Random, corpus: list[str]) -> str:
    start, end = _region(text, rng)
    return text[:start] + text[end:]


def _invisibles(text: str, rng: random.Random, corpus: list[str]) -> str:
    return _insert(text, rng, INVISIBLES + BIDI, rng.randint(1, 200))


def _controls(text: str, rng: random.Random, corpus: list[str]) -> str:
    return _insert(text, rng, CONTROLS, rng.randint(1, 40))


def _odd_digits(text: str, rng: random.Random, corpus: list[str]) -> str:
    return _insert(text, rng, ODD_DIGITS, rng.randint(1, 10))


def _huge_number(text: str, rng: random.Random, corpus: list[str]) -> str:
    number = rng.choice(
        [
            "9" * rng.randint(20, 800),
            "1" + ",000" * rng.randint(5, 300),
            "1," * rng.randint(10, 3_000) + "1",
            "0." + "0" * rng.randint(10, 400) + "1",
            f"{rng.random() * 10 ** rng.randint(1, 300):f}",
            "1e308",
            "-5",
        ]
    )
    position = rng.randint(0, len(text))
    return f"{text[:position]} more than {number} patents {text[position:]}"


def _qualifiers(text: str, rng: random.Random, corpus: list[str]) -> str:
    run = "".join(rng.choice(QUALIFIERS) for _ in range(rng.randint(2, 500)))
    position = rng.randint(0, len(text))
    return f"{text[:position]}{run}29,000 patents {text[position:]}"


def _pieces(text: str, rng: random.Random, corpus: list[str]) -> str:
    position = rng.randint(0, len(text))
    return text[:position] + adversarial_text(rng, 20) + text[position:]


def _digits(text: str, rng: random.Random, corpus: list[str]) -> str:
    return "".join(rng.choice("0123456789,.") if c.isdigit() else c for c in text)


def _whitespace(text: str, rng: random.Random, corpus: list[str]) -> str:
    replacement = rng.choice(["\u00a0", "\n", "\r\n", "\u2028", "\t", "  ", "\u3000", ""])
    return text.replace(" ", replacement) if rng.random() < 0.3 else text.replace("\n", replacement)


def _html(text: str, rng: random.Random, corpus: list[str]) -> str:
    body = "".join(f"<p>{line}</p>" for line in text.split("\n"))
    return rng.choice(["<html><body>", "<!DOCTYPE html>", "<html><script>"]) + body


MUTATIONS: tuple[Callable[[str, random.Random, list[str]], str], ...] = (
    _splice,
    _duplicate,
    _delete,
    _invisibles,
    _controls,
    _odd_digits,
    _huge_number,
    _qualifiers,
    _pieces,
    _digits,
    _whitespace,
    _html,
)


def mutate(text: str, rng: random.Random, corpus: list[str], rounds: int = 3) -> str:
    """Apply a few random mutations to a text."""
    for _ in range(rng.randint(1, rounds)):
        text = rng.choice(MUTATIONS)(text, rng, corpus)
    return text


def to_bytes(text: str, rng: random.Random) -> bytes:
    """Encode in a random encoding, sometimes damaged: truncated, flipped, prefixed."""
    data = text.encode(rng.choice(ENCODINGS), errors=rng.choice(["replace", "ignore"]))
    roll = rng.random()
    if roll < 0.1 and data:
        data = data[: rng.randint(0, len(data))]  # cut in the middle of a character
    elif roll < 0.2 and data:
        flipped = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
        data = bytes(flipped)
    elif roll < 0.25:
        data = rng.choice([*SIGNATURES, codecs.BOM_UTF8, codecs.BOM_UTF16_LE]) + data
    return data
