-- The audit's one read transaction: every statement the audit runs on this connection reads the
-- same state of the file, so all checks agree with each other. The file is opened read-only.
BEGIN DEFERRED
