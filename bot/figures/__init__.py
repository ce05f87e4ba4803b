"""Charity figures: indicators, reporting periods, submissions, completeness and reports.

Pure logic lives here (periods, validation, the report's words, the .xlsx and the chart);
queries live in `storage.figures`; Telegram lives in `handlers.figures`.
"""
