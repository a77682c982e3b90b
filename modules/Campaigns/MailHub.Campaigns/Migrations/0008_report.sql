-- The report over time (Report/): when a recipient's send failed for good, as sent_at, bounced_at and unsubscribed_at
-- say when those happened. Rows that failed before this column existed have none (the report places them at enqueued_at).
ALTER TABLE recipients ADD COLUMN failed_at timestamptz;
