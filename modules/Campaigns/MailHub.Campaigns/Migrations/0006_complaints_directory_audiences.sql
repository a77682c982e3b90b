-- Complaints (ARF feedback reports, RFC 5965) matched to their recipient: status 'complained', the address suppressed.
ALTER TABLE recipients ADD COLUMN complained_at timestamptz;
ALTER TABLE recipients ADD COLUMN complaint text;
-- Where an audience came from: 'upload' (a CSV/XLSX file) or 'directory' (the directory's customers, with the filter used).
ALTER TABLE audiences ADD COLUMN source text NOT NULL DEFAULT 'upload';
ALTER TABLE audiences ADD COLUMN filter jsonb;
