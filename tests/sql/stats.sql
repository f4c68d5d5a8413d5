-- tests/sql/stats.sql — api.stats_retention (Kaplan–Meier retention of
-- placements, worked by hand below: all, every group_by, filters, scope)
-- and api.stats_overview (placements per year, satisfaction, the funnel,
-- income uplift: filters, scope).
--
-- The numbers are checked on rows made here (stats_fixture.psql's
-- employers, jobs and consultants; the seekers, applications, placements
-- and follow-ups below), read through callers scoped to exactly those
-- rows, so the demo data (which may grow) cannot change them.
--
-- Run as scripts/test.sh does, from the repository root, on a migrated
-- database loaded with the demo seed (scripts/seed.sh --demo), in psql
-- -X -q -v ON_ERROR_STOP=1: BEGIN; \i tests/sql/stats.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql
\ir stats_fixture.psql

-- Our employer's login: sees our placements and applications, no others.
CREATE FUNCTION pg_temp.boss() RETURNS jsonb
LANGUAGE sql AS $$
	SELECT pg_temp.ctx('employer', employer => pg_temp.fx('employer')::text,
	    sub => gen_random_uuid()::text)
$$;
-- The consultant of our seekers (all but q1's): sees the same rows as our
-- employer, and every figure (employers and partners get no figure about
-- fewer than 5 people; see the last block). The hand computations below
-- are read through ck.
CREATE FUNCTION pg_temp.ck() RETURNS jsonb
LANGUAGE sql AS $$
	SELECT pg_temp.consultant('ck')
$$;

-- ---------------------------------------------------------------------------
-- Retention fixture: 14 placements at our employer, one seeker each
-- (consultant ck), hired applications; one more at employer2.
--
--  name job_type  mun.  start   t  ended  age*  wage hours benefit
--  p1   skaanejob 0101  -400   30  yes    17     -    10   12000
--  p2   skaanejob 0101  -100  100  no     18   150    20   13000
--  p3   skaanejob 0101  -500  150  yes    25   130     8    9000
--  p4   skaanejob 0751  -150  150  no     26     -    10   12000
--  p5   skaanejob 0751  -800  200  yes    35     -    10   12000
--  p6   skaanejob 0751  -400  400  no     36   120    10   10400
--  p7   skaanejob 0751 -1000  800  yes    50     -    10   12000
--  p8   fleksjob  0101  -300   50  yes    30     -    10   12000
--  p9   fleksjob  0751  -600  120  yes    30     -    10   12000
--  p10  fleksjob  0751  -700  250  yes    30     -    10   12000
--  p11  ordinary  0101  -200  200  no     40   100    15   20000
--  p12  ordinary  0751  -300  300  no     40   140    12       0
--  p13  ordinary  0751   +10    -  no     40   200    10   12000  (future)
--  p14  skaanejob 0751     0    0  no     20     -    10   12000
--  q1   skaanejob 0101   -50   50  no     30     -    10   12000  (employer2,
--                                                                no consultant)
-- start: days from today; t: days observed (end - start, or today -
-- start when active); age*: at start_date, whole years (p1, p3 and p5 have
-- their next birthday the day after the start: 17, 25 and 35).
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE plan (name text PRIMARY KEY, job_type text, code text,
    start_in int, t int, ended bool, age int, day_before bool,
    wage numeric, hours numeric, benefit numeric);
INSERT INTO plan VALUES
    ('p1', 'skaanejob', '0101', -400, 30, true, 18, true, NULL, 10, 12000),
    ('p2', 'skaanejob', '0101', -100, 100, false, 18, false, 150, 20, 13000),
    ('p3', 'skaanejob', '0101', -500, 150, true, 26, true, 130, 8, 9000),
    ('p4', 'skaanejob', '0751', -150, 150, false, 26, false, NULL, 10, 12000),
    ('p5', 'skaanejob', '0751', -800, 200, true, 36, true, NULL, 10, 12000),
    ('p6', 'skaanejob', '0751', -400, 400, false, 36, false, 120, 10, 10400),
    ('p7', 'skaanejob', '0751', -1000, 800, true, 50, false, NULL, 10, 12000),
    ('p8', 'fleksjob', '0101', -300, 50, true, 30, false, NULL, 10, 12000),
    ('p9', 'fleksjob', '0751', -600, 120, true, 30, false, NULL, 10, 12000),
    ('p10', 'fleksjob', '0751', -700, 250, true, 30, false, NULL, 10, 12000),
    ('p11', 'ordinary', '0101', -200, 200, false, 40, false, 100, 15, 20000),
    ('p12', 'ordinary', '0751', -300, 300, false, 40, false, 140, 12, 0),
    ('p13', 'ordinary', '0751', 10, NULL, false, 40, false, 200, 10, 12000),
    ('p14', 'skaanejob', '0751', 0, 0, false, 20, false, NULL, 10, 12000),
    ('q1', 'skaanejob', '0101', -50, 50, false, 30, false, NULL, 10, 12000);
-- (age with day_before: the birthday of that age is the day after the
-- start, so the age at start is one less.)
INSERT INTO fx (name) SELECT 'seeker_' || name FROM plan;
INSERT INTO fx (name) SELECT 'app_' || name FROM plan;
INSERT INTO fx (name) SELECT 'pl_' || name FROM plan;

INSERT INTO seekers (id, first_name, last_name, birth_date, municipality_code,
    consultant_id, benefit_type, monthly_benefit_dkk, consents_processing)
SELECT pg_temp.fx('seeker_' || name), 'Stat', name,
    (current_date + start_in - make_interval(years => age))::date
        + CASE WHEN day_before THEN 1 ELSE 0 END,
    code, CASE WHEN name <> 'q1' THEN pg_temp.fx('ck') END,
    'foertidspension', benefit, true
FROM plan;
INSERT INTO applications (id, seeker_id, job_id, status)
SELECT pg_temp.fx('app_' || name), pg_temp.fx('seeker_' || name),
    pg_temp.fx(CASE WHEN name = 'q1' THEN 'job2' ELSE 'job' END), 'hired'
FROM plan;
INSERT INTO placements (id, application_id, seeker_id, job_id, employer_id,
    start_date, weekly_hours, hourly_wage_dkk, job_type, status, end_date,
    end_reason)
SELECT pg_temp.fx('pl_' || name), pg_temp.fx('app_' || name),
    pg_temp.fx('seeker_' || name),
    pg_temp.fx(CASE WHEN name = 'q1' THEN 'job2' ELSE 'job' END),
    pg_temp.fx(CASE WHEN name = 'q1' THEN 'employer2' ELSE 'employer' END),
    current_date + start_in, hours, wage, job_type,
    CASE WHEN ended THEN 'ended' ELSE 'active' END,
    CASE WHEN ended THEN current_date + start_in + t END,
    CASE WHEN ended THEN 'quit' END
FROM plan;

-- ---------------------------------------------------------------------------
-- Kaplan–Meier by hand, all 13 started placements (p13 starts in 10 days,
-- so it is not in the population; q1 is another employer's):
--
--    t_i  n_i  d_i  1-d/n  S(t_i)      d/(n(n-d))
--      0   13    0  1      1           0            (p14, censored)
--     30   12    1  11/12  0.916667    1/132        (p1)
--     50   11    1  10/11  0.833333    1/110        (p8)
--    100   10    0  1      0.833333    0            (p2 censored)
--    120    9    1  8/9    0.740741    1/72         (p9)
--    150    8    1  7/8    0.648148    1/56         (p3 ended, p4 censored:
--                                                    both at risk at 150)
--    200    6    1  5/6    0.540123    1/30         (p5; p11 censored)
--    250    4    1  3/4    0.405093    1/12         (p10)
--    300    3    0  1      0.405093    0            (p12 censored)
--    400    2    0  1      0.405093    0            (p6 censored)
--    800    1    1  0      0           -            (p7)
--
-- month 6 (c = 182): S = 11/12 10/11 8/9 7/8 = 35/54 = 0.648148
--   v = 1/132 + 1/110 + 1/72 + 1/56 = 61/1260 = 0.0484127
--   w = 1.959964 sqrt(v) / |ln S| = 1.959964 * 0.220029 / 0.433636
--     = 0.994495
--   ci = S^exp(w) = S^2.70337 = 0.3097, S^exp(-w) = S^0.369909 = 0.8518
--   at_risk #{t >= 182} = 6 (200, 200, 250, 300, 400, 800);
--   events 0 <= t <= 182: 4 (30, 50, 120, 150)
-- month 12 (c = 365): S = 35/54 5/6 3/4 = 175/432 = 0.405093
--   v = 61/1260 + 1/30 + 1/12 = 52/315 = 0.165079, w = 0.881250
--   ci = 0.1129 .. 0.6877; at_risk 2 (400, 800); events (182, 365]: 2
-- month 24 (c = 730): no event in (365, 730]: S, v, ci as at 12 months;
--   at_risk 1 (800); events 0. The event at 800 (S = 0 after it) is
--   beyond every checkpoint but counts in the group's events: 7.
--
-- By job_type:
--   skaanejob (p1-p7, p14; n 8): t_i/n_i/d_i 0/8/0 30/7/1 100/6/0
--     150/5/1 200/3/1 400/2/0 800/1/1
--     6: S = 6/7 4/5 = 24/35 = 0.6857, v = 1/42 + 1/20 = 31/420,
--        ci 0.2128 .. 0.9121, at_risk 3, events 2
--     12: S = 24/35 2/3 = 16/35 = 0.4571, v = 31/420 + 1/6 = 101/420,
--        ci 0.0691 .. 0.7951, at_risk 2, events 1
--     24: as 12, at_risk 1, events 0
--   fleksjob (p8-p10; n 3, all ended): 50/3/1 120/2/1 250/1/1
--     6: S = 2/3 1/2 = 1/3 = 0.3333, v = 1/6 + 1/2 = 2/3,
--        ci 0.0090 .. 0.7741, at_risk 1, events 2
--     12: S = 0 (d = n at 250): estimate 0, ci null, at_risk 0, events 1
--     24: estimate 0, ci null, at_risk 0, events 0
--   ordinary (p11, p12; n 2, none ended): S = 1
--     6: estimate 1, ci null (S = 1), at_risk 2
--     12, 24: at_risk 0 and S > 0: estimate null
-- By municipality:
--   0101 (p1 p2 p3 p8 p11; n 5): 30/5/1 50/4/1 100/3/0 150/2/1 200/1/0
--     6: S = 4/5 3/4 1/2 = 0.3, v = 1/20 + 1/12 + 1/2 = 19/30,
--        ci 0.0123 .. 0.7192, at_risk 1, events 3; 12, 24: null (at
--        risk 0)
--   0751 (p4-p7 p9 p10 p12 p14; n 8): 0/8/0 120/7/1 150/6/0 200/5/1
--     250/4/1 300/3/0 400/2/0 800/1/1
--     6: S = 6/7 = 0.8571, v = 1/42, ci 0.3341 .. 0.9786, at_risk 5,
--        events 1
--     12: S = 6/7 4/5 3/4 = 18/35 = 0.5143, v = 1/42 + 1/20 + 1/12 =
--        11/70, ci 0.1178 .. 0.8132, at_risk 2, events 2
--     24: as 12, at_risk 1, events 0
-- By age_band: under_18 p1 (n 1, its event at 30: S = 0 from month 6);
--   18-25 p2 p3 p14 (3, 1 event); 26-35 p4 p5 p8 p9 p10 (5, 4); 36+ p6
--   p7 p11 p12 (4, 1).
-- ---------------------------------------------------------------------------

-- A point as the API returns it.
CREATE FUNCTION pg_temp.pt(month int, at_risk int, events int,
    estimate numeric, lo numeric DEFAULT NULL, hi numeric DEFAULT NULL)
RETURNS jsonb
LANGUAGE sql AS $$
	SELECT jsonb_build_object('month', month, 'at_risk', at_risk,
	    'events', events, 'estimate', estimate, 'ci_low', lo,
	    'ci_high', hi)
$$;

-- A group as the API returns it.
CREATE FUNCTION pg_temp.grp(key text, n int, events int, p6 jsonb,
    p12 jsonb, p24 jsonb) RETURNS jsonb
LANGUAGE sql AS $$
	SELECT jsonb_build_object('key', key, 'n', n, 'events', events,
	    'points', jsonb_build_array(p6, p12, p24))
$$;

-- The body of stats_retention for ck (or who) with this query.
CREATE FUNCTION pg_temp.retention(query jsonb DEFAULT '{}',
    who jsonb DEFAULT NULL) RETURNS jsonb
LANGUAGE sql AS $$
	SELECT (pg_temp.call('stats_retention', coalesce(who, pg_temp.ck()),
	    jsonb_build_object('query', query))).body::jsonb
$$;

-- The body of stats_retention with the groups replaced by [key, n,
-- events] triples.
CREATE FUNCTION pg_temp.keys(body jsonb) RETURNS text
LANGUAGE sql AS $$
	SELECT string_agg(g->>'key' || ':' || (g->>'n') || '/'
	    || (g->>'events'), ' ' ORDER BY o)
	FROM jsonb_array_elements(body->'groups') WITH ORDINALITY x (g, o)
$$;

-- ---------------------------------------------------------------------------
-- Retention
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	r	api.result;
	b	jsonb;
	g_all	jsonb := pg_temp.grp('all', 13, 7,
		    pg_temp.pt(6, 6, 4, 0.6481, 0.3097, 0.8518),
		    pg_temp.pt(12, 2, 2, 0.4051, 0.1129, 0.6877),
		    pg_temp.pt(24, 1, 0, 0.4051, 0.1129, 0.6877));
	g_skaane jsonb := pg_temp.grp('skaanejob', 8, 4,
		    pg_temp.pt(6, 3, 2, 0.6857, 0.2128, 0.9121),
		    pg_temp.pt(12, 2, 1, 0.4571, 0.0691, 0.7951),
		    pg_temp.pt(24, 1, 0, 0.4571, 0.0691, 0.7951));
	g_fleks	jsonb := pg_temp.grp('fleksjob', 3, 3,
		    pg_temp.pt(6, 1, 2, 0.3333, 0.0090, 0.7741),
		    pg_temp.pt(12, 0, 1, 0), pg_temp.pt(24, 0, 0, 0));
	g_ord	jsonb := pg_temp.grp('ordinary', 2, 0, pg_temp.pt(6, 2, 0, 1),
		    pg_temp.pt(12, 0, 0, NULL), pg_temp.pt(24, 0, 0, NULL));
	g_0101	jsonb := pg_temp.grp('0101', 5, 3,
		    pg_temp.pt(6, 1, 3, 0.3, 0.0123, 0.7192),
		    pg_temp.pt(12, 0, 0, NULL), pg_temp.pt(24, 0, 0, NULL));
	g_0751	jsonb := pg_temp.grp('0751', 8, 4,
		    pg_temp.pt(6, 5, 1, 0.8571, 0.3341, 0.9786),
		    pg_temp.pt(12, 2, 2, 0.5143, 0.1178, 0.8132),
		    pg_temp.pt(24, 1, 0, 0.5143, 0.1178, 0.8132));
	cohorts	text;
BEGIN
	-- All of them, by hand (see above); the body exactly.
	r := pg_temp.call('stats_retention', pg_temp.ck(), '{"query":{}}');
	ASSERT r.status = 200 AND r.etag IS NULL AND r.next_cursor IS NULL,
	    'retention: 200, no etag, no cursor';
	ASSERT r.body::jsonb = jsonb_build_object('as_of', current_date,
	    'group_by', NULL, 'groups', jsonb_build_array(g_all),
	    'suppressed_groups', 0), 'retention, all: ' || r.body;
	ASSERT (pg_temp.call('stats_retention', pg_temp.boss(),
	    '{"query":{}}')).body::jsonb = r.body::jsonb,
	    'our employer: the same 13 placements';
	ASSERT json_typeof(r.body->'groups'->0->'points'->0->'estimate')
	    = 'number' AND json_typeof(r.body->'groups'->0->'n') = 'number',
	    'numbers are JSON numbers';

	-- Every group_by.
	b := pg_temp.retention('{"group_by":"job_type"}');
	ASSERT b = jsonb_build_object('as_of', current_date,
	    'group_by', 'job_type', 'groups',
	    jsonb_build_array(g_fleks, g_ord, g_skaane), 'suppressed_groups', 0),
	    'by job_type (S = 0, S = 1, at_risk 0): ' || b;
	b := pg_temp.retention('{"group_by":"municipality"}');
	ASSERT b = jsonb_build_object('as_of', current_date,
	    'group_by', 'municipality', 'groups',
	    jsonb_build_array(g_0101, g_0751), 'suppressed_groups', 0),
	    'by municipality: ' || b;
	b := pg_temp.retention('{"group_by":"age_band"}');
	ASSERT pg_temp.keys(b)
	    = '18-25:3/1 26-35:5/4 36+:4/1 under_18:1/1', 'age bands: ' || b;
	ASSERT b->'groups'->3 = pg_temp.grp('under_18', 1, 1,
	    pg_temp.pt(6, 0, 1, 0), pg_temp.pt(12, 0, 0, 0),
	    pg_temp.pt(24, 0, 0, 0)), 'under_18: S = 0 at 30 days';
	b := pg_temp.retention('{"group_by":"cohort_year"}');
	SELECT string_agg(y || ':' || n || '/' || e, ' ' ORDER BY y) INTO cohorts
	FROM (SELECT to_char(current_date + start_in, 'YYYY') AS y,
	        count(*) AS n, count(*) FILTER (WHERE ended) AS e
	    FROM plan WHERE start_in <= 0 AND name <> 'q1' GROUP BY 1) t;
	ASSERT pg_temp.keys(b) = cohorts AND b->>'group_by' = 'cohort_year',
	    'by cohort year: ' || pg_temp.keys(b) || ' <> ' || cohorts;

	-- Filters.
	ASSERT pg_temp.retention('{"municipality_code":"0101"}')->'groups'
	    = jsonb_build_array(g_0101 || '{"key":"all"}'),
	    'municipality_code (the seeker''s)';
	ASSERT pg_temp.retention('{"job_type":"fleksjob"}')->'groups'
	    = jsonb_build_array(g_fleks || '{"key":"all"}'), 'job_type';
	ASSERT pg_temp.keys(pg_temp.retention('{"job_type":"ordinary",
	    "municipality_code":"0751","group_by":"municipality"}'))
	    = '0751:1/0', 'job_type and municipality_code';
	-- from/to bound start_date, both inclusive: p1, p6 (-400), p2 (-100),
	-- p4, p8, p11, p12.
	b := pg_temp.retention(jsonb_build_object('from', current_date - 400,
	    'to', current_date - 100));
	ASSERT pg_temp.keys(b) = 'all:7/2', 'from/to: ' || pg_temp.keys(b);
	ASSERT pg_temp.keys(pg_temp.retention(jsonb_build_object(
	    'from', current_date - 400))) = 'all:8/2', 'from';
	ASSERT pg_temp.keys(pg_temp.retention(jsonb_build_object(
	    'to', current_date - 500))) = 'all:5/5', 'to';
	ASSERT pg_temp.keys(pg_temp.retention(jsonb_build_object(
	    'from', current_date, 'to', current_date))) = 'all:1/0',
	    'from = to: the one that started today (t = 0)';

	-- Nobody: one group "all" without a group_by, none with one.
	b := pg_temp.retention(jsonb_build_object('from', current_date + 1));
	ASSERT b->'groups' = jsonb_build_array(pg_temp.grp('all', 0, 0,
	    pg_temp.pt(6, 0, 0, NULL), pg_temp.pt(12, 0, 0, NULL),
	    pg_temp.pt(24, 0, 0, NULL))), 'empty "all": ' || b;
	b := pg_temp.retention(jsonb_build_object('from', current_date + 1,
	    'group_by', 'job_type'));
	ASSERT b->'groups' = '[]' AND b->>'group_by' = 'job_type',
	    'no groups: ' || b;

	-- from > to: 400 on "to".
	PERFORM pg_temp.raises('stats_retention', pg_temp.boss(),
	    jsonb_build_object('query', jsonb_build_object(
	    'from', current_date, 'to', current_date - 1)), 'JB400', 'to',
	    'out_of_range');

	-- Scope: the consultant of our seekers sees ours (not q1, whose
	-- seeker has no consultant); a consultant of none sees nothing; a
	-- partner sees what starts in their municipalities; admin at least
	-- ours; seekers and anonymous may not ask.
	ASSERT pg_temp.keys((pg_temp.call('stats_retention',
	    pg_temp.consultant('ck'), '{"query":{}}')).body::jsonb)
	    = 'all:13/7', 'consultant: own caseload';
	ASSERT pg_temp.keys((pg_temp.call('stats_retention',
	    pg_temp.consultant('c3'), '{"query":{}}')).body::jsonb)
	    = 'all:0/0', 'consultant with nobody';
	ASSERT pg_temp.keys((pg_temp.call('stats_retention',
	    pg_temp.consultant('c2', '{0101}'), jsonb_build_object('query',
	    jsonb_build_object('from', current_date - 50, 'to',
	    current_date - 50)))).body::jsonb) = 'all:1/0',
	    'consultant of 0101: q1, one person, shown';
	ASSERT ((pg_temp.call('stats_retention', pg_temp.ctx('partner',
	    '{0101}'), '{"query":{}}')).body->'groups'->0->>'n')::int
	    = (SELECT count(*) FROM placements p JOIN seekers s
	        ON s.id = p.seeker_id
	        WHERE s.municipality_code = '0101'
	          AND p.start_date <= current_date
	          AND api.seeker_visible(pg_temp.ctx('partner', '{0101}'), s)),
	    'partner: placements of seekers in 0101';
	ASSERT ((pg_temp.call('stats_retention', pg_temp.ctx('admin'),
	    '{"query":{}}')).body->'groups'->0->>'n')::int
	    = (SELECT count(*) FROM placements
	        WHERE start_date <= current_date), 'admin: all';
	PERFORM pg_temp.raises('stats_retention', pg_temp.emil(),
	    '{"query":{}}', 'JB403');
	PERFORM pg_temp.raises('stats_retention', pg_temp.ctx('anonymous'),
	    '{"query":{}}', 'JB403');
END
$$;

-- ---------------------------------------------------------------------------
-- Overview fixture: follow-ups of our placements, and seven more
-- applications to our job (seekers a1-a7 in 0461, consultant ck).
--
-- Latest recorded satisfaction (the done follow-up of the highest month
-- with an answer; pending and missed ones have none):
--   placement  month status  seeker employer   latest: seeker employer
--   p1         1     done    5      2                  2      5 ok
--              3     done    2      5
--   p2         1     done    5      4                  5 ok   4 ok
--              3     done    -      -
--   p3         1     done    4      -                  3      4 ok
--              3     done    3      4
--   p4         1     done    3      3                  3      3
--              3     missed  -      -
--   p5         6     done    1      5                  1      5 ok
--   p6         1     done    4      4                  4 ok   4 ok
--              3     pending -      -
--   p7         1     done    4      -                  4 ok   -
--   p8         1     missed  -      -                  -      -
-- seeker: 3 of 7 = 0.4286 (the earliest answers would give 5 of 7);
-- employer: 5 of 6 = 0.8333 (earliest: 4 of 6). In 0101 (p1 p2 p3 p8):
-- seeker 1 of 3 = 0.3333, employer 3 of 3 = 1.
--
-- Applications and how far they got (status, or history to_status):
--   the 14 hired ones (p1-p14; no history needed: hired is reached)  5
--   a1 submitted (history submitted)                                 1
--   a2 in_review (submitted, in_review)                              2
--   a3 rejected (submitted, in_review, interview, rejected)          3
--   a4 withdrawn (submitted, in_review, interview, offered, withdrawn) 4
--   a5 offered (no history)                                          4
--   a6 rejected (submitted, rejected)                                1
--   a7 interview (submitted, in_review, interview)                   3
-- funnel: applications 21, interviews 14 + a3 a4 a5 a7 = 18, offers
-- 14 + a4 a5 = 16, hires 14. a3 was made 7 days ago, a4 5 days ago (at
-- 23:59:59 UTC), a6 11 days ago, a1 4 days ago, the others today.
--
-- Income uplift (started, with a wage, benefit > 0):
--   p2  150 * 20 * 52 / 12 = 13000    / 13000 = 100 %
--   p3  130 *  8 * 52 / 12 = 4506.67  /  9000 = 50.0741 %
--   p6  120 * 10 * 52 / 12 = 5200     / 10400 = 50 %
--   p11 100 * 15 * 52 / 12 = 6500     / 20000 = 32.5 %
--   (p12: benefit 0; p13: not started; the others: no wage)
-- mean = 232.5741 / 4 = 58.1435 -> 58.1, n 4. In 0101 (p2, p3, p11):
-- 182.5741 / 3 = 60.858 -> 60.9.
-- ---------------------------------------------------------------------------
INSERT INTO follow_ups (placement_id, seeker_id, due_on, month, status,
    completed_at, still_employed, seeker_satisfaction, employer_satisfaction)
SELECT pg_temp.fx('pl_' || p), pg_temp.fx('seeker_' || p),
    (pl.start_date + make_interval(months => m))::date, m, v.status,
    CASE WHEN v.status = 'done' THEN (pl.start_date
        + make_interval(months => m))::timestamp AT TIME ZONE 'UTC' END,
    CASE WHEN v.status = 'done' THEN true END, ss, es
FROM (VALUES ('p1', 1, 'done', 5, 2), ('p1', 3, 'done', 2, 5),
    ('p2', 1, 'done', 5, 4), ('p2', 3, 'done', NULL, NULL),
    ('p3', 1, 'done', 4, NULL), ('p3', 3, 'done', 3, 4),
    ('p4', 1, 'done', 3, 3), ('p4', 3, 'missed', NULL, NULL),
    ('p5', 6, 'done', 1, 5), ('p6', 1, 'done', 4, 4),
    ('p6', 3, 'pending', NULL, NULL), ('p7', 1, 'done', 4, NULL),
    ('p8', 1, 'missed', NULL, NULL))
    AS v (p, m, status, ss, es)
JOIN placements pl ON pl.id = pg_temp.fx('pl_' || p);

INSERT INTO fx (name) SELECT 'seeker_a' || n FROM generate_series(1, 7) n;
INSERT INTO fx (name) SELECT 'app_a' || n FROM generate_series(1, 7) n;
INSERT INTO seekers (id, first_name, last_name, birth_date, municipality_code,
    consultant_id, consents_processing)
SELECT pg_temp.fx('seeker_a' || n), 'Stat', 'a' || n, '1990-01-01', '0461',
    pg_temp.fx('ck'), true
FROM generate_series(1, 7) n;
INSERT INTO applications (id, seeker_id, job_id, status, created_at)
SELECT pg_temp.fx('app_' || a), pg_temp.fx('seeker_' || a), pg_temp.fx('job'),
    status, CASE WHEN days IS NULL THEN now()
        ELSE (current_date - days)::timestamp AT TIME ZONE 'UTC' + at END
FROM (VALUES ('a1', 'submitted', 4, interval '12 hours'),
    ('a2', 'in_review', NULL, NULL),
    ('a3', 'rejected', 7, interval '12 hours'),
    ('a4', 'withdrawn', 5, interval '23:59:59'),
    ('a5', 'offered', NULL, NULL),
    ('a6', 'rejected', 11, interval '12 hours'),
    ('a7', 'interview', NULL, NULL)) AS v (a, status, days, at);
INSERT INTO application_events (application_id, from_status, to_status, at)
SELECT pg_temp.fx('app_' || a), h[k - 1], h[k], now()
FROM (VALUES ('a1', '{submitted}'::text[]),
    ('a2', '{submitted,in_review}'),
    ('a3', '{submitted,in_review,interview,rejected}'),
    ('a4', '{submitted,in_review,interview,offered,withdrawn}'),
    ('a6', '{submitted,rejected}'),
    ('a7', '{submitted,in_review,interview}')) AS v (a, h)
CROSS JOIN generate_subscripts(h, 1) k;

-- The body of stats_overview for caller ctx with this query.
CREATE FUNCTION pg_temp.overview(ctx jsonb, query jsonb DEFAULT '{}')
RETURNS jsonb
LANGUAGE sql AS $$
	SELECT (pg_temp.call('stats_overview', ctx,
	    jsonb_build_object('query', query))).body::jsonb
$$;

-- placements_per_year of our placements p1-p14 (in municipality code,
-- starting lo .. hi days from today).
CREATE FUNCTION pg_temp.per_year(code text DEFAULT NULL, lo int DEFAULT -9999,
    hi int DEFAULT 9999) RETURNS jsonb
LANGUAGE sql AS $$
	SELECT coalesce(jsonb_agg(jsonb_build_object('year', y,
	    'placements', n) ORDER BY y), '[]')
	FROM (SELECT extract(year FROM current_date + start_in)::int AS y,
	        count(*) AS n
	    FROM plan
	    WHERE name LIKE 'p%' AND start_in BETWEEN lo AND hi
	      AND (per_year.code IS NULL OR plan.code = per_year.code)
	    GROUP BY 1) t
$$;

-- ---------------------------------------------------------------------------
-- Overview
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	r	api.result;
	b	jsonb;
BEGIN
	r := pg_temp.call('stats_overview', pg_temp.ck(), '{"query":{}}');
	ASSERT r.status = 200 AND r.etag IS NULL AND r.next_cursor IS NULL,
	    'overview: 200, no etag, no cursor';
	ASSERT (pg_temp.call('stats_overview', pg_temp.boss(),
	    '{"query":{}}')).body::jsonb - '{placements_per_year,
	    mean_income_uplift_pct,income_uplift_n}'::text[]
	    = r.body::jsonb - '{placements_per_year,mean_income_uplift_pct,
	    income_uplift_n}'::text[],
	    'our employer: the same figures (those over 5 or more)';
	ASSERT r.body::jsonb = jsonb_build_object('as_of', current_date,
	    'placements_per_year', pg_temp.per_year(),
	    'active_placements', 6, 'ended_placements', 7,
	    'satisfaction_rate', 0.4286, 'employer_satisfaction_rate', 0.8333,
	    'satisfaction_responses', 7,
	    'funnel', '{"applications":21,"interviews":18,"offers":16,
	        "hires":14}'::jsonb,
	    'mean_income_uplift_pct', 58.1, 'income_uplift_n', 4),
	    'overview: ' || r.body;
	ASSERT (SELECT sum((y->>'placements')::int)
	    FROM jsonb_array_elements(r.body::jsonb->'placements_per_year') y)
	    = 14, 'per year: p13 (not started yet) counts in its year';
	ASSERT json_typeof(r.body->'satisfaction_rate') = 'number'
	    AND json_typeof(r.body->'funnel'->'hires') = 'number',
	    'numbers are JSON numbers';

	-- municipality_code: the seeker's (p1 p2 p3 p8 p11; a1-a7 are in
	-- 0461).
	b := pg_temp.overview(pg_temp.ck(), '{"municipality_code":"0101"}');
	ASSERT b = jsonb_build_object('as_of', current_date,
	    'placements_per_year', pg_temp.per_year(code => '0101'),
	    'active_placements', 2, 'ended_placements', 3,
	    'satisfaction_rate', 0.3333, 'employer_satisfaction_rate', 1,
	    'satisfaction_responses', 3,
	    'funnel', '{"applications":5,"interviews":5,"offers":5,
	        "hires":5}'::jsonb,
	    'mean_income_uplift_pct', 60.9, 'income_uplift_n', 3),
	    'overview in 0101: ' || b;

	-- from/to: start_date of placements (none of ours), the UTC day of
	-- applications' created_at (a3, a4): nulls where nothing is counted.
	b := pg_temp.overview(pg_temp.ck(), jsonb_build_object(
	    'from', current_date - 10, 'to', current_date - 5));
	ASSERT b = jsonb_build_object('as_of', current_date,
	    'placements_per_year', '[]'::jsonb,
	    'active_placements', 0, 'ended_placements', 0,
	    'satisfaction_rate', NULL, 'employer_satisfaction_rate', NULL,
	    'satisfaction_responses', 0,
	    'funnel', '{"applications":2,"interviews":2,"offers":1,
	        "hires":0}'::jsonb,
	    'mean_income_uplift_pct', NULL, 'income_uplift_n', 0),
	    'overview from/to: ' || b;
	b := pg_temp.overview(pg_temp.ck(), jsonb_build_object(
	    'from', current_date - 500, 'to', current_date - 300));
	ASSERT b->'placements_per_year' = pg_temp.per_year(lo => -500,
	        hi => -300)
	    AND b->'active_placements' = '2' AND b->'ended_placements' = '3'
	    AND b->'funnel'->'applications' = '0',
	    'from/to on start_date (p1 p3 p6 p8 p12): ' || b;

	-- Scope: a consultant of 0101 sees q1 (hired at employer2) besides
	-- ours in 0101.
	b := pg_temp.overview(pg_temp.consultant('c1', '{0101}'));
	ASSERT b->'funnel'->>'hires' = (SELECT count(*) FROM applications a
	    JOIN seekers s ON s.id = a.seeker_id WHERE a.status = 'hired'
	    AND s.municipality_code = '0101')::text, 'consultant of 0101: ' || b;
	ASSERT pg_temp.overview(pg_temp.consultant('c3')) - 'as_of'
	    = '{"placements_per_year":[],"active_placements":0,
	    "ended_placements":0,"satisfaction_rate":null,
	    "employer_satisfaction_rate":null,"satisfaction_responses":0,
	    "funnel":{"applications":0,"interviews":0,"offers":0,"hires":0},
	    "mean_income_uplift_pct":null,"income_uplift_n":0}',
	    'consultant with nobody: zeros and nulls';
	ASSERT (pg_temp.overview(pg_temp.ctx('admin'))->'funnel'
	    ->>'applications')::int = (SELECT count(*) FROM applications),
	    'admin: every application';

	PERFORM pg_temp.raises('stats_overview', pg_temp.boss(),
	    jsonb_build_object('query', jsonb_build_object(
	    'from', current_date, 'to', current_date - 1)), 'JB400', 'to',
	    'out_of_range');
	PERFORM pg_temp.raises('stats_overview', pg_temp.emil(),
	    '{"query":{}}', 'JB403');
