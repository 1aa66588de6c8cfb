"""Database tables (SQLModel).

Status is never stored: it is derived from dates, completions, extensions and the
instant asked about (see tracker/status.py). Datetimes are aware UTC; dates are VN
calendar days.

No `from __future__ import annotations` here: with it every column's annotation is a string that pydantic and then
SQLAlchemy each evaluate again when the class is made (about 10 M instructions of every command that loads the
tables); written out, they are the types already.
"""

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateIndex
from sqlmodel import JSON, Field, SQLModel
from sqlmodel.main import SQLModelConfig

DEADLINE_KINDS = ("fixed_date", "quarter_end", "year_end", "monthly", "periodic", "on_event", "standing")
# Kinds whose results live on their periods (Occurrence rows): monthly, and quarterly / six-monthly / nine-monthly /
# yearly reports ("periodic"; period ids in tracker.timeutil.report_window).
RECURRING_KINDS = ("monthly", "periodic")

# A partial index, one WHERE for both backends (SQLite and PostgreSQL take the same CREATE INDEX … WHERE):
# Index(…, info={PARTIAL_INDEX_WHERE: "condition"}). Not sqlite_where=/postgresql_where=: SQLAlchemy checks a
# dialect's keyword by importing that dialect, and PostgreSQL's (every driver module of it) cost each command,
# on SQLite too, about a tenth of `import sqlmodel`. Alembic does not see this WHERE: a revision that creates
# such an index writes it out with sqlite_where/postgresql_where, as 0001_baseline does.
PARTIAL_INDEX_WHERE = "tracker_partial_where"


@compiles(CreateIndex)
def _create_partial_index(create: CreateIndex, compiler: Any, **kw: Any) -> str:
    sql: str = compiler.visit_create_index(create, **kw)
    where = create.element.info.get(PARTIAL_INDEX_WHERE)
    return f"{sql} WHERE {where}" if where else sql


class _Table(SQLModel):
    """Base of every table. Pydantic builds a model's validator and serializer when the class is defined, unless
    told to wait for their first use: a table row is never validated (SQLModel constructs it), so most commands
    never use them, and building them for every table cost each command a few percent of `import sqlmodel`."""

    model_config = SQLModelConfig(defer_build=True)


class Commune(_Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True)
    name: str
    province: str | None = None


