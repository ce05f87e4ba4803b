"""Fuzzing the real bot through the fake Bot API (marked slow; CI runs it)."""