END
$$;

-- ---------------------------------------------------------------------------
-- No statistics about one person: for an employer or a partner a retention
-- group of fewer than 5 placements is left out (and counted in
-- suppressed_groups), an overview figure over fewer than 5 people is null.
-- Admins and consultants see every figure. Our employer has 13 placements
-- (skaanejob 8, fleksjob 3, ordinary 2; 0101 5, 0751 8; ages 18-25 3,
-- 26-35 5, 36+ 4, under_18 1).
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	b	jsonb;
	day	jsonb := jsonb_build_object('from', current_date - 100,
		    'to', current_date - 100);	-- p2 alone
	partner	jsonb := pg_temp.ctx('partner', '{0461}',
		    sub => gen_random_uuid()::text);	-- a1-a7 alone
BEGIN
	ASSERT api.stats_min_people() = 5, 'the threshold';

	-- Retention groups.
	b := pg_temp.retention('{"group_by":"job_type"}', pg_temp.boss());
	ASSERT pg_temp.keys(b) = 'skaanejob:8/4'
	    AND b->'suppressed_groups' = '2', 'employer by job_type: ' || b;
	b := pg_temp.retention('{"group_by":"municipality"}', pg_temp.boss());
	ASSERT pg_temp.keys(b) = '0101:5/3 0751:8/4'
	    AND b->'suppressed_groups' = '0', 'a group of exactly 5 is shown';
	b := pg_temp.retention('{"group_by":"age_band"}', pg_temp.boss());
	ASSERT pg_temp.keys(b) = '26-35:5/4' AND b->'suppressed_groups' = '3',
	    'employer by age band: ' || b;
	b := pg_temp.retention(day, pg_temp.boss());
	ASSERT b->'groups' = '[]' AND b->'suppressed_groups' = '1',
	    'employer, one day, one placement: ' || b;
	ASSERT pg_temp.keys(pg_temp.retention(day)) = 'all:1/0'
	    AND pg_temp.retention(day)->'suppressed_groups' = '0',
	    'the consultant sees the group of one';
	ASSERT pg_temp.keys(pg_temp.retention('{"group_by":"age_band"}',
	    pg_temp.ctx('admin'))) IS NOT NULL, 'admin';
	b := pg_temp.retention('{}', pg_temp.ctx('employer',
	    employer => pg_temp.fx('employer2')::text));
	ASSERT b->'groups' = '[]' AND b->'suppressed_groups' = '1',
	    'employer2 (q1 alone): ' || b;
	b := pg_temp.retention('{}', partner);
	ASSERT b->'groups' = '[]' AND b->'suppressed_groups' = '1',
	    'partner with no placements: the empty group is left out too';
	b := pg_temp.retention('{}', pg_temp.consultant('c3'));
	ASSERT pg_temp.keys(b) = 'all:0/0', 'consultant: the empty group';

	-- Overview: the one-day window of p2 alone. The consultant sees that
	-- person's income uplift; the employer sees no figure.
	b := pg_temp.overview(pg_temp.ck(), day);
	ASSERT b->'mean_income_uplift_pct' = '100.0'
	    AND b->'income_uplift_n' = '1' AND b->'active_placements' = '1',
	    'consultant, one day: ' || b;
	b := pg_temp.overview(pg_temp.boss(), day);
	ASSERT b - 'as_of' = jsonb_build_object('placements_per_year',
	    jsonb_build_array(jsonb_build_object('year',
	        extract(year FROM current_date - 100)::int, 'placements', NULL)),
	    'active_placements', NULL, 'ended_placements', NULL,
	    'satisfaction_rate', NULL, 'employer_satisfaction_rate', NULL,
	    'satisfaction_responses', NULL,
	    'funnel', '{"applications":null,"interviews":null,"offers":null,
	        "hires":null}'::jsonb,
	    'mean_income_uplift_pct', NULL, 'income_uplift_n', NULL),
	    'employer, one day: ' || b;

	-- Each figure on its own count: in 0101 our employer has 5
	-- placements (shown), 2 active, 3 ended, 3 answers, uplift n 3.
	b := pg_temp.overview(pg_temp.boss(), '{"municipality_code":"0101"}');
	ASSERT b->'funnel' = '{"applications":5,"interviews":5,"offers":5,
	        "hires":5}'
	    AND b->'active_placements' = 'null' AND b->'ended_placements' = 'null'
	    AND b->'satisfaction_rate' = 'null'
	    AND b->'employer_satisfaction_rate' = 'null'
	    AND b->'satisfaction_responses' = 'null'
	    AND b->'mean_income_uplift_pct' = 'null'
	    AND b->'income_uplift_n' = 'null', 'employer in 0101: ' || b;
	-- All of ours: 7 seeker answers, 6 employer answers, uplift n 4.
	b := pg_temp.overview(pg_temp.boss());
	ASSERT b->'satisfaction_rate' = '0.4286'
	    AND b->'employer_satisfaction_rate' = '0.8333'
	    AND b->'satisfaction_responses' = '7'
	    AND b->'mean_income_uplift_pct' = 'null'
	    AND b->'income_uplift_n' = 'null'
	    AND b->'active_placements' = '6' AND b->'ended_placements' = '7',
	    'employer, all: ' || b;
	ASSERT (SELECT bool_and(CASE WHEN (y->>'placements') IS NULL
	        THEN n < 5 ELSE (y->>'placements')::int = n AND n >= 5 END)
	    FROM jsonb_array_elements(b->'placements_per_year') y
	    JOIN (SELECT extract(year FROM current_date + start_in)::int AS yr,
	            count(*) AS n FROM plan WHERE name LIKE 'p%' GROUP BY 1) t
	        ON t.yr = (y->>'year')::int), 'per year: fewer than 5 is null';

	-- A partner: the applications of a1-a7 (7 shown; 4 interviews, 2
	-- offers, 0 hires are not).
	b := pg_temp.overview(partner);
	ASSERT b - 'as_of' = jsonb_build_object('placements_per_year', '[]'::jsonb,
	    'active_placements', NULL, 'ended_placements', NULL,
	    'satisfaction_rate', NULL, 'employer_satisfaction_rate', NULL,
	    'satisfaction_responses', NULL,
	    'funnel', '{"applications":7,"interviews":null,"offers":null,
	        "hires":null}'::jsonb,
	    'mean_income_uplift_pct', NULL, 'income_uplift_n', NULL),
	    'partner: ' || b;
	-- The admin and a consultant of 0461 see the small figures.
	ASSERT pg_temp.overview(pg_temp.consultant('c3', '{0461}'))->'funnel'
	    = '{"applications":7,"interviews":4,"offers":2,"hires":0}',
	    'consultant: every figure';
	ASSERT (pg_temp.overview(pg_temp.ctx('admin'), '{"municipality_code":
	    "0461"}'))->'funnel' = '{"applications":7,"interviews":4,
	    "offers":2,"hires":0}', 'admin: every figure';
END
$$;

-- ---------------------------------------------------------------------------
-- Outcomes (api.stats_outcomes): seven placements o1-o7 of our own, at a
-- third employer's job, their seekers assigned to consultant co (who sees
-- nothing else), all started 400 days ago and active.
--
--  name job_type  mun.  wage hours benefit  uplift = wage*hours*52/12/benefit
--  o1   skaanejob 0101  150   20   13000    13000 / 13000 = 100 %
--  o2   skaanejob 0101  130    8    9000    4506.67 / 9000 = 50.074074 %
--  o3   skaanejob 0101  100   15   20000    6500 / 20000 = 32.5 %
--  o4   skaanejob 0101   60   10   13000    2600 / 13000 = 20 %
--  o5   skaanejob 0101    -   10   12000    (no wage)
--  o6   fleksjob  0751  120   10   10400    5200 / 10400 = 50 %
--  o7   fleksjob  0751   90   10   39000    3900 / 39000 = 10 %
--
-- Done follow-ups (month: seeker sat., employer sat., wellbeing, social;
-- - unanswered); o7 has none:
--  o1  1: 2 5 2 3   3: 4 4 3 3   6: - - 4 2
--  o2  1: 5 3 3 2   3: - 2 - 4
--  o3  1: 3 4 4 -   3: - - 3 -
--  o4  1: 4 - 3 -   3: - - 3 4
--  o5  1: 5 5 1 3   3: 1 5 2 -   6: - - - -   12: - - 4 5
--  o6  1: 4 4 2 -   3: - - 4 -
-- Per placement (latest answered; change = latest - first answered, two
-- answers or more):
--       seeker  employer  wellbeing      social
--  o1   4 yes   4 yes     4 - 2 = +2     2 - 3 = -1
--  o2   5 yes   2 no      (one answer)   4 - 2 = +2
--  o3   3 no    4 yes     3 - 4 = -1     (none)
--  o4   4 yes   -         3 - 3 =  0     (one answer)
--  o5   1 no    5 yes     4 - 1 = +3     5 - 3 = +2
--  o6   4 yes   4 yes     4 - 2 = +2     (none)
--
-- All (n 7):
--   seeker satisfaction: 4 of 6 = 0.6667; employer: 4 of 5 = 0.8
--   uplift n 6, sorted 10, 20, 32.5, 50, 50.074074, 100:
--     p25 at 1.25: 20 + 0.25 * 12.5 = 23.125 -> 23.1
--     median at 2.5: 32.5 + 0.5 * 17.5 = 41.25 -> 41.3
--     p75 at 3.75: 50 + 0.75 * 0.074074 = 50.0556 -> 50.1
--     >= 25: 100, 50.07, 50, 32.5 = 4 of 6 = 0.6667
--   wellbeing n 5: (2 - 1 + 0 + 3 + 2) / 5 = 1.20, improved 3 of 5 = 0.6
--   social n 3: (-1 + 2 + 2) / 3 = 1.00, improved 2 of 3 = 0.6667
-- skaanejob (o1-o5, n 5): seeker 3 of 5 = 0.6; employer 3 of 4 = 0.75;
--   uplift n 4, sorted 20, 32.5, 50.074074, 100: p25 at 0.75: 20 + 0.75 *
--   12.5 = 29.375 -> 29.4; median at 1.5: 32.5 + 0.5 * 17.574074 =
--   41.287 -> 41.3; p75 at 2.25: 50.074074 + 0.25 * 49.925926 = 62.5556
--   -> 62.6; >= 25: 3 of 4 = 0.75; wellbeing n 4: (2 - 1 + 0 + 3) / 4 =
--   1.00, improved 2 of 4 = 0.5; social as all.
-- fleksjob (o6, o7, n 2): seeker 1 of 1, employer 1 of 1; uplift n 2
--   (10, 50): p25 20, median 30, p75 40, share 0.5; wellbeing n 1: 2.00,
--   1; social n 0: null.
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE oplan (name text PRIMARY KEY, job_type text, code text,
    wage numeric, hours numeric, benefit numeric);
