"""The data behind the dashboard's pages 3 to 6: queries that take the viewer's scope.

Framework-free: each function takes a session and a `Scope` and returns plain
dataclasses, so the pages only render, and the tests check rows without a browser.
"""
