-- The single scan over a window of created_at (see scan.sql). The ranges only narrow what is read
-- and can use an index on created_at; traceaudit then filters each row by its exact instant.
-- Text timestamps: their date part lies within a day of the UTC date for any offset, so a range
-- of dates widened by a day each side holds them all. Numbers: Unix seconds. NULL created_at is
-- always read: it counts as undated. The ranges compare in created_at's own collation, so that an
-- index on it can serve them: their bounds hold only digits and '-', which BINARY, NOCASE and RTRIM
-- order every value against alike. Status and trace compare bytewise, as scan.sql explains.
-- A table read without a rowid (a view, a WITHOUT ROWID table) gives NULL for it.
-- ?1: the succeeded status; ?2, ?3: the text range; ?4, ?5: the number range; ?6, ?7: the
-- first and last Unix second traceaudit can read (years 0001 to 9999): numbers beyond them
-- (millisecond epochs read as seconds) are unreadable, and are read here to be counted as undated
-- rather than dropped by the ranges. A windowed scan is
-- read by one connection, so that an index on created_at can serve it.
SELECT created_at,
       trace_id IS NULL OR trace_id COLLATE BINARY = '' AS missing_trace,
       type,
       {{rowid}}
FROM {{table}}
WHERE status = ?1 AND status COLLATE BINARY = ?1
  AND (created_at IS NULL
       OR (created_at >= ?2 AND created_at < ?3)
       OR (created_at >= ?4 AND created_at < ?5)
       OR created_at < ?6 OR (created_at >= ?7 AND created_at < ''))