INSERT INTO oplan VALUES
    ('o1', 'skaanejob', '0101', 150, 20, 13000),
    ('o2', 'skaanejob', '0101', 130, 8, 9000),
    ('o3', 'skaanejob', '0101', 100, 15, 20000),
    ('o4', 'skaanejob', '0101', 60, 10, 13000),
    ('o5', 'skaanejob', '0101', NULL, 10, 12000),
    ('o6', 'fleksjob', '0751', 120, 10, 10400),
    ('o7', 'fleksjob', '0751', 90, 10, 39000);
INSERT INTO fx (name) SELECT unnest(ARRAY['employer3', 'job4', 'co']);
INSERT INTO fx (name) SELECT pre || name FROM oplan
CROSS JOIN unnest(ARRAY['seeker_', 'app_', 'pl_']) pre;
INSERT INTO employers (id, name, cvr, municipality_code)
VALUES (pg_temp.fx('employer3'), 'Udfald ApS', pg_temp.cvr(), '0101');
INSERT INTO jobs (id, employer_id, title, description, easy_read_summary,
    job_type, weekly_hours, positions, municipality_code, status,
    published_at)
VALUES (pg_temp.fx('job4'), pg_temp.fx('employer3'), 'Test job outcomes',
    'For the outcomes tests.', 'Et job til test.', 'skaanejob', 10, 100,
    '0101', 'published', now());
