-- The benchmark's table, deterministic: psql -v rows=N -f bench/generate-postgresql.sql
-- Jobs arrive at a fixed rate (10 million in 363 days, about 27,500 a day) up to 2026-11-29, so a
-- smaller table covers fewer days and a day holds as many jobs in every size: what a one-day
-- window reads does not depend on the table's size. 80 % succeeded, 15 % of all traces missing
-- (10 % NULL, 5 % ''), one NULL created_at per million: about a tenth of the rows are violations
-- (all of a small table's rows are after the 2026-02-01 cutoff).
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
            ELSE TIMESTAMPTZ '2026-11-29 00:00:00+00' - ((:rows - i) * (363 * 86400.0 / 10000000)) * INTERVAL '1 second' END,
       TIMESTAMPTZ '2026-11-29 00:00:00+00' - ((:rows - i) * (363 * 86400.0 / 10000000) - i % 300) * INTERVAL '1 second',
       CASE WHEN (i * 2654435761) % 100 < 10 THEN NULL
            WHEN (i * 2654435761) % 100 < 15 THEN ''
            ELSE md5(i::text) END,
       'req-' || to_hex(i * 40503)
FROM generate_series(1::bigint, :rows) AS i;
VACUUM ANALYZE executor_jobs;
