"""`tracker publish --province`: the province's page of 65 communes (bench/build_db.py), each commune's own page
linked, checked in a real headless Chromium at 375 and 1280 px like tests/test_public_page.py."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.build_db import build
from tests.factories import CHROMIUM, CHROMIUM_ARGS, cli_json, ok

pytestmark = pytest.mark.slow  # renders the page in headless Chromium

COMMUNES = 65
CODES = [f"cam-hiep-{n:05d}" for n in range(1, COMMUNES + 1)]
AS_OF = "2025-10-20"
COLUMNS = ["Xã", "Mã xã", "Số nhiệm vụ có thời hạn", "Hoàn thành đúng hạn", "Hoàn thành quá hạn",
           "Đang thực hiện trong hạn", "Đang thực hiện quá hạn", "Quá hạn lâu nhất (ngày làm việc)", "Chỉ tiêu đạt"]


@pytest.fixture(scope="module")
def province_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tracker import db

    path = tmp_path_factory.mktemp("province-page") / "tracker.db"
    url = f"sqlite:///{path}"
    build(url, communes=COMMUNES)
    db._engines.pop(url).dispose()
    return path


@pytest.fixture
def site(db_url: str, province_file: Path, run_cli: Any, tmp_path: Path) -> Path:
    shutil.copyfile(province_file, db_url.removeprefix("sqlite:///"))
    res = ok(run_cli("publish", "--province", "--out", str(tmp_path / "site"), "--as-of", AS_OF))
    assert f"của {COMMUNES} xã" in res.output
    return tmp_path / "site"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _open(browser: Any, index: Path, width: int) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.external = []
    page.route(re.compile(r"^(?!file:).*"), lambda route: (page.external.append(route.request.url), route.abort()))
    page.goto(index.as_uri())
    return page


def _order(page: Any, column: int) -> list[str]:
    """The rows' sort keys of one column, top to bottom."""
    return page.evaluate(
        "c => Array.from(document.querySelectorAll('#commune-table tbody tr'))"
        ".map(r => r.cells[c].getAttribute('data-sort'))", column)


def test_one_self_contained_page_for_the_province_and_one_per_commune(site, run_cli):
    index = site / "index.html"
    html = index.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<script src" not in html.lower() and "@import" not in html and "url(" not in html
    # No person: heads and their e-mail addresses stay out of a public page.
    assert "Trưởng VP" not in html and "example.gov.vn" not in html
    assert html.count('<tr data-code="') == COMMUNES
    for code in CODES:
        assert f'href="{code}/index.html"' in html
        own = (site / code / "index.html").read_text(encoding="utf-8")
        assert "<script" not in own.lower()  # the commune's own page is today's, unchanged
    # A commune's row shows what its own page and `tracker summary` show as of the same day.
    for code in (CODES[0], CODES[41]):
        total = cli_json(run_cli, "--commune", code, "summary", "--as-of", AS_OF)["total"]
        row = re.search(rf'<tr data-code="{code}">(.*?)</tr>', html, re.S)
        assert row is not None
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
        assert cells[2] == str(total["base"])
        for cell, status in zip(cells[3:7], ("done_on_time", "done_late", "in_progress", "overdue"), strict=True):
            assert cell.startswith(f"{total['counts'][status]}/{total['base']} ("), (code, status, cell)
        own = (site / code / "index.html").read_text(encoding="utf-8")
        assert f"Nhiệm vụ quá hạn ({total['counts']['overdue']})" in own


def test_phone_width_shows_every_commune_as_a_card_and_sorts_from_the_list(browser, site, tmp_path):
    page = _open(browser, site / "index.html", 375)
    try:
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
        assert page.external == []
        assert "65 xã" in page.locator("h1").inner_text()
        assert page.locator("#as-of").inner_text().startswith("Số liệu tính đến hết ngày 20/10/2025")
        rows = page.locator("#commune-table tbody tr")
        assert rows.count() == COMMUNES
        for i in (0, 31, COMMUNES - 1):
            box = rows.nth(i).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375 + 0.5
        label = rows.nth(0).locator("td").nth(6).evaluate("e => getComputedStyle(e, '::before').content")
        assert "Đang thực hiện quá hạn" in label
        assert page.locator("#sort").is_visible()
        page.select_option("#sort", "6:desc")  # the highest overdue rate first
        rates = [float(v) for v in _order(page, 6)]
        assert rates == sorted(rates, reverse=True) and rates[0] > rates[-1]
        page.select_option("#sort", "0:asc")  # by name, as Vietnamese sorts it: Cam Hiệp 2 before Cam Hiệp 10
        names = _order(page, 0)
        assert names[:3] == ["Xã Cam Hiệp 1", "Xã Cam Hiệp 2", "Xã Cam Hiệp 3"] and names[-1] == "Xã Cam Hiệp 65"
        page.screenshot(path=str(tmp_path / "province-375.png"), full_page=False)
    finally:
        page.close()


def test_desktop_width_sorts_by_any_column_header_and_fits(browser, site, tmp_path):
    page = _open(browser, site / "index.html", 1280)
    try:
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 1280
        table = page.locator("#commune-table")
        assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth")
        heads = table.locator("thead th")
        assert [heads.nth(i).inner_text().rstrip(" ⇅▲▼") for i in range(heads.count())] == COLUMNS
        cells = table.locator("tbody tr").nth(0).locator("td")
        boxes = [cells.nth(i).bounding_box() for i in range(cells.count())]
        assert len(boxes) == len(COLUMNS) and len({round(b["y"]) for b in boxes}) == 1  # one row, not cards
        assert _order(page, 1) == CODES  # by code until asked otherwise
        overdue = heads.nth(6).locator("button")
        overdue.click()
        up = [float(v) for v in _order(page, 6)]
        assert up == sorted(up) and heads.nth(6).get_attribute("aria-sort") == "ascending"
        overdue.click()
        down = [float(v) for v in _order(page, 6)]
        assert down == sorted(down, reverse=True) and heads.nth(6).get_attribute("aria-sort") == "descending"
        assert heads.nth(1).get_attribute("aria-sort") is None
        heads.nth(2).locator("button").click()  # numbers sort as numbers, not as text
        bases = [float(v) for v in _order(page, 2)]
        assert bases == sorted(bases)
        page.screenshot(path=str(tmp_path / "province-1280.png"), full_page=False)
        # The commune's name leads to its own page, next to this one.
        first = table.locator("tbody tr").nth(0)
        code = first.get_attribute("data-code")
        first.locator("a").click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/{code}/index.html")
        authority = page.locator(".authority").text_content()
        assert authority == f"Ủy ban nhân dân xã Cam Hiệp {int(code[-5:])} — tỉnh Khánh Hòa"
        assert page.external == []
    finally:
        page.close()


def test_publish_province_refuses_a_file_for_its_folder(db_url, province_file, run_cli, tmp_path):
    from tests.factories import assert_one_vietnamese_error

    shutil.copyfile(province_file, db_url.removeprefix("sqlite:///"))
    target = tmp_path / "file.html"
    target.write_text("x", encoding="utf-8")
    assert_one_vietnamese_error(run_cli("publish", "--province", "--out", str(target)))