INSERT INTO users (id, email, name, role, password_hash, municipality_codes)
VALUES (pg_temp.fx('co'), 'co-' || pg_temp.fx('co') || '@stats.test',
    'Consultant co', 'consultant', 'x', '{0147}');
INSERT INTO seekers (id, first_name, last_name, birth_date, municipality_code,
    consultant_id, benefit_type, monthly_benefit_dkk, consents_processing)
SELECT pg_temp.fx('seeker_' || name), 'Udfald', name, '1990-06-15', code,
    pg_temp.fx('co'), 'foertidspension', benefit, true
FROM oplan;
INSERT INTO applications (id, seeker_id, job_id, status)
SELECT pg_temp.fx('app_' || name), pg_temp.fx('seeker_' || name),
    pg_temp.fx('job4'), 'hired'
FROM oplan;
INSERT INTO placements (id, application_id, seeker_id, job_id, employer_id,
    start_date, weekly_hours, hourly_wage_dkk, job_type, status)
SELECT pg_temp.fx('pl_' || name), pg_temp.fx('app_' || name),
    pg_temp.fx('seeker_' || name), pg_temp.fx('job4'),
    pg_temp.fx('employer3'), current_date - 400, hours, wage, job_type,
    'active'
FROM oplan;
INSERT INTO follow_ups (placement_id, seeker_id, due_on, month, status,
    completed_at, still_employed, seeker_satisfaction, employer_satisfaction,
    wellbeing_score, social_score)
