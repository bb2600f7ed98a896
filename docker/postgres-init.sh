#!/bin/sh
# Runs once, when the postgres container initialises its data directory: the role Temporal uses,
# apart from the app's. Temporal's auto-setup creates its own databases (temporal,
# temporal_visibility), so the role may create databases; it gets nothing in the app's database.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v temporal_password="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE temporal LOGIN CREATEDB PASSWORD :'temporal_password';
REVOKE ALL ON DATABASE klachtflow FROM PUBLIC;
SQL
