-- A deactivated member keeps their row, history and conversations but cannot sign in (their account is disabled with
-- them) and routing gives them nothing. Members start active.
ALTER TABLE members ADD COLUMN active boolean NOT NULL DEFAULT true;
