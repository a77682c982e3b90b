-- An invited account has no password (NULL) until the invitee chooses one through the link an admin sent them; it
-- cannot sign in before that.
ALTER TABLE accounts ALTER COLUMN password_hash DROP NOT NULL;

-- A one-time link to choose a password: only the token's SHA-256 is kept, so the table does not hold working links.
-- Using it deletes the account's rows; a new link for the account replaces the old one.
CREATE TABLE invitations (
    token_hash bytea PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invitations_account ON invitations (account_id);
