"""The outbox: every notification is a row before anything is sent.

Row life: pending -> claimed (still 'pending', claimed_by/claimed_at set, by one process's batch) ->
sending (handed to the channel) -> sent | pending (retry later) | failed;
or pending -> skipped (stale slot, or superseded: done, cancelled, deadline moved), except a row
whose first parts went out (external_id set): it is finished, never left cut (dispatch._drop_superseded).

Exactly-once rules:
- insert with ON CONFLICT(key) DO NOTHING: a second sweep, or a second process,
  computing the same notification inserts nothing;
- a process claims a batch of due rows in one UPDATE (claim_batch; FOR UPDATE SKIP
  LOCKED on PostgreSQL, so several processes take disjoint batches at once); a claim
  younger than the lease keeps every other process off the row, a heartbeat renews
  the claims of a live process (Dispatcher._heartbeat);
- a claimed row is delivered only after its conditional UPDATE 'pending' -> 'sending'
  (start_send, by the claiming process) is committed, in the same transaction as the
  outcome of the channel's previous message: one commit per message;
- a process takes only rows of the channels it is configured for (the console
  always): a shell without TRACKER_SMTP_URL leaves e-mail rows, untouched, to the
  daemon that has it, instead of printing them and calling them sent.
A message longer than its channel accepts goes as numbered parts under its one
row: the parts sent so far are committed after each (record_parts), and a retry
sends only the rest. The window below is then one part, not the whole message.
The one window: a crash after the channel accepted a message and before the
commit recording it leaves the row in 'sending'. After `lease_seconds` the next
pass takes it back and sends it again: that message may arrive twice (e-mail
repeats carry the same Message-ID). One process has at most one row 'sending' per
channel, so a crash repeats at most one message per channel; the rest of its batch,
claimed but never handed to a channel, is claimed again by the next process once the
claim expires, and sent once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from tracker.models import OutboxMessage

T = OutboxMessage.__table__  # type: ignore[attr-defined]  # SQLModel's typing does not declare __table__
CHUNK = 400


def _insert_for(session: Session) -> Any:
    name = session.get_bind().dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert
    raise RuntimeError(f"unsupported database dialect {name}")  # pragma: no cover - only the two documented backends


def insert_rows(session: Session, rows: Sequence[dict[str, Any]]) -> list[str]:
    """Insert rows whose key is new; return the keys actually inserted."""
    if not rows:
        return []
    insert = _insert_for(session)
    # One statement compiled once and run as an executemany (SQLAlchemy batches it as "insertmanyvalues", with
    # RETURNING, on both backends): a multi-VALUES statement per chunk was compiled afresh each time, most of
    # the 07:30 burst's cost (P3's measurement: 5,000 rows 3.59 s -> 0.26 s). Every row has the same keys.
    stmt = insert(T).on_conflict_do_nothing(index_elements=["key"]).returning(T.c.key)
    return [str(k) for k in session.execute(stmt, list(rows)).scalars().all()]


def existing_keys(session: Session, keys: Iterable[str]) -> set[str]:
    keys = list(keys)
    found: set[str] = set()
    for i in range(0, len(keys), CHUNK):
        found.update(session.execute(sa.select(T.c.key).where(T.c.key.in_(keys[i:i + CHUNK]))).scalars())
    return found


def recover_expired(session: Session, now: datetime, lease_seconds: int) -> list[str]:
    """Take back 'sending' claims older than the lease (their process died); return their keys."""
    limit = now - timedelta(seconds=lease_seconds)
    cond = sa.and_(T.c.status == "sending", T.c.claimed_at < limit)
    keys = list(session.execute(sa.select(T.c.key).where(cond)).scalars())
    if keys:
        session.execute(sa.update(T).where(cond).values(status="pending", claimed_by=None, claimed_at=None,
                                                        next_attempt_at=now))
    return keys


def _due(now: datetime, ids: Sequence[int] | None) -> Any:
    if ids is not None:
        return sa.and_(T.c.status == "pending", T.c.id.in_(list(ids)))
    return sa.and_(T.c.status == "pending", T.c.next_attempt_at <= now)


def due_rows(session: Session, now: datetime, limit: int, ids: Sequence[int] | None = None,
             channels: Collection[str] | None = None) -> list[dict[str, Any]]:
    """Pending rows due at `now` (or the given ones), only on `channels` when given."""
    q = sa.select(T).where(_due(now, ids))
    if channels is not None:
        q = q.where(T.c.channel.in_(sorted(channels)))
    return [dict(r._mapping) for r in session.execute(q.order_by(T.c.id).limit(limit))]


def due_elsewhere(session: Session, now: datetime, channels: Collection[str], ids: Sequence[int] | None = None
                  ) -> dict[str, int]:
    """Rows due_rows() would return but for their channel, counted per channel (left for another process)."""
    q = (sa.select(T.c.channel, sa.func.count()).where(_due(now, ids), T.c.channel.not_in(sorted(channels)))
         .group_by(T.c.channel))
    return {str(ch): int(n) for ch, n in session.execute(q)}


def claim_batch(session: Session, worker: str, now: datetime, lease_seconds: int, limit: int,
                channels: Collection[str], ids: Sequence[int] | None = None) -> list[dict[str, Any]]:
    """Take up to `limit` due rows of `channels` for this process, oldest first, in one statement; return them.

    The rows stay 'pending' with claimed_by/claimed_at set: claimed, nothing sent yet. Another process skips
    them until the claim is older than the lease (this process died: they go to whoever claims next, and,
    never having reached a channel, they cannot arrive twice). On PostgreSQL the inner SELECT is FOR UPDATE
    SKIP LOCKED, so any number of processes claim disjoint batches without waiting on each other; SQLite has
    one writer at a time, and the single UPDATE … WHERE id IN (SELECT …) runs under its write lock.
    """
    limit_at = now - timedelta(seconds=lease_seconds)
    free = sa.or_(T.c.claimed_by.is_(None), T.c.claimed_at < limit_at)
    inner = sa.select(T.c.id).where(_due(now, ids), free, T.c.channel.in_(sorted(channels))).order_by(T.c.id)
    inner = inner.limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        inner = inner.with_for_update(skip_locked=True)
    # The ids in a CTE, evaluated once: a LIMIT … SKIP LOCKED subquery inside "WHERE id IN (…)" may be planned
    # as a join and run more than once, claiming more than `limit` rows.
    picked = inner.cte("picked")
    stmt = (sa.update(T).where(T.c.id == picked.c.id, T.c.status == "pending", free)
            .values(claimed_by=worker, claimed_at=now).returning(*T.c))
    rows = [dict(r._mapping) for r in session.execute(stmt)]
    return sorted(rows, key=lambda r: r["id"])


def start_send(session: Session, row_id: int, worker: str, now: datetime) -> bool:
    """A row this process claimed (claim_batch) goes 'sending' just before it is handed to its channel.

    Committed together with the outcome of the previous row of the channel (Dispatcher), so one commit per
    message: a crash leaves at most this one row 'sending' per channel, the one message that may repeat.
    False: the claim was lost (it outlived the lease and another process took the row).
    """
    res = session.exec(sa.update(T).where(T.c.id == row_id, T.c.status == "pending", T.c.claimed_by == worker)
                       .values(status="sending", claimed_at=now))
    return res.rowcount == 1


def renew_claims(session: Session, worker: str, now: datetime) -> int:
    """Refresh every claim this process holds (claimed and in-flight rows): it is alive, keep them."""
    res = session.exec(sa.update(T).where(T.c.claimed_by == worker, T.c.status.in_(("pending", "sending")))
                       .values(claimed_at=now))
    return int(res.rowcount or 0)


def release_claims(session: Session, worker: str, row_ids: Sequence[int]) -> int:
    """Give back rows claimed but not started (stopping): another process, or the next pass, takes them at once."""
    if not row_ids:
        return 0
    res = session.exec(sa.update(T).where(T.c.id.in_(list(row_ids)), T.c.status == "pending",
                                          T.c.claimed_by == worker).values(claimed_by=None, claimed_at=None))
    return int(res.rowcount or 0)


def claim(session: Session, row_id: int, worker: str, now: datetime) -> bool:
    """Conditional UPDATE: True only for the one process that moved the row to 'sending'."""
    res = session.exec(sa.update(T).where(T.c.id == row_id, T.c.status == "pending")
                       .values(status="sending", claimed_by=worker, claimed_at=now))
    return res.rowcount == 1


def _finish(session: Session, row_id: int, worker: str, **values: Any) -> None:
    session.execute(sa.update(T).where(T.c.id == row_id, T.c.status == "sending", T.c.claimed_by == worker)
                    .values(claimed_by=None, claimed_at=None, **values))


def mark_sent(session: Session, row_id: int, worker: str, now: datetime, external_id: str | None) -> None:
    _finish(session, row_id, worker, status="sent", sent_at=now, external_id=external_id,
            attempts=T.c.attempts + 1, last_error=None)


PART_UNKNOWN = "-"


def record_parts(session: Session, row_id: int, worker: str, now: datetime, external_ids: Sequence[str]) -> bool:
    """Commit the parts of a long message sent so far, while the row stays 'sending'.

    The ids go in external_id, comma-separated (PART_UNKNOWN for a part accepted without
    an id): a retry, or the next sweep after a crash, resumes after them, so each part
    is sent once like a whole message. Renews the claim, so a long message does not
    outlive its lease. False: the claim was taken back (this process lost the row).
    """
    res = session.exec(sa.update(T).where(T.c.id == row_id, T.c.status == "sending", T.c.claimed_by == worker)
                       .values(external_id=",".join(external_ids), claimed_at=now))
    return res.rowcount == 1


def sent_parts(external_id: str | None) -> list[str]:
    """The far side's ids of the parts already sent (one for a message sent whole)."""
    return external_id.split(",") if external_id else []


