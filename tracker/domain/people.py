"""People: add, edit, deactivate; one chat belongs to one active person.

Each public function is one transaction and one audit event.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from tracker.audit import record
from tracker.db import pk, transaction
from tracker.domain.lookups import find_unit, person_anywhere, province_person, resolve_commune
from tracker.errors import Conflict, InvalidInput, required
from tracker.models import (
    Person,
    Unit,
    is_private_chat_id,
)
from tracker.usertext import NAME_MAX, clean_email, clean_text, quoted
from tracker.vocabulary import PROVINCE_ROLE, ROLES

# ---------------------------------------------------------------- people


def _person_view(p: Person, units: dict[int, Unit] | None = None) -> dict[str, Any]:
    return {
        "id": p.id, "name": p.name, "role": p.role,
        "unit": (units[p.unit_id].code if units and p.unit_id in units else p.unit_id),
        "email": p.email, "telegram_chat_id": p.telegram_chat_id, "zalo_chat_id": p.zalo_chat_id,
        "channels": p.channels, "active": p.active,
    }


# ---------------------------------------------------------------- channels per person


def channel_choices() -> list[str]:
    """The channels a person's messages may be restricted to: every registered one but the console (the
    console is what someone no channel reaches gets, never a choice)."""
    from tracker import channels

    return [spec.name for spec in channels.specs() if not spec.fallback]


def clean_channels(names: list[str] | None) -> list[str] | None:
    """A restriction as stored: known channel ids, each once, in registry order; None (or an empty list)
    clears it (every channel the person has an address on)."""
    if not names:
        return None
    choices = channel_choices()
    wanted = {n.strip().lower() for n in names if n.strip()}
    unknown = sorted(wanted - set(choices))
    if unknown:
        shown = ", ".join(f"«{quoted(n)}»" for n in unknown)
        raise InvalidInput(f"Kênh {shown} không có (chọn trong: {', '.join(choices)}).",
                           code="channel.unknown", values={"channels": unknown, "choices": choices})
    return [n for n in choices if n in wanted] or None


def _check_channels_have_addresses(p: Person) -> None:
    """A restriction names only channels the person has an address on: else it would change nothing until
    they link that channel, or hide them from every channel they do read. Checked on the address itself,
    not on whether it is reachable now (a blocked chat still counts: reaching() falls back when it must)."""
    from tracker import channels

    missing = [name for name in p.channels or []
               if (field := channels.get(name).address_field) is None or getattr(p, field) in (None, "")]
    if missing:
        labels = ", ".join(channels.label(n) for n in missing)
        raise Conflict(f"{p.name} chưa có địa chỉ trên kênh {labels}; chỉ chọn được kênh đã có địa chỉ "
                       "(liên kết trò chuyện hoặc thêm địa chỉ thư trước).", code="channel.no_address",
                       subject=f"person {p.name}", values={"channels": missing})


def _validate_person_fields(role: str | None, chat_id: int | None = None) -> None:
    if role is not None and role not in ROLES:
        raise InvalidInput(f"Vai trò «{quoted(role)}» không hợp lệ (chọn một trong: {', '.join(ROLES)}).",
                           code="role.unknown", values={"role": role, "roles": list(ROLES)})
    if chat_id is not None and not is_private_chat_id(chat_id):
        shown = str(chat_id) if len(str(chat_id)) <= 20 else str(chat_id)[:20] + "…"
        raise InvalidInput(f"Mã Telegram {shown} không hợp lệ: cần mã cuộc trò chuyện riêng của người đó với bot "
                           "(một số dương; nhóm không dùng được). Cách dễ nhất là cấp mã kích hoạt để họ tự "
                           "liên kết.", code="chat.not_private", values={"chat_id": chat_id})


def _person_name(name: str) -> str:
    name = clean_text(name, label="Tên", limit=NAME_MAX, multiline=False)
    if not name:
        raise required("name", "Tên không được để trống.")
    return name


def chat_holder(s: Session, chat_id: int, *, other_than: int | None = None) -> Person | None:
    """The active person holding this Telegram chat, other than `other_than` (a person's id).

    A chat belongs to at most one active person: else its reminders reach one person and the other's
    buttons answer "not for you". `tracker people` and the plan loader ask this inside the transaction
    that would give the chat to someone.
    """
    q = select(Person).where(Person.telegram_chat_id == chat_id, Person.active == True)  # noqa: E712
    if other_than is not None:
        q = q.where(Person.id != other_than)
    return s.exec(q.order_by(col(Person.id))).first()


def _check_chat_free(s: Session, p: Person) -> None:
    if p.telegram_chat_id is None or not p.active:
        return
    holder = chat_holder(s, p.telegram_chat_id, other_than=p.id)
    if holder is not None:
        raise Conflict(f"Mã Telegram {p.telegram_chat_id} đang được liên kết với {holder.name}; mỗi cuộc trò "
                       f"chuyện chỉ thuộc về một người. Hãy hủy liên kết Telegram của {holder.name} trước.",
                       code="chat.taken", subject=f"person {p.name}", values={"holder": holder.name})


def add_person(
    engine: Engine, *, commune: str | None, name: str, unit: str | None, role: str,
    email: str | None, telegram_chat_id: int | None, actor: str, now: datetime,
) -> Person:
    name = _person_name(name)
    email = clean_email(email)
    _validate_person_fields(role, telegram_chat_id)
    if role == PROVINCE_ROLE:
        return _add_province_person(engine, name=name, unit=unit, email=email, telegram_chat_id=telegram_chat_id,
                                    actor=actor, now=now)
    with transaction(engine) as s:
        c = resolve_commune(s, commune)
        if s.exec(select(Person).where(Person.commune_id == c.id, Person.name == name)).first():
            raise Conflict(f"Đã có người tên «{name}».", code="person.exists", subject=f"person {name}",
                           values={"name": name})
        u = find_unit(s, pk(c), unit) if unit else None
        if role == "head" and u is None:
            raise InvalidInput("Trưởng đơn vị phải thuộc một đơn vị.", code="head.needs_unit", values={"field": "unit"})
        p = Person(commune_id=pk(c), name=name, unit_id=u.id if u else None, role=role,
                   email=email, telegram_chat_id=telegram_chat_id)
        _check_chat_free(s, p)
        s.add(p)
        s.flush()
        record(s, now=now, actor=actor, channel="cli", action="person.create", entity=f"person {name}",
               commune_id=c.id, after=_person_view(p))
        return p


def province_people(s: Session) -> list[Person]:
    """The province officials (active or not), by id."""
    return list(s.exec(select(Person).where(col(Person.commune_id).is_(None)).order_by(col(Person.id))).all())


def _add_province_person(engine: Engine, *, name: str, unit: str | None, email: str | None,
                         telegram_chat_id: int | None, actor: str, now: datetime) -> Person:
    """A province official: no commune, no unit; reads every commune, changes nothing (permissions)."""
    if unit:
        raise InvalidInput("Cán bộ cấp tỉnh không thuộc đơn vị nào của xã.", code="province.no_unit",
                           values={"field": "unit"})
    with transaction(engine) as s:
        if province_person(s, name) is not None:
            raise Conflict(f"Đã có cán bộ cấp tỉnh tên «{name}».", code="person.exists", subject=f"person {name}",
                           values={"name": name})
        p = Person(commune_id=None, name=name, unit_id=None, role=PROVINCE_ROLE, email=email,  # type: ignore[arg-type]
                   telegram_chat_id=telegram_chat_id)
        _check_chat_free(s, p)
        s.add(p)
        s.flush()
        record(s, now=now, actor=actor, channel="cli", action="person.create", entity=f"person {name}",
               commune_id=None, after=_person_view(p))
        return p


def _check_role_change(p: Person, before_role: str) -> None:
    """A commune's person cannot become a province official nor the reverse: one belongs to a commune, the other
    to none (add the official anew, deactivate the old account)."""
    if (before_role == PROVINCE_ROLE) != (p.role == PROVINCE_ROLE):
        raise InvalidInput("Không đổi được vai trò giữa cán bộ cấp tỉnh và người của xã: hãy thêm người mới với "
                           "vai trò cần thiết và vô hiệu hóa tài khoản cũ.", code="province.role_change",
                           values={"role": p.role})
    if p.role == PROVINCE_ROLE and p.unit_id is not None:
        raise InvalidInput("Cán bộ cấp tỉnh không thuộc đơn vị nào của xã.", code="province.no_unit",
                           values={"field": "unit"})


def edit_person(
    engine: Engine, *, commune: str | None, who: str, changes: dict[str, Any], actor: str, now: datetime,
) -> Person:
    if not changes:
        raise InvalidInput("Không có gì để sửa.", code="edit.nothing")
    _validate_person_fields(changes.get("role"), changes.get("telegram_chat_id"))
    if "channels" in changes:  # None or [] clears the restriction
        changes["channels"] = clean_channels(changes["channels"])
    if "email" in changes:
        changes["email"] = clean_email(changes["email"])  # blank removes the address
    if "name" in changes:
        changes["name"] = _person_name(changes["name"])
    with transaction(engine) as s:
        c, p = person_anywhere(s, commune, who)
        before = _person_view(p)
        if "unit" in changes:
            unit = changes.pop("unit")
            if unit and c is None:
                raise InvalidInput("Cán bộ cấp tỉnh không thuộc đơn vị nào của xã.", code="province.no_unit",
                                   values={"field": "unit"})
            p.unit_id = find_unit(s, pk(c), unit).id if unit and c is not None else None
        if "name" in changes:
            new = changes["name"]
            clash = (s.exec(select(Person).where(Person.commune_id == c.id, Person.name == new)).first()
                     if c is not None else province_person(s, new))
            if clash is not None and clash.id != p.id:
                raise Conflict(f"Đã có người tên «{new}».", code="person.exists", values={"name": new})
            changes["name"] = new
        for key, value in changes.items():
            setattr(p, key, value)
        _check_role_change(p, before["role"])
        if p.role == "head" and p.unit_id is None:
            raise InvalidInput("Trưởng đơn vị phải thuộc một đơn vị.", code="head.needs_unit", values={"field": "unit"})
        if "channels" in changes:
            _check_channels_have_addresses(p)
        _check_chat_free(s, p)
        s.add(p)
        s.flush()
        record(s, now=now, actor=actor, channel="cli", action="person.edit", entity=f"person {p.name}",
               commune_id=c.id if c else None, before=before, after=_person_view(p))
        return p


def deactivate_person(engine: Engine, *, commune: str | None, who: str, actor: str, now: datetime) -> Person:
    with transaction(engine) as s:
        c, p = person_anywhere(s, commune, who)
        if not p.active:
            raise Conflict(f"{p.name} đã bị vô hiệu hóa từ trước.", code="person.inactive", subject=f"person {p.name}")
        p.active = False
        s.add(p)
        record(s, now=now, actor=actor, channel="cli", action="person.deactivate", entity=f"person {p.name}",
               commune_id=c.id if c else None, before={"active": True}, after={"active": False})
        return p