SELECT pg_temp.fx('pl_' || o), pg_temp.fx('seeker_' || o),
    current_date - 400 + m * 30, m, 'done',
    (current_date - 400 + m * 30)::timestamp AT TIME ZONE 'UTC', true,
    ss, es, ws, cs
FROM (VALUES ('o1', 1, 2, 5, 2, 3), ('o1', 3, 4, 4, 3, 3),
    ('o1', 6, NULL, NULL, 4, 2),
    ('o2', 1, 5, 3, 3, 2), ('o2', 3, NULL, 2, NULL, 4),
    ('o3', 1, 3, 4, 4, NULL), ('o3', 3, NULL, NULL, 3, NULL),
    ('o4', 1, 4, NULL, 3, NULL), ('o4', 3, NULL, NULL, 3, 4),
    ('o5', 1, 5, 5, 1, 3), ('o5', 3, 1, 5, 2, NULL),
    ('o5', 6, NULL, NULL, NULL, NULL), ('o5', 12, NULL, NULL, 4, 5),
    ('o6', 1, 4, 4, 2, NULL), ('o6', 3, NULL, NULL, 4, NULL))
    AS v (o, m, ss, es, ws, cs);

-- The body of stats_outcomes for caller ctx with this query.
CREATE FUNCTION pg_temp.outcomes(ctx jsonb, query jsonb DEFAULT '{}')
RETURNS jsonb
LANGUAGE sql AS $$
	SELECT (pg_temp.call('stats_outcomes', ctx,
	    jsonb_build_object('query', query))).body::jsonb
