#!/bin/sh
# Creates Temporal's two PostgreSQL databases when missing and brings their schemas up to the
# server release's version; safe to run again (a new release: run it before the new server).
# Run by docker-compose.yml's temporal-schema job (temporalio/admin-tools image) and by the
# tests' Temporal server (test/support/temporal-server.ts), so CI runs what the stack runs.
# temporal-sql-tool reads the connection itself from SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD.
set -eu
SQL_PLUGIN="${SQL_PLUGIN:-postgres12}"
export SQL_PLUGIN
tool="${TEMPORAL_SQL_TOOL:-temporal-sql-tool}"
schema="${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}"

for target in "${DBNAME:-temporal}:temporal" "${VISIBILITY_DBNAME:-temporal_visibility}:visibility"; do
  db="${target%%:*}"
  kind="${target##*:}"
  # Both fail harmlessly once done; update-schema then says whether the database is usable.
  "$tool" --db "$db" create-database >/dev/null 2>&1 || true
  "$tool" --db "$db" setup-schema -v 0.0 >/dev/null 2>&1 || true
  "$tool" --db "$db" update-schema -d "$schema/$kind/versioned"
done
