-- What the agent's grain knows of their consoles, kept so a new activation (the old one's node died) goes on from it:
-- consoles_open while at least one console is open; consoles_closed_at when the last one closed (the offline grace
-- runs from then; cleared when the grace ends or a console opens); back_away when the grace took an agent who was
-- away offline, so their next console brings them back away rather than online.
ALTER TABLE agents
    ADD COLUMN consoles_open boolean NOT NULL DEFAULT false,
    ADD COLUMN consoles_closed_at timestamptz,
    ADD COLUMN back_away boolean NOT NULL DEFAULT false;

