-- 0019_references_calendar.sql — partners' own references, and calendar
-- subscriptions (issue 10, items 4 and 6).
--
-- external_reference: the partner system's (job centre's) own case or
-- posting reference, 1 to 100 characters, NULL when there is none. A
-- seeker's is unique within their municipality (two job centres may use
-- the same numbers); the unique index leads with the reference so that it
-- also serves ?external_reference= across municipalities. Jobs' are
-- not unique (an index for the filter only).
--
-- calendar_feeds: one active calendar subscription per user (POST
-- /v1/me/calendar-feed replaces it, DELETE removes it). Only the SHA-256
-- of the feed token is stored. token_version is the user's at creation:
-- a security change of the user (deactivation, role, scope, password,
-- logout-all: 0014_security) bumps theirs, and the feed stops working.

ALTER TABLE seekers ADD COLUMN external_reference text
    CHECK (char_length(external_reference) BETWEEN 1 AND 100);
CREATE UNIQUE INDEX seekers_external_reference_key ON seekers
    (external_reference, municipality_code)
    WHERE external_reference IS NOT NULL;

ALTER TABLE jobs ADD COLUMN external_reference text
    CHECK (char_length(external_reference) BETWEEN 1 AND 100);
CREATE INDEX jobs_external_reference_idx ON jobs (external_reference)
    WHERE external_reference IS NOT NULL;

CREATE TABLE calendar_feeds (
	user_id		uuid PRIMARY KEY REFERENCES users ON DELETE CASCADE,
	token_hash	text NOT NULL UNIQUE
			    CHECK (token_hash ~ '^[0-9a-f]{64}$'),
	token_version	int NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now()
);
