"""The reminder commands end to end: remind run / preview, digest, outbox list, demo, configuration errors."""

from __future__ import annotations

import json

from tests.factories import CHAIRMAN, VP_HEAD, outbox_rows, vn


def test_remind_run_at_an_instant_stores_and_sends_then_a_second_run_sends_nothing(with_head, run_cli):
    res = run_cli("remind", "run", "--at", "2025-10-02 08:00", "--replay")
    assert res.exit_code == 0, res.output
    assert f"Gửi: {VP_HEAD}" in res.stdout and "[Báo cáo Chủ tịch] II.2.b.1" in res.stdout
    sent = len(outbox_rows(with_head))
    assert f"{sent} mới được lưu" in res.stdout and f"Gửi: {sent} thành công" in res.stdout
    again = run_cli("remind", "run", "--at", "2025-10-02 08:00", "--replay", "--json")
    data = json.loads(again.stdout)
    assert data["inserted"] == 0 and data["delivery"]["sent"] == 0 and len(data["due"]) == sent


def test_remind_run_json_keeps_stdout_valid_json_while_the_console_channel_prints_to_stderr(with_head, run_cli):
    res = run_cli("remind", "run", "--at", "2025-10-02 08:00", "--replay", "--json")
    data = json.loads(res.stdout)
    assert data["delivery"]["sent"] == data["inserted"] > 0
    assert {d["kind"] for d in data["due"]} >= {"overdue", "escalation", "digest"}
    assert "[Quá hạn] II.2.b.1" in res.stderr


def test_remind_run_on_a_sunday_has_nothing_to_send(with_head, run_cli):
    res = run_cli("remind", "run", "--at", "2025-10-05 09:00", "--replay")
    assert res.exit_code == 0 and "0 thông báo đến hạn" in res.stdout
    assert outbox_rows(with_head) == []


def test_remind_preview_lists_the_timeline_for_the_data_as_it_is_now(with_head, run_cli):
    rows = json.loads(run_cli("remind", "preview", "--from", "2025-09-15", "--to", "2025-10-10", "--json").stdout)
    vp = [(r["at"][:10], r["kind"], r["rule"]) for r in rows if r["task"] == "II.2.b.1"]
    assert vp == [("2025-09-19", "reminder", "before_7"), ("2025-09-25", "reminder", "before_3"),
                  ("2025-09-29", "reminder", "before_1"), ("2025-09-30", "reminder", "on_day"),
                  ("2025-10-01", "overdue", "overdue_daily"), ("2025-10-02", "overdue", "overdue_daily"),
                  ("2025-10-02", "escalation", "escalation_weekly"), ("2025-10-03", "overdue", "overdue_daily"),
                  ("2025-10-06", "overdue", "overdue_daily"), ("2025-10-07", "overdue", "overdue_daily"),
                  ("2025-10-08", "overdue", "overdue_daily"), ("2025-10-09", "overdue", "overdue_daily"),
                  ("2025-10-09", "escalation", "escalation_weekly"), ("2025-10-10", "overdue", "overdue_daily")]
    digests = [r["at"][:16] for r in rows if r["kind"] == "digest" and r["recipient"] == CHAIRMAN]
    assert digests == ["2025-09-15T07:30", "2025-09-22T07:30", "2025-09-29T07:30", "2025-10-06T07:30"]
    text = run_cli("remind", "preview", "--from", "2025-09-29", "--to", "2025-09-30").stdout
    assert "30/09/2025 07:30  nhắc hạn" in text and VP_HEAD in text and "màn hình" in text
    assert outbox_rows(with_head) == []


def test_remind_preview_rejects_a_reversed_range(with_head, run_cli):
    res = run_cli("remind", "preview", "--from", "2025-10-10", "--to", "2025-10-01")
    assert res.exit_code == 1 and res.stderr.startswith("Lỗi: Ngày kết thúc") and "Traceback" not in res.output


