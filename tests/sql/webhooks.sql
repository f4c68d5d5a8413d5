-- tests/sql/webhooks.sql — the fan-out of events to webhooks (type, scope,
-- active) and the sender's bookkeeping (api.webhook_claim, webhook_done):
-- claims are exclusive and leased, 2xx delivers, anything else backs off
-- until the retry window ends, then the delivery fails and the webhook is
-- turned off.
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql

CREATE TEMP TABLE t_hooks AS
WITH w AS (INSERT INTO webhooks (url, events, secret, municipality_codes)
	VALUES ('https://a.example.org/', '{job.published}', repeat('s', 32), '{}'),
	       ('https://b.example.org/', '{job.published,job.closed}',
	        repeat('s', 32), '{0101}'),
	       ('https://c.example.org/', '{job.published}', repeat('s', 32),
	        '{0147}')
	RETURNING id, url)
SELECT * FROM w;
INSERT INTO webhooks (url, events, secret, active)
VALUES ('https://off.example.org/', '{job.published}', repeat('s', 32), false);

-- Keep other webhooks' deliveries out of the counts below.
DELETE FROM webhook_deliveries;

INSERT INTO events (type, resource_type, resource_id, municipality_code)
VALUES ('job.published', 'job', gen_random_uuid(), '0101'),
       ('job.closed', 'job', gen_random_uuid(), '0101'),
       ('job.filled', 'job', gen_random_uuid(), '0101');

-- job.published in 0101: a (all) and b (0101), not c (0147) nor the
-- inactive one; job.closed: b; job.filled: nobody.
DO $$
DECLARE
	got	text[];
BEGIN
	SELECT array_agg(e.type || '>' || split_part(w.url, '.', 1)
	    ORDER BY e.type, w.url) INTO got
	FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
	JOIN events e ON e.id = d.event_id;
	ASSERT got = '{job.closed>https://b,job.published>https://a,job.published>https://b}',
	    'fan-out: ' || got::text;
END
$$;

-- Claims: each due delivery once, leased (not due again at once).
DO $$
DECLARE
	n	int;
	again	int;
	d	uuid;
	r	text;
BEGIN
	SELECT count(*) INTO n FROM api.webhook_claim(10, 60);
	SELECT count(*) INTO again FROM api.webhook_claim(10, 60);
	ASSERT n = 3 AND again = 0, format('claimed %s then %s', n, again);

	-- 2xx: delivered, and not pending any more.
	SELECT id INTO d FROM webhook_deliveries LIMIT 1;
	r := api.webhook_done(d, 204, NULL, 86400, 30, 3600);
	ASSERT r = 'delivered', r;
	ASSERT api.webhook_done(d, 200, NULL, 86400, 30, 3600) = 'gone';

	-- 500 inside the window: retried later, with the error recorded.
	SELECT id INTO d FROM webhook_deliveries WHERE delivered_at IS NULL
	LIMIT 1;
	r := api.webhook_done(d, 500, NULL, 86400, 30, 3600);
	ASSERT r = 'retry', r;
	ASSERT (SELECT attempts = 1 AND last_status = 500
	    AND last_error = 'HTTP 500'
	    AND next_attempt_at BETWEEN now() + interval '15 s'
	        AND now() + interval '30 s'
	    FROM webhook_deliveries WHERE id = d), 'backoff after one failure';

	-- No answer after the window: failed, and the webhook turned off.
	UPDATE webhook_deliveries SET first_attempt_at = now() - interval '2 h'
	WHERE id = d;
	r := api.webhook_done(d, 0, 'Timeout was reached', 3600, 30, 3600);
	ASSERT r = 'failed', r;
	ASSERT (SELECT failed_at IS NOT NULL AND last_status IS NULL
	    AND last_error = 'Timeout was reached'
	    FROM webhook_deliveries WHERE id = d), 'failed delivery';
	ASSERT (SELECT NOT w.active AND w.disabled_reason LIKE '%Timeout%'
	    FROM webhooks w JOIN webhook_deliveries x ON x.webhook_id = w.id
	    WHERE x.id = d), 'the webhook is turned off';
END
$$;

-- The sender's role may call its two entry points and nothing else here.
DO $$
BEGIN
	ASSERT has_function_privilege('jobbro_app',
	    'api.webhook_claim(int, int)', 'EXECUTE');
	ASSERT has_function_privilege('jobbro_app',
	    'api.webhook_done(uuid, int, text, float8, float8, float8)',
	    'EXECUTE');
	ASSERT NOT has_function_privilege('jobbro_app',
	    'api.webhook_random_hex()', 'EXECUTE');
	ASSERT NOT has_table_privilege('jobbro_app', 'webhooks', 'SELECT');
END
$$;