$$;

CREATE FUNCTION pg_temp.co() RETURNS jsonb
LANGUAGE sql AS $$
	SELECT pg_temp.consultant('co', '{0147}')
$$;

CREATE FUNCTION pg_temp.boss3() RETURNS jsonb
LANGUAGE sql AS $$
	SELECT pg_temp.ctx('employer',
	    employer => pg_temp.fx('employer3')::text,
	    sub => gen_random_uuid()::text)
$$;

DO $$
DECLARE
	all7	jsonb := '{"key": "all", "n": 7,
	    "seeker_satisfaction": {"n": 6, "rate": 0.6667},
	    "employer_satisfaction": {"n": 5, "rate": 0.8},
	    "income_uplift": {"n": 6, "p25": 23.1, "median": 41.3,
	        "p75": 50.1, "share_reaching_25": 0.6667},
	    "wellbeing": {"n": 5, "mean_change": 1.20, "share_improved": 0.6},
	    "social": {"n": 3, "mean_change": 1.00,
	        "share_improved": 0.6667}}';
	skaane	jsonb := '{"key": "skaanejob", "n": 5,
	    "seeker_satisfaction": {"n": 5, "rate": 0.6},
	    "employer_satisfaction": {"n": 4, "rate": 0.75},
	    "income_uplift": {"n": 4, "p25": 29.4, "median": 41.3,
	        "p75": 62.6, "share_reaching_25": 0.75},
	    "wellbeing": {"n": 4, "mean_change": 1.00, "share_improved": 0.5},
	    "social": {"n": 3, "mean_change": 1.00,
	        "share_improved": 0.6667}}';
	fleks	jsonb := '{"key": "fleksjob", "n": 2,
	    "seeker_satisfaction": {"n": 1, "rate": 1},
	    "employer_satisfaction": {"n": 1, "rate": 1},
	    "income_uplift": {"n": 2, "p25": 20.0, "median": 30.0,
	        "p75": 40.0, "share_reaching_25": 0.5},
	    "wellbeing": {"n": 1, "mean_change": 2.00, "share_improved": 1},
	    "social": {"n": 0, "mean_change": null, "share_improved": null}}';
	empty	jsonb := '{"key": "all", "n": 0,
	    "seeker_satisfaction": {"n": 0, "rate": null},
	    "employer_satisfaction": {"n": 0, "rate": null},
	    "income_uplift": {"n": 0, "p25": null, "median": null,
	        "p75": null, "share_reaching_25": null},
	    "wellbeing": {"n": 0, "mean_change": null, "share_improved": null},
	    "social": {"n": 0, "mean_change": null, "share_improved": null}}';
	withheld_rate	jsonb := '{"n": null, "rate": null}';
	withheld_change	jsonb := '{"n": null, "mean_change": null,
	    "share_improved": null}';
	b	jsonb;
	before	date := current_date - 401;
