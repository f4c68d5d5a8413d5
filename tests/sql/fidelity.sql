-- tests/sql/fidelity.sql — api.stats_fidelity (programme fidelity) on a
-- fixture computed by hand below: both groupings, the filters, the period
-- and the diversity window, scope, small groups, roles, bad input, and
-- the 'stats' cache notices of migration 0030.
--
-- The rows live in two municipalities no demo seeker lives in, X = 0157
-- and Y = 0159, read by the consultant ck (stats_fixture.psql) with X and
-- Y as their municipalities, so the demo data cannot change the numbers.
--
-- Run as scripts/test.sh does: BEGIN; \i tests/sql/fidelity.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql
\ir stats_fixture.psql

-- ---------------------------------------------------------------------------
-- The fixture. Days are relative to today (0); the period read is
-- from = -100 .. to = 0 unless said.
--
--  seeker mun cons status   created app  interview      placement (start,
--                                                       employer, type, age)
--  a1     X   ck   placed   -90     -80  -70 completed  -60 emp  skaane 20
--  a2     X   ck   placed   -80     -76  -66 completed  -40 emp2 fleks  25*
--  a3     X   ck   active   -70     -64  -60 cancelled,
--                                        +5 scheduled
--  a4     X   ck   paused   -60     -40  -              -
--  a5     X   ck   active   -50     -    -              -
--  a6     X   ck   placed   -400    -390 -              -220 emp ordinary 30
--  a7     X   ck   erased   -10     -    -              -
--  a8     X   ck   active   -300    -290 -              -150 emp2 skaane 40,
--                                                       ended -30
--  a9     X   ck   placed   -500    -20  -              -10 emp  skaane 26**
--  b1     Y   -    active   -30     -25  -              -
--  b2     Y   c1   active   -20     -    -              -
--  f1..21 Y   c2   active   -500    -    -              -
-- (* turns 26 the day after the start; ** turns 26 on the start day.)
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE fid (name text PRIMARY KEY, code text, cons text,
    status text, created int, app int, job text, birth_years int,
    birth_shift int);
INSERT INTO fid VALUES
    ('a1', '0157', 'ck', 'placed', -90, -80, 'job', 20, 0),
    ('a2', '0157', 'ck', 'placed', -80, -76, 'job2', 26, 1),
    ('a3', '0157', 'ck', 'active', -70, -64, 'job', 30, 0),
    ('a4', '0157', 'ck', 'paused', -60, -40, 'job', 30, 0),
    ('a5', '0157', 'ck', 'active', -50, NULL, NULL, 30, 0),
    ('a6', '0157', 'ck', 'placed', -400, -390, 'job', 30, 0),
    ('a7', '0157', 'ck', 'inactive', -10, NULL, NULL, 30, 0),
    ('a8', '0157', 'ck', 'active', -300, -290, 'job3', 40, 0),
    ('a9', '0157', 'ck', 'placed', -500, -20, 'job', 26, 0),
    ('b1', '0159', NULL, 'active', -30, -25, 'job', 30, 0),
    ('b2', '0159', 'c1', 'active', -20, NULL, NULL, 30, 0);
INSERT INTO fid
SELECT 'f' || n, '0159', 'c2', 'active', -500, NULL, NULL, 30, 0
FROM generate_series(1, 21) n;
-- placements: start, employer, job type
CREATE TEMP TABLE fid_pl (name text PRIMARY KEY, start int, emp text,
    job_type text, end_day int);
INSERT INTO fid_pl VALUES
    ('a1', -60, 'employer', 'skaanejob', NULL),
    ('a2', -40, 'employer2', 'fleksjob', NULL),
    ('a6', -220, 'employer', 'ordinary', NULL),
    ('a8', -150, 'employer2', 'skaanejob', -30),
    ('a9', -10, 'employer', 'skaanejob', NULL);
INSERT INTO fx (name) SELECT 'fs_' || name FROM fid;
INSERT INTO fx (name) SELECT 'fa_' || name FROM fid WHERE app IS NOT NULL;
INSERT INTO fx (name) SELECT 'fp_' || name FROM fid_pl;

