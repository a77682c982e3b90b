-- The inbound batch writer stores a batch in one round trip (one implicit transaction: lock the retry
-- keys, then this check, the inserts and the events), which is right only when no message of the batch
-- retries a commit its client was told 451 for. This statement runs after the locks, with a snapshot of
-- its own, so it sees a batch that committed the same message meanwhile; it fails the whole batch with
-- MH409 when there is such a row, and the writer then takes the path that reuses that row.
CREATE FUNCTION refuse_earlier_commits(keys bytea[], within interval) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM channels.inbound_messages
               WHERE unacknowledged AND dedupe_key = ANY (keys) AND received_at > now() - within) THEN
        RAISE EXCEPTION 'a message of this batch retries one committed after its client was told 451'
            USING ERRCODE = 'MH409';
    END IF;
END $$;
