-- A provider's pace for campaigns as an admin changed it (PUT /api/campaigns/pace/presets/{provider}); without a row,
-- the built-in default of Sending/PacePresets.cs. A mailbox without a row in mailbox_pace uses its provider's.
CREATE TABLE pace_presets (
    provider text PRIMARY KEY,
    per_minute integer NOT NULL,
    per_day integer NOT NULL,
    note text,
    updated_at timestamptz NOT NULL DEFAULT now()
);
