"""The console: prints each message. The channel of people with no address at all, and of the demo; never a
stand-in for an e-mail or Telegram row this process cannot send (that row waits for the process that can)."""

from tracker.channels.spec import ChannelSpec

SPEC = ChannelSpec(
    name="console",
    label="màn hình",
    unit="thông báo in ra màn hình",
    transport=".transport:ConsoleChannel",
    fallback=True,  # addressed by name, always on; prints the shared text part
)
