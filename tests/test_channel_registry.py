"""Channels are a registry of self-contained packages (tracker/channels/<name>/): each declares its label,
settings, addresses, transport and templates, and a new one is one folder plus one registration."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
import unicodedata
import uuid
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from tests.factories import (
    CHAIRMAN,
    VP_HEAD,
    add_person,
    cfg,
    fixed_task,
    outbox_rows,
    policy_at,
    seed_plan,
    sweep_at,
    vn,
)
from tracker import channels
from tracker.models import Person

ROOT = Path(__file__).resolve().parent.parent
BUILTIN = [spec.name for spec in channels.specs()]
TRICKY = 'Báo cáo <b>quý</b> & "khẩn"'


def every_channel_on() -> Any:
    """A Delivery with every registered channel turned on (dummy values: nothing is sent)."""
    from tracker.reminders.config import Delivery

    return Delivery(**{s.name: f"x-{s.name}" for spec in channels.specs() for s in spec.settings if s.required})


def test_the_builtin_channels_are_the_console_email_telegram_and_zalo_with_the_console_as_fallback():
    assert BUILTIN == ["console", "email", "telegram", "zalo"]
    assert channels.fallback().name == "console"
    assert [channels.label(name) for name in BUILTIN] == ["màn hình", "thư điện tử", "Telegram", "Zalo"]


@pytest.mark.parametrize("name", BUILTIN)
def test_every_channel_declares_its_label_settings_address_and_transport(name):
    spec = channels.get(name)
    assert spec.package == f"tracker.channels.{name}"
    for text in (spec.label, spec.unit):  # what a person reads: set, NFC, not the id
        assert text and text == text.strip() == unicodedata.normalize("NFC", text) and text != spec.name
    for s in spec.settings:
        assert s.name.isidentifier() and s.env.startswith("TRACKER_") and s.env == s.env.upper()
    if spec.fallback:  # always on, addressed by name
        assert spec.settings == () and spec.address(Person(name="An", commune_id=1, role="head")) == "An"
    else:  # turned on by its required settings, addressed through a Person field
        assert spec.required_env
        assert spec.address_field in Person.model_fields
        assert spec.address(Person(name="An", commune_id=1, role="head")) is None
    if spec.unreachable_field is not None:
        assert spec.unreachable_field in Person.model_fields and spec.unreachable_reason

    transport = spec.transport_class()
    assert transport.name == spec.name
    assert transport.max_length is None or transport.max_length > 0
    assert transport.markup in ("html", "text")
    for method in ("from_settings", "__aenter__", "__aexit__", "send"):
        assert callable(getattr(transport, method))


@pytest.mark.parametrize("name", BUILTIN)
def test_a_channel_is_on_exactly_when_its_required_settings_are_set_and_its_secrets_never_show(name):
    from tracker.reminders.config import Delivery, delivery_from_env

    spec = channels.get(name)
    assert (name in Delivery().channels) is spec.fallback
    values = {s.name: f"s3cr3t-{s.name}" for s in spec.settings if s.required}
    assert name in Delivery(**values).channels
    env = {s.env: f"s3cr3t-{s.name}" for s in spec.settings}
    delivery = delivery_from_env(env)
    assert name in delivery.channels
    assert delivery.values_for(name) == {s.name: f"s3cr3t-{s.name}" for s in spec.settings}
    assert "s3cr3t" not in repr(delivery) and "s3cr3t" not in str(delivery)


def test_every_template_a_channel_ships_is_a_part_it_declares_and_every_part_exists_for_every_kind():
    from tracker.reminders.render import MESSAGE_KINDS, SHARED_PARTS

    shared = files("tracker.reminders").joinpath("templates")
    assert {f"{k}.{p}.j2" for k in MESSAGE_KINDS for p in SHARED_PARTS} <= {t.name for t in shared.iterdir()}
    for spec in channels.specs():
        parts = [p for p in (spec.text, spec.html) if p]
        folder = files(spec.package).joinpath(spec.templates)
        own = {t.name for t in folder.iterdir()} if folder.is_dir() else set()
        assert own <= {f"{k}.{p}.j2" for k in MESSAGE_KINDS for p in parts}, spec.name
        for kind in MESSAGE_KINDS:
            for part in parts:
                name = f"{kind}.{part}.j2"
                assert name in own or shared.joinpath(name).is_file(), (spec.name, name)
        if spec.html:  # HTML is a channel's own: the shared folder has plain text only
            assert {f"{k}.{spec.html}.j2" for k in MESSAGE_KINDS} <= own


@pytest.mark.parametrize("kind", ["reminder", "overdue", "escalation", "digest"])
def test_every_channel_renders_every_kind_strictly_with_its_own_parts(engine, tmp_path, plan_json, kind):
    from jinja2 import StrictUndefined

    from tracker.domain.people import edit_person
    from tracker.reminders.render import environment, render
    from tracker.workdays import WorkCalendar

    assert environment().undefined is StrictUndefined  # a missing value raises instead of printing nothing
    seed_plan(engine, tmp_path, plan_json, [fixed_task("X.1", "2025-10-06", title=TRICKY)])
    add_person(engine, VP_HEAD, unit="VP", email_addr="hoa@camhiep.example.invalid", chat=42)
    edit_person(engine, commune=None, who=CHAIRMAN, changes={"email": "ct@camhiep.example.invalid",
                                                             "telegram_chat_id": 7}, actor="t", now=vn(2025, 8, 5))
    when = {"reminder": vn(2025, 10, 6, 9), "overdue": vn(2025, 10, 7), "escalation": vn(2025, 10, 8),
            "digest": vn(2025, 10, 13, 8)}[kind]
    notes = [n for n in policy_at(engine, when, delivery=every_channel_on()) if n.kind == kind and not n.stale]
    assert notes
    for spec in channels.specs():
        for n in notes:
            r = render(dataclasses.replace(n, channel=spec.name), commune_name="Xã Cam Hiệp",
                       calendar=WorkCalendar(), now=when)
            assert r.subject and "\n" not in r.subject and r.text
            assert (r.html is not None) is (spec.html is not None)
            if spec.transport_class().markup == "html":  # the message itself is the HTML part
                assert r.html is not None
            if r.html is not None:
                assert "<b>quý</b>" not in r.html  # HTML parts escape every value


def test_a_persons_channels_are_those_their_addresses_reach_in_registry_order(engine, tmp_path, plan_json):
    from tracker.reminders.config import Delivery
    from tracker.reminders.policy import channels_for

    both = Person(name="An", commune_id=1, role="head", email="an@x.example.invalid", telegram_chat_id=5)
    group = Person(name="Bình", commune_id=1, role="head", telegram_chat_id=-100)  # a group: never written to
    blocked = Person(name="Chi", commune_id=1, role="head", telegram_chat_id=6, telegram_unreachable=True)
    assert channels_for(both, Delivery()) == ["email", "telegram"]
    assert channels_for(group, Delivery()) == channels_for(blocked, Delivery()) == ["console"]
    assert channels_for(both, Delivery.console_only()) == ["console"]


def test_registering_a_second_channel_of_a_name_or_a_taken_setting_is_refused(tmp_path, monkeypatch):
    for module, body in (("dup_name_channel", 'ChannelSpec(name="email", label="thư", unit="thư")'),
                         ("dup_setting_channel", 'ChannelSpec(name="dup", label="trùng", unit="tin trùng", '
                                                 'settings=(Setting("smtp_url", "TRACKER_DUP_URL"),))')):
        (tmp_path / f"{module}.py").write_text(
            f"from tracker.channels import ChannelSpec, Setting\nSPEC = {body}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ValueError, match="already registered"):
        channels.register("dup_name_channel")
    with pytest.raises(ValueError, match="smtp_url"):
        channels.register("dup_setting_channel")
    assert [s.name for s in channels.specs()] == BUILTIN


def test_reading_the_registry_loads_no_transport_nor_any_heavy_library():
    code = ("import sys, tracker.channels as c\n"
            "specs = c.specs(); [s.address for s in specs]\n"
            "print([m for m in sys.modules if m.endswith('.transport') or m.split('.')[0] in "
            "('smtplib', 'telegram', 'jinja2', 'sqlalchemy', 'sqlmodel', 'httpx')])")
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]"


# ---------------------------------------------------------------- a new channel: one folder, one registration

PIGEON_INIT = '''
"""Carrier pigeons: a channel that lives outside the tracker's tree, to show what a new channel needs."""

