"""Who may do what: the one rule, configured once in the [permissions] table of tracker.toml.

    [permissions]
    leader_roles = ["chairman", "vice_chairman"]  # act on every task of the commune, decide extensions
    staff_can_act = false                         # staff may close, and ask to extend, their unit's tasks

A person acting in their own name (over the bot) is checked here, by the domain action itself, inside the
transaction that performs it, so a role or unit changed a moment earlier counts:

| action             | leader | head (own unit's tasks) | staff (own unit's tasks)   |
|--------------------|--------|-------------------------|----------------------------|
| complete, reopen   | yes    | yes                     | only with staff_can_act    |
| request_extension  | yes    | yes                     | only with staff_can_act    |
| extend (directly)  | yes    | no                      | no                         |
| decide_extension   | yes    | no                      | no                         |
| cancel             | yes    | no                      | no                         |

A province official (role "province", Sở Nội vụ or Văn phòng UBND tỉnh) belongs to no commune: they read every
commune (the bot's /viec, /quahan, /tomtat, the province digest, the reports) and may do none of the actions above,
on any commune's task; each is refused with the reason (permission.province_read_only). The role can be no leader
role either.

The operator, whoever runs `tracker` on the server (the commune's IT officer), records what officials report on
paper or by phone and is not a person of the plan: the CLI acts as the operator (Actor.operator). What the operator
records in a leader's name, an extension approved on paper, still names a leader, checked with the same rule
(check_approver).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

from pydantic import Field, field_validator

from tracker.configmodel import Allowed, Table, as_tuple
from tracker.errors import Forbidden
from tracker.vocabulary import COMMUNE_ROLES, PROVINCE_ROLE, ROLE_LABELS

if TYPE_CHECKING:  # the configuration loads this module; the models cost start-up time
    from tracker.models import Person, Task


class Action(StrEnum):
    COMPLETE = "complete"
    REOPEN = "reopen"
    REQUEST_EXTENSION = "request_extension"
    EXTEND = "extend"
    DECIDE_EXTENSION = "decide_extension"
    CANCEL = "cancel"


# Each action in words, inside a sentence.
ACTION_WORDS = {
    Action.COMPLETE: "báo hoàn thành nhiệm vụ",
    Action.REOPEN: "mở lại nhiệm vụ",
    Action.REQUEST_EXTENSION: "xin gia hạn",
    Action.EXTEND: "gia hạn",
    Action.DECIDE_EXTENSION: "duyệt hoặc từ chối đề nghị gia hạn",
    Action.CANCEL: "hủy nhiệm vụ",
}

# What a head (and, with staff_can_act, staff) may do on the tasks their unit leads.
UNIT_ACTIONS = frozenset({Action.COMPLETE, Action.REOPEN, Action.REQUEST_EXTENSION})


class Permissions(Table):
    """The [permissions] table."""

    leader_roles: Annotated[tuple[str, ...], Field(min_length=1),
                            Allowed(f"danh sách vai trò trong: {', '.join(COMMUNE_ROLES)}")] = (
        "chairman", "vice_chairman")
    staff_can_act: bool = False

    _tuples = field_validator("leader_roles", mode="before")(as_tuple)

    @field_validator("leader_roles")
    @classmethod
    def _known_roles_once_each(cls, roles: tuple[str, ...]) -> tuple[str, ...]:
        if not set(roles) <= set(COMMUNE_ROLES):  # a province official acts on no commune
            raise ValueError("unknown role")
        return tuple(dict.fromkeys(roles))

    def leaders_text(self) -> str:
        """The leader roles in words: «Chủ tịch, Phó Chủ tịch»."""
        return ", ".join(ROLE_LABELS.get(r, r) for r in self.leader_roles)


def load_permissions() -> Permissions:
    """The [permissions] table of the configuration file (defaults when absent)."""
    from tracker.config import load_config

    return load_config().permissions


PROVINCE_READ_ONLY = ("Tài khoản cấp tỉnh chỉ được xem tình hình các xã, không cập nhật nhiệm vụ: việc {what} "
                      "do UBND xã thực hiện.")


def is_province(person: Person) -> bool:
    """A province official: reads every commune, changes nothing."""
    return person.role == PROVINCE_ROLE


def is_leader(person: Person, perms: Permissions) -> bool:
    return person.active and person.role in perms.leader_roles


def acts_for_unit(person: Person, perms: Permissions) -> bool:
    """Whether the person's role lets them act on their unit's tasks at all (heads; staff when allowed)."""
    return person.role == "head" or (person.role == "staff" and perms.staff_can_act)


def may(person: Person, action: Action, task: Task | None, perms: Permissions) -> bool:
    if is_province(person):
        return False
    if not person.active or (task is not None and person.commune_id != task.commune_id):
        return False
    if is_leader(person, perms):
        return True
    if action not in UNIT_ACTIONS or task is None or not acts_for_unit(person, perms):
        return False
    return person.unit_id is not None and task.lead_unit_id == person.unit_id


def check(person: Person, action: Action, task: Task | None, perms: Permissions, *, ref: str | None = None) -> None:
    """Raise Forbidden (structured: code, the person, the action, the task) unless the person may act."""
    if may(person, action, task, perms):
        return
    values = {"person": person.name, "role": person.role, "action": str(action), "task": ref,
              "leader_roles": list(perms.leader_roles)}
    subject = f"person {person.name}"
    if is_province(person):
        raise Forbidden(PROVINCE_READ_ONLY.format(what=ACTION_WORDS.get(action, "này")),
                        code="permission.province_read_only", subject=subject, values=values)
    if not person.active:
        raise Forbidden("Tài khoản của đồng chí không còn hiệu lực.", code="permission.inactive", subject=subject,
                        values=values)
    if action not in UNIT_ACTIONS:
        what = {Action.DECIDE_EXTENSION: "duyệt đề nghị gia hạn", Action.EXTEND: "gia hạn trực tiếp",
                Action.CANCEL: "hủy nhiệm vụ"}.get(action, "làm việc này")
        raise Forbidden(f"Chỉ lãnh đạo UBND xã ({perms.leaders_text()}) mới {what} được.",
                        code="permission.leaders_only", subject=subject, values=values)
    if acts_for_unit(person, perms):
        raise Forbidden(f"Đồng chí không có quyền thao tác với nhiệm vụ {ref}: nhiệm vụ này do đơn vị khác chủ trì.",
                        code="permission.other_unit", subject=subject, values=values)
    raise Forbidden("Tài khoản của đồng chí chỉ được xem, không cập nhật nhiệm vụ.", code="permission.read_only",
                    subject=subject, values=values)


def check_approver(person: Person, perms: Permissions) -> None:
    """The leader named as deciding an extension (on the bot, or recorded by the operator) must be one."""
    if person.active and person.role in perms.leader_roles:
        return
    values = {"person": person.name, "role": person.role, "leader_roles": list(perms.leader_roles)}
    if is_province(person):
        raise Forbidden(PROVINCE_READ_ONLY.format(what=ACTION_WORDS[Action.DECIDE_EXTENSION]),
                        code="permission.province_read_only", subject=f"person {person.name}", values=values)
    if not person.active:
        raise Forbidden(f"{person.name} đã bị vô hiệu hóa, không thể duyệt gia hạn.", code="approver.inactive",
                        subject=f"person {person.name}", values=values)
    raise Forbidden(f"{person.name} không có thẩm quyền duyệt gia hạn (chỉ {perms.leaders_text()}).",
                    code="approver.not_leader", subject=f"person {person.name}", values=values)
