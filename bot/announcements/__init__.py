"""Announcements: a notice to part of the tree, now or at a chosen time.

`audience` turns the sender's choice into selectors (and describes it), `timing` reads
a send time and applies quiet hours, `queueing` puts one outbox row per recipient, and
`progress` keeps the sender's progress message up to date until the final summary.
"""
