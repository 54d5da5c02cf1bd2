"""The registry: accounts, documents and their versions, and the audit log, stored through
SQLAlchemy (SQLite under var/ by default, PostgreSQL when QA_DATABASE_URL is set) with the
schema changed only by Alembic migrations (registry/migrations)."""
