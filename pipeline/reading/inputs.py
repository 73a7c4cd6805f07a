"""Read inputs: find files, read bytes, hash, decode to text, extract text from HTML.

Every problem becomes an `InputError` with a numbered message, so callers can turn it into an
error record and go on with the batch.
"""

from __future__ import annotations

import codecs
import fnmatch
import hashlib
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import ftfy
from charset_normalizer import from_bytes

from pipeline.errors import W001, W002, W003, Errors

# Magic numbers of common binary formats that land in article folders.
BINARY_SIGNATURES: dict[bytes, str] = {
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"PK\x03\x04": "zip archive (or Office document)",
    b"\x1f\x8b": "gzip archive",
    b"\x7fELF": "executable",
    b"RIFF": "RIFF media file",
}
# C0 controls other than tab, newline, carriage return; plus DEL.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")


class InputError(Exception):
    """A file that cannot become text; `status` is 'error' or 'skipped'."""

    def __init__(self, message: str, status: str = "error") -> None:
        super().__init__(message)
        self.status = status


@dataclass
class RawText:
    """Decoded text of one input with how it was obtained."""

    text: str
    sha256: str
    encoding: str
    warnings: list[str] = field(default_factory=list)
    published: str | None = None  # from HTML metadata, when the page states it
    page_starts: tuple[int, ...] = ()  # a PDF: where each page's text starts


@dataclass
class Survey:
    """Every file under a batch root: those a batch reads or reports, and the hidden ones."""

    files: list[Path] = field(default_factory=list)
    hidden: int = 0  # hidden files and folders (".git", ".DS_Store"), left out


def survey(root: Path) -> Survey:
    """Every file under root, recursively, sorted, hidden files and folders left out (counted).

    Symbolic links to directories are not followed (no loops); links to files, broken links and
    unreadable folders are listed too, so that reading them reports the problem in the manifest."""
    found: set[Path] = set()
    unreadable: list[Path] = []
    hidden = 0

    def record(error: OSError) -> None:
        if error.filename:
            unreadable.append(Path(error.filename))

    for folder, directories, files in os.walk(root, onerror=record, followlinks=False):
        shown = sorted(d for d in directories if not d.startswith("."))
        visible = [name for name in files if not name.startswith(".")]
        hidden += len(directories) - len(shown) + len(files) - len(visible)
        directories[:] = shown
        for name in visible + [d for d in shown if os.path.islink(os.path.join(folder, d))]:
            found.add(Path(folder) / name)
    return Survey(sorted(found | {p for p in unreadable if p != root}), hidden)


def is_article(path: str | Path, globs: tuple[str, ...]) -> bool:
    """Whether a batch reads this file (its name matches one of the globs)."""
    name = Path(path).name
    return any(fnmatch.fnmatch(name, pattern) for pattern in globs)


