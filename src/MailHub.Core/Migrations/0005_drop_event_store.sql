-- Events live in Marten's tables (schema events) since this version; subscriptions' progress too.
DROP TABLE IF EXISTS subscriptions;
DROP TABLE IF EXISTS events;
DROP TABLE IF EXISTS streams;