class Unit(_Table, table=True):
    __table_args__ = (sa.UniqueConstraint("commune_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    commune_id: int = Field(foreign_key="commune.id", index=True)
    code: str
    name: str
    # The plan file's order (administrative order: Văn phòng first); every list of units follows (seq, id).
    seq: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # A "phòng chuyên môn": a duty the plan gives to "các phòng chuyên môn" is every department's.
    department: bool = Field(default=True, sa_column_kwargs={"server_default": sa.true()})


# Telegram: a chat id has at most 52 significant bits. A private chat's id is its user's id, which is
# positive; groups and channels are negative, and the bot answers private chats only (tracker.bot.app).
CHAT_ID_LIMIT = 2**52


def is_private_chat_id(chat_id: int) -> bool:
    return 0 < chat_id < CHAT_ID_LIMIT


class Person(_Table, table=True):
    __table_args__ = (sa.UniqueConstraint("commune_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    # NULL only for role "province" (tracker.vocabulary.PROVINCE_ROLE): a province official reads every commune and
    # belongs to none (migration 0005). Typed int: every commune path selects people by commune_id, which never
    # matches NULL, so a province person never reaches code that reads this as a commune's id; the few that handle
    # them (permissions, the bot's read commands, the province digest) test the role first.
    commune_id: int = Field(foreign_key="commune.id", index=True, nullable=True)
    name: str
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    role: str  # one of tracker.vocabulary.ROLES
    email: str | None = None
    telegram_chat_id: int | None = Field(default=None, sa_type=sa.BigInteger, index=True)
    telegram_unreachable: bool = False
    active: bool = True
    # Zalo Bot Platform: chat ids are strings. Unreachable: the platform refused the chat (blocked, unknown).
    zalo_chat_id: str | None = Field(default=None, index=True)
    zalo_unreachable: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    # The channels that may reach this person (channel ids); None = every channel they have an address on.
    channels: list[str] | None = Field(default=None, sa_type=JSON)


def private_chat(person: Person) -> int | None:
    """The Telegram chat a message to this person may be written to, or None.

    None for no link, for a link found unreachable (the user blocked the bot), and for a chat id
    that is no private chat: a group linked before the bot refused groups would show the person's
    tasks, and buttons acting in their name, to every member. Every sender asks this, never the
    column itself.
    """
    chat = person.telegram_chat_id
    if chat is None or person.telegram_unreachable or not is_private_chat_id(chat):
        return None
    return chat


def zalo_chat(person: Person) -> str | None:
    """The Zalo chat a message to this person may be written to, or None (no link, or found unreachable).

    The bot links private chats only (tracker.bot), so a stored id is a private chat's. Every sender asks
    this, never the column itself.
    """
    chat = person.zalo_chat_id
    if not chat or person.zalo_unreachable:
        return None
    return chat


class Plan(_Table, table=True):
    __table_args__ = (sa.UniqueConstraint("commune_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    commune_id: int = Field(foreign_key="commune.id", index=True)
    code: str
    number: str
    title: str
    issuer: str
    signer: str | None = None
    issue_date: date | None = None  # None: not known yet (issue_date_text keeps the plan's wording)
    issue_date_text: str | None = None
    year: int
    closed_at: datetime | None = None  # closed: no reminder, escalation or digest line about it any more
    closed_by: str | None = None


class Task(_Table, table=True):
    __table_args__ = (
        sa.UniqueConstraint("plan_id", "code"),
        sa.Index("ix_task_commune_lead", "commune_id", "lead_unit_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    commune_id: int = Field(foreign_key="commune.id", index=True)
    plan_id: int = Field(foreign_key="plan.id")
    seq: int = 0  # order in the plan
    code: str
    section: str
    title: str
    description: str
    lead_unit_id: int | None = Field(default=None, foreign_key="unit.id")
    coordinating_unit_ids: list[int] = Field(default_factory=list, sa_type=JSON)
    deadline_kind: str  # one of DEADLINE_KINDS
    deadline_text: str
    due_date: date | None = Field(default=None, index=True)  # the plan's deadline, before extensions
    recurrence: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    expected_output: str | None = None
    legal_basis: str | None = None
    cancelled_at: datetime | None = None
    cancel_reason: str | None = None
    # A shared duty: the plan's code (e.g. "II.2.a.1"); each responsible unit has its own row, coded
    # "II.2.a.1/KT", with its own reminders, status, completion and evidence.
    group_code: str | None = Field(default=None, index=True)
    note: str | None = None  # how the plan's wording was read (who is responsible, which deadline)
    carried_from_id: int | None = Field(default=None, foreign_key="task.id")  # carried over from a past plan
    event_date: date | None = None  # an on-event duty: the day its event was recorded (then due_date is set)


class PeriodicResult(_Table, table=True):
    """A result reported on a standing or on-event duty: recorded and shown, never on time or late."""

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    commune_id: int = Field(foreign_key="commune.id", index=True)
    reported_on: date  # the day the result is for (VN calendar)
    recorded_at: datetime
    person_id: int | None = Field(default=None, foreign_key="person.id")
    actor: str
    channel: str
    note: str | None = None
    evidence_url: str | None = None


class Occurrence(_Table, table=True):
    """One period of a recurring task: its own window, deadline and result."""

    __table_args__ = (sa.UniqueConstraint("task_id", "period"),)
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    commune_id: int = Field(foreign_key="commune.id", index=True)
    period: str  # YYYY-MM
    window_start: date
    window_end: date
    due_date: date = Field(index=True)


class Completion(_Table, table=True):
    """A task (or occurrence) marked done; a reopen revokes it instead of deleting it."""

    __table_args__ = (
        # At most one completion in force per task or occurrence, even with two writers at once.
        sa.Index("uq_completion_in_force", "task_id", sa.text("coalesce(occurrence_id, 0)"), unique=True,
                 info={PARTIAL_INDEX_WHERE: "revoked_at IS NULL"}),
    )
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    occurrence_id: int | None = Field(default=None, foreign_key="occurrence.id", index=True)
    commune_id: int = Field(foreign_key="commune.id", index=True)
    completed_at: datetime
    recorded_at: datetime
    person_id: int | None = Field(default=None, foreign_key="person.id")
    actor: str
    channel: str
    note: str | None = None
    evidence_url: str | None = None
    revoked_at: datetime | None = None
    revoked_reason: str | None = None
    revoked_by: str | None = None


class Extension(_Table, table=True):
    """A deadline moved; the original stays on the task for statistics."""

    # The digest looks up pending requests (status "requested") of every commune in one query.
    __table_args__ = (sa.Index("ix_extension_status_commune", "status", "commune_id"),)
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    occurrence_id: int | None = Field(default=None, foreign_key="occurrence.id", index=True)
    commune_id: int = Field(foreign_key="commune.id", index=True)
    previous_due: date
    new_due: date
    reason: str
    status: str = "approved"  # one of tracker.vocabulary.EXTENSION_STATUSES
    requested_by: str | None = None
    requested_at: datetime
    approved_by_id: int | None = Field(default=None, foreign_key="person.id")
    approved_by: str | None = None
    decided_at: datetime | None = None
    channel: str = "cli"


class Kpi(_Table, table=True):
    __table_args__ = (sa.UniqueConstraint("plan_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    commune_id: int = Field(foreign_key="commune.id", index=True)
    plan_id: int = Field(foreign_key="plan.id")
    seq: int = 0
    code: str
    group_title: str
    name: str
    lead_unit_ids: list[int] = Field(default_factory=list, sa_type=JSON)
    evaluating_unit_ids: list[int] = Field(default_factory=list, sa_type=JSON)
    target: float
    comparison: str  # one of tracker.vocabulary.COMPARISONS
    target_text: str
    unit_of_measure: str = "%"
    window: str = "calendar_month"  # or report_period (ND 09/2019 15→14)
    legal_basis: str | None = None


class KpiReading(_Table, table=True):
    __table_args__ = (sa.UniqueConstraint("kpi_id", "period"),)
    id: int | None = Field(default=None, primary_key=True)
    kpi_id: int = Field(foreign_key="kpi.id", index=True)
    period: str  # YYYY-MM
    value: float
    numerator: float | None = None
    denominator: float | None = None
    window_kind: str
    window_start: date
    window_end: date
    source: str | None = None
    recorded_at: datetime
    recorded_by: str


class AuditEvent(_Table, table=True):
    __table_args__ = (sa.Index("ix_audit_commune_at", "commune_id", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    commune_id: int | None = Field(default=None, foreign_key="commune.id")
    at: datetime
    actor: str
    person_id: int | None = Field(default=None, foreign_key="person.id")
    channel: str  # one of tracker.vocabulary.AUDIT_CHANNELS
    action: str  # a key of tracker.vocabulary.ACTION_LABELS
    entity: str  # e.g. "task II.1.b.4", "person Bùi Quang Nam"
    task_id: int | None = Field(default=None, foreign_key="task.id", index=True)
    before: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    after: dict[str, Any] | None = Field(default=None, sa_type=JSON)


class WorkdayOverride(_Table, table=True):
    """A day whose working status differs from what the holidays package says.

    commune_id NULL: a national override (a make-up Saturday or swap decreed for the whole country), which every
    commune follows; set: that commune's own, applied on top of the national ones (tracker.workdays.load_calendar).
    Unique per (day, commune_id); the unique constraint does not hold between NULLs, so tracker.domain.workdays and
    tracker.seed look a national day up before adding one.
    """

    __table_args__ = (sa.UniqueConstraint("day", "commune_id", name="uq_workdayoverride_day_commune"),)
    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(index=True)
    commune_id: int | None = Field(default=None, foreign_key="commune.id")
    is_working: bool
    note: str


# ---------------------------------------------------------------- reminders: outbox


class OutboxMessage(_Table, table=True):
    """A notification stored before delivery; `key` makes each one unique.

    key = task-or-occurrence : rule : recipient : channel : slot. A second sweep at
    the same instant computes the same keys and inserts nothing.
    """

    __table_args__ = (sa.Index("ix_outbox_status_next", "status", "next_attempt_at"),)
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    commune_id: int | None = Field(default=None, foreign_key="commune.id", index=True)
    kind: str  # one of tracker.vocabulary.KINDS
    rule: str  # e.g. before_7, on_day, overdue_daily, escalation_weekly, digest_weekly
    task_id: int | None = Field(default=None, foreign_key="task.id", index=True)
    occurrence_id: int | None = Field(default=None, foreign_key="occurrence.id")
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    channel: str  # console / email / telegram
    address: str
    slot: str  # the day (or week) the rule fired for, YYYY-MM-DD
    subject: str
    body_text: str
    body_html: str | None = None
    buttons: list[dict[str, str]] = Field(default_factory=list, sa_type=JSON)
    status: str = "pending"  # one of tracker.vocabulary.OUTBOX_STATUSES
    attempts: int = 0
    created_at: datetime
    due_at: datetime  # when it should go out
    next_attempt_at: datetime
    sent_at: datetime | None = None
    external_id: str | None = None  # e.g. Telegram message id, to edit it later
    last_error: str | None = None
    # Delivery claim (status 'sending'): which process holds the row and since when; a claim
    # older than the lease is taken back by the next sweep (see tracker/reminders/outbox.py).
    claimed_by: str | None = None
    claimed_at: datetime | None = None
    deadline: date | None = None  # the deadline in force when stored; a change supersedes the row


class EscalationAck(_Table, table=True):
    """The Chairman pressed "Đã xem" on an escalation: its weekly repeats stop."""

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    occurrence_id: int | None = Field(default=None, foreign_key="occurrence.id")
    person_id: int = Field(foreign_key="person.id")
    outbox_id: int | None = Field(default=None, foreign_key="outboxmessage.id")
    deadline: date  # the deadline in force when acknowledged; a new deadline re-arms escalation
    acked_at: datetime


# ---------------------------------------------------------------- Telegram bot


class LinkCode(_Table, table=True):
    """A one-time code linking a person's Telegram or Zalo chat (`/start CODE`); only its hash is stored.

    The first channel that redeems it wins: used_channel ("telegram" | "zalo") and used_address (the chat id
    as text). used_chat_id is the Telegram chat id, kept as it was before Zalo.
    """

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    code_hash: str = Field(unique=True)  # sha256 of the normalised code
    created_at: datetime
    expires_at: datetime
    created_by: str
    used_at: datetime | None = None
    used_chat_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    revoked_at: datetime | None = None  # a newer invitation or an unlink revokes older codes
    used_channel: str | None = None
    used_address: str | None = None


# ---------------------------------------------------------------- reminders: next-due instants


class NextDue(_Table, table=True):
    """The instant an open item (task or occurrence) may next produce a notification (tracker/reminders/nextdue.py).

    The every-minute sweep reads only the rows due now (ix_nextdue_due_at) instead of every open item. A change that
    moves the instant (completion, extension, person, working day, plan, acknowledgement) sets due_at to the epoch
    in its own transaction (the after_flush hook below, or nextdue.moved for a Core UPDATE) and bumps version; the
    next sweep computes the item and writes the real instant back only where version is still the one it read.
    No foreign keys: a row of a deleted task or period is dropped by the sweep that finds nothing to load.
    """

    item: str = Field(primary_key=True)  # "t<task id>" or "o<occurrence id>", as in outbox keys
    task_id: int = Field(index=True)
    occurrence_id: int | None = None
    commune_id: int = Field(index=True)
    due_at: datetime = Field(index=True)
    version: int = 0


class NextDueState(_Table, table=True):
    """One row: the reminder configuration the next-due instants were computed with, and the latest instant a
    sweep computed them at. Another configuration, or a sweep at an earlier instant (a replay), recomputes all."""

    id: int = Field(default=1, primary_key=True)
    config: str
    swept_at: datetime


@sa.event.listens_for(sa.orm.Session, "after_flush")
def _next_due_moved(session: sa.orm.Session, flush_context: Any) -> None:
    """Every flush that adds, changes or deletes what moves an item's next notification marks it due at once, in
    the same transaction (tracker.reminders.nextdue.after_flush)."""
    from tracker.reminders.nextdue import after_flush

    after_flush(session)
