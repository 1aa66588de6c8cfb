"""The audit trail: one event per change, written in the change's own transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from tracker.models import AuditEvent


def record(
    s: Session,
    *,
    now: datetime,
    actor: str,
    channel: str,
    action: str,
    entity: str,
    commune_id: int | None,
    task_id: int | None = None,
    person_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    event = AuditEvent(
        commune_id=commune_id,
        at=now,
        actor=actor,
        person_id=person_id,
        channel=channel,
        action=action,
        entity=entity,
        task_id=task_id,
        before=before,
        after=after,
    )
    s.add(event)
    return event
