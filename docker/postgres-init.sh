#!/bin/sh
# Runs once, when the postgres container initialises its data directory: the role Temporal uses,
# apart from the app's, and its two databases (owned by it, closed to others), as
# src/infra/temporalServer.ts prepares them for a server built from binaries. The role gets
# nothing in the app's database and may not create databases: the job temporal-schema
# (docker/temporal-schema.sh) only sets up and updates the schemas in these two.
# Run by hand on an older volume, it leaves databases that temporalio/auto-setup made as they are.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v temporal_password="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE temporal LOGIN PASSWORD :'temporal_password';
REVOKE ALL ON DATABASE klachtflow FROM PUBLIC;
SELECT format('CREATE DATABASE %I OWNER temporal ENCODING %L', name, 'UTF8')
  FROM unnest(ARRAY['temporal', 'temporal_visibility']) AS name
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = name) \gexec
REVOKE ALL ON DATABASE temporal FROM PUBLIC;
REVOKE ALL ON DATABASE temporal_visibility FROM PUBLIC;
SQL
