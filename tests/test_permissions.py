"""Who may do what (tracker.domain.permissions): one rule, configured once in [permissions], checked by the domain
action itself inside its own transaction, the same whichever adapter calls it."""

from __future__ import annotations

from datetime import UTC, date

import pytest

from tests.factories import (
    CHAIRMAN,
    OCT_1,
    STAFF,
    VHXH_HEAD,
    VP_HEAD,
    assert_one_vietnamese_error,
    completions_of,
    db_dump,
    ok,
)
from tracker.domain.extensions import ask_for_more_time, decide_extension, request_extension
from tracker.domain.lookups import Actor
from tracker.domain.people import edit_person
from tracker.domain.permissions import Action, Permissions, may
from tracker.domain.tasks import cancel_task, complete_task
from tracker.errors import Forbidden

NOW = OCT_1.astimezone(UTC)
VP_TASK, VHXH_TASK = "II.2.b.1", "II.1.b.4"  # led by VP and by VHXH


def me(people: dict[str, int], name: str) -> Actor:
    return Actor(name, "telegram", people[name], operator=False)


def done(seeded, people, who: str, code: str, perms: Permissions | None = None):
    return complete_task(seeded, commune=None, code=code, period=None, at=None, actor=me(people, who), note=None,
                         evidence=None, now=NOW, perms=perms)


def test_a_head_completes_their_units_task_and_nothing_else(seeded, people):
    assert done(seeded, people, VP_HEAD, VP_TASK).completion is not None
    before = db_dump(str(seeded.url))
    with pytest.raises(Forbidden) as err:
        done(seeded, people, VP_HEAD, VHXH_TASK)
    assert err.value.code == "permission.other_unit" and err.value.values["task"] == VHXH_TASK
    assert "đơn vị khác chủ trì" in err.value.message
    assert db_dump(str(seeded.url)) == before  # refused inside the transaction: nothing written, not even audit


def test_staff_read_only_unless_the_commune_lets_them_act(seeded, people):
    with pytest.raises(Forbidden) as err:
        done(seeded, people, STAFF, VP_TASK)
    assert err.value.code == "permission.read_only"
    assert done(seeded, people, STAFF, VP_TASK, Permissions(staff_can_act=True)).completion is not None


def test_the_check_reads_the_person_again_in_the_actions_own_transaction(seeded, people):
    # The head moved to another unit a moment ago (an adapter may still hold the old row): the action refuses.
    edit_person(seeded, commune=None, who=VP_HEAD, changes={"unit": "VHXH"}, actor="test", now=NOW)
    with pytest.raises(Forbidden):
        done(seeded, people, VP_HEAD, VP_TASK)
    assert completions_of(seeded, VP_TASK) == []
    assert done(seeded, people, VP_HEAD, VHXH_TASK).completion is not None


def test_only_leaders_cancel_or_decide_and_the_leader_roles_are_configurable(seeded, people):
    with pytest.raises(Forbidden) as err:
        cancel_task(seeded, commune=None, code=VP_TASK, reason="Thử", actor=me(people, VP_HEAD), now=NOW)
    assert err.value.code == "permission.leaders_only" and "Chủ tịch, Phó Chủ tịch" in err.value.message
    out = request_extension(seeded, person_id=people[VP_HEAD], code=VP_TASK, period=None, new_due=date(2025, 11, 15),
                            reason="Chờ tỉnh", perms=Permissions(), now=NOW)
    with pytest.raises(Forbidden) as err:
        decide_extension(seeded, extension_id=out.extension.id, approve=True, person_id=people[VHXH_HEAD],
                         perms=Permissions(), now=NOW)
    assert err.value.code == "approver.not_leader"
    # A commune where heads decide too: the same rule, configured once, lets them.
    heads_lead = Permissions(leader_roles=("chairman", "head"))
    decided = decide_extension(seeded, extension_id=out.extension.id, approve=True, person_id=people[VHXH_HEAD],
                               perms=heads_lead, now=NOW)
    assert decided.extension.status == "approved"


def test_a_leaders_request_for_more_time_is_the_decision_itself(seeded, people):
    head = ask_for_more_time(seeded, person_id=people[VP_HEAD], code=VP_TASK, period=None, new_due=date(2025, 11, 15),
                             reason="Chờ tỉnh", perms=Permissions(), now=NOW)
    assert not head.direct and head.request is not None and head.request.extension.status == "requested"
    chairman = ask_for_more_time(seeded, person_id=people[CHAIRMAN], code=VHXH_TASK, period=None,
                                 new_due=date(2026, 1, 15), reason="Chờ tỉnh", perms=Permissions(), now=NOW)
    assert chairman.direct and chairman.item.due == date(2026, 1, 15)


def test_the_rule_table(seeded, people):
    from sqlmodel import select

    from tracker.db import reading
    from tracker.models import Person, Task

    with reading(seeded) as s:
        p = {x.name: x for x in s.exec(select(Person)).all()}
        vp_task = s.exec(select(Task).where(Task.code == VP_TASK)).one()
    perms = Permissions()
    assert may(p[CHAIRMAN], Action.CANCEL, vp_task, perms)
    assert may(p[VP_HEAD], Action.COMPLETE, vp_task, perms)
    assert may(p[VP_HEAD], Action.REQUEST_EXTENSION, vp_task, perms)
    assert not may(p[VP_HEAD], Action.EXTEND, vp_task, perms)
    assert not may(p[VP_HEAD], Action.DECIDE_EXTENSION, vp_task, perms)
    assert not may(p[VHXH_HEAD], Action.COMPLETE, vp_task, perms)
    assert not may(p[STAFF], Action.COMPLETE, vp_task, perms)


def test_the_cli_and_the_bot_read_the_same_permissions_table(seeded, people, run_cli, tmp_path, monkeypatch):
    # Only the Chairman leads in this commune: the Vice-Chairman may no longer approve from the CLI.
    from tracker.domain.people import add_person

    add_person(seeded, commune=None, name="Phạm Văn Phó", unit=None, role="vice_chairman", email=None,
               telegram_chat_id=None, actor="test", now=NOW)
    ext = request_extension(seeded, person_id=people[VP_HEAD], code=VP_TASK, period=None,
                            new_due=date(2025, 11, 15), reason="Chờ tỉnh", perms=Permissions(), now=NOW).extension
    conf = tmp_path / "tracker.toml"
    conf.write_text('[permissions]\nleader_roles = ["chairman"]\n', encoding="utf-8")
    monkeypatch.setenv("TRACKER_CONFIG", str(conf))
    assert_one_vietnamese_error(run_cli("extensions", "approve", str(ext.id), "--by", "Phạm Văn Phó"),
                                "Phạm Văn Phó không có thẩm quyền duyệt gia hạn (chỉ Chủ tịch)")
    ok(run_cli("extensions", "approve", str(ext.id), "--by", CHAIRMAN))
