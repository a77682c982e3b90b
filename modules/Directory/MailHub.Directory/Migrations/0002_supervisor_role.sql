-- Supervisors (core migration 0008 widens core.accounts the same way): a member's role is its account's.
ALTER TABLE members DROP CONSTRAINT members_role_check;
ALTER TABLE members ADD CONSTRAINT members_role_check CHECK (role IN ('admin', 'supervisor', 'agent'));
