-- types.sql — the composite types of schema api. Every endpoint function
-- returns api.result (sql/README.md, "The endpoint call"). A change here
-- cannot be made in place: scripts/migrate.sh then rebuilds schema api
-- from scratch.

CREATE TYPE api.result AS (status int, body json, etag text, next_cursor text);