-- Noon UTC of a day relative to today.
CREATE FUNCTION pg_temp.noon(d int) RETURNS timestamptz
LANGUAGE sql AS $$
	SELECT (current_date + d)::timestamp AT TIME ZONE 'UTC'
	    + interval '12 hours'
$$;

INSERT INTO seekers (id, first_name, last_name, birth_date, municipality_code,
    consultant_id, consents_processing, status, erased_at, created_at)
SELECT pg_temp.fx('fs_' || f.name), 'Fid', f.name,
    (current_date + coalesce(p.start, 0)
        - make_interval(years => f.birth_years))::date + f.birth_shift,
    f.code, pg_temp.fx(f.cons), f.name <> 'a7', f.status,
    CASE WHEN f.name = 'a7' THEN now() END, pg_temp.noon(f.created)
FROM fid f LEFT JOIN fid_pl p ON p.name = f.name;
INSERT INTO applications (id, seeker_id, job_id, status, created_at)
SELECT pg_temp.fx('fa_' || f.name), pg_temp.fx('fs_' || f.name),
    pg_temp.fx(f.job),
    CASE WHEN p.name IS NOT NULL THEN 'hired' ELSE 'submitted' END,
    pg_temp.noon(f.app)
FROM fid f LEFT JOIN fid_pl p ON p.name = f.name
WHERE f.app IS NOT NULL;
INSERT INTO interviews (application_id, seeker_id, job_id, starts_at,
    ends_at, status)
SELECT pg_temp.fx('fa_' || n), pg_temp.fx('fs_' || n), pg_temp.fx('job'),
    pg_temp.noon(d), pg_temp.noon(d) + interval '1 hour', st
FROM (VALUES ('a1', -70, 'completed'), ('a2', -66, 'completed'),
    ('a3', -60, 'cancelled'), ('a3', 5, 'scheduled')) v (n, d, st);
INSERT INTO placements (id, application_id, seeker_id, job_id, employer_id,
    start_date, weekly_hours, job_type, status, end_date, end_reason)
SELECT pg_temp.fx('fp_' || p.name), pg_temp.fx('fa_' || p.name),
    pg_temp.fx('fs_' || p.name), pg_temp.fx(f.job), pg_temp.fx(p.emp),
    current_date + p.start, 10, p.job_type,
    CASE WHEN p.end_day IS NULL THEN 'active' ELSE 'ended' END,
    current_date + p.end_day, CASE WHEN p.end_day IS NOT NULL THEN 'quit' END
FROM fid_pl p JOIN fid f ON f.name = p.name;

-- Follow-ups (due, status, completed): in the period and counted (n):
-- a1 m1 (done 10 days after due: on time), a6 m6 (17 days: late), a8 m3
-- (pending 60 days: late, overdue); not counted: a2 m1 (pending, due 10
-- days ago: its 14 days are not over; overdue), a8 m6 (missed), a1 m3 (due
-- after to), a6 m3 (due before from).
--   n = 3, within_14_days_share = 1/3 = 0.3333, overdue = 2
INSERT INTO follow_ups (placement_id, seeker_id, month, due_on, status,
    completed_at, still_employed)
SELECT pg_temp.fx('fp_' || n), pg_temp.fx('fs_' || n), m, current_date + due,
    st, CASE WHEN st = 'done' THEN pg_temp.noon(done) END,
    CASE WHEN st = 'done' THEN true END
FROM (VALUES ('a1', 1, -30, 'done', -20), ('a1', 3, 30, 'pending', NULL),
    ('a2', 1, -10, 'pending', NULL), ('a6', 3, -130, 'done', -130),
    ('a6', 6, -40, 'done', -23), ('a8', 3, -60, 'pending', NULL),
    ('a8', 6, -10, 'missed', NULL)) v (n, m, due, st, done);

