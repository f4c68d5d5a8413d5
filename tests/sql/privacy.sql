-- tests/sql/privacy.sql — api.seekers_export (everything about a seeker,
-- for whom) and api.seekers_erase (who may, what it anonymises, withdraws,
-- cancels and revokes; what stays for the statistics), with what an erased
-- seeker looks like to seekers_get, seekers_list, seekers_update and
-- stats_retention afterwards.
--
-- Run as scripts/test.sh does, from the repository root, on a migrated
-- database loaded with the demo seed (scripts/seed.sh --demo), in psql
-- -X -q -v ON_ERROR_STOP=1: BEGIN; \i tests/sql/privacy.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql

-- Demo: Emil (seeker 1, login user 3, applications 1 in_review and 2
-- submitted), Sofie (seeker 2, application 3 in interview with a reason,
-- interviews f…), Freja (seeker 8, an active placement). Karin is their
-- consultant.

-- The args of a call about seeker n.
CREATE FUNCTION pg_temp.id(n int) RETURNS jsonb
LANGUAGE sql AS $$ SELECT jsonb_build_object('id', pg_temp.seeker(n)) $$;

DO $$
DECLARE
	r	api.result;
	b	jsonb;
	s	seekers;
	stranger jsonb := pg_temp.ctx('consultant', '{0461}',
	    sub => gen_random_uuid()::text);
