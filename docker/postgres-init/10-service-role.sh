#!/bin/sh
# Run once by the postgres image on an empty data directory, as the superuser: the service's own role,
# owner of its database and nothing more (no superuser, so an injected statement cannot run programs
# on the host with COPY … TO PROGRAM; no CREATEDB, no CREATEROLE). The service connects as it and
# runs its migrations as it.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres --set=password="$TRACKER_PASSWORD" <<'SQL'
CREATE ROLE tracker LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'password';
CREATE DATABASE tracker OWNER tracker;
SQL
