"""Unit tests of storage: the migrations."""
