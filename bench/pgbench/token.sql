-- bench/pgbench/token.sql — the database part of bench/token.lua: the two
-- statements the server runs for a password login (src/endpoints/auth.c,
-- jb_auth_sql), with a random 64-hex refresh-token hash. The Argon2id
-- verification between them (in a Kore task) is not here: the HTTP
-- scenario is CPU-bound by design and far below this ceiling.
--
-- The login throttle counts every attempt (api.auth_login_check) and a
-- success gives it back (api.auth_issue): more than 5 attempts in flight
-- per account and address, or 20 per account, would block the account
-- for 15 minutes. So client c logs in as demo user c % 4 + 1 from its own
-- loopback address 127.0.<c / 250>.<c % 250 + 1> (at most one attempt in
-- flight per address, 16 per account at 64 clients); a refusal
-- (retry_after > 0) aborts the client, so pgbench fails loudly instead of
-- measuring refusals.
\set u :client_id % 4 + 1
\set a :client_id / 250
\set b :client_id % 250 + 1
SELECT user_id, password_hash, retry_after FROM api.auth_login_check((ARRAY['consultant@demo.jobbro.dk', 'employer@demo.jobbro.dk', 'seeker@demo.jobbro.dk', 'partner@demo.jobbro.dk'])[:u], '127.0.' || :a || '.' || :b) \gset
\if :retry_after > 0
SELECT ('throttled: api.auth_login_check refused the login (retry_after ' || :retry_after || ' s)')::int;
\endif
SELECT api.auth_issue(:user_id::uuid, md5(random()::text) || md5(random()::text), 2592000, '127.0.' || :a || '.' || :b);
