"""/lich: what concerns the member's unit, by week, month or quarter, with paging buttons.

Leads and admins keep the calendar through `handlers.schedule.manage`; documents with a
key-task table are imported through `handlers.schedule.importing`.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.app import callbacks
from bot.app.errors import NotJoined, UserError
from bot.app.scope import HoiContext
from bot.people.access import Principal
from bot.schedule.ics import calendar_ics
from bot.schedule.items import Occurrence, occurrences, period_of
from bot.schedule.ranges import (
    DayRange,
    RangeKind,
    month_of,
    next_quarter,
    parse_range,
    this_quarter,
    upcoming,
    week_of,
)
from bot.schedule.render import (
    FIELD_CHARS,
    TITLE_CHARS,
    describe_period,
    item_line,
    range_title,
    shorten,
)
from bot.text.i18n import N_, _, current_locale
from storage.models import ItemStatus, Role
from storage.schedule import ListedItem, list_concerning, list_in_range

# Telegram takes 4096 characters; pages stay well under, whatever the items hold.
PAGE_CHARS = 3500
PAGE_ITEMS = 8
ICS_LIMIT = 2000


def require_member(context: HoiContext) -> Principal:
    if context.principal is None:
        raise NotJoined()
    return context.principal


def today_in(context: HoiContext) -> date:
    return datetime.now(context.settings.tz).date()


def member_units(principal: Principal) -> list[int]:
    return [post.unit_id for post in principal.posts]


@dataclass(frozen=True)
class Entry:
    """One line to list: its group, the item, and when (rendered only if its page is shown)."""

    group: str | None
    item: ListedItem
    occurrence: Occurrence | None  # None: the day is still to be announced

    def cost(self) -> int:
        """An upper bound of the entry's length in the message, from the stored text."""
        item = self.item
        size = min(len(item.title), TITLE_CHARS) + len(item.period_text) + 120
        size += min(len(item.place or ""), FIELD_CHARS) + min(
            len(item.responsible or ""), FIELD_CHARS
        )
        # html.escape turns one character into at most six ("&quot;").
        text = f"{item.title}{item.place or ''}{item.responsible or ''}"
        return size + 5 * sum(text.count(char) for char in _ESCAPED) + len(self.group or "")

    def render(self, number: int, ids: bool) -> str:
        # Without a day yet: "ngày sẽ báo sau", or the text as written if it could not be read.
        period = self.occurrence.period if self.occurrence else period_of(self.item)
        return item_line(number, self.item, describe_period(period), ids)


_ESCAPED = "&<>\"'"


def _grouping(days: DayRange, today: date) -> Callable[[date], str | None]:
    """How a list is cut: this week / this month / later from today, or months of a quarter."""
    if days.kind is RangeKind.UPCOMING:
        week, month = week_of(today).end, month_of(today.year, today.month).end
        names = (_("This week"), _("Later this month"), _("Later"))
        return lambda day: names[0] if day <= week else names[1] if day <= month else names[2]
    if days.kind is RangeKind.QUARTER:
        return lambda day: _("Month {month}").format(month=day.month)
    return lambda day: None


def _entries(days: DayRange, today: date, items: list[ListedItem]) -> list[Entry]:
    """Dated items in order (a yearly one once per year it comes round), then those whose
    day is still to be announced."""
    found = sorted(
        ((item, o) for item in items for o in occurrences(item, days.start, days.end)),
        key=lambda pair: pair[1].sort_key,
    )
    group_of = _grouping(days, today)
    entries = [Entry(group_of(o.day), item, o) for item, o in found]
    later = [
        item
        for item in items
        if item.end_on is None and not item.recurring and item.status is not ItemStatus.DONE
    ]
    group = _("📌 Date to be announced")
    entries += [Entry(group, item, None) for item in sorted(later, key=lambda i: i.id)]
    return entries


def _pages(entries: list[Entry], header: str) -> list[list[Entry]]:
    """Pack entries into pages under the size limits, in order."""
    pages: list[list[Entry]] = [[]]
    size = len(header)
    for entry in entries:
        cost = entry.cost()
        if pages[-1] and (size + cost > PAGE_CHARS or len(pages[-1]) >= PAGE_ITEMS):
            pages.append([])
            size = len(header)
        pages[-1].append(entry)
        size += cost
    return pages


