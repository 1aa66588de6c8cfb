"""The interactive bot on Telegram and Zalo: linking chats to people, commands (and buttons on Telegram).

Heavy imports (telegram, sqlmodel) live in the submodules that need them;
tracker/bot/callbacks.py is standard-library only so the reminders engine can
use it without pulling in the bot.
"""
