-- The succeeded jobs, each created_at as UTC text 'YYYY-MM-DD HH:MM:SS.ffffff' (utc), read as traceaudit reads it: INTEGER or REAL Unix seconds, or TEXT 'YYYY-MM-DD[( |T)HH:MM[:SS[.fraction]][ ][Z|+HH|+HH:MM|+HHMM]]', no zone meaning UTC; NULL when unreadable.
SELECT id, type, created_at, correlation_id, missing_trace,
       CASE WHEN us BETWEEN -62135596800000000 AND 253402300799999999
            THEN strftime('%Y-%m-%d %H:%M:%S', (us - (us % 1000000 + 1000000) % 1000000) / 1000000, 'unixepoch')
                 || printf('.%06d', (us % 1000000 + 1000000) % 1000000) END AS utc
FROM (
    SELECT *,
           CASE WHEN typeof(created_at) = 'integer' AND created_at BETWEEN -62135596800 AND 253402300799
                THEN created_at * 1000000
                WHEN typeof(created_at) = 'real' AND abs(created_at) < 1e13
                THEN CAST(round(created_at * 1000000) AS INTEGER)
                WHEN typeof(created_at) = 'text'
                 AND d GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND d >= '0001' AND date(julianday(d)) = d
                 AND (sep = '' OR (sep IN (' ', 'T', 't')
                      AND (tm GLOB '[0-2][0-9]:[0-5][0-9]' OR tm GLOB '[0-2][0-9]:[0-5][0-9]:[0-5][0-9]'
                           OR (tm GLOB '[0-2][0-9]:[0-5][0-9]:[0-5][0-9][.,][0-9]*' AND substr(tm, 10) NOT GLOB '*[^0-9]*'))
                      AND substr(tm, 1, 2) <= '23'
                      AND (zl <= 1 OR (substr(zone, 2, 2) <= '15' AND substr(zone, zl - 1) <= '59'))))
                THEN ((CAST(julianday(d) - 2440587.5 AS INTEGER) * 86400
                       + substr(tm, 1, 2) * 3600 + substr(tm, 4, 2) * 60 + substr(tm, 7, 2)
                       - CASE WHEN zl <= 1 THEN 0
                              ELSE (CASE WHEN zone GLOB '-*' THEN -1 ELSE 1 END)
                                   * (substr(zone, 2, 2) * 3600 + (CASE WHEN zl = 3 THEN 0 ELSE substr(zone, zl - 1) END) * 60) END)
                      * 1000000
                      + CAST(substr(substr(tm, 10) || '000000', 1, 6) AS INTEGER) + (substr(tm, 16, 1) >= '5'))
           END AS us
    FROM (
        SELECT *,
               substr(rest, 1, length(rest) - zl - (zl > 0 AND substr(rest, length(rest) - zl, 1) = ' ')) AS tm,
               substr(rest, length(rest) - zl + 1) AS zone
        FROM (
            SELECT *,
                   CASE WHEN rest GLOB '*[Zz]' THEN 1
                        WHEN rest GLOB '*[+-][0-9][0-9]:[0-9][0-9]' THEN 6
                        WHEN rest GLOB '*[+-][0-9][0-9][0-9][0-9]' THEN 5
                        WHEN rest GLOB '*[+-][0-9][0-9]' THEN 3
                        ELSE 0 END AS zl
            FROM (
                SELECT id, type, created_at, correlation_id,
                       trace_id IS NULL OR trace_id COLLATE BINARY = '' AS missing_trace,
                       substr(created_at, 1, 10) AS d, substr(created_at, 11, 1) AS sep, substr(created_at, 12) AS rest
                FROM {{table}}
                WHERE status COLLATE BINARY = 'succeeded'
            )
        )
    )
)
