-- Customers' tags (PUT /api/directory/customers/{id}/tags), and what campaigns' audiences filter customers by: any of
-- some tags, the time the customer was created (last conversation has customers_rank's column; its own index below).
ALTER TABLE customers ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
CREATE INDEX customers_tags ON customers USING gin (tags);
CREATE INDEX customers_created ON customers (created_at, id);
CREATE INDEX customers_last_conversation ON customers (last_conversation_at) WHERE last_conversation_at IS NOT NULL;
