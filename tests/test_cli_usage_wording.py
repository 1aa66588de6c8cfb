"""Usage and help wording: a missing choice names both flags, every --json option is described alike."""

from __future__ import annotations


def test_workdays_set_without_working_or_off_names_both_flags(seeded, run_cli):
    res = run_cli("workdays", "set", "2025-09-15", "--note", "x")
    assert res.exit_code == 2, res.output
    assert res.stderr.startswith("Lỗi: Thiếu tùy chọn bắt buộc --working hoặc --off.")


def test_extensions_list_help_describes_json_like_every_other_command(run_cli):
    res = run_cli("extensions", "list", "--help")
    assert res.exit_code == 0, res.output
    assert "In JSON cho máy đọc." in res.output and "Xuất JSON" not in res.output
