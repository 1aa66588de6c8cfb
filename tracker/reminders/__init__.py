"""Reminders: policy (what is due), outbox (stored before delivery), dispatch, channels."""

import logging

# A library logs, an application decides where: without this, Python's last-resort handler would print
# English log lines under a Vietnamese CLI. `tracker run` configures real handlers (tracker/reminders/daemon.py).
logging.getLogger("tracker.reminders").addHandler(logging.NullHandler())
logging.getLogger("tracker.daemon").addHandler(logging.NullHandler())
