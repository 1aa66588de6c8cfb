"""E-mail: SMTP (tracker/channels/email/transport.py), a plain-text part and an HTML part."""

from tracker.channels.email.settings import validate
from tracker.channels.spec import ChannelSpec, Setting

SPEC = ChannelSpec(
    name="email",
    label="thư điện tử",
    unit="thư điện tử",
    transport=".transport:EmailChannel",
    settings=(
        # smtp://host:25, smtp://user:pass@host:587?starttls=1 or smtps://user:pass@host:465
        Setting("smtp_url", "TRACKER_SMTP_URL", secret=True, required=True),
        Setting("mail_from", "TRACKER_MAIL_FROM", default="tracker@localhost"),
    ),
    address_field="email",
    html="email.html",  # templates/<kind>.email.html.j2; the plain part is the shared text
    validate=validate,
)
