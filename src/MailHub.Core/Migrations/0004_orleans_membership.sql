-- Orleans cluster membership (Cluster/PostgresMembershipTable.cs): which nodes (silos) are in a cluster and their
-- status. One version row per cluster; every change of membership moves its version and etag, guarded by the
-- etag it was read with (optimistic concurrency, as Orleans' IMembershipTable contract asks).
CREATE TABLE orleans_membership_versions (
    cluster_id text PRIMARY KEY,
    version int NOT NULL,
    etag bigint NOT NULL
);

-- One row per silo incarnation: address "ip:port@generation" (Orleans' SiloAddress), a restart is a new row.
CREATE TABLE orleans_membership (
    cluster_id text NOT NULL REFERENCES orleans_membership_versions (cluster_id) ON DELETE CASCADE,
    silo_address text NOT NULL,
    status int NOT NULL,
    silo_name text NOT NULL,
    host_name text NOT NULL,
    proxy_port int NOT NULL,
    role_name text,
    update_zone int NOT NULL,
    fault_zone int NOT NULL,
    -- [["ip:port@generation", "suspected at"], ...]: who suspects this silo of being dead, and since when
    suspect_times jsonb,
    start_time timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    etag bigint NOT NULL,
    PRIMARY KEY (cluster_id, silo_address)
);
