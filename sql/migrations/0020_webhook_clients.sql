-- 0020_webhook_clients.sql — webhooks owned by API clients (issue 10):
-- webhooks.client_id becomes the owning client's client_id (jbc_…, the
-- ctx.client_id of its tokens), with a foreign key, so deleting a client
-- deletes its webhooks and their deliveries.
--
-- The fan-out (0017) now never treats a client's webhook as unscoped: an
-- admin's webhook with no codes gets every event, a client's webhook only
-- events of a municipality in both its own codes (copied from the client
-- at creation) and the client's current codes, while the client is
-- active. So narrowing a client's codes or deactivating it stops its
-- deliveries at once; widening the codes does not widen old webhooks.

ALTER TABLE webhooks ALTER COLUMN client_id TYPE text USING client_id::text;
ALTER TABLE webhooks ADD CONSTRAINT webhooks_client_id_fkey
    FOREIGN KEY (client_id) REFERENCES api_clients (client_id)
    ON DELETE CASCADE;

CREATE OR REPLACE FUNCTION core.webhook_fanout() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO webhook_deliveries (webhook_id, event_id)
	SELECT w.id, NEW.id FROM webhooks w
	LEFT JOIN api_clients c ON c.client_id = w.client_id
	WHERE w.active AND NEW.type = ANY (w.events)
	  AND CASE WHEN w.client_id IS NULL THEN
		cardinality(w.municipality_codes) = 0
		OR NEW.municipality_code = ANY (w.municipality_codes)
	    ELSE c.active
		AND NEW.municipality_code = ANY (w.municipality_codes)
		AND NEW.municipality_code = ANY (c.municipality_codes) END;
	IF FOUND THEN
		PERFORM pg_notify('jobbro_webhooks', '');
	END IF;
	RETURN NULL;
END
$$;
