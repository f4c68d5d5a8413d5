-- 0002_idempotency.sql — Idempotency-Key on POST (DESIGN.md §4): the same
-- key with the same request answers the stored first response; with
-- another request 422; while the first is still running 409. Keys live
-- 24 hours. The endpoint runs in the same transaction as the key, so a
-- request that fails leaves no key behind and may simply be retried.

CREATE TABLE idempotency_keys (
	owner		text NOT NULL,		-- user id, or 'anonymous'
	key		text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
	fn		text NOT NULL,
	request_hash	text NOT NULL,
	status		int,
	body		json,
	etag		text,
	created_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (owner, key)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
