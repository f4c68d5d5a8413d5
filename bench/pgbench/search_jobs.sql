-- bench/pgbench/search_jobs.sql — the ceiling of bench/search_jobs.lua:
-- q = a Danish word, near = one of five centres, radius 25 km, 20 a page.
\set w random(1, 16)
\set c random(1, 5)
SELECT status, body, etag, next_cursor FROM api.jobs_list(api.session('{"role": "anonymous", "request_id": "pgbench", "ip": "127.0.0.1", "ver": 0, "sub": null, "employer_id": null, "seeker_id": null, "municipality_codes": []}'::jsonb), jsonb_build_object('query', jsonb_build_object('q', (ARRAY['lager', 'opvask', 'køkken', 'rengøring', 'planter', 'kaffe', 'cykler', 'vasketøj', 'bageri', 'plejecenter', 'dyr', 'post', 'pakker', 'hotel', 'salatbar', 'varer'])[:w], 'near', jsonb_build_object('lat', (ARRAY[55.676, 56.157, 55.403, 57.048, 55.709])[:c], 'lon', (ARRAY[12.568, 10.211, 10.402, 9.919, 9.536])[:c]), 'radius_km', 25, 'limit', 20)));
