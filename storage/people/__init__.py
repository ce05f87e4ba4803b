"""Queries over the people: units, members and their roles, invites, audiences."""
