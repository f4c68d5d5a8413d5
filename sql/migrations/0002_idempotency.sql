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

-- Run api.<fn>(ctx, args) at most once per (caller, key).
CREATE FUNCTION api.idempotent(fn text, ctx jsonb, args jsonb, key text,
    request_hash text) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	who	text := coalesce(ctx->>'sub', 'anonymous');
	k	idempotency_keys;
	r	api.result;
BEGIN
	-- A second request with the key of one still running: 409, now.
	IF NOT pg_try_advisory_xact_lock(hashtext('idem:' || who),
	    hashtext(key)) THEN
		RAISE EXCEPTION USING ERRCODE = 'JB409', MESSAGE =
		    'a request with this Idempotency-Key is still in progress';
	END IF;

	SELECT * INTO k FROM idempotency_keys i
	WHERE i.owner = who AND i.key = idempotent.key;
	IF FOUND AND k.created_at < now() - interval '24 hours' THEN
		DELETE FROM idempotency_keys i
		WHERE i.owner = who AND i.key = idempotent.key;
	ELSIF FOUND THEN
		IF k.fn <> idempotent.fn OR
		    k.request_hash <> idempotent.request_hash THEN
			PERFORM api.raise_field('Idempotency-Key', 'mismatch',
			    'this Idempotency-Key was used with another request');
		END IF;
		RETURN (k.status, k.body, k.etag, NULL)::api.result;
	END IF;

	EXECUTE format('SELECT * FROM api.%I($1, $2)', fn) INTO r
	    USING ctx, args;
	INSERT INTO idempotency_keys (owner, key, fn, request_hash, status,
	    body, etag)
	VALUES (who, key, fn, request_hash, r.status, r.body, r.etag);

	-- Now and then, forget keys older than a day.
	IF random() < 0.01 THEN
		DELETE FROM idempotency_keys
		WHERE created_at < now() - interval '24 hours';
	END IF;

	RETURN r;
END
$$;
