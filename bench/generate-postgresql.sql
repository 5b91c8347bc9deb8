-- The benchmark's table, deterministic: psql -v rows=N -f bench/generate-postgresql.sql
-- Jobs spread evenly from 2025-12-01 over 363 days (the cutoff 2026-02-01 falls in the 63rd),
-- 80 % succeeded, 15 % of all traces missing (10 % NULL, 5 % ''), one NULL created_at per
-- million: about a tenth of the rows are violations.
\set ON_ERROR_STOP on
SET TimeZone = 'UTC';
DROP TABLE IF EXISTS executor_jobs;
CREATE TABLE executor_jobs (
    id             bigint PRIMARY KEY,
    type           text NOT NULL,
    status         text NOT NULL,
    created_at     timestamptz,
    updated_at     timestamptz,
    trace_id       text,
    correlation_id text
);
INSERT INTO executor_jobs
SELECT i,
       (ARRAY['send_email', 'generate_report', 'sync_inventory', 'charge_payment', 'webhook_delivery'])[1 + i % 5],
       CASE WHEN i % 10 < 8 THEN 'succeeded' WHEN i % 10 = 8 THEN 'failed' ELSE 'running' END,
       CASE WHEN i % 1000003 = 0 THEN NULL
            ELSE TIMESTAMPTZ '2025-12-01 00:00:00+00' + (i * (363 * 86400.0 / :rows)) * INTERVAL '1 second' END,
       TIMESTAMPTZ '2025-12-01 00:00:00+00' + (i * (363 * 86400.0 / :rows) + i % 300) * INTERVAL '1 second',
       CASE WHEN (i * 2654435761) % 100 < 10 THEN NULL
            WHEN (i * 2654435761) % 100 < 15 THEN ''
            ELSE md5(i::text) END,
       'req-' || to_hex(i * 40503)
FROM generate_series(1::bigint, :rows) AS i;
VACUUM ANALYZE executor_jobs;