def test_digest_prints_the_chairmans_and_the_heads_digest_without_sending(with_head, run_cli):
    res = run_cli("digest", "--at", "2025-10-06 07:30")
    assert res.exit_code == 0, res.output
    assert f"Gửi: {CHAIRMAN}" in res.stdout and f"Gửi: {VP_HEAD}" in res.stdout
    chairman, head = res.stdout.split(f"Gửi: {VP_HEAD}")
    # The Chairman sees every unit's part of a shared duty; the head of VP only VP's part.
    assert "1. Nhiệm vụ quá hạn: 18" in chairman and "Đơn vị chưa có trưởng đơn vị:" in chairman
    assert "III.1.4/KT (tháng 9/2025)" in chairman
    assert "1. Nhiệm vụ quá hạn: 6" in head and "III.1.4/VP (tháng 9/2025)" in head and "/KT" not in head
    assert outbox_rows(with_head) == []
    sent = run_cli("digest", "--at", "2025-10-06 07:30", "--send")
    assert "Bản tổng hợp: 2 mới được lưu" in sent.stdout and "gửi 2 thành công" in sent.stdout
    again = run_cli("digest", "--at", "2025-10-06 09:00", "--send")
    assert "Bản tổng hợp: 0 mới được lưu (2 đã gửi hôm nay)" in again.stdout


def test_outbox_list_shows_statuses_in_vietnamese(with_head, run_cli):
    assert run_cli("outbox", "list").stdout.strip() == "Hàng đợi trống."
    assert run_cli("outbox", "list", "--failed").stdout.strip() == "Không có thông báo lỗi nào."
    run_cli("remind", "run", "--at", "2025-09-30 08:00", "--replay")
    text = run_cli("outbox", "list", "--limit", "100").stdout
    assert "đã gửi" in text and "bỏ qua" in text and "II.2.b.1" in text


def test_a_bad_reminders_config_is_one_vietnamese_error(with_head, run_cli, tmp_path, monkeypatch):
    conf = tmp_path / "bad.toml"
    conf.write_text('[reminders]\nwork_start = "7h30"\n', encoding="utf-8")
    monkeypatch.setenv("TRACKER_CONFIG", str(conf))
    res = run_cli("remind", "run", "--dry-run")
    assert res.exit_code == 78  # EX_CONFIG
    assert res.stderr.strip() == 'Lỗi: [reminders] work_start phải là giờ dạng "HH:MM", ví dụ "07:30".'
    conf.write_text("[reminders]\nbefore_days = [3]\n", encoding="utf-8")
    res = run_cli("remind", "run", "--dry-run")
    assert res.exit_code == 78 and "before_days" in res.stderr


def test_the_demo_replays_the_year_on_a_scratch_database_and_ends_with_the_summary(db_url, run_cli, tmp_path):
    res = run_cli("demo")
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "Thứ Sáu 19/09/2025" in out and "[Nhắc hạn] II.2.b.1: còn 7 ngày làm việc (hạn 30/09/2025)" in out
    assert "✓ Trần Thị Demo báo hoàn thành II.2.b.1 (đúng hạn)" in out
    assert "🚨 → Bùi Quang Nam: [Báo cáo Chủ tịch] II.2.b.2 quá hạn 2 ngày làm việc" in out
    assert "duyệt gia hạn II.1.b.4 đến 26/12/2025" in out and "(hạn 26/12/2025)" in out
    assert "Chủ Nhật" not in out and "Thứ Bảy" not in out  # nothing on weekends
    assert "Thứ Hai 01/09/2025" not in out and "Thứ Ba 02/09/2025" not in out  # nor on Quốc khánh
    tail = out[out.index("Tổng hợp tình hình đến hết ngày 31/12/2025"):]
    assert "Toàn xã" in tail and "Hoàn thành đúng hạn" in tail
    assert not (tmp_path / "tracker.db").exists()  # the user's database is never touched