from tracker.channels import ChannelSpec, Setting

SPEC = ChannelSpec(
    name="pigeon",
    label="bồ câu đưa thư",
    unit="thư bồ câu",
    transport=".transport:PigeonChannel",
    settings=(Setting("pigeon_loft", "TRACKER_PIGEON_LOFT", required=True),),
    address_field="email",  # a test channel reuses a column: a real one adds its own (an Alembic revision)
    html="pigeon.html",
)
'''

PIGEON_TRANSPORT = '''
from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal


class PigeonChannel:
    """Appends each message to the loft file: its address, then its own HTML part."""

    name: ClassVar[str] = "pigeon"
    max_length: ClassVar[int | None] = None
    markup: ClassVar[Literal["html", "text"]] = "html"

    def __init__(self, loft: str) -> None:
        self.loft = Path(loft)

    @classmethod
    def from_settings(cls, settings, context):
        return cls(settings["pigeon_loft"])

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return None

    async def send(self, message):
        with self.loft.open("a", encoding="utf-8") as f:
            f.write(f"{message.address} | {message.html}\\n")
        return f"pigeon-{message.outbox_id}"
'''

PIGEON_TEMPLATES = {
    "reminder": "🕊 {{ recipient }}: {{ ref }} «{{ title }}» hạn {{ deadline }}",
    "overdue": "🕊 {{ recipient }}: {{ ref }} quá hạn",
    "escalation": "🕊 {{ recipient }}: {{ ref }} báo cáo Chủ tịch",
    "digest": "🕊 {{ recipient }}: tổng hợp tuần {{ week }}",
}


@pytest.fixture
def pigeon(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The pigeon package written into a fresh folder outside the tree, registered, removed afterwards."""
    module = f"pigeon_{uuid.uuid4().hex[:8]}"
    pkg = tmp_path / "plugins" / module
    (pkg / "templates").mkdir(parents=True)
    (pkg / "__init__.py").write_text(textwrap.dedent(PIGEON_INIT), encoding="utf-8")
    (pkg / "transport.py").write_text(textwrap.dedent(PIGEON_TRANSPORT), encoding="utf-8")
    for kind, body in PIGEON_TEMPLATES.items():
        (pkg / "templates" / f"{kind}.pigeon.html.j2").write_text(body + "\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "plugins"))
    spec = channels.register(module)
    try:
        yield spec
    finally:
        channels.unregister("pigeon")
        for name in [m for m in sys.modules if m == module or m.startswith(module + ".")]:
            del sys.modules[name]


def test_a_new_channel_package_registered_once_receives_a_reminder_through_the_real_sweep(
        engine, tmp_path, plan_json, pigeon):
    from tracker.reminders.config import Delivery, delivery_from_env, validate_delivery

    seed_plan(engine, tmp_path, plan_json, [fixed_task("X.1", "2025-10-07", title=TRICKY)])
    add_person(engine, VP_HEAD, unit="VP", email_addr="hoa@camhiep.example.invalid")
    loft = tmp_path / "loft.txt"
    delivery = validate_delivery(delivery_from_env({"TRACKER_PIGEON_LOFT": str(loft)}))
    assert delivery.channels == {"console", "pigeon"}  # e-mail is off: no TRACKER_SMTP_URL here
    assert repr(delivery) == "Delivery(email=False, telegram=False, zalo=False, pigeon=True)"

    swept = sweep_at(engine, vn(2025, 10, 7, 9), cfg(console_style="compact"), delivery)

    rows = outbox_rows(engine)
    pigeon_rows = [r for r in rows if r.channel == "pigeon"]
    reminder = next(r for r in pigeon_rows if r.kind == "reminder")
    assert (reminder.status, reminder.address, reminder.external_id) == (
        "sent", "hoa@camhiep.example.invalid", f"pigeon-{reminder.id}")
    assert reminder.key.endswith(f":pigeon:{reminder.slot}")
    sent = loft.read_text(encoding="utf-8")
    # its own template, autoescaped as HTML: the registry found the package's templates folder
    assert (f"hoa@camhiep.example.invalid | 🕊 {VP_HEAD}: X.1 «Báo cáo &lt;b&gt;quý&lt;/b&gt; &amp; &#34;khẩn&#34;» "
            "hạn 07/10/2025") in sent
    delivered = [r for r in pigeon_rows if r.status == "sent"]
    assert {r.kind for r in delivered} == {"reminder", "digest"}  # Monday's digest, caught up on Tuesday
    assert sent.count("\n") == len(delivered) == swept.result.delivery.sent - swept.console.count("→")
    assert {r.status for r in pigeon_rows} <= {"sent", "skipped"}  # missed earlier reminders, recorded only
    # the same person's e-mail copy waits for a process with the SMTP setting, and is counted as left
    emails = [r for r in rows if r.channel == "email" and r.status != "skipped"]
    assert emails and all(r.status == "pending" for r in emails)
    assert swept.result.delivery.left == {"email": len(emails)}
    from tracker.reminders.dispatch import left_message

    assert left_message("pigeon", 2) == ("Để lại 2 thư bồ câu cho tiến trình có cấu hình kênh này "
                                         "(chưa đặt TRACKER_PIGEON_LOFT).")
    assert "pigeon" not in Delivery().channels
