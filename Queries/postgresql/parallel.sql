-- --max-parallel N, right after the settings: at most N parallel workers per query node for the
-- audit, local to its transaction (0: each query runs in the audit's one server process), so that
-- the audit takes no more of the server's cores than that.
-- $1: N.
SELECT pg_catalog.set_config('max_parallel_workers_per_gather', $1, true)
