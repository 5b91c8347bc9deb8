#!/usr/bin/env bash
# Copies the benchmark table from PostgreSQL into a SQLite snapshot, as an export would:
# created_at and updated_at in psql's text form ('2026-02-01 00:30:00+00'), NULL kept apart from ''.
#   bench/export-sqlite.sh POSTGRES_URL OUT.sqlite
set -euo pipefail
url=$1
out=$2
rm -f "$out" "$out.csv"
psql "$url" -qAt -c "SET TimeZone = 'UTC'" -c "\\copy (SELECT id, type, status, coalesce(created_at::text, '\\N'), coalesce(updated_at::text, '\\N'), coalesce(trace_id, '\\N'), correlation_id FROM executor_jobs ORDER BY id) TO '$out.csv' WITH (FORMAT csv)"
sqlite3 "$out" <<SQL
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE executor_jobs (id INTEGER PRIMARY KEY, type TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT,
  updated_at TEXT, trace_id TEXT, correlation_id TEXT);
.import --csv $out.csv executor_jobs
UPDATE executor_jobs SET created_at = NULL WHERE created_at = '\\N';
UPDATE executor_jobs SET updated_at = NULL WHERE updated_at = '\\N';
UPDATE executor_jobs SET trace_id = NULL WHERE trace_id = '\\N';
SQL
rm -f "$out.csv"
