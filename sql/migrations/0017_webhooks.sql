-- 0017_webhooks.sql — webhook subscriptions and their deliveries (issue
-- 10). A row of events (0015) fans out, in the transaction that writes
-- it, to one delivery per active webhook that wants its type and whose
-- scope covers it; jobbro-webhookd (src/webhookd/) claims due deliveries
-- (api.webhook_claim), POSTs them signed with the webhook's secret and
-- records the answer (api.webhook_done).
--
-- The secret is kept as given: HMAC needs it, so it cannot be hashed. It
-- leaves the database in the POST answer once and, to the sender, with
-- each claim; never in a GET.

CREATE TABLE webhooks (
	id			uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	-- The owner: the admin who made it, or (when API clients can manage
	-- webhooks) the API client; its foreign key comes with api_clients.
	created_by		uuid REFERENCES users ON DELETE SET NULL,
	client_id		uuid,
	-- The scope: events of these municipalities only; empty: all (an
	-- admin's webhook).
	municipality_codes	text[] NOT NULL DEFAULT '{}',
	url			text NOT NULL CHECK (url ~* '^https?://[^/?#]'
				    AND length(url) <= 2000),
	events			text[] NOT NULL CHECK (cardinality(events) > 0
				    AND events <@ ARRAY['job.published',
				    'job.updated', 'job.closed', 'job.filled',
				    'seeker.created', 'seeker.updated',
				    'seeker.erased', 'application.created',
				    'application.status_changed',
				    'interview.scheduled',
				    'interview.rescheduled',
				    'interview.cancelled', 'interview.recorded',
				    'placement.created', 'placement.ended',
				    'follow_up.recorded']),
	secret			text NOT NULL CHECK (length(secret) >= 32),
	active			bool NOT NULL DEFAULT true,
	disabled_reason		text,
	version			int NOT NULL DEFAULT 1,
	created_at		timestamptz NOT NULL DEFAULT now(),
	updated_at		timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhooks_created_at_id_idx ON webhooks (created_at DESC, id DESC);
CREATE INDEX webhooks_client_id_idx ON webhooks (client_id)
    WHERE client_id IS NOT NULL;
CREATE TRIGGER webhooks_touch BEFORE UPDATE ON webhooks
    FOR EACH ROW EXECUTE FUNCTION core.touch_row();

-- One event for one webhook. Pending while neither delivered_at nor
-- failed_at is set; due when next_attempt_at has come (a claim pushes it
-- a lease ahead, so a crashed sender's claims come back by themselves).
CREATE TABLE webhook_deliveries (
	id			uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	webhook_id		uuid NOT NULL REFERENCES webhooks
				    ON DELETE CASCADE,
	event_id		bigint NOT NULL REFERENCES events
				    ON DELETE CASCADE,
	attempts		int NOT NULL DEFAULT 0,
	next_attempt_at		timestamptz NOT NULL DEFAULT now(),
	first_attempt_at	timestamptz,
	last_status		int,
	last_error		text,
	delivered_at		timestamptz,
	failed_at		timestamptz,
	created_at		timestamptz NOT NULL DEFAULT now(),
	UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries
    (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries
    (webhook_id, created_at DESC, id DESC);
CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (event_id);

-- A new event: a delivery for every webhook that wants it, and a wake-up
-- call to the senders (LISTEN jobbro_webhooks; sent at commit).
CREATE FUNCTION core.webhook_fanout() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO webhook_deliveries (webhook_id, event_id)
	SELECT w.id, NEW.id FROM webhooks w
	WHERE w.active AND NEW.type = ANY (w.events)
	  AND (cardinality(w.municipality_codes) = 0
	    OR NEW.municipality_code = ANY (w.municipality_codes));
	IF FOUND THEN
		PERFORM pg_notify('jobbro_webhooks', '');
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER events_webhook_fanout AFTER INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION core.webhook_fanout();
