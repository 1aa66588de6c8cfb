"""The domain layer: every rule of the tracker, behind functions the adapters call once.

Write side (each public action is one transaction and one audit event, takes `now` and an Actor, never prints):
- tasks: complete, reopen, extend, cancel;
- extensions: a head's request, a leader's decision (and the outcome notice);
- escalations: a leader's acknowledgement;
- accounts: linking a person's chat with a one-time code;
- people, kpis, workdays: the registry the IT officer keeps.

Read side: queries (what the CLI, the bot and the reports show), lookups (finding what a user names).
Rules: permissions (who may do what, configured once in [permissions]); tracker.status derives a task's status,
tracker.workdays the working days, tracker.reminders.policy what is sent when.

Errors are structured (tracker.errors): a code, the object, the values; the CLI and the bot word their own hints.
"""
