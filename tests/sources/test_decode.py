"""Report files: every encoding and format the contract names, and clear refusals."""

from __future__ import annotations

import codecs
import json

import pytest

from bot.errors import ReportFileError
from bot.sources.decode import MAX_REPORT_BYTES, decode_bytes, read_report, split_headline

ARABIC = "قصفت طائرات حربية مدينة معرة النعمان في ريف إدلب الجنوبي."


@pytest.mark.parametrize(
    "data",
    [
        ARABIC.encode("utf-8"),
        codecs.BOM_UTF8 + ARABIC.encode("utf-8"),
        codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + ARABIC.encode("utf-16-be"),
        ARABIC.encode("cp1256"),
        ARABIC.encode("iso8859_6"),
    ],
    ids=["utf8", "utf8-bom", "utf16le", "utf16be", "windows-1256", "iso-8859-6"],
)
def test_encodings_are_recognised(data):
    assert decode_bytes(data) == ARABIC


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x00\x01\x02\xff" * 100, "binary file"),
        ("Déjà vu: façade, crème brûlée, naïve. ".encode("latin-1") * 20, "unknown text encoding"),
    ],
    ids=["binary", "latin-1"],
)
def test_undecodable_bytes_say_why(data, reason):
    with pytest.raises(ReportFileError, match=reason):
        decode_bytes(data)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    [ARABIC, "Airstrike on Saraqib kills 3, rescuers say.", "غارةعلىسراقب", "غارة على سراقب (Saraqib)\n\n" + ARABIC],
    ids=["arabic", "english", "arabic-without-spaces", "mixed"],
)
def test_utf16_without_a_bom_is_detected(encoding, text):
    assert decode_bytes(text.encode(encoding)) == text


def test_utf16_without_a_bom_cut_short_says_so():
    with pytest.raises(ReportFileError, match="UTF-16 text without a BOM, cut short"):
        decode_bytes(ARABIC.encode("utf-16-le")[:-1])


def test_headline_is_the_first_line_before_an_empty_line():
    assert split_headline("عنوان\n\nالنص الأول.\nالثاني.") == ("عنوان", "النص الأول.\nالثاني.")
    assert split_headline("سطر أول\nسطر ثان") == (None, "سطر أول\nسطر ثان")
    assert split_headline("# Title\n\nBody") == ("Title", "Body")  # a Markdown heading
    assert split_headline("Only a title\n\n") == (None, "Only a title")


def test_txt_with_headline(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("غارة على معرة النعمان\n\n" + ARABIC, encoding="utf-8")
    report = read_report(path)
    assert (report.title, report.text, report.source) == ("غارة على معرة النعمان", ARABIC, "inbox")


def test_json_report(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(
        json.dumps(
            {
                "title": "T",
                "text": ARABIC,
                "url": "https://example.org/a",
                "source": "SY24",
                "published": "2019-08-27T08:00:00Z",
            }
        ),
        encoding="utf-8",
    )
    report = read_report(path)
    assert (report.title, report.url, report.source) == ("T", "https://example.org/a", "SY24")
    assert report.published.isoformat() == "2019-08-27T08:00:00+00:00"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[1, 2]", '"text"'),
        ('{"title": "x"}', '"text"'),
        ("{nope", "invalid JSON"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"text": "Shelling on Homs", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ],
)
def test_bad_json_reports(tmp_path, content, reason):
    path = tmp_path / "r.json"
    path.write_text(content)
    with pytest.raises(ReportFileError, match=reason):
        read_report(path)


def test_html_main_text(tmp_path):
    path = tmp_path / "r.html"
    path.write_text(
        "<html><head><title>عنوان الصفحة</title><script>var x = 1;</script></head><body>"
        "<nav>الرئيسية | أخبار</nav><article><p>" + ARABIC + "</p><p>فقرة ثانية &amp; أخيرة.</p></article>"
        "<footer>حقوق النشر</footer></body></html>",
        encoding="utf-8",
    )
    report = read_report(path)
    assert report.title == "عنوان الصفحة"
    assert report.text == ARABIC + "\nفقرة ثانية & أخيرة."


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("image.png", b"\x89PNG", "unsupported file type .png"),
        ("ctrl.txt", b"\x07\x08" * 50 + b"abc", "not readable text"),
    ],
)
def test_files_that_are_not_reports(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReportFileError, match=reason):
        read_report(path)


def test_oversized_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as fh:
        fh.truncate(MAX_REPORT_BYTES + 1)
    with pytest.raises(ReportFileError, match="file too large"):
        read_report(path)


@pytest.mark.parametrize(
    ("title", "expected"), [("   ", None), ("", None), ("  Shelling on Homs \n", "Shelling on Homs")]
)
def test_a_blank_json_title_is_no_title(tmp_path, title, expected):
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"text": "Shelling hit Homs, 2 killed.", "title": title}), encoding="utf-8")
    assert read_report(path).title == expected
