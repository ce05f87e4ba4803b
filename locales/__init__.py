"""Gettext catalogs (vi default, en), shipped as package data."""
