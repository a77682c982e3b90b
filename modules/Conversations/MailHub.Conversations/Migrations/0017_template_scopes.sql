-- Canned replies belong to everyone (neither set), to one team (team_id: its agents use them, admins and supervisors
-- write them) or to one agent (owner_id: only they see and change it). Those written before are everyone's.
ALTER TABLE templates
    ADD COLUMN team_id uuid,
    ADD COLUMN owner_id uuid,
    ADD CONSTRAINT templates_one_scope CHECK (team_id IS NULL OR owner_id IS NULL);
CREATE INDEX templates_owner ON templates (owner_id) WHERE owner_id IS NOT NULL;
