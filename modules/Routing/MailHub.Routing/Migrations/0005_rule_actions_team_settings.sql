-- What a rule does besides choosing the team or agent: tags it adds and the priority it sets (through the
-- conversation's grain, once the conversation is routed). A rule's strategy may be left to its team's (null).
ALTER TABLE rules
    ADD COLUMN tags text[] NOT NULL DEFAULT '{}',
    ADD COLUMN priority text CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    ALTER COLUMN strategy DROP NOT NULL;

-- A team's own settings: how it hands conversations to its agents when a rule does not say, and the capacity its
-- agents start with (given to its members when saved, and to an agent who first appears in routing while in it).
ALTER TABLE teams
    ADD COLUMN strategy text NOT NULL DEFAULT 'round-robin' CHECK (strategy IN ('round-robin', 'least-open', 'manual')),
    ADD COLUMN default_capacity int CHECK (default_capacity BETWEEN 0 AND 1000);
