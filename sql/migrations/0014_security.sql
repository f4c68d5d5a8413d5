-- 0014_security.sql — tokens that die at once, and a login throttle that
-- holds and stores no e-mail.
--
-- users.token_version: every access token carries the version it was
-- issued at (claim "ver"); api.session() refuses a token whose version is
-- not the user's current one. The trigger below bumps it on every
-- security change (deactivation, role, scope, password), logout-all bumps
-- it by hand. A password change or deactivation also revokes the user's
-- refresh tokens.
--
-- login_attempts replaces login_failures (which kept the e-mail as typed):
-- one row per throttle key, the key a SHA-256 of the account (and client
-- address), counted before the password is checked (sql/api/auth.sql).

ALTER TABLE users ADD COLUMN token_version int NOT NULL DEFAULT 0;

CREATE FUNCTION core.users_security_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.active IS DISTINCT FROM OLD.active
	    OR NEW.role IS DISTINCT FROM OLD.role
	    OR NEW.municipality_codes IS DISTINCT FROM OLD.municipality_codes
	    OR NEW.employer_id IS DISTINCT FROM OLD.employer_id
	    OR NEW.seeker_id IS DISTINCT FROM OLD.seeker_id
	    OR NEW.password_hash IS DISTINCT FROM OLD.password_hash THEN
		NEW.token_version := OLD.token_version + 1;
	END IF;
	IF NEW.password_hash IS DISTINCT FROM OLD.password_hash
	    OR (OLD.active AND NOT NEW.active) THEN
		UPDATE refresh_tokens SET revoked_at = now()
		WHERE user_id = NEW.id AND revoked_at IS NULL;
	END IF;
	RETURN NEW;
END
$$;

CREATE TRIGGER users_security_change BEFORE UPDATE ON users
FOR EACH ROW EXECUTE FUNCTION core.users_security_change();

DROP TABLE login_failures;

CREATE TABLE login_attempts (
	key		text PRIMARY KEY CHECK (key ~ '^[0-9a-f]{64}$'),
	attempts	int NOT NULL,
	window_started_at timestamptz NOT NULL,
	blocked_until	timestamptz
);
CREATE INDEX login_attempts_window ON login_attempts (window_started_at);