def _nav(kind: RangeKind, days: DayRange, page: int, pages: int) -> list[InlineKeyboardButton]:
    def go(target: int, label: str) -> InlineKeyboardButton:
        data = callbacks.pack("lv", kind, days.start.toordinal(), days.end.toordinal(), target)
        return InlineKeyboardButton(label, callback_data=data)

    row = []
    if page > 0:
        row.append(go(page - 1, _("◀ Previous")))
    if page + 1 < pages:
        row.append(go(page + 1, _("Next ▶")))
    return row


def range_buttons(today: date) -> list[list[InlineKeyboardButton]]:
    """This week, this month, this quarter, next quarter, a month, and the phone calendar."""
    return [list(row) for row in _range_rows(today, current_locale())]


@lru_cache(maxsize=16)
def _range_rows(today: date, locale: str) -> tuple[tuple[InlineKeyboardButton, ...], ...]:
    # The same rows close every list of the day; buttons are immutable, so they are shared.

    def named(kind: RangeKind, label: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=callbacks.pack("lv", kind, 0, 0, 0))

    later = next_quarter(today)
    following = callbacks.pack(
        "lv", RangeKind.QUARTER, later.start.toordinal(), later.end.toordinal(), 0
    )
    return (
        (named(RangeKind.WEEK, _("This week")), named(RangeKind.MONTH, _("This month"))),
        (
            named(RangeKind.QUARTER, _("This quarter")),
            InlineKeyboardButton(_("Next quarter"), callback_data=following),
        ),
        (
            InlineKeyboardButton(
                _("🗓 Pick a month"), callback_data=callbacks.pack("lm", today.year)
            ),
            InlineKeyboardButton(_("📥 Phone calendar"), callback_data=callbacks.pack("lics")),
        ),
    )


def _relative(kind: str, today: date) -> DayRange:
    if kind == RangeKind.WEEK:
        return week_of(today)
    if kind == RangeKind.MONTH:
        return month_of(today.year, today.month)
    if kind == RangeKind.QUARTER:
        return this_quarter(today)
    return upcoming(today)