def mark_retry(session: Session, row_id: int, worker: str, next_at: datetime, error: str) -> None:
    _finish(session, row_id, worker, status="pending", next_attempt_at=next_at, attempts=T.c.attempts + 1,
            last_error=error[:500])


def mark_failed(session: Session, row_id: int, worker: str | None, error: str, *, count_attempt: bool = True) -> None:
    values: dict[str, Any] = {"status": "failed", "last_error": error[:500], "claimed_by": None, "claimed_at": None}
    if count_attempt:
        values["attempts"] = T.c.attempts + 1
    cond = [T.c.id == row_id]
    cond += [T.c.status == "sending", T.c.claimed_by == worker] if worker else [T.c.status == "pending"]
    session.execute(sa.update(T).where(*cond).values(**values))


def mark_skipped(session: Session, row_ids: Sequence[int], reason: str) -> int:
    if not row_ids:
        return 0
    res = session.exec(sa.update(T).where(T.c.id.in_(list(row_ids)), T.c.status == "pending")
                       .values(status="skipped", last_error=reason[:500], claimed_by=None, claimed_at=None))
    return int(res.rowcount or 0)


def reset_for_retry(session: Session, row_id: int, now: datetime) -> OutboxMessage | None:
    row = session.get(OutboxMessage, row_id)
    if row is None:
        return None
    row.status, row.attempts, row.next_attempt_at, row.last_error = "pending", 0, now, None
    row.claimed_by = row.claimed_at = None
    session.add(row)
    return row