-- Paperwork (the steps the placements got are replaced by these). In the
-- period and counted: a1 contract_signed (done 2 days early: on time), a1
-- municipality_approval (5 days late), a1 first_payslip_checked (open, 15
-- days overdue), a2 contract_signed (done on the day: on time), a2
-- union_information_given (25 days late); not counted: a1
-- union_information_given (not_needed), a2 first_payslip_checked (open,
-- due in 5 days), a6 contract_signed (due before from).
--   n = 5, on_time_share = 2/5 = 0.4, overdue = 1
DELETE FROM placement_paperwork
WHERE placement_id IN (SELECT pg_temp.fx('fp_' || name) FROM fid_pl);
INSERT INTO placement_paperwork (placement_id, seeker_id, step, position,
    status, due_on, done_on)
SELECT pg_temp.fx('fp_' || n), pg_temp.fx('fs_' || n), step, pos, st,
    current_date + due, current_date + done
FROM (VALUES ('a1', 'contract_signed', 2, 'done', -60, -62),
    ('a1', 'municipality_approval', 1, 'done', -60, -55),
    ('a1', 'union_information_given', 4, 'not_needed', -46, NULL),
    ('a1', 'first_payslip_checked', 5, 'open', -15, NULL),
    ('a2', 'contract_signed', 2, 'done', -40, -40),
    ('a2', 'union_information_given', 4, 'done', -26, -1),
    ('a2', 'first_payslip_checked', 5, 'open', 5, NULL),
    ('a6', 'contract_signed', 2, 'done', -220, -221)) v (n, step, pos, st,
    due, done);

-- ---------------------------------------------------------------------------
-- By hand, group_by municipality, from -100 to 0, as ck with X and Y:
--
-- X (0157):
--   caseload: active or placed, not erased: a1 a2 a3 a5 a6 a8 a9 = 7
--     (a4 paused, a7 erased); consultants: ck, whose whole active caseload
--     is those 7: median 7.0, max 7, at or under 20: 1/1 = 1.0
--   referred in the period (created -100 .. 0): a1 a2 a3 a4 a5 a7 = 6
--   days to first application: a1 10, a2 4, a3 6, a4 20 (a5, a7 none)
--     sorted 4 6 10 20, n 4: median (6 + 10) / 2 = 8.0;
--     p75 at 0.75 (4 - 1) = 2.25: 10 + 0.25 (20 - 10) = 12.5
--   days to first interview (not cancelled, begun): a1 20, a2 14 (a3's
--     cancelled one and future one do not count): n 2, median 17.0,
--     p75 14 + 0.75 (20 - 14) = 18.5
--   days to hire (first start): a1 30, a2 40: n 2, median 35.0, p75 37.5
--   follow-ups: n 3, share 0.3333, overdue 2; paperwork: n 5, 0.4, 1
--   diversity, starts in the 12 months to 0 (not only the period): a1 a2
--     a6 a8 a9 = 5 placements, employers emp and emp2 = 2, job types
--     skaanejob, fleksjob, ordinary = 3
--   placed in the period: a1 (20), a2 (25), a9 (26) = 3; 18–25: 2,
--     share 2/3 = 0.6667
-- Y (0159):
--   caseload: b1 b2 f1..f21 = 23, without consultant 1 (b1); consultants
--     c1 (size 1) and c2 (size 21): median 11.0, max 21, share 1/2 = 0.5
--   referred: b1 b2 = 2; first application: b1 5 (n 1, median 5, p75 5)
--   nothing else: every n 0, shares null
-- ---------------------------------------------------------------------------
CREATE FUNCTION pg_temp.me() RETURNS jsonb
LANGUAGE sql AS $$
	SELECT pg_temp.consultant('ck', '{0157,0159}')
$$;

-- The body of stats_fidelity for ctx and query (from -100 to 0 unless the
-- query says otherwise).
CREATE FUNCTION pg_temp.fid(ctx jsonb, query jsonb DEFAULT '{}') RETURNS jsonb
LANGUAGE sql AS $$
	SELECT (pg_temp.call('stats_fidelity', ctx, jsonb_build_object('query',
	    jsonb_build_object('from', current_date - 100, 'to', current_date)
	    || query))).body::jsonb
