"""Reading inputs: encodings, binaries, empty and huge files become clear statuses."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pipeline.reading.inputs import InputError, decode, html_to_text, is_article, read_bytes, survey

TEXT = "Xiaomi’s IP: more than 29,000 patents."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
    ],
)
def test_inputs_decode_unicode(data: bytes, encoding: str) -> None:
    raw = decode(data)
    assert raw.text == TEXT and raw.encoding == encoding and raw.warnings == []


def test_inputs_decode_legacy_encoding_warns() -> None:
    raw = decode(
        "Caf\u00e9 r\u00e9sum\u00e9: the company\u2019s 1,000 patents \u2014 na\u00efve.".encode(
            "cp1252"
        )
    )
    assert "1,000 patents" in raw.text and raw.warnings and raw.warnings[0].startswith("[W001]")


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "E005"), (b"   \n", "E005"), (b"\x89PNG\r\n\x1a\n....", "PNG"), (b"PK\x03\x04zip", "zip"),
     (bytes(range(256)) * 4, "E004")],
)  # fmt: skip
def test_inputs_decode_rejects_non_text(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        decode(data)
    assert info.value.status == "skipped"


def test_inputs_nul_bytes_become_spaces() -> None:
    raw = decode(b"Acme holds 5\x00 patents.")
    assert raw.text == "Acme holds 5  patents." and raw.warnings[0].startswith("[W002]")


def test_inputs_read_bytes_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="E001"):
        read_bytes(tmp_path / "missing.txt", 100)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 200)
    with pytest.raises(InputError, match="too large") as info:
        read_bytes(big, 100)
    assert info.value.status == "skipped"


def test_inputs_html_main_text() -> None:
    html = (
        "<html><head><title>Acme report</title><script>var x=1;</script></head><body>"
        "<nav>Home | 5 links</nav><article><h1>Acme report</h1>"
        "<p>Acme holds <b>500</b> patents and expects more growth next year in all of its markets.</p>"
        "<p>A second paragraph, so that this reads as an article and not as a stub page.</p>"
        "</article><footer>© 2024 Acme</footer></body></html>"
    )
    text, published = html_to_text(html)
    assert text.startswith("Acme report\n\nAcme holds 500 patents and expects")
    assert "Home" not in text and "© 2024" not in text and "var x" not in text
    assert published is None  # no guessed date from the copyright line


def test_inputs_survey_lists_every_file_but_hidden_ones(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ["b/z.txt", "a.md", "c.html", "logo.png", ".DS_Store", ".git/config"]:
        (tmp_path / name).write_text("x")
    found = survey(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in found.files] == [
        "a.md", "b/z.txt", "c.html", "logo.png",
    ]  # fmt: skip
    assert found.hidden == 2  # .git and .DS_Store
    globs = ("*.txt", "*.md", "*.html")
    assert [p.name for p in found.files if is_article(p, globs)] == ["a.md", "z.txt", "c.html"]
