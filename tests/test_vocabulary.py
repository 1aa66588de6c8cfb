"""One vocabulary: every id the tracker stores has its Vietnamese label in tracker/vocabulary.py and nowhere else."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest

from tracker import vocabulary as v

ROOT = Path(__file__).resolve().parent.parent

# Each vocabulary: its ids and the one map of their labels.
VOCABULARIES = {
    "ROLES": (v.ROLES, v.ROLE_LABELS),
    "STATUSES": (v.STATUSES, v.STATUS_LABELS),
    "STATUSES (short)": (v.STATUSES, v.STATUS_SHORT_LABELS),
    "EXTENSION_STATUSES": (v.EXTENSION_STATUSES, v.EXTENSION_STATUS_LABELS),
    "KINDS": (v.KINDS, v.KIND_LABELS),
    "OUTBOX_STATUSES": (v.OUTBOX_STATUSES, v.OUTBOX_STATUS_LABELS),
    "KPI_STATES": (v.KPI_STATES, v.KPI_STATE_LABELS),
    "COMPARISONS": (v.COMPARISONS, v.COMPARISON_SIGNS),
    "AUDIT_CHANNELS": (v.AUDIT_CHANNELS, v.AUDIT_CHANNEL_LABELS),
    "audit actions": (tuple(v.ACTION_LABELS), v.ACTION_LABELS),
}
try:  # each channel package declares its own label; the registry answers for all of them
    from tracker.channels import label as channel_label
    from tracker.channels import specs as channel_specs
except ImportError:  # a tree from before the registry
    pass
else:
    _channel_ids = tuple(spec.name for spec in channel_specs())
    VOCABULARIES["channels"] = (_channel_ids, {name: channel_label(name) for name in _channel_ids})


def reads_as_words(text: str, label: str) -> bool:
    """Vietnamese (a letter outside ASCII), several words, or the vocabulary's own label: text for a person,
    not a mark ("⚠ ") or another id ("smtp_url")."""
    return (any(ch.isalpha() and not ch.isascii() for ch in text) or " " in text.strip()
            or text.casefold() == label.casefold())


def label_maps_written_again(source: str, filename: str) -> list[str]:
    """Dict literals that map two or more ids of one vocabulary to words a person reads: a second vocabulary.
    Maps to marks ({"overdue": "⚠ "}) or to other ids, and dicts that merely key data by ids, pass."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Dict):
            continue
        pairs = {k.value: val for k, val in zip(node.keys, node.values, strict=True)
                 if isinstance(k, ast.Constant) and isinstance(k.value, str)}
        for name, (ids, labels) in VOCABULARIES.items():
            keys = [k for k in pairs if k in ids]
            if len(keys) < 2:
                continue
            words = [k for k in keys if isinstance(pairs[k], ast.Constant) and isinstance(pairs[k].value, str)
                     and reads_as_words(pairs[k].value, labels[k])]
            if words:
                found.append(f"{filename}:{node.lineno}: {name} {sorted(keys)}")
    return found


