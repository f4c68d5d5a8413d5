-- 0015_events.sql — the change feed's outbox (issue 10): one row per
-- domain event, written in the same transaction as the change (by the
-- triggers of a later migration), read by GET /v1/events and by the
-- webhook sender. Rows carry ids and states only — never names, contact
-- data or notes — so erasure need not rewrite them; the scope columns
-- say who may see an event (the resource's municipality, employer and
-- seeker).

CREATE TABLE events (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	type		text NOT NULL CHECK (type ~ '^[a-z_]+\.[a-z_]+$'),
	occurred_at	timestamptz NOT NULL DEFAULT now(),
	resource_type	text NOT NULL CHECK (resource_type ~ '^[a-z_]+$'),
	resource_id	uuid NOT NULL,
	municipality_code text,
	employer_id	uuid,
	seeker_id	uuid,
	data		jsonb NOT NULL DEFAULT '{}'
			    CHECK (jsonb_typeof(data) = 'object')
);
CREATE INDEX events_municipality_id ON events (municipality_code, id);
CREATE INDEX events_type_id ON events (type, id);
CREATE INDEX events_employer_id ON events (employer_id, id)
    WHERE employer_id IS NOT NULL;
CREATE INDEX events_seeker_id ON events (seeker_id, id)
    WHERE seeker_id IS NOT NULL;