$$;

-- A group of a body by key.
CREATE FUNCTION pg_temp.grp(body jsonb, k text) RETURNS jsonb
LANGUAGE sql AS $$
	SELECT g FROM jsonb_array_elements(body->'groups') g WHERE g->>'key' = k
$$;

CREATE FUNCTION pg_temp.eq(got jsonb, want jsonb, what text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF got IS DISTINCT FROM want THEN
		RAISE EXCEPTION '%: got %, want %', what, got, want;
	END IF;
END
$$;

DO $$
DECLARE
	b	jsonb := pg_temp.fid(pg_temp.me());
	x	jsonb := pg_temp.grp(b, '0157');
	y	jsonb := pg_temp.grp(b, '0159');
BEGIN
	PERFORM pg_temp.eq(jsonb_build_array(b->>'group_by', b->>'from',
	    b->>'to', b->>'diversity_from', jsonb_array_length(b->'groups')),
	    jsonb_build_array('municipality', current_date - 100,
	    current_date, (current_date - interval '1 year')::date + 1, 2),
	    'header');
	PERFORM pg_temp.eq(x->'name', '"Gentofte"', 'X name');
	PERFORM pg_temp.eq(x->'caseload', '{"seekers": 7,
	    "without_consultant": 0, "consultants": 1, "median_size": 7.0,
	    "max_size": 7, "at_or_under_20_share": 1.0}', 'X caseload');
	PERFORM pg_temp.eq(x->'referred', '6', 'X referred');
	PERFORM pg_temp.eq(x->'days_to_first_application',
	    '{"n": 4, "median": 8.0, "p75": 12.5}', 'X application');
	PERFORM pg_temp.eq(x->'days_to_first_interview',
	    '{"n": 2, "median": 17.0, "p75": 18.5}', 'X interview');
	PERFORM pg_temp.eq(x->'days_to_hire',
	    '{"n": 2, "median": 35.0, "p75": 37.5}', 'X hire');
	PERFORM pg_temp.eq(x->'follow_ups',
	    '{"n": 3, "within_14_days_share": 0.3333, "overdue": 2}',
	    'X follow-ups');
	PERFORM pg_temp.eq(x->'paperwork',
	    '{"n": 5, "on_time_share": 0.4, "overdue": 1}', 'X paperwork');
	PERFORM pg_temp.eq(x->'diversity',
	    '{"placements": 5, "employers": 2, "job_types": 3}', 'X diversity');
	PERFORM pg_temp.eq(x->'placed_aged_18_25',
	    '{"placed": 3, "aged_18_25": 2, "share": 0.6667}', 'X young');

	PERFORM pg_temp.eq(y->'caseload', '{"seekers": 23,
	    "without_consultant": 1, "consultants": 2, "median_size": 11.0,
	    "max_size": 21, "at_or_under_20_share": 0.5}', 'Y caseload');
	PERFORM pg_temp.eq(y->'referred', '2', 'Y referred');
	PERFORM pg_temp.eq(y->'days_to_first_application',
	    '{"n": 1, "median": 5.0, "p75": 5.0}', 'Y application');
	PERFORM pg_temp.eq(y->'days_to_hire',
	    '{"n": 0, "median": null, "p75": null}', 'Y hire');
	PERFORM pg_temp.eq(y->'follow_ups',
	    '{"n": 0, "within_14_days_share": null, "overdue": 0}',
	    'Y follow-ups');
	PERFORM pg_temp.eq(y->'placed_aged_18_25',
	    '{"placed": 0, "aged_18_25": 0, "share": null}', 'Y young');
END
$$;

-- group_by consultant: ck has X's figures; c1 b2 (caseload 1, referred
-- 1, no application); c2 the 21 (over 20: share 0); none b1 (no
-- consultant: consultants 0, sizes null).
DO $$
DECLARE
	b	jsonb := pg_temp.fid(pg_temp.me(), '{"group_by": "consultant"}');
	ck	jsonb := pg_temp.grp(b, pg_temp.fx('ck')::text);
	c1	jsonb := pg_temp.grp(b, pg_temp.fx('c1')::text);
	c2	jsonb := pg_temp.grp(b, pg_temp.fx('c2')::text);
	n	jsonb := pg_temp.grp(b, 'none');
	x	jsonb := pg_temp.grp(pg_temp.fid(pg_temp.me()), '0157');