def list_rows(session: Session, *, failed_only: bool, limit: int, commune_id: int | None = None
              ) -> list[OutboxMessage]:
    from sqlmodel import col, select

    q = select(OutboxMessage)
    if failed_only:
        q = q.where(OutboxMessage.status == "failed")
    if commune_id is not None:
        q = q.where((col(OutboxMessage.commune_id) == commune_id) | col(OutboxMessage.commune_id).is_(None))
    q = q.order_by(col(OutboxMessage.id).desc()).limit(limit)
    return list(reversed(session.exec(q).all()))


class Listed:
    """An outbox row as `outbox list` shows it: with its recipient's name and the task as people name it."""

    def __init__(self, row: OutboxMessage, recipient: str | None, task: str | None, period: str | None) -> None:
        self.row, self.recipient, self.task, self.period = row, recipient, task, period

    @property
    def ref(self) -> str | None:
        """«II.2.a.7 (2025-08)» for one period of a recurring task."""
        return f"{self.task} ({self.period})" if self.task and self.period else self.task


def listing(session: Session, *, failed_only: bool, limit: int) -> list[Listed]:
    """The most recent rows (or failed ones), oldest first, with names instead of ids."""
    from sqlmodel import col, select

    from tracker.models import Occurrence, Person, Task

    rows = list_rows(session, failed_only=failed_only, limit=limit)

    def by_id(model: Any, ids: set[int | None]) -> Any:
        return session.exec(select(model).where(col(model.id).in_([i for i in ids if i]))).all()

    people = {p.id: p.name for p in by_id(Person, {r.person_id for r in rows})}
    tasks = {t.id: t.code for t in by_id(Task, {r.task_id for r in rows})}
    periods = {o.id: o.period for o in by_id(Occurrence, {r.occurrence_id for r in rows})}
    return [Listed(r, people.get(r.person_id), tasks.get(r.task_id), periods.get(r.occurrence_id)) for r in rows]


