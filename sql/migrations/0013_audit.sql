-- 0013_audit.sql — the audit log: who read or changed whose personal data,
-- when, from where. One row per event, written in the transaction of the
-- access itself; never updated, deleted or truncated (only a superuser,
-- who can switch triggers off, could). No free text and nothing personal
-- but ids: erasure never has to reach it. The vocabulary of `action` is in
-- sql/README.md ("The audit log").
--
-- Changes of the domain tables are recorded here by one row trigger
-- (core.audit_change); reads by the api functions that return the data
-- (api.audit, sql/api/audit.sql); logins and logouts by sql/api/auth.sql.
-- scripts/migrate.sh applies every pending migration in one transaction.

CREATE TABLE audit_events (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at		timestamptz NOT NULL DEFAULT now(),
	actor_id	uuid,		-- the user (ctx.sub); NULL: unknown
	actor_role	text NOT NULL,	-- ctx.role, or 'system'
	client_id	text,		-- the API client (client credentials)
	action		text NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
	resource_type	text,
	resource_id	text,		-- a uuid, or a code
	seeker_id	uuid,		-- whose personal data; no foreign key:
					-- the log outlives the row
	request_id	text,
	ip		inet
);
-- GET /v1/audit-events: newest first, by seeker, by actor, by period.
CREATE INDEX audit_events_seeker_id_at_id_idx ON audit_events
    (seeker_id, at, id) WHERE seeker_id IS NOT NULL;
CREATE INDEX audit_events_actor_id_at_id_idx ON audit_events
    (actor_id, at, id) WHERE actor_id IS NOT NULL;
CREATE INDEX audit_events_at_id_idx ON audit_events (at, id);

-- Append-only: every UPDATE, DELETE and TRUNCATE fails.
CREATE FUNCTION core.audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP
	    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE
    ON audit_events
    FOR EACH ROW EXECUTE FUNCTION core.audit_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION core.audit_append_only();

-- The server's role (scripts/db-roles.sql) reads and appends, nothing else.
DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'jobbro_app') THEN
		GRANT SELECT, INSERT ON audit_events TO jobbro_app;
	END IF;
END
$$;

-- What a change of user o to u was (core.audit_change).
CREATE FUNCTION core.audit_user_actions(o users, u users) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN cardinality(a) = 0 THEN '{user.updated}' ELSE a END
	FROM (SELECT array_remove(ARRAY[
	    CASE WHEN o.active AND NOT u.active THEN 'user.deactivated'
	        WHEN u.active AND NOT o.active THEN 'user.activated' END,
	    CASE WHEN (o.role, o.municipality_codes, o.employer_id, o.seeker_id)
	        IS DISTINCT FROM (u.role, u.municipality_codes, u.employer_id,
	        u.seeker_id) THEN 'user.role_changed' END,
	    CASE WHEN o.password_hash IS DISTINCT FROM u.password_hash
	        THEN 'user.password_changed' END], NULL) AS a) x
$$;

-- One event per changed row of a domain table. Arguments: the resource
-- type (singular) and the column naming the seeker whose data it is
-- ('id' for seekers, 'seeker_id', or none). The caller is the ctx that
-- api.session stores in the setting jobbro.ctx for the transaction
-- (actor NULL, role 'system' without one: migrations, seeds, psql).
--
-- Actions: <type>.created, <type>.deleted; an UPDATE is <type>.updated,
-- <type>.status_changed when status changed, seeker.erased when erased_at
-- was set; a user's is user.deactivated / user.activated,
-- user.role_changed (role or scope: municipality_codes, employer_id,
-- seeker_id) and user.password_changed, one event each, else
-- user.updated. An UPDATE that changed nothing but version, updated_at
-- (and a user's last_login_at) is not recorded.
CREATE FUNCTION core.audit_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	ctx	jsonb := nullif(current_setting('jobbro.ctx', true), '')::jsonb;
	kind	text := TG_ARGV[0];
	actions	text[];
	r	record;
	o	record;
	sid	uuid;
BEGIN
	IF TG_OP = 'INSERT' THEN
		r := NEW;
		actions := ARRAY[kind || '.created'];
	ELSIF TG_OP = 'DELETE' THEN
		r := OLD;
		actions := ARRAY[kind || '.deleted'];
	ELSE
		r := NEW;
		o := OLD;
		o.version := NEW.version;
		o.updated_at := NEW.updated_at;
		IF kind = 'user' THEN
			o.last_login_at := NEW.last_login_at;
		END IF;
		IF o IS NOT DISTINCT FROM NEW THEN
			RETURN NULL;
		END IF;
		-- (a column is named only where the table has it: plpgsql
		-- looks fields up when an expression runs, all of it)
		IF kind = 'user' THEN
			actions := core.audit_user_actions(OLD, NEW);
		ELSIF kind = 'employer' THEN	-- the one without a status
			actions := '{employer.updated}';
		ELSIF OLD.status IS DISTINCT FROM NEW.status THEN
			actions := ARRAY[kind || '.status_changed'];
		ELSE
			actions := ARRAY[kind || '.updated'];
		END IF;
		IF kind = 'seeker' THEN
			IF OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL THEN
				actions := '{seeker.erased}';
			END IF;
		END IF;
	END IF;

	IF TG_ARGV[1] = 'id' THEN
		sid := r.id;
	ELSIF TG_ARGV[1] = 'seeker_id' THEN
		sid := r.seeker_id;
	END IF;

	INSERT INTO audit_events (actor_id, actor_role, client_id, action,
	    resource_type, resource_id, seeker_id, request_id, ip)
	SELECT (ctx->>'sub')::uuid, coalesce(ctx->>'role', 'system'),
	    ctx->>'client_id', a, kind, r.id::text, sid, ctx->>'request_id',
	    (ctx->>'ip')::inet
	FROM unnest(actions) a;
	RETURN NULL;
END
$$;

CREATE TRIGGER seekers_audit AFTER INSERT OR UPDATE OR DELETE ON seekers
    FOR EACH ROW EXECUTE FUNCTION core.audit_change('seeker', 'id');
CREATE TRIGGER applications_audit AFTER INSERT OR UPDATE OR DELETE
    ON applications
    FOR EACH ROW EXECUTE FUNCTION core.audit_change('application',
    'seeker_id');
CREATE TRIGGER interviews_audit AFTER INSERT OR UPDATE OR DELETE
    ON interviews
    FOR EACH ROW EXECUTE FUNCTION core.audit_change('interview',
    'seeker_id');
CREATE TRIGGER placements_audit AFTER INSERT OR UPDATE OR DELETE
    ON placements
    FOR EACH ROW EXECUTE FUNCTION core.audit_change('placement',
    'seeker_id');
CREATE TRIGGER follow_ups_audit AFTER INSERT OR UPDATE OR DELETE
    ON follow_ups
    FOR EACH ROW EXECUTE FUNCTION core.audit_change('follow_up',
    'seeker_id');
CREATE TRIGGER users_audit AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION core.audit_change('user', 'seeker_id');
CREATE TRIGGER jobs_audit AFTER INSERT OR UPDATE OR DELETE ON jobs
    FOR EACH ROW EXECUTE FUNCTION core.audit_change('job');
CREATE TRIGGER employers_audit AFTER INSERT OR UPDATE OR DELETE
    ON employers
    FOR EACH ROW EXECUTE FUNCTION core.audit_change('employer');
