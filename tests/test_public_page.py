"""`tracker publish`: a self-contained page, checked for layout in a real headless Chromium.

Chromium is Debian's package (CI installs it from .ci/apt-packages); without it
these tests fail rather than skip, so a missing browser cannot pass unnoticed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.factories import CHROMIUM, CHROMIUM_ARGS, LATER

pytestmark = pytest.mark.slow  # renders the page in headless Chromium

AS_OF = "2025-10-20"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page_file(progressed: Any, run_cli: Any, tmp_path: Path) -> Path:
    from tracker.domain.people import add_person

    # Personal data that must never reach the public page.
    add_person(progressed, commune=None, name="Nguyễn Thị Hoa", unit="VP", role="head",
               email="hoa.nt@camhiep.gov.vn", telegram_chat_id=987654321, actor="test", now=LATER)
    res = run_cli("publish", "--out", str(tmp_path / "site"), "--as-of", AS_OF)
    assert res.exit_code == 0, res.output
    index = tmp_path / "site" / "index.html"
    assert str(index.relative_to(tmp_path)) in res.output or str(index) in res.output
    return index


def _open(browser: Any, index: Path, width: int) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 900})
    # Any request other than the file itself would be an external resource: refuse it and remember it.
    page.external = []
    page.route(re.compile(r"^(?!file:).*"), lambda route: (page.external.append(route.request.url), route.abort()))
    page.goto(index.as_uri())
    return page


def test_page_is_self_contained_and_free_of_personal_data(page_file):
    html = page_file.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html
    for private in ("Bùi Quang Nam", "Nguyễn Thị Hoa", "hoa.nt@camhiep.gov.vn", "987654321", "@"):
        assert private not in html.replace("@media", ""), private
    assert "Văn phòng HĐND và UBND xã" in html  # the Chairman's office is named
    assert 'lang="vi"' in html and "20/10/2025" in html


def test_phone_width_has_no_horizontal_scroll_and_shows_everything(browser, page_file, tmp_path):
    page = _open(browser, page_file, 375)
    try:
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
        assert page.external == []
        assert page.locator("h1").is_visible()
        assert "Tiến độ thực hiện Kế hoạch cải cách thủ tục hành chính" in page.locator("h1").inner_text()
        assert page.locator("#as-of").inner_text().startswith("Số liệu tính đến hết ngày 20/10/2025")
        headings = page.locator("h2")
        assert headings.count() == 5  # summary, units, overdue, due in the coming days, KPIs
        for i in range(headings.count()):
            assert headings.nth(i).is_visible()
        overdue = page.locator("#overdue-table")
        assert overdue.is_visible()
        rows = overdue.locator("tbody tr")
        # As of 20/10: every unit's share of the August, September and October periods of II.2.a.7 (4 units) and
        # III.1.4 (3 departments), October's of II.2.a.7 (TTPVHCC's done late on 17/10 excepted) and of III.2.1.
        assert rows.count() == 21
        # Every overdue card lies within the screen: nothing is cut off on the right.
        for i in range(rows.count()):
            box = rows.nth(i).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375 + 0.5
        first = rows.nth(0).inner_text()
        assert "III.1.4/VP" in first and "(tháng 8/2025)" in first and "15/08/2025" in first
        # Overdue is counted in working days, as in the reminders: 18/08 -> 20/10/2025 is 63 calendar days but
        # 44 working days after Friday 15/08 (10 in August, 20 in September without 1–2/9, 14 in October).
        assert rows.nth(0).locator("td").nth(4).inner_text().strip() == "44"
        # Each reflowed cell shows its column label next to the value.
        label = rows.nth(0).locator("td").nth(4).evaluate("e => getComputedStyle(e, '::before').content")
        assert "Quá hạn (ngày làm việc)" in label
        page.screenshot(path=str(tmp_path / "public-375.png"), full_page=True)
    finally:
        page.close()


def _bar_ratio(page: Any, code: str, part: str) -> float:
    return page.evaluate(
        """([code, part]) => {
            const k = document.querySelector(`.kpi[data-code="${code}"]`);
            const track = k.querySelector('.track').getBoundingClientRect();
            const el = k.querySelector(part).getBoundingClientRect();
            return part === '.fill' ? el.width / track.width : (el.left + el.width / 2 - track.left) / track.width;
        }""", [code, part])


@pytest.mark.parametrize("width", [375, 1280])
def test_progress_bars_are_proportional_to_the_values(browser, page_file, width):
    page = _open(browser, page_file, width)
    try:
        assert _bar_ratio(page, "I.2", ".fill") == pytest.approx(0.645, abs=0.01)
        assert _bar_ratio(page, "I.1", ".fill") == pytest.approx(0.45, abs=0.01)
        assert _bar_ratio(page, "II.4", ".fill") == pytest.approx(0.95, abs=0.01)
        assert _bar_ratio(page, "I.3", ".fill") == pytest.approx(0.0, abs=0.01)  # no data: empty bar
        assert _bar_ratio(page, "I.1", ".target") == pytest.approx(0.60, abs=0.02)
        states = {c: page.locator(f'.kpi[data-code="{c}"] .state').inner_text() for c in ("I.1", "I.2", "I.3")}
        assert states == {"I.1": "Chưa đạt", "I.2": "Đạt", "I.3": "Chưa có số liệu"}
        track = page.locator('.kpi[data-code="I.2"] .track').bounding_box()
        assert track is not None and track["width"] > 250
    finally:
        page.close()


def test_desktop_width_shows_the_unit_table_side_by_side_and_fitting(browser, page_file, tmp_path):
    page = _open(browser, page_file, 1280)
    try:
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 1280
        table = page.locator("#unit-table")
        fits = table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth")
        assert fits
        assert table.locator("thead").is_visible()
        cells = table.locator("tbody tr").nth(0).locator("td")
        boxes = [cells.nth(i).bounding_box() for i in range(cells.count())]
        assert len(boxes) == 6 and all(b is not None for b in boxes)
        assert len({round(b["y"]) for b in boxes}) == 1  # one row, not stacked
        assert [b["x"] for b in boxes] == sorted(b["x"] for b in boxes)
        total = table.locator("tr.total").inner_text()
        # 42 items with a deadline as of 20/10 (shared duties counted per unit): 2 on time, 3 late, 16 in
        # progress, 21 overdue.
        assert total.split("\t") == ["Toàn xã", "42", "2/42 (4,8%)", "3/42 (7,1%)", "16/42 (38,1%)", "21/42 (50,0%)"]
        vp = table.locator("tbody tr", has_text="Văn phòng HĐND và UBND xã").inner_text()
        assert "1/12 (8,3%)" in vp  # II.2.b.1 on time, II.2.b.2 late
        page.screenshot(path=str(tmp_path / "public-1280.png"), full_page=True)
    finally:
        page.close()