def test_remind_run_without_at_uses_the_clock_of_the_cli_edge(with_head, run_cli):
    from freezegun import freeze_time

    with freeze_time("2025-10-02 01:00:00", real_asyncio=True):  # 08:00 in Asia/Ho_Chi_Minh
        res = run_cli("remind", "run")
    assert res.exit_code == 0, res.output
    assert "Lượt nhắc lúc 02/10/2025 08:00" in res.stdout and "[Báo cáo Chủ tịch] II.2.b.1" in res.stdout


def test_the_chairmans_digest_lists_kpis_below_target_by_their_latest_reading(with_head, run_cli):
    from tests.factories import vn
    from tracker.domain.kpis import record_kpi

    for period, value in (("2025-08", 40.0), ("2025-09", 75.0)):  # I.1 target ≥ 60: latest reading meets it
        record_kpi(with_head, commune=None, code="I.1", period=period, value=value, numerator=None,
                   denominator=None, source=None, actor="t", channel="cli", now=vn(2025, 10, 1))
    record_kpi(with_head, commune=None, code="I.3", period="2025-09", value=55.0, numerator=None, denominator=None,
               source=None, actor="t", channel="cli", now=vn(2025, 10, 1))  # target ≥ 80
    out = run_cli("digest", "--at", "2025-10-06 07:30").stdout
    assert "6. Chỉ tiêu chưa đạt theo số liệu gần nhất: 1" in out
    assert "   - I.3 " in out and "55%" in out and "số liệu tháng 09/2025" in out and "   - I.1 " not in out


def test_digest_for_one_commune_of_a_province_database(with_head, run_cli):
    both = run_cli("digest", "--at", "2025-10-06 07:30")
    one = run_cli("--commune", "cam-hiep", "digest", "--at", "2025-10-06 07:30")
    assert one.exit_code == 0 and one.stdout == both.stdout
    res = run_cli("--commune", "khong-co", "digest")
    assert res.exit_code == 1 and "Không có xã mã «khong-co»" in res.stderr


def test_remind_run_warns_when_no_chairman_can_receive_escalations(with_head, run_cli):
    from tracker.domain.people import deactivate_person

    deactivate_person(with_head, commune=None, who=CHAIRMAN, actor="t", now=vn(2025, 9, 1))
    res = run_cli("remind", "run", "--at", "2025-10-02 08:00", "--replay")
    assert res.exit_code == 0
    assert "Cảnh báo: chưa có Chủ tịch đang hoạt động" in res.stderr
    assert all(r.person_id != 1 for r in outbox_rows(with_head))


def test_remind_run_at_another_instant_is_refused_without_dry_run_and_leaves_the_daemons_queue_alone(
        with_head, run_cli):
    import time_machine

    from tests.factories import cfg
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import prepare

    prepare(with_head, vn(2025, 10, 2), cfg(), Delivery())  # the live daemon's queue, still to be sent

    def queue() -> list[tuple[str, str, int, object, object]]:
        return [(r.key, r.status, r.attempts, r.next_attempt_at, r.last_error) for r in outbox_rows(with_head)]

    before = queue()
    assert before and {r[1] for r in before} == {"pending"}
    with time_machine.travel(vn(2025, 10, 2, 8, 5), tick=False):
        later = run_cli("remind", "run", "--at", "2025-10-09 08:00")
        earlier = run_cli("remind", "run", "--at", "2025-10-01 08:00", "--json")
        look = run_cli("remind", "run", "--at", "2025-10-09 08:00", "--dry-run")
    assert later.exit_code == 2 and later.stdout == ""
    assert later.stderr == ("Lỗi: Lượt nhắc lúc 09/10/2025 08:00 (khác bây giờ) chỉ chạy được với --dry-run: lưu và "
                            "gửi như thể ở lúc khác sẽ đổi hàng đợi mà «tracker run» đang gửi (ghi «bỏ qua» thông báo "
                            "đang chờ của những ngày trước, gửi lại thông báo đang gửi dở). Trên cơ sở dữ liệu thử "
                            "không có «tracker run» nào chạy, thêm --replay để vẫn lưu và gửi.\n")
    assert earlier.exit_code == 2 and earlier.stdout == ""
    assert look.exit_code == 0 and look.stdout.startswith("Thử (không lưu, không gửi) lúc 09/10/2025 08:00")
    assert queue() == before


