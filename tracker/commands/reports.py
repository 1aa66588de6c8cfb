"""CLI for documents: the monthly, annual and province reports, the public pages, the calendar feed (KPI import
lives with kpi).

Heavy libraries (sqlmodel, docxtpl, icalendar, jinja2) load inside the commands.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from tracker.clikit import Env, TrackerCommand, TrackerGroup, as_of_instant, now, parse_period, pass_env, plan_option


@click.group("report", cls=TrackerGroup)
def report() -> None:
    """Báo cáo định kỳ gửi cấp trên.

    \b
    Ví dụ:
      tracker report monthly --month 2025-09
      tracker report annual --plan cai-cach-tthc-2025
      tracker report province --month 2025-10 --out tong-hop.xlsx
    """


@report.command("monthly")
@click.option("--month", required=True, metavar="YYYY-MM", help="Tháng báo cáo, ví dụ 2025-09.")
@plan_option
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp Word cần ghi (mặc định: bao-cao-thang-YYYY-MM.docx trong thư mục hiện tại).")
@pass_env
def report_monthly(env: Env, month: str, plan: str | None, out: Path | None) -> None:
    """Lập báo cáo tháng (Word) theo thể thức Nghị định 30/2020/NĐ-CP.

    Số liệu tính theo kỳ của Nghị định 09/2019/NĐ-CP: từ ngày 15 tháng trước đến
    hết ngày 14 của tháng báo cáo; chỉ tiêu tính theo tháng lấy số liệu tháng gần
    nhất đã kết thúc. Bố cục nằm trong mẫu
    tracker/reports/templates/monthly_report.docx, có thể sửa bằng Word.

    \b
    Ví dụ:
      tracker report monthly --month 2025-09
      tracker report monthly --month 2025-10 --out /tmp/bao-cao-10.docx
      tracker report monthly --month 2026-01 --plan cai-cach-tthc-2025
    """
    from tracker.db import pk, reading
    from tracker.domain.lookups import resolve_commune, resolve_plan
    from tracker.formatting import fmt_period
    from tracker.reports.monthly import build_monthly_report, render_monthly_docx
    from tracker.timeutil import end_of_day, report_window
    from tracker.workdays import load_calendar

    period = parse_period(month)
    target = out or Path.cwd() / f"bao-cao-thang-{period}.docx"
    with reading(env.engine) as s:
        c = resolve_commune(s, env.commune)
        chosen = resolve_plan(s, pk(c), plan, end_of_day(report_window(period)[1]))
        data = build_monthly_report(s, pk(c), period, calendar=load_calendar(s, pk(c)), plan_id=pk(chosen))
    _writable(target)
    with _writing(target):
        render_monthly_docx(data, target)
    click.echo(f"Đã lập báo cáo tháng {fmt_period(period)} (kế hoạch {chosen.code}): {target}")


@report.command("annual")
@plan_option
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp Word cần ghi (mặc định: bao-cao-nam-MÃ_KH.docx trong thư mục hiện tại).")
@pass_env
def report_annual(env: Env, plan: str | None, out: Path | None) -> None:
    """Lập báo cáo năm (Word) của một kế hoạch theo thể thức Nghị định 30/2020/NĐ-CP.

    Số liệu tính đến hết ngày 31/12 của năm kế hoạch (hoặc đến nay nếu năm chưa
    kết thúc): kết quả theo đơn vị, nhiệm vụ giao chung theo từng đơn vị, kết quả
    nhiệm vụ thường xuyên, số liệu năm của các chỉ tiêu, nhiệm vụ chuyển sang kế
    hoạch sau. Bố cục nằm trong mẫu tracker/reports/templates/annual_report.docx.

    \b
    Ví dụ:
      tracker report annual --plan cai-cach-tthc-2025 --out bao-cao-nam-2025.docx
    """
    from tracker.db import pk, reading
    from tracker.domain.lookups import resolve_commune, resolve_plan
    from tracker.reports.annual import build_annual_report, render_annual_docx
    from tracker.workdays import load_calendar

    instant = now()
    with reading(env.engine) as s:
        c = resolve_commune(s, env.commune)
        chosen = resolve_plan(s, pk(c), plan, instant)
        data = build_annual_report(s, chosen, now=instant, calendar=load_calendar(s, chosen.commune_id))
    target = out or Path.cwd() / f"bao-cao-nam-{chosen.code}.docx"
    _writable(target)
    with _writing(target):
        render_annual_docx(data, target)
    click.echo(f"Đã lập báo cáo năm {data.year} của kế hoạch {chosen.code} (số liệu đến hết ngày "
               f"{data.as_of.day:02d}/{data.as_of.month:02d}/{data.as_of.year}): {target}")


PROVINCE_FORMATS = (".xlsx", ".docx")


@report.command("province")
@click.option("--month", required=True, metavar="YYYY-MM", help="Tháng báo cáo, ví dụ 2025-10.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp cần ghi: .xlsx (bảng tính lọc, sắp xếp được) hoặc .docx (báo cáo Word); mặc định "
                   "tong-hop-cac-xa-YYYY-MM.xlsx trong thư mục hiện tại.")
@click.option("--agency", default="Sở Nội vụ", show_default=True, metavar="TÊN",
              help="Cơ quan lập báo cáo Word (dòng tên cơ quan, chức danh người ký).")
@pass_env
def report_province(env: Env, month: str, out: Path | None, agency: str) -> None:
    """Tổng hợp báo cáo tháng của mọi xã trong cơ sở dữ liệu: mỗi xã một dòng.

    Mỗi dòng: số nhiệm vụ theo bốn nhóm trạng thái kèm mẫu số (như báo cáo tháng của
    xã: kế hoạch đang áp dụng, số liệu chốt hết ngày 14), số liệu lũy kế tại ngày chốt,
    chỉ tiêu đạt / chưa đạt / chưa có số liệu, nhiệm vụ quá hạn và số ngày quá hạn.
    Tệp .xlsx có thêm trang liệt kê từng nhiệm vụ quá hạn và trang chỉ tiêu; tệp .docx
    trình bày theo thể thức Nghị định 30/2020/NĐ-CP.

    \b
    Ví dụ:
      tracker report province --month 2025-10 --out tong-hop-10-2025.xlsx
      tracker report province --month 2025-10 --out tong-hop-10-2025.docx
    """
    from tracker.db import reading
    from tracker.errors import InvalidInput
    from tracker.formatting import fmt_period
    from tracker.reports.province import build_province_report, render_province_docx, write_province_xlsx
    from tracker.workdays import CommuneCalendars

    period = parse_period(month)
    target = out or Path.cwd() / f"tong-hop-cac-xa-{period}.xlsx"
    suffix = target.suffix.lower()
    if suffix not in PROVINCE_FORMATS:
        raise InvalidInput(f"«{target.name}»: chỉ lập được tệp .xlsx hoặc .docx.")
    if not agency.strip():
        raise InvalidInput("Tên cơ quan lập báo cáo không được để trống.")
    _writable(target)
    with reading(env.engine) as s:
        data = build_province_report(s, period, calendar=CommuneCalendars(s))
    if not data.rows:
        raise InvalidInput("Cơ sở dữ liệu chưa có xã nào.")
    with _writing(target):
        if suffix == ".xlsx":
            write_province_xlsx(data, target)
        else:
            render_province_docx(data, target, agency=agency.strip())
    click.echo(f"Đã lập báo cáo tổng hợp tháng {fmt_period(period)} của {len(data.rows)} xã "
               f"({len(data.overdue)} nhiệm vụ quá hạn): {target}")


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    """A file system refusal (permissions, full disk) becomes one Vietnamese line, not a traceback."""
    from tracker.errors import InvalidInput

    try:
        yield
    except OSError as exc:
        raise InvalidInput(f"Không ghi được «{path}»: {exc.strerror or exc}.") from None


def _writable(path: Path) -> None:
    from tracker.errors import InvalidInput

    if path.exists() and path.is_dir():
        raise InvalidInput(f"«{path}» là thư mục; hãy chỉ rõ tên tệp.")
    parent = path.parent if str(path.parent) else Path.cwd()
    if parent.exists() and not parent.is_dir():
        raise InvalidInput(f"Không ghi được vào «{path}»: «{parent}» không phải thư mục.")


@click.command("publish", cls=TrackerCommand)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục ghi trang (tạo index.html).")
@click.option("--as-of", "as_of", metavar="NGÀY", help="Tình hình tính đến hết ngày này (mặc định: bây giờ).")
@click.option("--province", "province", is_flag=True,
              help="Trang của cả tỉnh: bảng các xã sắp xếp được, mỗi xã một trang riêng (THƯ_MỤC/<mã xã>/).")
@pass_env
def publish(env: Env, out: Path, as_of: str | None, province: bool) -> None:
    """Tạo trang công khai tiến độ (một tệp index.html tự chứa) cho cổng thông tin của xã.

    Trang gồm tiến độ theo đơn vị, danh sách nhiệm vụ quá hạn, bảng chỉ tiêu; không
    có thông tin cá nhân. Chép thư mục lên máy chủ web là xong. Với --province: trang
    của cả tỉnh (bảng mọi xã, bấm tiêu đề cột để sắp xếp) và trang riêng của từng xã
    trong thư mục con mang mã xã.

    \b
    Ví dụ:
      tracker publish --out public/
      tracker publish --out /var/www/cai-cach-tthc --as-of 2025-10-14
      tracker publish --province --out /var/www/cai-cach-tthc-tinh
    """
    if province:
        _publish_province(env, out, as_of)
        return
    from tracker.db import pk, reading
    from tracker.domain.lookups import resolve_commune
    from tracker.errors import InvalidInput
    from tracker.reports.publish import build_public_page, write_public_site
    from tracker.workdays import load_calendar

    if out.exists() and not out.is_dir():
        raise InvalidInput(f"«{out}» không phải thư mục.")
    instant = as_of_instant(as_of)
    with reading(env.engine) as s:
        c = resolve_commune(s, env.commune)
        page = build_public_page(s, pk(c), as_of=instant, calendar=load_calendar(s, pk(c)))
    with _writing(out):
        index = write_public_site(page, out)
    click.echo(f"Đã tạo trang công khai: {index}")


def _publish_province(env: Env, out: Path, as_of: str | None) -> None:
    """`tracker publish --province`: DIR/index.html lists every commune, DIR/<mã xã>/index.html is its own page."""
    from tracker.db import reading
    from tracker.errors import InvalidInput
    from tracker.reports.province import build_province_page, write_province_site
    from tracker.workdays import CommuneCalendars

    if out.exists() and not out.is_dir():
        raise InvalidInput(f"«{out}» không phải thư mục.")
    instant = as_of_instant(as_of)
    with reading(env.engine) as s:
        page = build_province_page(s, as_of=instant, calendar=CommuneCalendars(s))
    if not page.rows:
        raise InvalidInput("Cơ sở dữ liệu chưa có xã nào.")
    with _writing(out):
        index = write_province_site(page, out)
    pages = sum(1 for _c, p in page.rows if p is not None)
    click.echo(f"Đã tạo trang công khai của {len(page.rows)} xã: {index} (mỗi xã một trang riêng: {pages} trang).")


@click.group("calendar", cls=TrackerGroup)
def calendar_group() -> None:
    """Lịch thời hạn (iCalendar) cho điện thoại, Google Calendar, Outlook.

    \b
    Ví dụ:
      tracker calendar export --out thoi-han.ics
    """


@calendar_group.command("export")
@click.option("--unit", metavar="MÃ_ĐV", help="Chỉ thời hạn của đơn vị chủ trì này.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp .ics cần ghi.")
@pass_env
def calendar_export(env: Env, unit: str | None, out: Path) -> None:
    """Xuất mọi thời hạn (kể cả từng kỳ báo cáo tháng) ra tệp .ics, có nhắc trước 7 ngày và 1 ngày.

    Nhập lại tệp mới sẽ cập nhật sự kiện cũ (mỗi nhiệm vụ, mỗi kỳ có mã UID cố định),
    không tạo trùng.

    \b
    Ví dụ:
      tracker calendar export --out thoi-han.ics
      tracker calendar export --unit TTPVHCC --out ttpvhcc.ics
    """
    from tracker.db import pk, reading
    from tracker.domain.lookups import resolve_commune
    from tracker.reports.calendar_feed import build_calendar
    from tracker.workdays import load_calendar

    _writable(out)
    with reading(env.engine) as s:
        c = resolve_commune(s, env.commune)
        data = build_calendar(s, pk(c), now=now(), calendar=load_calendar(s, pk(c)), unit=unit)
    with _writing(out):
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    click.echo(f"Đã xuất {data.count(b'BEGIN:VEVENT')} thời hạn ra {out}")