def test_no_label_map_is_written_outside_the_vocabulary():
    files = [ROOT / "cli.py", *sorted((ROOT / "tracker").rglob("*.py"))]
    found = []
    for path in files:
        if path == ROOT / "tracker" / "vocabulary.py":
            continue
        found += label_maps_written_again(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == [], "labels belong in tracker/vocabulary.py:\n" + "\n".join(found)


@pytest.mark.parametrize("source", [
    'KIND_VI = {"reminder": "nhắc hạn", "overdue": "quá hạn"}',
    'roles = " / ".join({"chairman": "Chủ tịch", "vice_chairman": "Phó Chủ tịch"}.get(r, r) for r in x)',
    'STATE_LABELS = {"met": "Đạt", "below": "Chưa đạt", "no_data": "Chưa có số liệu"}',
    'CHANNEL_VI = {"cli": "dòng lệnh", "telegram": "Telegram"}',
])
def test_the_scan_finds_a_label_map_written_again(source):
    assert label_maps_written_again(source, "x.py")


@pytest.mark.parametrize("source", [
    'STATUS_MARK = {"overdue": "⚠ ", "done_late": "✓ ", "in_progress": ""}',
    'ctx = {"chairman": unit is None, "overdue": items, "failed": failed}',
    'FIELDS = {"status": "trạng thái", "cancelled": "đã hủy"}',
    'ENV = {"cli": "TRACKER_CLI", "seed": "seed_file"}',
])
def test_the_scan_lets_marks_and_data_keyed_by_ids_pass(source):
    assert label_maps_written_again(source, "x.py") == []


@pytest.mark.parametrize("name", list(VOCABULARIES))
def test_every_id_has_exactly_one_label(name):
    ids, labels = VOCABULARIES[name]
    assert list(labels) == list(ids)
    assert all(label.strip() == label and label for label in labels.values())


def test_labels_read_as_inside_a_sentence_and_are_capitalised_where_printed():
    """Lower case unless the word is always capitalised (titles, names); tracker.formatting.cap makes a cell."""
    always_capital = ("Chủ tịch", "Phó Chủ tịch", "Telegram", "Zalo")
    for name, (_, labels) in VOCABULARIES.items():
        for label in labels.values():
            if label[:1].isalpha():
                assert label[0].islower() or label.startswith(always_capital), (name, label)


def test_the_plan_file_and_the_models_accept_the_vocabulary_ids():
    from tracker.seed import KpiIn, PersonIn

    # A plan file is one commune's: a province official (no commune) is added with `tracker people add`.
    assert get_args(PersonIn.model_fields["role"].annotation) == v.COMMUNE_ROLES
    assert v.ROLES == (*v.COMMUNE_ROLES, v.PROVINCE_ROLE)
    assert get_args(KpiIn.model_fields["comparison"].annotation) == v.COMPARISONS


def test_every_status_the_domain_derives_has_a_label():
    from tracker.status import FOUR_WAY, OPEN

    assert set(FOUR_WAY) | set(OPEN) | {"cancelled"} == set(v.STATUSES)


def test_vocabulary_formatting_and_bot_settings_load_without_the_models_or_the_database():
    code = ("import sys, tracker.vocabulary, tracker.formatting, tracker.bot.settings; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlmodel', 'sqlalchemy') "
            "or m == 'tracker.models'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_vocabulary_and_formatting_import_the_standard_library_only():
    code = ("import sys, sysconfig; before = set(sys.modules); import tracker.vocabulary, tracker.formatting; "
            "installed = (sysconfig.get_paths()['purelib'], sysconfig.get_paths()['platlib']); "
            "print(sorted(m for m in set(sys.modules) - before "
            "if (getattr(sys.modules[m], '__file__', None) or '').startswith(installed)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------- the same words everywhere


def test_remind_preview_names_notifications_as_the_reminder_log_does(seeded, run_cli):
    from tests.factories import CHAIRMAN, VP_HEAD, add_person

    add_person(seeded, VP_HEAD, unit="VP")
    text = run_cli("remind", "preview", "--from", "2025-10-01", "--to", "2025-10-06").stdout
    rows = [ln.split("  ") for ln in text.splitlines()]
    kinds = {cells[1] for cells in rows if len(cells) > 2 and cells[0].startswith(("01/10", "06/10"))}
    assert {"nhắc quá hạn", "bản tổng hợp tuần"} <= kinds, text
    assert CHAIRMAN in text


def test_the_digest_names_the_channel_of_a_failed_message_in_vietnamese(seeded, run_cli):
    from tests.factories import VP_HEAD, add_person, vn
    from tracker.db import transaction
    from tracker.models import OutboxMessage

    add_person(seeded, VP_HEAD, unit="VP", email_addr="hoa@camhiep.example.invalid")
    at = vn(2025, 10, 3)
    with transaction(seeded) as s:
        s.add(OutboxMessage(key="X.1:on_day:1:email:2025-10-03", commune_id=1, kind="reminder", rule="on_day",
                            channel="email", address="hoa@camhiep.example.invalid", slot=at, subject="Nhắc hạn",
                            body_text="Nhắc hạn", status="failed", created_at=at, due_at=at, next_attempt_at=at,
                            last_error="Máy chủ thư từ chối địa chỉ."))
    out = run_cli("digest", "--at", "2025-10-06 07:30").stdout
    line = next(ln for ln in out.splitlines() if "Máy chủ thư từ chối" in ln)
    assert " · thư điện tử · " in line and " · email · " not in line, line
