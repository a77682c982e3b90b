-- ASP.NET Core Data Protection keys, shared by every node (tokens and encrypted secrets).
CREATE TABLE data_protection_keys (
    name text PRIMARY KEY,
    xml text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
