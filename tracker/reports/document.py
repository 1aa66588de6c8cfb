"""What the monthly and the annual report share: the plan they report on, how it is cited, the order of units,
the recipients and the rendering of a docxtpl template (layout per Nghị định 30/2020/NĐ-CP, Phụ lục I)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from tracker.db import pk
from tracker.formatting import fmt_date
from tracker.models import Commune, Person, Plan, Unit
from tracker.status import UnitSummary

PLACEHOLDERS = ("…", "...")


def place_name(commune_name: str) -> str:
    """'Xã Cam Hiệp' -> 'Cam Hiệp' (the place line of an administrative document)."""
    for prefix in ("Xã ", "Phường ", "Thị trấn ", "Đặc khu "):
        if commune_name.startswith(prefix):
            return commune_name[len(prefix):]
    return commune_name


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def short_issuer(issuer: str) -> str:
    """'Ủy ban nhân dân xã Cam Hiệp' -> 'UBND xã Cam Hiệp', as a citation writes it."""
    for long in ("Ủy ban nhân dân ", "Uỷ ban nhân dân "):
        if issuer.startswith(long):
            return "UBND " + issuer[len(long):]
    return issuer


def decision_number(plan: Plan) -> str | None:
    """The decision's number when the plan file knows it; "…/QĐ-UBND" is a placeholder, not a number."""
    number = (plan.number or "").strip()
    if not number or any(p in number for p in PLACEHOLDERS):
        return None
    return number


def plan_citation(plan: Plan) -> str:
    """The plan as the opening of a report cites it: its title, then the decision by number and date as far as
    they are known ("… ban hành kèm theo Quyết định số 123/QĐ-UBND ngày 05/08/2025 của UBND xã Cam Hiệp");
    nothing unknown is printed as "…"."""
    number = decision_number(plan)
    issued = plan.issue_date
    if number is None and issued is None:
        return plan.title
    decision = "Quyết định"
    if number:
        decision += f" số {number}"
    if issued is not None:
        decision += f" ngày {fmt_date(issued)}"
    return f"{plan.title} ban hành kèm theo {decision} của {short_issuer(plan.issuer)}"


def unit_order(units: Iterable[Unit]) -> list[Unit]:
    """Administrative order: the plan file's (Unit.seq), then creation (Unit.id)."""
    return sorted(units, key=lambda u: (u.seq, pk(u)))


def ordered_summaries(per_unit: list[UnitSummary], units: list[Unit]) -> list[UnitSummary]:
    """Per-unit summaries in the units' order; a summary for no unit ("Chưa giao đơn vị") last."""
    rank = {u.code: i for i, u in enumerate(units)}
    return sorted(per_unit, key=lambda us: (rank.get(us.code, len(rank)), us.code))


def commune_units(s: Session, commune_id: int) -> list[Unit]:
    return unit_order(s.exec(select(Unit).where(Unit.commune_id == commune_id)).all())


def signer(s: Session, commune_id: int, plan: Plan | None) -> str:
    """The active Chairman, else the plan's signer."""
    chairman = s.exec(select(Person).where(Person.commune_id == commune_id, Person.role == "chairman",
                                           Person.active == True).order_by(col(Person.id))).first()  # noqa: E712
    if chairman:
        return chairman.name
    return (plan.signer if plan else None) or ""


def recipients(commune: Commune) -> list[str]:
    province = f" {commune.province}" if commune.province else ""
    return [
        f"- UBND tỉnh{province} (b/c);",
        f"- Văn phòng UBND tỉnh{province} (b/c);",
        f"- Sở Nội vụ tỉnh{province};",
        "- TT Đảng ủy, TT HĐND xã (b/c);",
        "- Chủ tịch, các Phó Chủ tịch UBND xã;",
        "- Các phòng, đơn vị thuộc UBND xã;",
        "- Lưu: VT, TTPVHCC.",
    ]


def province_recommendations(kpis_below: list[str], province: str) -> list[str]:
    """Section IV of the monthly and annual reports: what the commune asks of the province (`province`: " Khánh
    Hòa" or "")."""
    out: list[str] = []
    if kpis_below:
        out.append(f"Đề nghị Văn phòng UBND tỉnh{province} hướng dẫn, hỗ trợ xã các giải pháp nâng cao các chỉ tiêu "
                   "chưa đạt mục tiêu (" + ", ".join(kpis_below) + ").")
    out.append(f"Đề nghị Văn phòng UBND tỉnh{province} tiếp tục hướng dẫn nghiệp vụ kiểm soát thủ tục hành chính và hỗ "
               "trợ kỹ thuật trong vận hành Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh.")
    out.append(f"Đề nghị Sở Nội vụ tỉnh{province} tiếp tục tổ chức tập huấn, bồi dưỡng nghiệp vụ cải cách hành chính "
               "cho cán bộ, công chức cấp xã.")
    return out


def render_docx(template_name: str, context: dict[str, Any], out: Path, template: Path | None = None) -> Path:
    """Fill a Word template (the packaged one unless `template` names another file) and save it to `out`."""
    from importlib.resources import files
    from io import BytesIO

    from docxtpl import DocxTemplate

    source: BytesIO | str = str(template)
    if template is None:
        # Read through the package, not from a path beside __file__, so that it loads from a wheel or a zip too.
        source = BytesIO((files("tracker.reports") / "templates" / template_name).read_bytes())
    doc = DocxTemplate(source)
    doc.render(context, autoescape=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out
