-- Bounces matched back to their recipient: a hard one makes the recipient 'bounced' (and suppresses the address); soft
-- ones are counted per address, and suppress it after MailHub:Campaigns:SoftBounceLimit.
ALTER TABLE recipients ADD COLUMN bounced_at timestamptz;
ALTER TABLE recipients ADD COLUMN bounce text;
CREATE INDEX recipients_message_id ON recipients (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX recipients_outbound ON recipients (outbound_id) WHERE outbound_id IS NOT NULL;

CREATE TABLE soft_bounces (
    email text PRIMARY KEY,
    count integer NOT NULL,
    last_status text,
    last_at timestamptz NOT NULL DEFAULT now()
);
