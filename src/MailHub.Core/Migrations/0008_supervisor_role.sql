-- Supervisors: they see and act on every team's conversations and change no settings (Roles in Accounts/AccountStore.cs).
ALTER TABLE accounts DROP CONSTRAINT accounts_role_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_role_check CHECK (role IN ('admin', 'supervisor', 'agent'));
