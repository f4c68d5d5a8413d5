-- bench/pgbench/token.sql — the database part of bench/token.lua: the two
-- statements the server runs for a password login (src/auth.c), with a
-- random 64-hex refresh-token hash. The Argon2id verification between
-- them (in a Kore task) is not here: the HTTP scenario is CPU-bound by
-- design and far below this ceiling.
\set u random(1, 4)
SELECT user_id, password_hash, retry_after FROM api.auth_login_check((ARRAY['consultant@demo.jobbro.dk', 'employer@demo.jobbro.dk', 'seeker@demo.jobbro.dk', 'partner@demo.jobbro.dk'])[:u]) \gset
SELECT api.auth_issue(:user_id::uuid, md5(random()::text) || md5(random()::text), 2592000);
