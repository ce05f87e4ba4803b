"""The report checker: totals and their parts added up again, amounts in digits compared
with their words, and totals compared with the figures in the bot (`checker`), on the
report's paragraphs (`paragraphs`) and its statements of a total with parts (`statements`);
`render` writes the findings out, `known` fetches the bot's figures of the report's period.
"""

from bot.figures.checking.checker import Check, Finding, Kind, Known, Note, NoteKind, check_report

__all__ = ["Check", "Finding", "Kind", "Known", "Note", "NoteKind", "check_report"]
