"""Linking a person's Telegram or Zalo chat to them with one-time codes; each action is one transaction + one audit
event.

A code is shown once (to the IT officer, who hands it to the person); only its
SHA-256 is stored. It is single use, expires (default 48 h), and a newer
invitation or an unlink revokes older unused codes.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from tracker.audit import record
from tracker.db import pk, transaction
from tracker.domain.lookups import person_anywhere
from tracker.errors import Conflict, InvalidInput
from tracker.models import LinkCode, Person

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: read aloud over the phone
INVALID_CODE = ("Mã kích hoạt không đúng, đã dùng hoặc đã hết hạn. "
                "Đề nghị đồng chí liên hệ Văn phòng HĐND và UBND xã để nhận mã mới.")


def normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def hash_code(code: str) -> str:
    return hashlib.sha256(f"tracker-link:{normalise(code)}".encode()).hexdigest()


def new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def person_for_chat(s: Session, chat_id: int) -> Person | None:
    """The active person linked to this Telegram chat; None means: no access at all."""
    return person_for_address(s, "telegram", str(chat_id))


def _chat_value(channel: str, address: str) -> int | str:
    """The chat id as its Person column holds it: Telegram's is a number, Zalo's a string."""
    return int(address) if channel == "telegram" else address


def person_for_address(s: Session, channel: str, address: str) -> Person | None:
    """The active person linked to this chat of a messenger ("telegram", "zalo"); None means: no access at all."""
    column = getattr(Person, CHAT_CHANNELS[channel][0])
    try:
        value = _chat_value(channel, address)
    except ValueError:
        return None
    return s.exec(select(Person).where(column == value, Person.active == True)  # noqa: E712
                  .order_by(col(Person.id))).first()


def create_link_code(engine: Engine, *, commune: str | None, who: str, hours: int, actor: str,
                     now: datetime) -> tuple[Person, str, datetime]:
    """A fresh one-time code for a person; returns (person, code, expires_at)."""
    if hours < 1:
        raise InvalidInput("Thời hạn của mã phải từ 1 giờ trở lên.", code="link.hours", values={"field": "hours"})
    with transaction(engine) as s:
        c, p = person_anywhere(s, commune, who)  # a province official too (no commune)
        if not p.active:
            raise Conflict(f"{p.name} đã bị vô hiệu hóa; kích hoạt lại trước khi mời.", code="person.inactive",
                           subject=f"person {p.name}")
        _revoke_codes(s, p, now)
        code = new_code()
        expires = now + timedelta(hours=hours)
        s.add(LinkCode(person_id=pk(p), code_hash=hash_code(code), created_at=now, expires_at=expires,
                       created_by=actor))
        record(s, now=now, actor=actor, channel="cli", action="person.invite", entity=f"person {p.name}",
               commune_id=c.id if c else None, person_id=None,
               after={"expires_at": expires.isoformat(), "hours": hours})
        return p, code, expires


def redeem_link_code(engine: Engine, *, channel: str, address: str, code: str, now: datetime) -> Person:
    """Link the chat (`address` on `channel`, "telegram" or "zalo") to the code's person; raises InvalidInput
    (one neutral message) otherwise.

    One invitation links whichever messenger redeems it first: the code is then used, for both.
    """
    chat_field, flag = CHAT_CHANNELS[channel]
    if not normalise(code):
        raise InvalidInput(INVALID_CODE, code="link.invalid_code")
    chat = _chat_value(channel, address)
    with transaction(engine) as s:
        link = s.exec(select(LinkCode).where(LinkCode.code_hash == hash_code(code))).first()
        if link is None or link.used_at is not None or link.revoked_at is not None or link.expires_at <= now:
            raise InvalidInput(INVALID_CODE, code="link.invalid_code")
        # Claim the code with a conditional update so two simultaneous /start cannot both use it.
        claimed = s.exec(sa.update(LinkCode).where(col(LinkCode.id) == link.id, col(LinkCode.used_at).is_(None))
                            .values(used_at=now, used_channel=channel, used_address=str(chat),
                                    used_chat_id=chat if channel == "telegram" else None))
        if claimed.rowcount != 1:
            raise InvalidInput(INVALID_CODE, code="link.invalid_code")
        p = s.get(Person, link.person_id)
        if p is None or not p.active:
            raise InvalidInput(INVALID_CODE, code="link.invalid_code")
        column = getattr(Person, chat_field)
        for other in s.exec(select(Person).where(column == chat, Person.id != p.id)).all():
            setattr(other, chat_field, None)  # one chat belongs to one person
            s.add(other)
            record(s, now=now, actor=p.name, person_id=p.id, channel=channel, action="person.unlink",
                   entity=f"person {other.name}", commune_id=other.commune_id,
                   before={chat_field: chat}, after={chat_field: None})
        before = {chat_field: getattr(p, chat_field), flag: getattr(p, flag)}
        setattr(p, chat_field, chat)
        setattr(p, flag, False)
        s.add(p)
        record(s, now=now, actor=p.name, person_id=p.id, channel=channel, action="person.link",
               entity=f"person {p.name}", commune_id=p.commune_id, before=before,
               after={chat_field: chat, flag: False})
        return p


# The chat channels a person links with a code: channel -> (chat column, unreachable flag) of Person.
CHAT_CHANNELS = {"telegram": ("telegram_chat_id", "telegram_unreachable"),
                 "zalo": ("zalo_chat_id", "zalo_unreachable")}


def unlink_person(engine: Engine, *, commune: str | None, who: str, channel: str | None = None, actor: str,
                  now: datetime) -> Person:
    """Remove the person's chat on one channel ("telegram", "zalo"), or on every chat channel (None), and
    revoke their unused codes (a code links whichever channel redeems it, so it could bring the chat back).

    The person's channel restriction (Person.channels) is kept: linking again restores it; meanwhile the
    reminders go to the channels that still reach them (tracker.reminders.policy.reaching).
    """
    from tracker import channels as registry

    if channel is not None and channel not in CHAT_CHANNELS:
        choices = list(CHAT_CHANNELS)
        raise InvalidInput(f"Kênh «{channel}» không liên kết bằng mã (chỉ: {', '.join(choices)}).",
                           code="link.not_chat", values={"channel": channel, "choices": choices})
    names = [channel] if channel is not None else list(CHAT_CHANNELS)
    with transaction(engine) as s:
        c, p = person_anywhere(s, commune, who)  # a province official too (no commune)
        linked = [n for n in names if getattr(p, CHAT_CHANNELS[n][0]) is not None]
        revoked = _revoke_codes(s, p, now)
        if not linked and (channel is not None or not revoked):  # one channel asked: that chat must exist
            labels = " hay ".join(registry.label(n) for n in names)
            raise Conflict(f"{p.name} chưa liên kết {labels}.", code="link.none", subject=f"person {p.name}",
                           values={"channels": names})
        before: dict[str, object] = {}
        after: dict[str, object] = {}
        for n in linked:
            chat, flag = CHAT_CHANNELS[n]
            before[chat] = getattr(p, chat)
            after[chat] = None
            setattr(p, chat, None)
            setattr(p, flag, False)
        after["codes_revoked"] = revoked
        s.add(p)
        record(s, now=now, actor=actor, channel="cli", action="person.unlink", entity=f"person {p.name}",
               commune_id=c.id if c else None, before=before, after=after)
        return p


def mark_unreachable(engine: Engine, *, channel: str = "telegram", address: str, detail: str,
                     now: datetime) -> Person | None:
    """The person behind this chat blocked the bot (or the platform no longer knows the chat): stop writing to
    them on that messenger (e-mail keeps working)."""
    from tracker import channels as registry

    chat_field, flag = CHAT_CHANNELS[channel]
    column = getattr(Person, chat_field)
    try:
        chat = _chat_value(channel, address)
    except ValueError:
        return None
    with transaction(engine) as s:
        # The active holder: a deactivated person may still carry the chat their successor now uses.
        p = s.exec(select(Person).where(column == chat)
                   .order_by(col(Person.active).desc(), col(Person.id))).first()
        if p is None or getattr(p, flag):
            return p
        setattr(p, flag, True)
        s.add(p)
        record(s, now=now, actor=f"bot {registry.label(channel)}", channel=channel, action=f"person.{flag}",
               entity=f"person {p.name}", commune_id=p.commune_id, before={flag: False},
               after={flag: True, "detail": detail[:200]})
        return p


def _revoke_codes(s: Session, p: Person, now: datetime) -> int:
    codes = s.exec(select(LinkCode).where(LinkCode.person_id == p.id, col(LinkCode.used_at).is_(None),
                                          col(LinkCode.revoked_at).is_(None))).all()
    for code in codes:
        code.revoked_at = now
        s.add(code)
    return len(codes)
