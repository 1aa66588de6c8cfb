"""Issue 12, item 7: documents `tracker plan import` cannot turn into a plan.

An empty or unrelated document, a password-protected or corrupt .docx or PDF, a scanned PDF and a 500-page
document: each gives one clear Vietnamese line, a non-zero exit, no traceback, and leaves an existing --out file as
it was. The small files are committed under tests/data/plans/bad/ (scripts/make_plan_fixtures.py writes them); the
500-page documents are made here. How long a 100-page plan takes is measured by bench/bench_import.py, not here.
"""

from __future__ import annotations

import importlib.util
import zlib
from pathlib import Path
from typing import Any

import pytest

from tests.factories import assert_one_vietnamese_error
from tests.test_plan_import_quality import plan_cli

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "data" / "plans" / "bad"
BEFORE = '{"schema_version": 1, "note": "bản nháp trước, đã sửa tay"}\n'

# file → (the importer's error code, words the line must hold)
CASES = {
    "empty.docx": ("document.empty", ()),
    "letter.docx": ("document.not_a_plan", ("kế hoạch",)),
    "password.docx": ("document.encrypted", ("mật khẩu",)),
    "truncated.docx": ("document.corrupt", ("hỏng",)),
    "truncated.pdf": ("document.corrupt", ("hỏng",)),
    "password.pdf": ("document.encrypted", ("mật khẩu",)),
    "scanned.pdf": ("document.scanned", ("quét",)),
}


def _import(run_cli: Any, document: Path, out: Path) -> Any:
    out.write_text(BEFORE, encoding="utf-8")
    return plan_cli(run_cli)("import", str(document), "--out", str(out), "--commune", "cam-hiep",
                             "--commune-name", "Xã Cam Hiệp")


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_bad_document_gives_one_vietnamese_line_and_leaves_the_out_file(name: str, run_cli: Any,
                                                                           tmp_path: Path) -> None:
    _, words = CASES[name]
    out = tmp_path / "draft.json"
    res = _import(run_cli, BAD / name, out)
    assert_one_vietnamese_error(res, *words)
    assert name in res.stderr  # which file
    assert out.read_text(encoding="utf-8") == BEFORE
    left = [p.name for p in tmp_path.iterdir() if p.name != "draft.json" and not p.name.startswith("tracker.db")]
    assert left == []  # no temporary file left behind


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_importer_says_which_kind_of_bad_document(name: str) -> None:
    from tracker.plans.importer import DocumentError, import_document

    with pytest.raises(DocumentError) as caught:
        import_document(BAD / name, commune_code="cam-hiep", commune_name="Xã Cam Hiệp", year=None)
    assert caught.value.code == CASES[name][0]


def _pdf_pages(pages: int) -> bytes:
    """A text PDF of `pages` A4 pages, 40 lines each (Helvetica, ASCII): written by hand, no PDF library needed."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"<< /Type /Font /Subtype /Type1 "
                            b"/BaseFont /Helvetica >>"]
    kids = []
    for page in range(1, pages + 1):
        lines = [f"BT /F1 10 Tf 56 {800 - 18 * i} Td (Trang {page}, dong {i + 1}: bao cao tong hop so lieu "
                 f"thong ke cua xa nam 2026.) Tj ET" for i in range(40)]
        stream = zlib.compress("\n".join(lines).encode("ascii"))
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> "
                       b">> /Contents %d 0 R >>" % content)
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _fixtures_script() -> Any:
    spec = importlib.util.spec_from_file_location("make_plan_fixtures", ROOT / "scripts" / "make_plan_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _docx_pages(path: Path, pages: int) -> None:
    """A plan of `pages` pages as a .docx (python-docx): one numbered item of 12 tasks a page, a page break before
    each, as scripts/make_plan_fixtures.py writes the bench's large plans."""
    _fixtures_script().write_long_docx(path, pages)


def test_a_500_page_pdf_is_refused_as_too_large(run_cli: Any, tmp_path: Path) -> None:
    document = tmp_path / "tong-hop-500-trang.pdf"
    document.write_bytes(_pdf_pages(500))
    from pypdf import PdfReader

    assert len(PdfReader(document).pages) == 500  # the test's own document is what it says
    out = tmp_path / "draft.json"
    res = _import(run_cli, document, out)
    assert_one_vietnamese_error(res, "500 trang")
    assert out.read_text(encoding="utf-8") == BEFORE


def test_a_500_page_docx_is_refused_as_too_large(run_cli: Any, tmp_path: Path) -> None:
    document = tmp_path / "ke-hoach-500-trang.docx"
    _docx_pages(document, 500)
    from docx import Document
    from docx.oxml.ns import qn

    breaks = Document(str(document)).element.body.xpath(".//w:br")
    assert sum(b.get(qn("w:type")) == "page" for b in breaks) == 499  # 500 pages in Word, by the test's own count
    out = tmp_path / "draft.json"
    res = _import(run_cli, document, out)
    assert_one_vietnamese_error(res, "trang")
    assert out.read_text(encoding="utf-8") == BEFORE


def test_a_good_document_still_imports_next_to_the_bad_ones(run_cli: Any, tmp_path: Path) -> None:
    """The bad-input checks do not refuse a real plan: the 2025 plan's text imports over the old draft."""
    out = tmp_path / "draft.json"
    res = _import(run_cli, ROOT / "tests" / "data" / "plans" / "cam-hiep-2025.txt", out)
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8") != BEFORE
