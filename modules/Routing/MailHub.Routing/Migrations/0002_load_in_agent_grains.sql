-- An agent's load is counted by the agent's grain (reserved before a change commits, read back from
-- assignments when the grain activates): picking no longer locks agents' rows or stamps them. Whoever got
-- a conversation least recently, least-open's tie-break, is now the latest assigned_at of the agent's
-- open assignments.
ALTER TABLE agents DROP COLUMN last_assigned_at;
