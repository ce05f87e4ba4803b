"""The office's dashboard (a Telegram Mini App, also a desktop page): pages, initData
auth, scope checks.

- bot/web/initdata.py: Telegram's initData, validated as Telegram documents it.
- bot/web/sessions.py: the short-lived signed session cookie (who, until when).
- bot/web/links.py: one-time login links for a computer (`/bangtin link`).
- bot/web/viewer.py: who is looking, re-read from the database on every request; the
  scope check a page uses for a unit named in its URL (`require_unit`).
- bot/web/server.py: the routes, mounted on the process's one aiohttp application.
- bot/web/render.py: Jinja2 with the project's gettext.
- bot/web/pages/: one module per page; its docstring says how to add one.
"""