BEGIN
	-- Export: everything about Emil, for Karin, Emil and admins.
	r := pg_temp.call('seekers_export', pg_temp.karin(), pg_temp.id(1));
	b := r.body::jsonb;
	ASSERT r.status = 200 AND b->'seeker'->>'id' = pg_temp.seeker(1),
	    format('export: %s', r.body);
	ASSERT jsonb_array_length(b->'applications') = (SELECT count(*)
	    FROM applications WHERE seeker_id = pg_temp.seeker(1)::uuid),
	    'export: every application';
	ASSERT b->'applications'->0->'history'->0->>'to' = 'submitted',
	    'export: history oldest first';
	ASSERT b->'users'->0->>'id' = pg_temp.user_id(3), 'export: the login';
	ASSERT (SELECT bool_and(b ? k) FROM unnest('{exported_at,seeker,users,
	    applications,interviews,placements,follow_ups,paperwork,documents}'::text[]) k),
	    'export: every key';
	r := pg_temp.call('seekers_export', pg_temp.emil(), pg_temp.id(1));
	ASSERT r.status = 200, 'export: the seeker themselves';
	r := pg_temp.call('seekers_export', pg_temp.karin(), pg_temp.id(8));
	ASSERT json_array_length(r.body->'placements') = 1
	    AND json_array_length(r.body->'follow_ups') = 5
	    AND json_array_length(r.body->'paperwork') = 1
	    AND r.body->'paperwork'->0->>'placement_id' = pg_temp.pl(1)
	    AND json_array_length(r.body->'paperwork'->0->'steps') = 5
	    AND r.body->'paperwork'->0->'steps'->1->>'note' LIKE 'Underskrevet%'
	    AND json_array_length(r.body->'documents') = 2
	    AND r.body->'documents'->0->>'filename' = 'ansaettelseskontrakt.pdf'
	    AND NOT (r.body->'documents'->0)::jsonb ? 'content',
	    'export: placements, follow-ups, paperwork, documents';
	PERFORM pg_temp.raises('seekers_export', pg_temp.partner(),
	    pg_temp.id(1), 'JB403');
	PERFORM pg_temp.raises('seekers_export', pg_temp.mette(),
	    pg_temp.id(1), 'JB403');
	PERFORM pg_temp.raises('seekers_export', stranger, pg_temp.id(1),
	    'JB404');
	PERFORM pg_temp.raises('seekers_export', pg_temp.emil(), pg_temp.id(2),
	    'JB404');

	-- Erase: not by seekers, partners or employers; not out of scope; not
	-- with a stale If-Match; not while a placement is active.
	PERFORM pg_temp.raises('seekers_erase', pg_temp.emil(), pg_temp.id(1),
	    'JB403');
	PERFORM pg_temp.raises('seekers_erase', pg_temp.partner(),
	    pg_temp.id(1), 'JB403');
	PERFORM pg_temp.raises('seekers_erase', stranger, pg_temp.id(1),
	    'JB404');
	PERFORM pg_temp.raises('seekers_erase', pg_temp.karin(),
	    pg_temp.id(1) || '{"if_match":"\"999\""}', 'JB412');
	PERFORM pg_temp.raises('seekers_erase', pg_temp.karin(), pg_temp.id(8),
	    'JB409');
	ASSERT (SELECT erased_at IS NULL AND first_name = 'Freja' FROM seekers
	    WHERE id = pg_temp.seeker(8)::uuid), 'refused erasure changed nothing';

	-- Sofie: open application withdrawn, reasons and notes gone, the
	-- scheduled interview cancelled, places and outcomes cleared.
	r := pg_temp.call('seekers_erase', pg_temp.karin(), pg_temp.id(2));
	ASSERT r.status = 204 AND r.body IS NULL, format('erase: %s', r);
	SELECT * INTO s FROM seekers WHERE id = pg_temp.seeker(2)::uuid;
	ASSERT s.first_name = 'Erased' AND s.last_name = 'Erased'
	    AND s.email IS NULL AND s.phone IS NULL AND s.support_person IS NULL
	    AND s.lat IS NULL AND s.interests = '{}' AND s.support_needs = '{}'
	    AND NOT s.consents_processing AND s.status = 'inactive'
	    AND s.erased_at IS NOT NULL
	    AND to_char(s.birth_date, 'MM-DD') = '07-01',
	    format('anonymised: %s', s);
	ASSERT s.municipality_code IS NOT NULL AND s.benefit_type IS NOT NULL,
	    'kept for statistics';
	ASSERT NOT EXISTS (SELECT 1 FROM applications WHERE seeker_id = s.id
	    AND (status IN ('submitted', 'in_review', 'interview', 'offered')
	         OR cover_note IS NOT NULL)), 'applications withdrawn, no notes';
	ASSERT EXISTS (SELECT 1 FROM applications WHERE seeker_id = s.id),
	    'applications kept';
	ASSERT NOT EXISTS (SELECT 1 FROM application_events e
	    JOIN applications a ON a.id = e.application_id
	    WHERE a.seeker_id = s.id AND e.reason IS NOT NULL), 'no reasons';
	ASSERT (SELECT e.to_status FROM application_events e
	    JOIN applications a ON a.id = e.application_id
	    WHERE a.seeker_id = s.id ORDER BY e.at DESC, e.id DESC LIMIT 1)
	    = 'withdrawn', 'the withdrawal is in the history';
	ASSERT NOT EXISTS (SELECT 1 FROM interviews WHERE seeker_id = s.id
	    AND (status = 'scheduled' OR location IS NOT NULL
	         OR outcome IS NOT NULL OR accommodations <> '{}')),
	    'interviews cancelled and cleared';

	-- Gone for everybody but admins; nobody can change or erase it again.
	PERFORM pg_temp.raises('seekers_get', pg_temp.karin(), pg_temp.id(2),
	    'JB404');
	ASSERT NOT pg_temp.seeker(2) = ANY (pg_temp.ids((pg_temp.call(
	    'seekers_list', pg_temp.karin(), '{"query":{"limit":100}}')).body)),
	    'not listed';
	r := pg_temp.call('seekers_get', pg_temp.ctx('admin'), pg_temp.id(2));
	ASSERT r.status = 200 AND r.body->>'first_name' = 'Erased',
	    'admins still see the anonymised row';
	PERFORM pg_temp.raises('seekers_erase', pg_temp.ctx('admin'),
	    pg_temp.id(2), 'JB404');
	PERFORM pg_temp.raises('seekers_update', pg_temp.ctx('admin'),
	    pg_temp.id(2) || '{"body":{"first_name":"Sofie"}}', 'JB404');
	PERFORM pg_temp.raises('seekers_export', pg_temp.ctx('admin'),
	    pg_temp.id(2), 'JB404');

	-- Emil: his login is deactivated, renamed, its refresh tokens revoked.
	INSERT INTO refresh_tokens (family_id, user_id, token_hash, expires_at)
	VALUES (gen_random_uuid(), pg_temp.user_id(3)::uuid, repeat('ab', 32),
	    now() + interval '1 day');
	r := pg_temp.call('seekers_erase', pg_temp.ctx('admin',
	    sub => gen_random_uuid()::text), pg_temp.id(1));
	ASSERT r.status = 204, 'admin erases';
	ASSERT (SELECT NOT active AND name = 'Erased' AND email LIKE 'erased-%@erased.invalid'
	    FROM users WHERE id = pg_temp.user_id(3)::uuid), 'login deactivated';
	ASSERT NOT EXISTS (SELECT 1 FROM refresh_tokens
	    WHERE user_id = pg_temp.user_id(3)::uuid AND revoked_at IS NULL),
	    'refresh tokens revoked';
	PERFORM pg_temp.raises('seekers_get', pg_temp.emil(), pg_temp.id(1),
	    'JB404');

	-- Statistics keep counting an erased seeker: Freja, once her
	-- placement has ended.
	PERFORM pg_temp.call('placements_end', pg_temp.karin(),
	    jsonb_build_object('id', pg_temp.pl(1),
	    'body', jsonb_build_object('end_date', current_date,
	    'reason', 'quit')));
	b := (pg_temp.call('stats_retention', pg_temp.karin(),
	    '{"query":{}}')).body::jsonb;
	r := pg_temp.call('seekers_erase', pg_temp.karin(), pg_temp.id(8));
	ASSERT r.status = 204, 'erased after the end';
	ASSERT NOT EXISTS (SELECT 1 FROM placement_paperwork
	    WHERE seeker_id = pg_temp.seeker(8)::uuid AND note IS NOT NULL)
	    AND (SELECT count(*) FROM placement_paperwork WHERE seeker_id
	        = pg_temp.seeker(8)::uuid AND status = 'done') = 4,
	    'paperwork notes gone, the steps kept';
	ASSERT (pg_temp.call('stats_retention', pg_temp.karin(),
	    '{"query":{}}')).body::jsonb = b, 'retention unchanged by erasure';
	ASSERT (b->'groups'->0->>'n')::int > 0, 'retention counted Freja';
END
$$;

\echo 'tests/sql/privacy.sql: all assertions passed'
