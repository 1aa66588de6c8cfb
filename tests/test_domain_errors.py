"""Domain errors are structured (what, which object, which values) and never carry an adapter's syntax; the CLI and
the bot each word their own way forward."""

from __future__ import annotations

import ast
import re
from datetime import UTC
from pathlib import Path

import pytest

from tests.factories import OCT_1, VP_CHAT, assert_one_vietnamese_error
from tracker.bot.hints import bot_hint
from tracker.commands.hints import cli_hint
from tracker.db import reading
from tracker.domain.lookups import find_occurrence, find_task, resolve_commune
from tracker.domain.tasks import reopen_task
from tracker.errors import InvalidInput, NotFound, TrackerError

ROOT = Path(__file__).resolve().parent.parent
# The CLI's own words: a command of `tracker` or a long option.
CLI_SYNTAX = re.compile(r"«tracker\b|\btracker (init|seed|tasks|people|units|kpi|workdays|remind|digest|run|outbox|"
                        r"demo|extensions|report|publish|calendar|bot|log|summary)\b|(?<![\w-])--[a-z]")
# Where the CLI's syntax belongs: the CLI adapter itself.
CLI_ADAPTER = ("tracker/commands/", "tracker/clikit.py", "tracker/migrations/")


def _strings(path: Path) -> list[tuple[int, str]]:
    """Every string literal of a module except docstrings (which are for developers)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_no_message_outside_the_cli_names_a_cli_command_or_flag():
    found = []
    for path in sorted((ROOT / "tracker").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(CLI_ADAPTER):
            continue
        found += [f"{rel}:{line}: {text[:80]!r}" for line, text in _strings(path) if CLI_SYNTAX.search(text)]
    for path in sorted((ROOT / "tracker").rglob("*.j2")):  # every message an official receives
        rel = path.relative_to(ROOT).as_posix()
        found += [f"{rel}:{i}: {line[:80]!r}" for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                  if CLI_SYNTAX.search(line)]
    assert found == []


def test_the_scan_would_see_a_cli_command_in_a_message():
    assert CLI_SYNTAX.search("Dùng «tracker tasks list» để xem các mã.")
    assert CLI_SYNTAX.search("hãy chỉ rõ kỳ bằng --period")
    assert not CLI_SYNTAX.search("Gửi /viec để xem các việc; hạn 30/09/2025 — quá hạn")


def test_an_unknown_task_says_what_and_which_and_each_adapter_adds_its_own_hint(seeded):
    with reading(seeded) as s, pytest.raises(NotFound) as err:
        find_task(s, resolve_commune(s, None).id or 0, "II.9.9")
    exc = err.value
    assert (exc.code, exc.subject, exc.values) == ("task.unknown", "task II.9.9", {"code": "II.9.9"})
    assert exc.message == "Không có nhiệm vụ mã «II.9.9»."
    assert cli_hint(exc) == "Dùng «tracker tasks list» để xem các mã."
    assert bot_hint(exc) == ("Không có nhiệm vụ mã «II.9.9». Đồng chí gửi /viec để xem các việc của mình và mã "
                             "của chúng.")


def test_a_recurring_task_without_a_period_lists_the_periods_as_values(seeded):
    with reading(seeded) as s, pytest.raises(InvalidInput) as err:
        find_occurrence(s, find_task(s, resolve_commune(s, None).id or 0, "III.2.1"), None)
    exc = err.value
    assert exc.code == "period.required" and exc.values["task"] == "III.2.1"
    assert "2025-09" in exc.values["periods"] and not CLI_SYNTAX.search(exc.message)
    assert "--period" in cli_hint(exc) and "/xong III.2.1 " in bot_hint(exc)


def test_a_missing_reason_names_the_field_and_only_the_cli_names_its_flag(seeded, run_cli):
    with pytest.raises(InvalidInput) as err:
        reopen_task(seeded, commune=None, code="II.2.b.1", period=None, reason="  ", actor=None,
                    now=OCT_1.astimezone(UTC))
    assert (err.value.code, err.value.values) == ("value.required", {"field": "reason"})
    assert "--" not in err.value.message and cli_hint(err.value) == "Dùng --reason."
    assert_one_vietnamese_error(run_cli("tasks", "reopen", "II.2.b.1", "--reason", " "), "Cần ghi lý do mở lại",
                                "--reason")


def test_every_error_has_the_structured_form():
    exc = TrackerError("Thông báo.", code="x.y", subject="task A", values={"a": 1})
    assert exc.as_dict() == {"code": "x.y", "subject": "task A", "values": {"a": 1}, "message": "Thông báo."}


@pytest.mark.slow
def test_the_bot_shows_its_own_hint_never_the_clis(bot):
    reply = bot.say(VP_CHAT, "/xong II.9.9")["text"]
    assert "Không có nhiệm vụ mã «II.9.9»" in reply and "/viec" in reply and "tracker" not in reply
    reply = bot.say(VP_CHAT, "/nhiemvu III.2.1 2024-01")["text"]
    assert "không có kỳ «2024-01»" in reply and "--period" not in reply
