-- Who changed what: sign-ins (also failed, with the e-mail tried), sign-outs, password changes and resets, and every
-- successful unsafe API call. Never a request body: no password or authorization code can end up here.
CREATE TABLE audit (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_id uuid,
    actor_email text,
    action text NOT NULL,
    method text,
    route text,
    target_id text,
    status integer NOT NULL,
    ip text
);
-- Newest first (keyset on id), by actor, by action or target.
CREATE INDEX audit_actor ON audit (actor_id, id);
CREATE INDEX audit_action ON audit (action, id);
CREATE INDEX audit_target ON audit (target_id, id) WHERE target_id IS NOT NULL;
CREATE INDEX audit_at ON audit (at);
