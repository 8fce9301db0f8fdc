#!/bin/sh
# The streaming replica of the compose profile "scale": a base backup of the primary on first start
# (pg_basebackup -R writes standby.signal and primary_conninfo; -C -S creates its slot), then a hot standby.
set -eu
until pg_isready -h db -U qcr -d qcr; do sleep 1; done
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  PGPASSWORD="$QCR_REPLICATION_PASSWORD" pg_basebackup -h db -U replicator -D "$PGDATA" -R -X stream -C -S replica1
  chmod 0700 "$PGDATA"
fi
exec postgres -c hot_standby=on
