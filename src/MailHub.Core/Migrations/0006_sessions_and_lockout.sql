-- A row per sign-in (console cookie or bearer token): its id is a claim in the cookie and the tokens, and every
-- request looks it up, so deleting it signs that session out on every node from the next request.
CREATE TABLE sessions (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('cookie', 'bearer')),
    ip text,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- renewed when the cookie slides or the refresh token is used; sessions unused for 30 days are dropped
    last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_account ON sessions (account_id, last_seen_at);

-- A generated or reset password must be changed before anything else; failed sign-ins in a row lock the account
-- until locked_until (on every node: the lock is here, not in a node's memory).
ALTER TABLE accounts
    ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
    ADD COLUMN failed_sign_ins integer NOT NULL DEFAULT 0,
    ADD COLUMN locked_until timestamptz;
