-- Audiences: uploaded lists (CSV/XLSX) of addresses with a name and custom fields, each address with its state.
CREATE TABLE audiences (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    -- the custom fields' names, in the file's column order
    fields text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audience_members (
    audience_id uuid NOT NULL REFERENCES audiences (id) ON DELETE CASCADE,
    -- lower-cased, as compared everywhere
    email text NOT NULL,
    name text,
    fields jsonb NOT NULL DEFAULT '{}',
    -- subscribed | unsubscribed | bounced | complained
    state text NOT NULL DEFAULT 'subscribed',
    row_number integer NOT NULL,
    PRIMARY KEY (audience_id, email)
);
CREATE INDEX audience_members_email ON audience_members (email);

-- Addresses no campaign sends to, whatever list they come from.
CREATE TABLE suppressions (
    email text PRIMARY KEY,
    -- unsubscribed | bounced | complained | manual
    reason text NOT NULL,
    campaign_id uuid,
    note text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE campaigns (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    audience_id uuid NOT NULL REFERENCES audiences (id),
    mailbox_id uuid NOT NULL,
    subject text NOT NULL,
    html text,
    text text,
    -- merge field → value for recipients who lack it
    defaults jsonb NOT NULL DEFAULT '{}',
    per_minute integer,
    send_at timestamptz,
    -- draft | scheduled | sending | paused | done | cancelled
    status text NOT NULL DEFAULT 'draft',
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz
);

-- One row per recipient of a sent campaign, written when it is sent (the audience as it was then). The row says
-- 'sending' in the same transaction that puts its message in the Channels outbox, with the Message-ID it keeps on
-- every retry; the outbox's outcome events then make it 'sent' or 'failed'.
CREATE TABLE recipients (
    id uuid PRIMARY KEY,
    campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    email text NOT NULL,
    name text,
    fields jsonb NOT NULL DEFAULT '{}',
    -- queued | sending | sent | failed | suppressed | cancelled
    status text NOT NULL DEFAULT 'queued',
    message_id text,
    outbound_id uuid,
    attempts integer NOT NULL DEFAULT 0,
    error text,
    enqueued_at timestamptz,
    sent_at timestamptz,
    unsubscribed_at timestamptz,
    UNIQUE (campaign_id, email)
);
CREATE INDEX recipients_queued ON recipients (campaign_id, id) WHERE status = 'queued';
CREATE INDEX recipients_status ON recipients (campaign_id, status);
-- What campaigns handed to the outbox lately: a mailbox's pace grain reads it back when it is activated anew.
CREATE INDEX recipients_enqueued ON recipients (enqueued_at) WHERE enqueued_at IS NOT NULL;

-- A mailbox's pace for campaigns (messages per minute and per day); without a row, MailHub:Campaigns:Pace.
CREATE TABLE mailbox_pace (
    mailbox_id uuid PRIMARY KEY,
    per_minute integer NOT NULL,
    per_day integer NOT NULL
);