BEGIN
	PERFORM pg_temp.eq(to_jsonb(jsonb_array_length(b->'groups')), '4',
	    'consultant groups');
	PERFORM pg_temp.eq(ck->'name', '"Consultant ck"', 'ck name');
	PERFORM pg_temp.eq(ck - 'key' - 'name', x - 'key' - 'name',
	    'ck = X');
	PERFORM pg_temp.eq(c1->'caseload', '{"seekers": 1,
	    "without_consultant": 0, "consultants": 1, "median_size": 1.0,
	    "max_size": 1, "at_or_under_20_share": 1.0}', 'c1 caseload');
	PERFORM pg_temp.eq(c1->'referred', '1', 'c1 referred');
	PERFORM pg_temp.eq(c1->'days_to_first_application',
	    '{"n": 0, "median": null, "p75": null}', 'c1 application');
	PERFORM pg_temp.eq(c2->'caseload'->'at_or_under_20_share', '0.0',
	    'c2 share');
	PERFORM pg_temp.eq(c2->'referred', '0', 'c2 referred');
	PERFORM pg_temp.eq(n->'name', 'null', 'none name');
	PERFORM pg_temp.eq(n->'caseload', '{"seekers": 1,
	    "without_consultant": 1, "consultants": 0, "median_size": null,
	    "max_size": null, "at_or_under_20_share": null}', 'none caseload');
	PERFORM pg_temp.eq(n->'days_to_first_application',
	    '{"n": 1, "median": 5.0, "p75": 5.0}', 'none application');
END
$$;

