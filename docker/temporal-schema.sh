#!/bin/sh
# The one-shot job temporal-schema of docker-compose.yml (image temporalio/admin-tools), before the
# Temporal server starts: what src/infra/temporalServer.ts does before it starts a server built
# from binaries. For the history database and the visibility database in turn, with
# temporal-sql-tool as the role temporal: `setup-schema -v 0.0` (the version tables; nothing when
# they exist), then `update-schema` to the newest version in the schema folder of this server
# version: on new databases the whole schema, on existing ones what a newer server added.
# It reads the variables the server image reads (x-temporal-db in docker-compose.yml); the
# databases themselves come from docker/postgres-init.sh.
set -eu
: "${DB:?}" "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${POSTGRES_PWD:?}" "${DBNAME:?}" "${VISIBILITY_DBNAME:?}"
schema_dir="${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}"
# The password through the environment, not on the command line.
SQL_PASSWORD="$POSTGRES_PWD"
export SQL_PASSWORD

for kind in temporal visibility; do
  if [ "$kind" = temporal ]; then database="$DBNAME"; else database="$VISIBILITY_DBNAME"; fi
  versioned="$schema_dir/$kind/versioned"
  [ -d "$versioned" ] || { echo "no schema at $versioned" >&2; exit 1; }
  set -- --plugin "$DB" --endpoint "$POSTGRES_SEEDS" --port "${DB_PORT:-5432}" --user "$POSTGRES_USER" --database "$database"
  echo "temporal-schema: $database (setup-schema -v 0.0, update-schema -d $versioned)"
  temporal-sql-tool "$@" setup-schema -v 0.0
  temporal-sql-tool "$@" update-schema -d "$versioned"
done
echo "temporal-schema: $DBNAME and $VISIBILITY_DBNAME up to date"
