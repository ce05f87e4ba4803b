"""`hoibot try`: chat with the real bot in a terminal, offline, as any demo member.

The real application runs against the built-in fake Bot API server with a demo
association in a temporary SQLite file. Lines are read from standard input, so a
session can be scripted: `printf '/toi\\n/help\\n' | hoibot try`.
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from bot.app.application import build_application, start_polling, stop_polling
from bot.app.settings import Settings
from bot.cli.demo import seed_demo_work
from bot.cli.invite import new_invite
from bot.fakeapi import FakeTelegram
from bot.people.demo import DEMO_PEOPLE, STRANGER_ID, WAITING_MEMBER, DemoPerson, seed_demo
from bot.people.roles import role_name
from bot.schedule.demo import seed_demo_calendar
from bot.text.i18n import _
from storage.db import Database
from storage.delivery import has_due
from storage.models import Role

TOKEN = "1000000001:hoibot-try-offline-demo-token-000000"
DEMO_INVITE = "thaibinh"


class Terminal:
    """One person at a time talks to the bot; what they see is printed as plain text."""

    def __init__(self, fake: FakeTelegram, application: Any, out: TextIO) -> None:
        self.fake, self.application, self.out = fake, application, out
        self.people: list[tuple[int, str, DemoPerson | None]] = [
            (p.telegram_id, p.name, p) for p in DEMO_PEOPLE
        ]
        self.people.append((STRANGER_ID, _("A stranger (not a member)"), None))
        self.users = {tid: fake.user(user_id=tid, first_name=name) for tid, name, _p in self.people}
        self.current = self.people[0][0]
        self.shown: dict[int, dict[int, str]] = {tid: {} for tid in self.users}
        self.answers_shown: dict[int, int] = dict.fromkeys(self.users, 0)

    def print(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def introduce(self, invite_code: str) -> None:
        self.print(_("hoibot try: the real bot, offline, with a demo association."))
        self.print(
            _(
                "Type a message or a command as in Telegram. A number presses that button. "
                ":as N switches person, :who lists people, :contact shares your phone number, "
                ":quit ends."
            )
        )
        self.print(
            _(
                "The stranger (the last person) can join by sharing the phone number of a "
                "registered member (:contact), or with a demo invite: /start {code}"
            ).format(code=invite_code)
        )
        self.list_people()
        self.print(_("Things to try:"))
        for who, things in (
            (
                _("as the central office (1)"),
                "/baocao tiendo · /chidao 18/KH-HTS tiendo · /thongbao",
            ),
            (_("as a chapter lead (:as 2)"), "/nop · /lich · /chidao"),
            (_("as a member (:as 3)"), "/lich · /chidao · /toi"),
            (_("as a stranger (:as 11)"), f":contact · /start {invite_code} · /help"),
        ):
            self.print(f" • {who}: {things}")

    def list_people(self) -> None:
        for index, (tid, name, person) in enumerate(self.people, start=1):
            mark = "*" if tid == self.current else " "
            detail = f"{role_name(person.role)}, {person.unit}" if person else ""
            self.print(f" {mark}{index:>2}. {name}  {detail}".rstrip())

    async def handle(self, line: str) -> bool:
        """Act on one input line; False ends the session."""
        line = line.strip()
        if not line:
            return True
        if line in (":quit", ":q"):
            return False
        if line == ":who":
            self.list_people()
            return True
        if line.startswith(":as"):
            self.switch(line[3:].strip())
            return True
        user = self.users[self.current]
        if line == ":contact":
            person = next((p for tid, _n, p in self.people if tid == self.current), None)
            await user.share_contact(person.phone if person else WAITING_MEMBER[2])
        elif line.isdigit():
            if not await self.press(int(line)):
                return True
        else:
            await user.send(line)
        await self.settle()
        self.show_new()
        return True

    def switch(self, choice: str) -> None:
        try:
            self.current = self.people[int(choice) - 1][0]
        except (ValueError, IndexError):
            self.print(_("Choose a person by number, e.g. :as 2"))
            self.list_people()
            return
        name = next(n for tid, n, _p in self.people if tid == self.current)
        self.print(_("You are now {name}.").format(name=name))
        self.show_new()  # what arrived for this person meanwhile: notices, directives

    async def press(self, number: int) -> bool:
        user = self.users[self.current]
        buttons = self.buttons()
        if not 1 <= number <= len(buttons):
            self.print(_("There is no button {number}.").format(number=number))
            return False
        kind, label = buttons[number - 1]
        if kind == "inline":
            await user.press(label)
        elif kind == "contact":
            await self.handle(":contact")
            return False
        else:
            await user.send(label)
        return True

    def buttons(self) -> list[tuple[str, str]]:
        """What can be pressed now, numbered as printed.

        Inline buttons belong to the newest message; a reply keyboard stays until a later
        message replaces or removes it, as in the Telegram apps.
        """
        seen = [m for m in self.users[self.current].seen if not m.deleted]
        inline = [("inline", text) for row in seen[-1].buttons for text, _d in row] if seen else []
        keyboard: list[tuple[str, str]] = []
        for message in reversed(seen):
            if message.reply_keyboard or message.remove_keyboard:
                keyboard = [
                    ("contact" if text in message.request_contact else "keyboard", text)
                    for row in message.reply_keyboard
                    for text in row
                ]
                break
        return inline + keyboard

    async def settle(self) -> None:
        """Wait for the reply, and for what it queued (notices, pushes) to go out."""
        await self.fake.wait_idle()
        db = self.application.bot_data.db
        for _attempt in range(100):
            async with db.session() as session:
                if not await has_due(session, datetime.now(UTC), in_flight=True):
                    break
            await asyncio.sleep(0.1)
        await self.fake.wait_idle()

    def show_new(self) -> None:
        user = self.users[self.current]
        shown = self.shown[self.current]
        for message in user.seen:
            text = message.shown
            if message.document is not None:
                text = f"📎 {message.document_name}\n{text}".strip()
            if shown.get(message.message_id) == text:
                continue
            prefix = "🤖 " if message.message_id not in shown else _("🤖 (edited) ")
            shown[message.message_id] = text
            self.print(prefix + text.replace("\n", "\n   "))
        for index, (_kind, label) in enumerate(self.buttons(), start=1):
            self.print(f"   [{index}] {label}")
        answers = user.callback_answers[self.answers_shown[self.current] :]
        self.answers_shown[self.current] += len(answers)
        for answer in answers:
            if answer:
                self.print(_("🤖 (pop-up) {text}").format(text=answer))


async def run_tryout(stdin: TextIO, stdout: TextIO) -> int:
    with tempfile.TemporaryDirectory(prefix="hoibot-try-") as folder:
        async with FakeTelegram(token=TOKEN) as fake:
            settings = Settings(
                token=TOKEN,
                database_url=f"sqlite+aiosqlite:///{Path(folder) / 'demo.sqlite3'}",
                telegram_api_url=fake.base_url,
                telegram_file_url=fake.base_file_url,
                bot_username="hoibot_test_bot",
            )
            db = Database(settings.database_url)
            await db.upgrade()
            async with db.session() as session:
                await seed_demo(session)
                today = datetime.now(settings.tz).date()
                await seed_demo_calendar(session, today)
                await seed_demo_work(session, settings, today)
                await session.commit()
            invite_code = await new_invite(db, "TB", Role.MEMBER, 100, None, code=DEMO_INVITE)
            application = build_application(settings, db)
            await start_polling(application, poll_timeout=1)
            fake.attach(application)
            terminal = Terminal(fake, application, stdout)
            await terminal.settle()  # what the demo sent before you came: the directive, a notice
            terminal.introduce(invite_code)
            try:
                while True:
                    line = await asyncio.to_thread(stdin.readline)
                    if not line:
                        break
                    if not stdin.isatty():
                        terminal.print(f"» {line.rstrip()}")
                    if not await terminal.handle(line):
                        break
            finally:
                await stop_polling(application)
    return 0