-- Filters: municipality_code, consultant_id (the seeker's).
DO $$
DECLARE
	b	jsonb;
BEGIN
	b := pg_temp.fid(pg_temp.me(), '{"municipality_code": "0159"}');
	PERFORM pg_temp.eq(b->'groups'->0->'key', '"0159"', 'filter mun');
	PERFORM pg_temp.eq(to_jsonb(jsonb_array_length(b->'groups')), '1',
	    'filter mun: one group');
	b := pg_temp.fid(pg_temp.me(), jsonb_build_object('consultant_id',
	    pg_temp.fx('c1')));
	PERFORM pg_temp.eq(to_jsonb(jsonb_array_length(b->'groups')), '1',
	    'filter consultant: one group');
	-- Y with c1's seekers only: b2; c1's whole caseload is 1
	PERFORM pg_temp.eq(b->'groups'->0->'caseload', '{"seekers": 1,
	    "without_consultant": 0, "consultants": 1, "median_size": 1.0,
	    "max_size": 1, "at_or_under_20_share": 1.0}', 'filter consultant');
END
$$;

-- The period: to = -50 and no from: from = to - 1 year + 1; diversity
-- (and the period) hold the starts up to -50: a1 (-60), a6 (-220), a8
-- (-150); placed in it: a1 (20), a6 (30), a8 (40): 1/3. Referred from
-- -415 to -50: a1 a2 a3 a4 a5 a6 a8 = 7.
DO $$
DECLARE
	b	jsonb := (pg_temp.call('stats_fidelity', pg_temp.me(),
	    jsonb_build_object('query', jsonb_build_object('to',
	    current_date - 50)))).body::jsonb;
	x	jsonb := pg_temp.grp(b, '0157');
BEGIN
	PERFORM pg_temp.eq(b->'from', to_jsonb(((current_date - 50)
	    - interval '1 year')::date + 1), 'default from');
	PERFORM pg_temp.eq(x->'diversity',
	    '{"placements": 3, "employers": 2, "job_types": 2}', 'to -50');
	PERFORM pg_temp.eq(x->'placed_aged_18_25',
	    '{"placed": 3, "aged_18_25": 1, "share": 0.3333}', 'young to -50');
	PERFORM pg_temp.eq(x->'referred', '7', 'referred to -50');
END
$$;

-- Scope: ck without municipalities sees their own seekers only (X's);
-- a consultant of other municipalities nothing of ours; admin all of it.
DO $$
DECLARE
	b	jsonb := pg_temp.fid(pg_temp.consultant('ck'));
BEGIN
	PERFORM pg_temp.eq(to_jsonb(jsonb_array_length(b->'groups')), '1',
	    'own only');
	PERFORM pg_temp.eq(b->'groups'->0->'caseload'->'seekers', '7',
	    'own caseload');
	b := pg_temp.fid(pg_temp.consultant('c3', '{0461}'),
	    '{"municipality_code": "0157"}');
	PERFORM pg_temp.eq(b->'groups', '[]', 'not in scope');
	b := pg_temp.fid(pg_temp.ctx('admin', sub => gen_random_uuid()::text),
	    '{"municipality_code": "0157"}');
	PERFORM pg_temp.eq(pg_temp.grp(b, '0157'),
	    pg_temp.grp(pg_temp.fid(pg_temp.me()), '0157'), 'admin');
END
$$;

-- Small groups: a partner of X and Y gets no figure about fewer than 5:
-- X's caseload (7), referred (6), paperwork (5) and diversity (5) are
-- shown; the timings (n 4, 2, 2), follow-ups (3) and young (3) are null;
-- Y's caseload (23) is shown, referred (2) null.
DO $$
DECLARE
	b	jsonb := pg_temp.fid(pg_temp.ctx('partner', '{0157,0159}',
	    sub => gen_random_uuid()::text));
	x	jsonb := pg_temp.grp(b, '0157');
	y	jsonb := pg_temp.grp(b, '0159');
BEGIN
	PERFORM pg_temp.eq(x->'caseload'->'seekers', '7', 'partner caseload');
	PERFORM pg_temp.eq(x->'referred', '6', 'partner referred');
	PERFORM pg_temp.eq(x->'paperwork',
	    '{"n": 5, "on_time_share": 0.4, "overdue": 1}', 'partner paperwork');
	PERFORM pg_temp.eq(x->'diversity',
	    '{"placements": 5, "employers": 2, "job_types": 3}',
	    'partner diversity');
	PERFORM pg_temp.eq(x->'days_to_first_application',
	    '{"n": null, "median": null, "p75": null}', 'partner timing');
	PERFORM pg_temp.eq(x->'follow_ups', '{"n": null,
	    "within_14_days_share": null, "overdue": null}', 'partner fu');
	PERFORM pg_temp.eq(x->'placed_aged_18_25',
	    '{"placed": null, "aged_18_25": null, "share": null}',
	    'partner young');
	PERFORM pg_temp.eq(y->'caseload'->'seekers', '23', 'partner Y');
	PERFORM pg_temp.eq(y->'referred', 'null', 'partner Y referred');
END
$$;

-- Roles and bad input: employers and seekers 403; to before from 400
-- (also from after today without to: to is today).
DO $$
BEGIN
	PERFORM pg_temp.raises('stats_fidelity', pg_temp.mette(), '{}',
	    'JB403');
	PERFORM pg_temp.raises('stats_fidelity', pg_temp.emil(), '{}', 'JB403');
	PERFORM pg_temp.raises('stats_fidelity', pg_temp.me(),
	    '{"query": {"from": "2026-02-01", "to": "2026-01-31"}}', 'JB400',
	    'to');
	PERFORM pg_temp.raises('stats_fidelity', pg_temp.me(),
	    jsonb_build_object('query', jsonb_build_object('from',
	    current_date + 1)), 'JB400', 'to');
END
$$;

-- Cache notices (migration 0030): a change to what fidelity reads marks
-- the transaction's jobbro.changed with 's' (and notifies 'stats').
CREATE FUNCTION pg_temp.marks(stmt text) RETURNS bool
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM set_config('jobbro.changed', '', true);
	EXECUTE stmt;
	RETURN position('s' IN current_setting('jobbro.changed', true)) > 0;
END
$$;
DO $$
BEGIN
	ASSERT pg_temp.marks(format('UPDATE seekers SET status = %L WHERE id = %L',
	    'paused', pg_temp.fx('fs_a5'))), 'seeker status';
	ASSERT pg_temp.marks(format('UPDATE seekers SET consultant_id = %L
	    WHERE id = %L', pg_temp.fx('c1'), pg_temp.fx('fs_f1'))),
	    'seeker consultant';
	ASSERT NOT pg_temp.marks(format('UPDATE seekers SET phone = %L
	    WHERE id = %L', '+45 12345678', pg_temp.fx('fs_f2'))),
	    'seeker phone: no notice';
	ASSERT pg_temp.marks(format('INSERT INTO seekers (first_name,
	    last_name, birth_date, municipality_code, consents_processing)
	    VALUES (%L, %L, %L, %L, true)', 'New', 'Seeker', '2000-01-01',
	    '0157')), 'new seeker';
	ASSERT pg_temp.marks(format('UPDATE interviews SET status = %L
	    WHERE seeker_id = %L AND status = %L', 'completed',
	    pg_temp.fx('fs_a3'), 'scheduled')), 'interview';
	ASSERT pg_temp.marks(format('UPDATE placement_paperwork SET status = %L,
	    done_on = current_date WHERE placement_id = %L AND step = %L',
	    'done', pg_temp.fx('fp_a1'), 'first_payslip_checked')),
	    'paperwork';
	ASSERT pg_temp.marks(format('UPDATE users SET name = %L WHERE id = %L',
	    'Consultant C1', pg_temp.fx('c1'))), 'consultant name';
END
$$;

-- The seekers' facts (stats_seekers, migration 0030) follow every change:
-- after the changes above and a few more (an application and an
-- interview deleted, a placement's start moved, a seeker erased), they
-- equal what the tables say.
DELETE FROM interviews WHERE seeker_id = pg_temp.fx('fs_a1');
DELETE FROM applications WHERE id = pg_temp.fx('fa_a4');
UPDATE placements SET start_date = current_date - 70
WHERE id = pg_temp.fx('fp_a2');
UPDATE seekers SET status = 'inactive', erased_at = now(),
    consents_processing = false
WHERE id = pg_temp.fx('fs_b1');
DO $$
DECLARE
	bad	int;
BEGIN
	SELECT count(*) INTO bad FROM (
		(SELECT s.id, s.municipality_code, s.consultant_id,
		    s.status IN ('active', 'placed') AND s.erased_at IS NULL,
		    (s.created_at AT TIME ZONE 'UTC')::date,
		    (SELECT (min(a.created_at) AT TIME ZONE 'UTC')::date
		        FROM applications a WHERE a.seeker_id = s.id),
		    (SELECT min(i.starts_at) FROM interviews i
		        WHERE i.seeker_id = s.id AND i.status <> 'cancelled'),
		    (SELECT min(p.start_date) FROM placements p
		        WHERE p.seeker_id = s.id)
		FROM seekers s
		EXCEPT
		SELECT * FROM stats_seekers)) x;
	ASSERT bad = 0, format('%s seekers'' facts differ', bad);
	ASSERT (SELECT count(*) FROM stats_seekers)
	    = (SELECT count(*) FROM seekers), 'one row per seeker';
	ASSERT (SELECT first_interview_at IS NULL AND first_start_on
	        = current_date - 60
	    FROM stats_seekers WHERE seeker_id = pg_temp.fx('fs_a1')), 'a1';
	ASSERT (SELECT first_application_on IS NULL
	    FROM stats_seekers WHERE seeker_id = pg_temp.fx('fs_a4')), 'a4';
	ASSERT (SELECT NOT active
	    FROM stats_seekers WHERE seeker_id = pg_temp.fx('fs_b1')), 'b1';
END
$$;
