#!/usr/bin/env bash
# A dump of the PostgreSQL database (custom format, compressed) into BACKUP_DIR; dumps older
# than BACKUP_KEEP_DAYS go. Run nightly (a timer or cron) with the service's environment:
#   set -a; . /etc/kurzer-draht/kurzer-draht.env; set +a; deploy/backup.sh
# Prints the file written. Copy the folder off the machine too: a backup on the same disk is none.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL is not set}"
url="${DATABASE_URL/postgresql+psycopg:/postgresql:}"
dir="${BACKUP_DIR:-/var/backups/kurzer-draht}"
keep="${BACKUP_KEEP_DAYS:-14}"
umask 077
mkdir -p "$dir"
file="$dir/kurzer-draht-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --no-privileges --dbname="$url" --file="$file.part"
mv "$file.part" "$file"
find "$dir" -name 'kurzer-draht-*.dump' -mtime +"$keep" -delete
echo "$file"