async def render_view(
    context: HoiContext, principal: Principal, days: DayRange, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    """The page of the calendar a member asked for, and its buttons."""
    today = today_in(context)
    items = await list_in_range(context.session, member_units(principal), days.start, days.end)
    ids = principal.has_role(Role.LEAD)
    entries = _entries(days, today, items)
    units = ", ".join(post.unit_name for post in principal.posts) or _("the association")
    header = _("📅 <b>Calendar — {range}</b>\nFor: {units}").format(
        range=html.escape(range_title(days)), units=html.escape(units)
    )
    pages = _pages(entries, header)
    page = min(max(page, 0), len(pages) - 1)
    lines = [header]
    group: str | None = None
    first = 1 + sum(map(len, pages[:page]))
    for number, entry in enumerate(pages[page], start=first):
        if entry.group and entry.group != group:
            lines += ["", f"<b>{html.escape(entry.group)}</b>"]
        group = entry.group
        lines.append(entry.render(number, ids))
    if not entries:
        lines += ["", _("Nothing on the calendar for these days.")]
    if len(pages) > 1:
        lines += ["", _("Page {page}/{pages}").format(page=page + 1, pages=len(pages))]
    # One item a row: a button says what it opens, its number and a short title.
    rows = [
        [
            InlineKeyboardButton(
                f"{number}. {shorten(entry.item.title, BUTTON_TITLE)}",
                callback_data=callbacks.pack("li", entry.item.id),
            )
        ]
        for number, entry in enumerate(pages[page], start=first)
    ]
    nav = _nav(days.kind, days, page, len(pages))
    if nav:
        rows.append(nav)
    rows += range_buttons(today)
    return "\n".join(lines), InlineKeyboardMarkup(rows)


# How much of an item's title its button shows (a phone fits about 30 characters a row).
BUTTON_TITLE = 30

RANGE_EXAMPLES = N_(
    "I could not read “{text}” as days. Try for example:\n"
    "/lich tuần này · /lich tháng 5 · /lich quý 2 · /lich 19/5 · /lich 6/2026 · /lich ics"
)


async def show_schedule(update: Update, context: HoiContext) -> None:
    """Show the calendar: upcoming by default, or the days named after /lich."""
    message = update.effective_message
    assert message is not None
    principal = require_member(context)
    asked = " ".join(context.args or []).strip()
    if asked.lower() == "ics":
        await send_ics(update, context)
        return
    today = today_in(context)
    days = parse_range(asked, today)
    if days is None:
        raise UserError(RANGE_EXAMPLES, text=shorten(asked, 60))
    text, markup = await render_view(context, principal, days, 0)
    await message.reply_text(text, reply_markup=markup)


async def view_range(update: Update, context: HoiContext) -> None:
    """Show another page, or another range, in place of the list."""
    query = update.callback_query
    assert query is not None
    principal = require_member(context)
    kind, start, end, page = callbacks.unpack(query.data, "lv", 4)
    try:
        range_kind = RangeKind(kind)
        first, last, number = int(start), int(end), int(page)
        if first == 0:
            days = _relative(range_kind, today_in(context))
        else:
            days = DayRange(date.fromordinal(first), date.fromordinal(last), range_kind)
    except ValueError as exc:
        raise callbacks.StaleButton(query.data) from exc
    if days.end < days.start or (days.end - days.start) > timedelta(days=400):
        raise callbacks.StaleButton(query.data)
    text, markup = await render_view(context, principal, days, number)
    await query.answer()
    await query.edit_message_text(text, reply_markup=markup)


async def pick_month(update: Update, context: HoiContext) -> None:
    """Offer the twelve months of a year, and the years around it."""
    query = update.callback_query
    assert query is not None
    require_member(context)
    (year_text,) = callbacks.unpack(query.data, "lm", 1)
    if not year_text.isdigit() or not 1900 < int(year_text) < 2100:
        raise callbacks.StaleButton(query.data)
    year = int(year_text)
    months = []
    for month in range(1, 13):
        days = month_of(year, month)
        data = callbacks.pack(
            "lv", RangeKind.MONTH, days.start.toordinal(), days.end.toordinal(), 0
        )
        months.append(
            InlineKeyboardButton(_("Month {month}").format(month=month), callback_data=data)
        )
    rows = [months[i : i + 4] for i in range(0, 12, 4)]
    rows.append(
        [
            InlineKeyboardButton(f"◀ {year - 1}", callback_data=callbacks.pack("lm", year - 1)),
            InlineKeyboardButton(f"{year + 1} ▶", callback_data=callbacks.pack("lm", year + 1)),
        ]
    )
    await query.answer()
    await query.edit_message_text(
        _("🗓 Pick a month of {year}:").format(year=year), reply_markup=InlineKeyboardMarkup(rows)
    )


async def send_ics(update: Update, context: HoiContext) -> None:
    """Send the member's calendar as an .ics file for a phone's calendar app."""
    message = update.effective_message
    assert message is not None
    principal = require_member(context)
    if update.callback_query is not None:
        await update.callback_query.answer()
    since = today_in(context) - timedelta(days=31)
    items = await list_concerning(context.session, member_units(principal), since, ICS_LIMIT)
    content = calendar_ics(items, name=_("Association calendar"), tz=context.settings.tz)
    await message.reply_document(
        document=content,
        filename="lich-hoi.ics",
        caption=_(
            "Your calendar: {count} item(s). Open the file to add them to your phone's calendar."
        ).format(count=len(items)),
    )


def handlers() -> list[BaseHandler[Update, HoiContext, None]]:
    return [
        CommandHandler("lich", show_schedule),
        CallbackQueryHandler(view_range, pattern=callbacks.pattern("lv")),
        CallbackQueryHandler(pick_month, pattern=callbacks.pattern("lm")),
        CallbackQueryHandler(send_ics, pattern=callbacks.pattern("lics")),
    ]
