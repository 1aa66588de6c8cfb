"""Plain helpers shared by the tests, imported by name (never with a star): named instants and people, factories
that build plan files, rows and server parts, and readers that check a database with the stdlib driver, not our
code. Every fixture is in tests/conftest.py; tests/fake_bot_api.py is the fake Telegram server.

Named instants are Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import hashlib
import html
import io
import json
import socket
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from click.testing import Result

import tracker.seed  # noqa: F401  (define the pydantic plan schema before freezegun replaces `date`)
from tests.fake_bot_api import TOKEN, FakeBotApi
from tracker.timeutil import VN

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seed" / "plan_tasks.json"


def vn(y: int, m: int, d: int, hh: int = 8, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=VN)


def day(d: str) -> date:
    return date.fromisoformat(d)


# ---------------------------------------------------------------- named instants, people and chats

SEEDED_AT = AUG_5 = vn(2025, 8, 5, 9)  # when the `seeded` fixture loads the plan
PLAN_2025 = "cai-cach-tthc-2025"
ISSUED_2025 = date(2025, 8, 1)  # the issue day the `seeded` fixture records (the plan file leaves it blank)
SEP_23 = vn(2025, 9, 23, 8)
SEP_30_NOON = vn(2025, 9, 30, 12)
OCT_1_8AM = vn(2025, 10, 1, 8)
OCT_1 = vn(2025, 10, 1, 9)  # the bot's clock: Q3 tasks of VP (II.2.b.1, II.2.b.2) are overdue
OCT_2 = vn(2025, 10, 2, 10)
OCT_20 = vn(2025, 10, 20, 9)
DEC_20 = vn(2025, 12, 20, 9)

Q3_TASKS = ("II.2.b.1", "II.2.b.2")
MONTHLY_TASKS = ("II.2.a.7", "III.1.4", "III.2.1")

CHAIRMAN, VP_HEAD, VHXH_HEAD, STAFF = "Bùi Quang Nam", "Nguyễn Thị Hoa", "Trần Văn Bình", "Lê Thị Cúc"
CHAIRMAN_CHAT, VP_CHAT, VHXH_CHAT, STAFF_CHAT, STRANGER_CHAT = 1001, 2001, 2002, 3001, 9999


# ---------------------------------------------------------------- a database read with the stdlib driver


def db_path(db_url: str) -> Path:
    return Path(db_url.removeprefix("sqlite:///"))


def db_dump(db_url: str) -> str:
    """A digest of every row (WAL included), read with the stdlib driver, not our code."""
    con = sqlite3.connect(db_path(db_url))
    try:
        text = "\n".join(con.iterdump())
    finally:
        con.close()
    return hashlib.sha256(text.encode()).hexdigest()


def row_counts(db_url: str) -> dict[str, int]:
    con = sqlite3.connect(db_path(db_url))
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {n: con.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


def query(db_url: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db_path(db_url))
    try:
        return list(con.execute(sql, params))
    finally:
        con.close()


def pg_query(url: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """One statement with psycopg directly (not through the tracker's code), committed; its rows, if any."""
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1), connect_timeout=10) as con:
        cur = con.execute(sql, params)  # type: ignore[arg-type]
        return [tuple(r) for r in cur.fetchall()] if cur.description else []


# ---------------------------------------------------------------- the CLI's answers


def ok(result: Result) -> Result:
    assert result.exit_code == 0, f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return result


def cli_json(run_cli: Callable[..., Result], *args: str) -> Any:
    return json.loads(ok(run_cli(*args, "--json")).stdout)


