"""Persistence: typed models, repositories, the engine and Alembic migrations."""
