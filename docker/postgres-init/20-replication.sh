#!/bin/sh
# Run once by the postgres image on an empty data directory: a role for streaming replicas (the `scale`
# profile of docker-compose.yml), allowed to connect for replication from the compose network, and a
# physical slot so the primary keeps the WAL a replica has not received yet.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres --set=password="$REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator LOGIN REPLICATION PASSWORD :'password';
SELECT pg_create_physical_replication_slot('replica');
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