def by_ref(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Task rows keyed by code, or code@period for an occurrence."""
    return {f"{r['code']}@{r['period']}" if r["period"] else r["code"]: r for r in rows}


def assert_one_vietnamese_error(result: Result, *fragments: str, code: int = 1) -> None:
    """A user error: exit code (2 for a malformed command line), one line on stderr, no traceback."""
    assert result.exit_code == code, f"exit {result.exit_code}\n{result.output}"
    err = result.stderr
    assert err.startswith("Lỗi: "), err
    assert "Traceback" not in result.output and "Error" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    for f in fragments:
        assert f in err, f"{f!r} not in {err!r}"


# ---------------------------------------------------------------- plan files


def write_plan(folder: Path, data: Any, name: str = "plan.json", raw: Callable[[str], str] = str) -> Path:
    """`data` written as a plan file in `folder`; `raw` edits the text (for what JSON cannot say)."""
    path = folder / name
    path.write_text(raw(json.dumps(data, ensure_ascii=False, indent=1)), encoding="utf-8")
    return path


def plan_task(data: dict[str, Any], code: str) -> dict[str, Any]:
    """The task `code` of a plan file's data."""
    return next(t for t in data["tasks"] if t["code"] == code)


def fixed_task(code: str, due: str, unit: str = "VP", title: str = "Nhiệm vụ thử nghiệm") -> dict[str, Any]:
    return {"code": code, "section": "II", "title": title, "description": title, "lead_unit": unit,
            "deadline": {"kind": "fixed_date", "text": f"Trước ngày {due}", "date": due}}


def seed_plan(engine: Any, tmp_path: Path, plan_json: dict[str, Any], tasks: list[dict[str, Any]]) -> None:
    """Load the real plan file with its tasks replaced by `tasks` (through the plan loader)."""
    from tracker.seed import seed

    seed(engine, write_plan(tmp_path, dict(plan_json, tasks=tasks, kpis=[])), now=vn(2025, 8, 1, 9), actor="test")


# ---------------------------------------------------------------- rows


def add_person(engine: Any, name: str, role: str = "head", unit: str | None = "VP", email_addr: str | None = None,
               chat: int | None = None) -> Any:
    from tracker.domain.people import add_person as add

    return add(engine, commune=None, name=name, unit=unit, role=role, email=email_addr, telegram_chat_id=chat,
               actor="test", now=SEEDED_AT)


def link_zalo(engine: Any, name: str, chat: str) -> None:
    """The person's Zalo chat set directly, as the bot's linking leaves it (tests/test_zalo_bot.py links for real)."""
    from sqlmodel import select

    from tracker.db import transaction
    from tracker.models import Person

    with transaction(engine) as s:
        p = s.exec(select(Person).where(Person.name == name)).one()
        p.zalo_chat_id = chat
        s.add(p)


def set_email(engine: Any, name: str, addr: str) -> None:
    from tracker.domain.people import edit_person

    edit_person(engine, commune=None, who=name, changes={"email": addr}, actor="test", now=SEEDED_AT)


def person_named(engine: Any, name: str) -> Any:
    from sqlmodel import select

    from tracker.db import reading
    from tracker.models import Person

    with reading(engine) as s:
        return s.exec(select(Person).where(Person.name == name)).one()


def completions_of(engine: Any, code: str) -> list[Any]:
    from sqlmodel import select

    from tracker.db import reading
    from tracker.models import Completion, Task

    with reading(engine) as s:
        task = s.exec(select(Task).where(Task.code == code)).one()
        return list(s.exec(select(Completion).where(Completion.task_id == task.id)).all())


def rename_task(engine: Any, code: str, title: str) -> None:
    from sqlmodel import select

    from tracker.db import transaction
    from tracker.models import Task

    with transaction(engine) as s:
        task = s.exec(select(Task).where(Task.code == code)).one()
        task.title = title
        s.add(task)


# ---------------------------------------------------------------- reports: chosen completions and KPI readings
# The October 2025 report window (ND 09/2019) runs from 15/09/2025 to 14/10/2025.

LATER = OCT_20  # when the completions below are recorded
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

# (code, period, completed at)
COMPLETIONS = [
    ("II.2.b.1", None, datetime(2025, 9, 20, 10, 0, tzinfo=VN)),  # deadline 30/09: on time, inside the window
    ("II.2.b.2", None, datetime(2025, 10, 3, 15, 0, tzinfo=VN)),  # deadline 30/09: late, inside the window
    ("III.2.1", "2025-08", datetime(2025, 8, 17, 9, 0, tzinfo=VN)),  # before the window: not in October's report
    ("III.2.1", "2025-09", datetime(2025, 9, 25, 9, 0, tzinfo=VN)),  # due 16/09: late, inside the window
    ("II.2.a.7/TTPVHCC", "2025-10", datetime(2025, 10, 17, 9, 0, tzinfo=VN)),  # after the window: open on 14/10
]

# (code, period, value, numerator, denominator)
READINGS = [
    ("I.1", "2025-09", 45.0, None, None),  # below the 60% target
    ("I.2", "2025-09", 64.5, 129.0, 200.0),  # meets the 60% target
    ("II.4", "2025-09", 95.0, None, None),  # meets 90%
    ("I.1", "2025-11", 70.0, None, None),  # after October: never used by October's report
]


def mark_done(engine: Any, code: str, period: str | None, at: datetime) -> None:
    from tracker.domain.tasks import complete_task

    complete_task(engine, commune=None, code=code, period=period, at=at, actor="test", note=None, evidence=None,
                  now=LATER)


# ---------------------------------------------------------------- reminders: the policy, sweeps, the outbox


def cfg(**overrides: Any) -> Any:
    from tracker.reminders.config import ReminderConfig

    return ReminderConfig(**overrides)


def policy_at(engine: Any, when: datetime, config: Any = None, delivery: Any = None) -> list[Any]:
    """The notifications the policy returns at `when` (stale ones included), state loaded like the sweep."""
    from tracker.db import reading
    from tracker.reminders.config import Delivery
    from tracker.reminders.policy import digest_slot, due_notifications
    from tracker.reminders.sweep import load_state
    from tracker.workdays import CommuneCalendars

    config = config or cfg()
    delivery = delivery or Delivery()
    with reading(engine) as s:
        cal = CommuneCalendars(s)  # each commune's own working days, as the sweep reads them
        with_digest = digest_slot(when, config, cal.national) is not None
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


# ---------------------------------------------------------------- servers: ports, a real SMTP server's handler


def free_port() -> int:
    """A port of 127.0.0.1 free right now (the kernel's choice: distinct across concurrent test processes)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
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
    """aiosmtpd on 127.0.0.1 (started by the `smtp_server` fixture). `answers[address]` lists replies to give that
    recipient in turn (e.g. ["451 4.3.0 Try again later"], then normal acceptance); `hold_at` blocks the N-th
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


def smtp_authenticator(server: SmtpServer) -> Any:
    """aiosmtpd's AUTH check: user `tracker`, password `s3cr3t-Pa55`; logins are recorded on `server`."""
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


@dataclass
class PgServer:
    """The throwaway PostgreSQL server the `pg_server` fixture starts."""

    host: str
    port: int
    user: str
    password: str
    base: Path

    def url(self, dbname: str, driver: str = "postgresql+psycopg") -> str:
        return f"{driver}://{self.user}:{self.password}@{self.host}:{self.port}/{dbname}"

    def admin(self, sql: str) -> None:
        """Run one statement outside a transaction on the maintenance database (CREATE/DROP DATABASE)."""
        import psycopg

        with psycopg.connect(host=self.host, port=self.port, user=self.user, password=self.password,
                             dbname="postgres", autocommit=True, connect_timeout=10) as con:
            con.execute(sql)  # type: ignore[arg-type]


# ---------------------------------------------------------------- the bot: the real PTB Application and its users


class BotDriver:
    """Users talking to the running bot through the fake server."""

    def __init__(self, api: FakeBotApi, engine: Any, loop: asyncio.AbstractEventLoop) -> None:
        self.api = api
        self.engine = engine
        self.loop = loop  # the bot's loop: the channel shares its rate limiter, as inside `tracker run`

    def say(self, chat: int, text: str) -> dict[str, Any]:
        """Send a message as the user of `chat`; return the bot's next message to that chat."""
        before = len(self.api.messages_to(chat))
        self.api.inject_message(chat, text)
        return self.api.wait_message(chat, after=before)

    def press(self, chat: int, message_id: int, data: str) -> dict[str, Any]:
        """Press a button under a message in `chat`; return the bot's answerCallbackQuery (sent last)."""
        return self.api.wait_answer(self.api.inject_callback(chat, message_id, data))

    def buttons(self, message: dict[str, Any]) -> dict[str, str]:
        return {b["text"]: b["callback_data"] for row in (message.get("reply_markup") or {})["inline_keyboard"]
                for b in row}

    def deliver(self, *, kind: str, task: str, to: str, chat: int, slot: str = "2025-10-01") -> tuple[int, dict]:
        """Store a reminder/escalation in the outbox and deliver it with the real Telegram channel,
        as the dispatcher does; returns (outbox id, the message as the fake server holds it)."""
        from sqlmodel import select

        from tracker.bot.callbacks import escalation_buttons, reminder_buttons
        from tracker.channels.base import Button, Outgoing
        from tracker.channels.telegram.transport import TelegramChannel
        from tracker.db import transaction
        from tracker.models import OutboxMessage, Person, Task

        now = datetime.now(VN)
        with transaction(self.engine) as s:
            t = s.exec(select(Task).where(Task.code == task)).one()
            p = s.exec(select(Person).where(Person.name == to)).one()
            buttons = escalation_buttons() if kind == "escalation" else reminder_buttons()
            label = "Cảnh báo quá hạn" if kind == "escalation" else "Nhắc việc"
            body = f"<b>{label}</b>\n{html.escape(t.code)}: {html.escape(t.title, quote=False)}"
            row = OutboxMessage(key=f"{t.code}:{kind}:{p.id}:telegram:{slot}", commune_id=t.commune_id, kind=kind,
                                rule=kind, task_id=t.id, person_id=p.id, channel="telegram", address=str(chat),
                                slot=slot, subject=label, body_text=f"{label}: {t.code}", body_html=body,
                                buttons=buttons, created_at=now, due_at=now, next_attempt_at=now)
            s.add(row)
            s.flush()
            out = Outgoing(outbox_id=row.id or 0, key=row.key, kind=kind, channel="telegram", address=str(chat),
                           recipient_name=p.name, subject=label, text=row.body_text, html=body,
                           buttons=tuple(Button(b["label"], b["action"]) for b in buttons))

        async def send() -> str | None:
            async with TelegramChannel(TOKEN, self.api.url) as ch:
                return await ch.send(out)

        message_id = asyncio.run_coroutine_threadsafe(send(), self.loop).result(30)
        with transaction(self.engine) as s:
            stored = s.get(OutboxMessage, out.outbox_id)
            assert stored is not None
            stored.status, stored.external_id, stored.sent_at = "sent", message_id, now
            s.add(stored)
        return out.outbox_id, self.api.message(chat, int(message_id or 0))


class BotThread:
    """start_bot() in an event loop of its own thread, configured from TRACKER_TELEGRAM_* like `tracker run`."""

    def __init__(self, engine: Any, **kwargs: Any) -> None:
        from tracker.bot.runner import start_bot

        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="bot-loop", daemon=True)
        self.thread.start()
        kwargs = {"poll_timeout": 1, **kwargs}
        try:
            self.stop_bot = asyncio.run_coroutine_threadsafe(start_bot(engine, **kwargs), self.loop).result(30)
        except BaseException:
            self._end_loop()
            raise

    def close(self) -> None:
        try:
            asyncio.run_coroutine_threadsafe(self.stop_bot(), self.loop).result(30)
        finally:
            self._end_loop()

    def _end_loop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()
