"""Helpers and fixtures for the reminder tests: named instants, the policy at an instant,
sweeps with a captured console, small plans, and a real aiosmtpd SMTP server on 127.0.0.1.

Import explicitly: ``from tests.reminders_fixtures import ...``.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import io
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import tracker.seed  # noqa: F401  (pydantic schema defined before any frozen clock)
from tracker.timeutil import VN

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seed" / "plan_tasks.json"
CHAIRMAN = "Bùi Quang Nam"
HEAD_VP = "Nguyễn Thị Hoa"


def vn(y: int, m: int, d: int, hh: int = 8, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=VN)


def add_person(engine: Any, name: str, role: str = "head", unit: str | None = "VP", email_addr: str | None = None,
               chat: int | None = None) -> Any:
    from tracker.service import add_person as add

    return add(engine, commune=None, name=name, unit=unit, role=role, email=email_addr, telegram_chat_id=chat,
               actor="test", now=vn(2025, 8, 5, 9))


def set_email(engine: Any, name: str, addr: str) -> None:
    from tracker.service import edit_person

    edit_person(engine, commune=None, who=name, changes={"email": addr}, actor="test", now=vn(2025, 8, 5, 9))


def seed_plan(engine: Any, tmp_path: Path, plan_json: dict[str, Any], tasks: list[dict[str, Any]]) -> None:
    """Load the real plan file with its tasks replaced by `tasks` (through the plan loader)."""
    from tracker.seed import seed

    data = dict(plan_json)
    data["tasks"] = tasks
    data["kpis"] = []
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    seed(engine, path, now=vn(2025, 8, 1, 9), actor="test")


def fixed_task(code: str, due: str, unit: str = "VP", title: str = "Nhiệm vụ thử nghiệm") -> dict[str, Any]:
    return {"code": code, "section": "II", "title": title, "description": title, "lead_unit": unit,
            "deadline": {"kind": "fixed_date", "text": f"Trước ngày {due}", "date": due}}


def cfg(**overrides: Any) -> Any:
    from tracker.reminders.config import ReminderConfig

    return ReminderConfig(**overrides)


def policy_at(engine: Any, when: datetime, config: Any = None, delivery: Any = None) -> list[Any]:
    """The notifications the policy returns at `when` (stale ones included), state loaded like the sweep."""
    from tracker.db import reading
    from tracker.reminders.config import Delivery
    from tracker.reminders.policy import digest_slot, due_notifications
    from tracker.reminders.sweep import load_state
    from tracker.seed import load_calendar

    config = config or cfg()
    delivery = delivery or Delivery()
    with reading(engine) as s:
        cal = load_calendar(s)
        with_digest = digest_slot(when, config, cal) is not None
        st = load_state(s, when, config, with_digest=with_digest, calendar=cal)
        return due_notifications(st.items, st.people, st.acks, config, cal, when, delivery, st.communes,
                                 with_digest=with_digest)


def summary(notes: list[Any], *, stale: bool = False) -> set[tuple[str, str, str, str]]:
    """{(kind, rule, recipient, task ref or '-')} of the non-stale (or only the stale) notifications."""
    return {(n.kind, n.rule, n.person.name, n.item.ref if n.item else "-") for n in notes if n.stale == stale}


def about(notes: list[Any], ref: str) -> set[tuple[str, str, str, str]]:
    return {t for t in summary(notes) if t[3] == ref}


@dataclass
class Swept:
    result: Any
    console: str


def sweep_at(engine: Any, when: datetime, config: Any = None, delivery: Any = None, *, worker: str | None = None
             ) -> Swept:
    """One full sweep (store + deliver) at `when`; the console channel writes into a buffer."""
    from tracker.reminders.config import Delivery
    from tracker.reminders.dispatch import default_factory
    from tracker.reminders.sweep import run_sweep

    config = config or cfg(console_style="compact")
    delivery = delivery or Delivery()
    buf = io.StringIO()
    result = asyncio.run(run_sweep(engine, when, config, delivery, default_factory(delivery, config, buf)))
    return Swept(result, buf.getvalue())


def outbox_rows(engine: Any) -> list[Any]:
    from sqlmodel import select

    from tracker.db import reading
    from tracker.models import OutboxMessage

    with reading(engine) as s:
        return list(s.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all())


# ---------------------------------------------------------------- a real SMTP server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Received:
    peer: tuple[str, int]
    rcpt: list[str]
    message: Any  # email.message.EmailMessage

    @property
    def key(self) -> str:
        return str(self.message["X-Tracker-Key"])


@dataclass
class SmtpServer:
    """aiosmtpd on 127.0.0.1. `answers[address]` lists replies to give that recipient in turn
    (e.g. ["451 4.3.0 Try again later"], then normal acceptance); `hold_at` blocks the N-th
    DATA (1-based) until `release` is set, after recording it as received."""

    port: int
    received: list[Received] = field(default_factory=list)
    answers: dict[str, list[str]] = field(default_factory=dict)
    hold_at: int | None = None
    release: threading.Event = field(default_factory=threading.Event)
    holding: threading.Event = field(default_factory=threading.Event)
    logins: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: Any) -> str:
        queue = self.answers.get(address)
        if queue:
            return queue.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.received.append(Received(tuple(session.peer), list(envelope.rcpt_tos), msg))
            n = len(self.received)
        if self.hold_at is not None and n == self.hold_at:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
        return "250 Message accepted"

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError("timed out waiting for the SMTP server")
            time.sleep(0.02)

    @property
    def keys(self) -> list[str]:
        return [r.key for r in self.received]

    @property
    def connections(self) -> int:
        return len({r.peer for r in self.received})


def _authenticator(server: SmtpServer) -> Any:
    from aiosmtpd.smtp import AuthResult

    def check(smtp: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> Any:
        user = auth_data.login.decode() if isinstance(auth_data.login, bytes) else auth_data.login
        pwd = auth_data.password.decode() if isinstance(auth_data.password, bytes) else auth_data.password
        server.logins.append(user)
        return AuthResult(success=(user == "tracker" and pwd == "s3cr3t-Pa55"), handled=False)

    return check



def email_delivery(server: SmtpServer, url: str | None = None) -> Any:
    from tracker.reminders.config import Delivery

    return Delivery(smtp_url=url or server.url, mail_from="tracker@camhiep.example.invalid")


def day(d: str) -> date:
    return date.fromisoformat(d)
