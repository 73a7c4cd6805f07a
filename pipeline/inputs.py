"""Read inputs: find files, read bytes, hash, decode to text, extract text from HTML.

Every problem becomes an `InputError` with a numbered message, so callers can turn it into an
error record and go on with the batch.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from charset_normalizer import from_bytes

from pipeline.errors import W001, W002, Errors

# Magic numbers of common binary formats that land in article folders.
BINARY_SIGNATURES: dict[bytes, str] = {
    b"%PDF": "PDF document",
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


def discover(root: Path, globs: tuple[str, ...]) -> Iterator[Path]:
    """Yield matching files under root, recursively, in a stable (sorted) order."""
    seen: set[Path] = set()
    for pattern in globs:
        for path in root.rglob(pattern):
            if path not in seen and not path.is_dir():
                seen.add(path)
    yield from sorted(seen)


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


def decode(data: bytes, name: str = "") -> RawText:
    """Turn bytes into text: UTF-8 (with or without BOM), UTF-16 by BOM, else a detected encoding."""
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise InputError(Errors.E005.format(), status="skipped")
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise InputError(Errors.E004.format(kind=kind), status="skipped")
    warnings: list[str] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = data.decode("utf-16"), "utf-16"
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
    if name.lower().endswith(HTML_SUFFIXES) or _looks_like_html(text):
        text = html_to_text(text)
    return RawText(text=text, sha256=sha, encoding=encoding, warnings=warnings)


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


def html_to_text(html: str) -> str:
    """Main text of an HTML page; claim offsets then refer to this text."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = "".join(collector.parts)
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
