-- All checks read one snapshot, so their numbers agree with each other; nothing can be written.
BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY
