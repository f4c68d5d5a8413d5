-- bench/pgbench/events.sql — the ceiling of bench/events.lua: the
-- statement the server runs for GET /v1/events?limit=100&after=… as the
-- bench consultant, after one of the same positions. run.sh passes them
-- as :positions (-D, a JSON array of the decoded cursors, [txid, id]);
-- the server hands api.events_list the decoded cursor as query.cursor.
\set k random(0, 31)
SELECT status, body, etag, next_cursor FROM api.events_list(api.session('{"role": "consultant", "request_id": "pgbench", "ip": "127.0.0.1", "ver": 0, "sub": "a0000000-0000-4000-8000-0000000000b1", "employer_id": null, "seeker_id": null, "municipality_codes": ["0265", "0370", "0561", "0615", "0630", "0657", "0791"]}'::jsonb), jsonb_build_object('query', jsonb_build_object('limit', 100, 'cursor', (:positions)::jsonb -> ((:k)::int % jsonb_array_length((:positions)::jsonb)))));
