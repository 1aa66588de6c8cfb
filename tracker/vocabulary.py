"""The ids the tracker stores and the Vietnamese a person reads for them: one place for each word.

Standard library only, so that configuration, the CLI's option choices and the bot's settings can name roles
without loading the database models.

Every label is written as it reads inside a sentence: lower case, except the words Vietnamese always
capitalises (Chủ tịch, Phó Chủ tịch, Telegram, Zalo, CNTT). A table cell, a badge or the start of a sentence
capitalises at the place that prints it (tracker.formatting.cap); there is no second, capitalised vocabulary.

Notification channels are not here: each channel declares its own id and label.
"""

from __future__ import annotations

# ---------------------------------------------------------------- people

ROLES = ("chairman", "vice_chairman", "head", "staff", "it", "province")
ROLE_LABELS = {
    "chairman": "Chủ tịch",
    "vice_chairman": "Phó Chủ tịch",
    "head": "trưởng đơn vị",
    "staff": "công chức",
    "it": "cán bộ CNTT",
    "province": "cán bộ cấp tỉnh",
}
# A province official (Sở Nội vụ, Văn phòng UBND tỉnh): belongs to no commune, reads every commune, changes nothing.
PROVINCE_ROLE = "province"
COMMUNE_ROLES = tuple(r for r in ROLES if r != PROVINCE_ROLE)

# ---------------------------------------------------------------- task status (tracker.status derives it)

STATUSES = ("in_progress", "overdue", "done_on_time", "done_late", "no_deadline", "cancelled")
STATUS_LABELS = {
    "in_progress": "đang thực hiện trong hạn",
    "overdue": "đang thực hiện quá hạn",
    "done_on_time": "hoàn thành đúng hạn",
    "done_late": "hoàn thành quá hạn",
    "no_deadline": "thường xuyên / không có thời hạn",
    "cancelled": "đã hủy",
}
# A column header or a summary line, where the row already says it is about tasks being carried out.
STATUS_SHORT_LABELS = {
    "in_progress": "trong hạn",
    "overdue": "quá hạn",
    "done_on_time": "hoàn thành đúng hạn",
    "done_late": "hoàn thành quá hạn",
    "no_deadline": "thường xuyên",
    "cancelled": "đã hủy",
}
DUE_SOON_LABEL = "sắp đến hạn"  # a flag on an in-progress task, not a status of its own

# ---------------------------------------------------------------- extension requests

EXTENSION_STATUSES = ("requested", "approved", "rejected")
EXTENSION_STATUS_LABELS = {"requested": "chờ duyệt", "approved": "đã duyệt", "rejected": "đã từ chối"}

# ---------------------------------------------------------------- notifications

# "notice" is a one-off message, such as the decision on an extension taken from the command line.
KINDS = ("reminder", "overdue", "escalation", "digest", "notice")
KIND_LABELS = {
    "reminder": "nhắc hạn",
    "overdue": "nhắc quá hạn",
    "escalation": "báo cáo Chủ tịch",
    "digest": "bản tổng hợp tuần",
    "notice": "thông báo",
}
OUTBOX_STATUSES = ("pending", "sending", "sent", "failed", "skipped")
OUTBOX_STATUS_LABELS = {"pending": "chờ gửi", "sending": "đang gửi", "sent": "đã gửi", "failed": "lỗi",
                        "skipped": "bỏ qua"}

# ---------------------------------------------------------------- KPIs

KPI_STATES = ("met", "below", "no_data")
KPI_STATE_LABELS = {"met": "đạt", "below": "chưa đạt", "no_data": "chưa có số liệu"}
COMPARISONS = ("gte", "lte", "eq")
COMPARISON_SIGNS = {"gte": "≥", "lte": "≤", "eq": "="}

# ---------------------------------------------------------------- audit trail

# How an action reached the tracker (AuditEvent.channel, Actor.channel): not a notification channel.
AUDIT_CHANNELS = ("cli", "telegram", "zalo", "seed", "system", "import")
AUDIT_CHANNEL_LABELS = {"cli": "dòng lệnh", "telegram": "Telegram", "zalo": "Zalo", "seed": "nạp kế hoạch",
                        "system": "hệ thống", "import": "nhập tệp"}
ACTION_LABELS = {
    "task.create": "tạo nhiệm vụ",
    "task.update": "cập nhật từ kế hoạch",
    "task.done": "đánh dấu hoàn thành",
    "task.reopen": "mở lại",
    "task.extend": "gia hạn",
    "task.cancel": "hủy nhiệm vụ",
    "task.extension_request": "xin gia hạn",
    "task.extension_reject": "từ chối gia hạn",
    "task.result": "báo cáo kết quả nhiệm vụ thường xuyên",
    "task.trigger": "ghi nhận sự việc phát sinh nhiệm vụ",
    "task.carry_over": "chuyển tiếp sang kế hoạch mới",
    "plan.seed": "nạp kế hoạch",
    "commune.create": "thêm xã",
    "plan.set_issued": "ghi ngày ban hành kế hoạch",
    "plan.carry_over": "chuyển tiếp nhiệm vụ chưa hoàn thành",
    "plan.close": "kết thúc kế hoạch",
    "person.create": "thêm người",
    "person.edit": "sửa thông tin người",
    "person.deactivate": "vô hiệu hóa người",
    # One invitation links Telegram or Zalo; the event's channel (and its values) say which chat.
    "person.invite": "cấp mã liên kết Telegram hoặc Zalo",
    "person.link": "liên kết trò chuyện (Telegram hoặc Zalo)",
    "person.unlink": "hủy liên kết trò chuyện (Telegram hoặc Zalo)",
    "person.telegram_unreachable": "không liên lạc được qua Telegram",
    "person.zalo_unreachable": "không liên lạc được qua Zalo",
    "escalation.ack": "Chủ tịch đã xem cảnh báo",
    "kpi.record": "ghi số liệu chỉ tiêu",
    "workday.set": "điều chỉnh ngày làm việc",
    "workday.remove": "bỏ điều chỉnh ngày làm việc",
}

