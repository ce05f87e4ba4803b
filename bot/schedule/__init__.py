"""The calendar: periods of items, reading key-task tables, reminders, iCalendar."""