def retryable(session: Session, row_id: int, channels: Collection[str]) -> OutboxMessage:
    """The row a person asks to send again, if it can be: it exists, is not sent, and its channel is open here."""
    from tracker.errors import Conflict, NotFound
    from tracker.vocabulary import OUTBOX_STATUS_LABELS

    row = session.get(OutboxMessage, row_id)
    if row is None:
        raise NotFound(f"Không có thông báo ID {row_id} trong hàng đợi.", code="outbox.unknown",
                       subject=f"outbox {row_id}")
    if row.status in ("sent", "sending"):
        raise Conflict(f"Thông báo {row_id} {OUTBOX_STATUS_LABELS[row.status]}, không cần gửi lại.",
                       code="outbox.already_sent", subject=f"outbox {row_id}", values={"status": row.status})
    if row.channel not in channels:
        from tracker import channels as registry
        from tracker.reminders.dispatch import missing_setting

        raise Conflict(f"Không gửi lại thông báo {row_id} từ đây: kênh {registry.label(row.channel)} chưa được cấu "
                       f"hình trong môi trường này{missing_setting(row.channel)}.", code="outbox.channel_not_here",
                       subject=f"outbox {row_id}", values={"channel": row.channel})
    return row


def ids_of_keys(session: Session, keys: Collection[str]) -> list[int]:
    from sqlmodel import col, select

    return [int(m.id or 0) for m in session.exec(select(OutboxMessage).where(col(OutboxMessage.key).in_(keys))).all()]


def sent_about(session: Session, task_id: int, occurrence_id: int | None, channel: str, limit: int = 20
               ) -> list[OutboxMessage]:
    """The latest rows about an item already delivered on a channel (their message ids kept), newest first."""
    from sqlmodel import col, select

    return list(session.exec(select(OutboxMessage).where(
        OutboxMessage.task_id == task_id, OutboxMessage.occurrence_id == occurrence_id,
        OutboxMessage.channel == channel, col(OutboxMessage.external_id).is_not(None))
        .order_by(col(OutboxMessage.id).desc()).limit(limit)).all())
