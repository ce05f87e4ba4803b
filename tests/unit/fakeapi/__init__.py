"""Unit tests of the fake Bot API server."""