def test_remind_run_at_now_needs_no_flag_and_replay_says_what_it_will_do(with_head, run_cli):
    import time_machine

    with time_machine.travel(vn(2025, 10, 2, 8, 0), tick=False):
        now = run_cli("remind", "run", "--at", "2025-10-02 08:00")
    assert now.exit_code == 0 and now.stderr == "", now.output
    replay = run_cli("remind", "run", "--at", "2025-10-03 08:00", "--replay")
    assert replay.exit_code == 0, replay.output
    assert replay.stderr.startswith("Chạy lại như thể lúc 03/10/2025 08:00: lưu và gửi thật; thông báo đang chờ "
                                    "của những ngày trước có thể bị ghi «bỏ qua».\n")


def test_digest_send_at_another_instant_never_takes_back_a_message_the_daemon_is_sending(with_head, run_cli):
    import time_machine

    from tests.factories import cfg
    from tracker.db import transaction
    from tracker.reminders import outbox
    from tracker.reminders.config import Delivery
    from tracker.reminders.sweep import prepare

    prepare(with_head, vn(2025, 10, 2), cfg(), Delivery())
    in_flight = outbox_rows(with_head)[0]
    with transaction(with_head) as s:  # the live daemon claimed it a minute ago and is sending it
        assert outbox.claim(s, in_flight.id, "daemon:1", vn(2025, 10, 2, 8, 4))
    with time_machine.travel(vn(2025, 10, 2, 8, 5), tick=False):
        res = run_cli("digest", "--at", "2025-10-13 07:30", "--send")
    assert res.exit_code == 0, res.output
    row = next(r for r in outbox_rows(with_head) if r.id == in_flight.id)
    assert (row.status, row.claimed_by) == ("sending", "daemon:1")


def test_digest_send_without_the_smtp_setting_says_it_left_the_e_mails_for_the_daemon(with_head, run_cli,
                                                                                       monkeypatch):
    from tests.factories import set_email

    set_email(with_head, CHAIRMAN, "chutich@camhiep.example.invalid")
    monkeypatch.delenv("TRACKER_SMTP_URL", raising=False)
    res = run_cli("digest", "--at", "2025-10-06 07:30", "--send")
    assert res.exit_code == 0, res.output
    assert "Bản tổng hợp: 2 mới được lưu (0 đã gửi hôm nay); gửi 1 thành công, 0 sẽ thử lại, 0 lỗi." in res.stdout
    assert res.stdout.rstrip().endswith(
        "Để lại 1 thư điện tử cho tiến trình có cấu hình kênh này (chưa đặt TRACKER_SMTP_URL).")
    assert {(r.channel, r.status) for r in outbox_rows(with_head)} == {("console", "sent"), ("email", "pending")}


def test_remind_run_stamps_each_message_when_it_is_sent_so_its_claims_stay_fresh_through_a_long_run(
        with_head, run_cli):
    import time_machine

    with time_machine.travel(vn(2025, 10, 2, 8, 0), tick=True):  # the clock runs while the run sends
        res = run_cli("remind", "run")
    assert res.exit_code == 0, res.output
    sent = [r.sent_at for r in outbox_rows(with_head) if r.status == "sent"]
    # Stamped by the clock, not all at the instant the run started: a claim taken late in a long run is
    # as fresh as the moment it was taken, so no other process takes it back as expired.
    assert len(sent) > 2 and len(set(sent)) == len(sent)


def test_tracker_run_help_says_only_people_without_any_address_get_the_console(run_cli):
    import re

    text = re.sub(r"\s+", " ", run_cli("run", "--help").stdout)
    assert "chỉ người chưa có địa chỉ nào thì thông báo được in ra màn hình" in text
    assert "để lại cho tiến trình có cấu hình" in text
    assert "không nhận được qua kênh nào đã cấu hình" not in text
