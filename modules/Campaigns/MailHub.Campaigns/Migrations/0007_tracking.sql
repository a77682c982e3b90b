-- Open and click tracking, off unless a campaign asks for it; each counted once per recipient (the first time).
ALTER TABLE campaigns ADD COLUMN track_opens boolean NOT NULL DEFAULT false;
ALTER TABLE campaigns ADD COLUMN track_clicks boolean NOT NULL DEFAULT false;
ALTER TABLE recipients ADD COLUMN opened_at timestamptz;
ALTER TABLE recipients ADD COLUMN clicked_at timestamptz;

-- The HMAC key of the tracking links' tokens, the same on every node: 256 bits from the server's strong random source
-- (gen_random_uuid draws 122 random bits each), hashed.
CREATE TABLE tracking_key (
    id integer PRIMARY KEY CHECK (id = 1),
    key bytea NOT NULL
);
INSERT INTO tracking_key (id, key)
VALUES (1, sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')));