def not_an_article(path: str | Path) -> InputError:
    """The manifest entry of a file a batch does not read: skipped, with its type."""
    suffix = Path(path).suffix.lower() or "no file type"
    return InputError(Errors.E013.format(kind=suffix), status="skipped")


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """Read a file's bytes, refusing huge files before reading them."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(Errors.E001.format(path=path)) from None
    except OSError as exc:
        raise InputError(Errors.E002.format(path=path, reason=exc.strerror or exc)) from None
    if path.is_dir():
        raise InputError(Errors.E006.format(path=path))
    if size > max_bytes:
        raise InputError(Errors.E003.format(size=size, limit=max_bytes), status="skipped")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(Errors.E002.format(path=path, reason=exc.strerror or exc)) from None


def is_pdf(data: bytes, name: str = "") -> bool:
    """A PDF by its signature (within its first KiB, as readers allow) or by its suffix."""
    return b"%PDF-" in data[:1024] or name.lower().endswith(".pdf")


def decode(data: bytes, name: str = "", max_pages: int = 1000, ocr: bool = False) -> RawText:
    """Turn bytes into text: a PDF's text layer; UTF-8 (with or without BOM), UTF-16 by BOM,
    else a detected encoding."""
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise InputError(Errors.E005.format(), status="skipped")
    if is_pdf(data, name):
        from pipeline.reading.pdf import pdf_table, read_pdf  # pypdfium2: for PDF inputs only

        found = read_pdf(data, pdf_table(), max_pages, ocr)
        return RawText(text=found.text, sha256=sha, encoding="pdf", page_starts=found.page_starts)
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise InputError(Errors.E004.format(kind=kind), status="skipped")
    warnings: list[str] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = data.decode("utf-16", errors="replace"), "utf-16"
    elif data.startswith(codecs.BOM_UTF8):
        text, encoding = data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            if data.count(b"\x00") > len(data) // 10:
                raise InputError(Errors.E004.format(kind="binary data"), status="skipped") from None
            best = from_bytes(data).best()
            if best is None:
                raise InputError(
                    Errors.E004.format(kind="undecodable bytes"), status="skipped"
                ) from None
            text, encoding = str(best), best.encoding
            warnings.append(W001.format(encoding=encoding))
    controls = len(CONTROL_CHARS.findall(text))
    if controls:
        if controls > max(16, len(text) // 10):
            raise InputError(Errors.E004.format(kind="binary data"), status="skipped")
        text = CONTROL_CHARS.sub(" ", text)
        warnings.append(W002.format(count=controls))
    repaired = ftfy.fix_encoding(text)
    if repaired != text:  # "Xiaomiâ€™s" -> "Xiaomi’s"; offsets then refer to the repaired text
        text = repaired
        warnings.append(W003)
    published = None
    if name.lower().endswith(HTML_SUFFIXES) or _looks_like_html(text):
        text, published = html_to_text(text)
    return RawText(text=text, sha256=sha, encoding=encoding, warnings=warnings, published=published)


def _looks_like_html(text: str) -> bool:
    head = text[:512].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


class _TextCollector(HTMLParser):
    """Collect visible text, one block per block-level element; drop scripts and page furniture."""

    SKIP = frozenset(
        {
            "script",
            "style",
            "noscript",
            "nav",
            "header",
            "footer",
            "aside",
            "form",
            "svg",
            "template",
        }
    )
    BLOCK = frozenset(
        {
            "p",
            "div",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "li",
            "tr",
            "section",
            "article",
            "br",
            "title",
            "blockquote",
            "pre",
            "table",
            "ul",
            "ol",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip_depth += 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(re.sub(r"\s+", " ", data))


_TABLE_ROW_BREAK = re.compile(r"(?m)^(\|[^\n]*)\n\n(?=\|)")


def html_to_text(html: str) -> tuple[str, str | None]:
    """Main text of an HTML page (trafilatura, a proven boilerplate remover) and its date; claim
    offsets then refer to this text. Paragraphs are separated by blank lines like our .txt files."""
    import trafilatura  # only for HTML inputs: it loads lxml and its language tables

    extracted = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
        # Only dates the page states in its metadata or markup, never a guess from "© 2024".
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if extracted is not None and not isinstance(extracted, dict) and extracted.text:
        title = (extracted.title or "").strip()
        body = re.sub(r"\n+", "\n\n", extracted.text.strip())
        # Table rows (trafilatura writes them as "| a | b |" lines) stay one block, one row a line.
        body = _TABLE_ROW_BREAK.sub(lambda m: m.group(1).rstrip() + "\n", body)
        if title and not body.startswith(title):
            body = f"{title}\n\n{body}"
        date = (
            extracted.date
            if extracted.date and re.match(r"^\d{4}-\d{2}-\d{2}$", extracted.date)
            else None
        )
        return body + "\n", date
    return plain_html_text(html), None


def plain_html_text(html: str) -> str:
    """Fallback for pages trafilatura finds no main text in (very short pages)."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = "".join(collector.parts)
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
