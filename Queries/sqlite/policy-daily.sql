-- Daily compliance per UTC day since the cutoff, newest first; the percentage rounded half up, as the audit rounds it.
WITH jobs AS ({{policy_jobs}}),
days AS (
    SELECT substr(utc, 1, 10) AS day,
           count(*) AS total_succeeded,
           count(*) FILTER (WHERE NOT missing_trace) AS with_trace,
           count(*) FILTER (WHERE missing_trace) AS without_trace
    FROM jobs
    WHERE utc >= ?1
    GROUP BY day
)
SELECT day, total_succeeded, with_trace, without_trace,
       printf('%d.%02d', hundredths / 100, hundredths % 100) AS compliance_percent
FROM (SELECT *, (20000 * with_trace + total_succeeded) / (2 * total_succeeded) AS hundredths FROM days)
ORDER BY day DESC