BEGIN
	b := pg_temp.outcomes(pg_temp.co());
	ASSERT b - 'as_of' = jsonb_build_object('group_by', NULL,
	    'groups', jsonb_build_array(all7), 'suppressed_groups', 0),
	    'consultant, all: ' || b;
	ASSERT (b->>'as_of')::date = current_date, 'as_of';

	b := pg_temp.outcomes(pg_temp.co(), '{"group_by": "job_type"}');
	ASSERT b - 'as_of' = jsonb_build_object('group_by', 'job_type',
	    'groups', jsonb_build_array(fleks, skaane), 'suppressed_groups', 0),
	    'consultant, by job type: ' || b;

	-- Filters: 0751 and fleksjob are o6, o7 (as the fleksjob group).
	ASSERT pg_temp.outcomes(pg_temp.co(), '{"municipality_code": "0751"}')
	    ->'groups' = jsonb_build_array(fleks || '{"key": "all"}'),
	    'municipality_code';
	ASSERT pg_temp.outcomes(pg_temp.co(), '{"job_type": "fleksjob"}')
	    ->'groups' = jsonb_build_array(fleks || '{"key": "all"}'),
	    'job_type';
	ASSERT pg_temp.outcomes(pg_temp.co(), jsonb_build_object('to', before))
	    ->'groups' = jsonb_build_array(empty), 'to before every start';
	ASSERT pg_temp.outcomes(pg_temp.co(), jsonb_build_object('from',
	    before, 'to', current_date))->'groups' = jsonb_build_array(all7),
	    'from/to around the start';
	ASSERT pg_temp.outcomes(pg_temp.co(), '{"group_by": "cohort_year"}')
	    ->'groups' = jsonb_build_array(all7 || jsonb_build_object('key',
	        extract(year FROM current_date - 400)::int::text)),
	    'cohort_year';
	ASSERT pg_temp.outcomes(pg_temp.co(), '{"group_by": "municipality"}')
	    #> '{groups,1}' = fleks || '{"key": "0751"}', 'municipality';

	-- The employer sees the same placements; every figure over fewer
	-- than 5 placements is withheld (social: 3), groups of fewer than 5
	-- left out (fleksjob).
	b := pg_temp.outcomes(pg_temp.boss3());
	ASSERT b->'groups' = jsonb_build_array(all7 || jsonb_build_object(
	    'social', withheld_change)), 'employer, all: ' || b;
	b := pg_temp.outcomes(pg_temp.boss3(), '{"group_by": "job_type"}');
	ASSERT b - 'as_of' = jsonb_build_object('group_by', 'job_type',
	    'groups', jsonb_build_array(skaane || jsonb_build_object(
	        'employer_satisfaction', withheld_rate,
	        'income_uplift', '{"n": null, "p25": null, "median": null,
	            "p75": null, "share_reaching_25": null}'::jsonb,
	        'wellbeing', withheld_change, 'social', withheld_change)),
	    'suppressed_groups', 1), 'employer, by job type: ' || b;
	b := pg_temp.outcomes(pg_temp.boss3(), jsonb_build_object('to', before));
	ASSERT b->'groups' = '[]' AND b->'suppressed_groups' = '1',
	    'employer, nothing: the empty group is left out: ' || b;
	-- A partner of 0751 sees o6, o7 only: left out.
	b := pg_temp.outcomes(pg_temp.ctx('partner', '{0751}'),
	    jsonb_build_object('job_type', 'fleksjob', 'from',
	    current_date - 400, 'to', current_date - 400));
	ASSERT b->'groups' = '[]' AND b->'suppressed_groups' = '1',
	    'partner: ' || b;
	-- The admin sees every figure.
	ASSERT pg_temp.outcomes(pg_temp.ctx('admin'), jsonb_build_object(
	    'municipality_code', '0751', 'job_type', 'fleksjob', 'from',
	    current_date - 400, 'to', current_date - 400))->'groups'
	    = jsonb_build_array(fleks || '{"key": "all"}'), 'admin';

	-- Who may ask, and a bad period.
	PERFORM pg_temp.raises('stats_outcomes', pg_temp.emil(),
	    '{"query":{}}', 'JB403');
	PERFORM pg_temp.raises('stats_outcomes', pg_temp.co(),
	    '{"query": {"from": "2025-01-02", "to": "2025-01-01"}}', 'JB400',
	    'to', 'out_of_range');
END
$$;

\echo 'tests/sql/stats.sql: all assertions passed'
