-- refuse_earlier_commits runs once per inbound batch. The host plans every statement with its values
-- (plan_cache_mode = force_custom_plan, DatabaseRegistration), so this function's one query was planned
-- anew on every call: 0.21 ms per call against 0.01 ms for the query itself (pg_stat_statements, one
-- session of tools/bench/inbound-load.sh). Its plan does not depend on the values (the one partial index
-- of migration 0007 answers it for any keys), so the function keeps a generic plan.
ALTER FUNCTION refuse_earlier_commits(bytea[], interval) SET plan_cache_mode = force_generic_plan;
