-- Every inbound batch asks for unacknowledged rows of its keys within the duplicate window
-- (refuse_earlier_commits, InboundBatchWriter.FindEarlierCommitsAsync). With the old index on dedupe_key
-- alone, a table whose statistics lagged behind its inserts (any fresh or fast-growing one) got a
-- BitmapAnd with inbound_messages_newest, reading every row of the window on every batch: the check
-- cost 3 ms per batch after 20,000 messages and grew with each one, most of PostgreSQL's time at 50
-- sessions (tools/bench/inbound-load.sh). With received_at in the same partial index, the one tiny
-- index answers both conditions and no plan needs the other.
CREATE INDEX inbound_messages_unacknowledged_recent ON inbound_messages (dedupe_key, received_at) WHERE unacknowledged;
DROP INDEX inbound_messages_unacknowledged;
