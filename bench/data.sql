-- bench/data.sql — bench-sized data for `make bench` (bench/run.sh), loaded
-- after scripts/migrate.sh and scripts/seed.sh --demo into a throwaway
-- cluster. Deterministic: the same rows every run (no random()).
--
--   employers  300, ids b0000000-0000-4000-8000-<n, 12 digits>, n = 1..300:
--              one in each of the 98 municipalities, the other 202 in the
--              five busy ones (0101 København, 0751 Aarhus, 0461 Odense,
--              0851 Aalborg, 0147 Frederiksberg) that the list scenario
--              asks for.
--   jobs       10,000 published, ids 00000000-0000-4000-8000-<n, 12 digits>,
--              n = 1..10000 (wrk and pgbench pick random(1, 10000)), plus
--              1,000 drafts/closed (n = 10001..11000) that anonymous
--              callers must not see. Danish text built from 20 kinds of
--              adapted jobs, so full-text search has real work to do; every
--              job has a location within a few km of its municipality.
--   bench_cvr(n)  the n-th valid CVR number (see below); bench_cvr_seq
--              feeds the pgbench create_employer script.
--   history    sql/seed/history.sql at bench scale under tag 2 (the demo's
--              is tag 1), so bench and demo data come from one generator:
--              50,000 seekers c0000000-0002-4000-8000-<n, 12 digits>,
--              n = 1..50000 (wrk and pgbench pick random(1, 50000)), none
--              inactive unless n % 4 = 0; 10,000 jobs and 2,500 employers
--              in seven municipalities (Roskilde, Næstved, Esbjerg,
--              Horsens, Vejle, Herning, Viborg); ~110,000 applications
--              with ~365,000 events, ~52,000 interviews, ~20,000
--              placements since 2021 with ~100,000 follow-ups.
--   consultant@bench.jobbro.dk (password demo-password) sees those seven
--              municipalities: the caller of get_seeker, list_seekers,
--              create_application, matches and stats; bench_app_seq feeds
--              the pgbench create_application script
--              (bench/create_application.lua explains the seeker and job
--              of a number).
--   admin@bench.jobbro.dk, id 00000000-0000-4000-8000-0000000000ad: the
--              caller of the pgbench create_employer ceiling (no login).
--
-- The audit triggers (sql/migrations/0013_audit.sql) record every row
-- loaded here, as the demo seed's: ~360,000 audit events (~90 MB), which
-- makes loading slower (~33 s instead of ~25 s with all triggers off) but
-- gives the audit scenarios a log of realistic size to append to. (Switching them off
-- needs session_replication_role, which only a superuser may set, and
-- that would skip the foreign-key checks as well.)

\set ON_ERROR_STOP on
BEGIN;

-- bench_cvr(n): the n-th valid CVR (sql/seed/nth_cvr.psql).
\set nth_cvr bench_cvr
\ir ../sql/seed/nth_cvr.psql

DROP SEQUENCE IF EXISTS bench_cvr_seq;
CREATE SEQUENCE bench_cvr_seq START 10000 MAXVALUE 3599999;
-- Numbers of fresh (seeker, job) pairs for pgbench; wrk uses 3,600,000 up.
DROP SEQUENCE IF EXISTS bench_app_seq;
CREATE SEQUENCE bench_app_seq START 0 MINVALUE 0 MAXVALUE 3599999;

-- A deterministic pseudo-random 0 .. m-1 from (n, salt).
CREATE OR REPLACE FUNCTION bench_pick(n bigint, salt int, m int) RETURNS int
LANGUAGE sql IMMUTABLE STRICT AS $$
	SELECT (abs(hashint8(n * 1000 + salt)::bigint) % m)::int
$$;

-- Approximate centre (main town) of each municipality.
CREATE TEMP TABLE bench_geo (code text PRIMARY KEY, lat float8, lon float8)
ON COMMIT DROP;
INSERT INTO bench_geo VALUES
    ('0101', 55.676, 12.568), ('0147', 55.679, 12.532), ('0151', 55.731, 12.363),
    ('0153', 55.648, 12.419), ('0155', 55.593, 12.672), ('0157', 55.750, 12.550),
    ('0159', 55.733, 12.489), ('0161', 55.665, 12.404), ('0163', 55.724, 12.440),
    ('0165', 55.657, 12.353), ('0167', 55.642, 12.474), ('0169', 55.650, 12.270),
    ('0173', 55.771, 12.504), ('0175', 55.681, 12.454), ('0183', 55.615, 12.352),
    ('0185', 55.630, 12.600), ('0187', 55.624, 12.384), ('0190', 55.808, 12.360),
    ('0201', 55.871, 12.358), ('0210', 55.975, 12.403), ('0217', 56.036, 12.611),
    ('0219', 55.927, 12.300), ('0223', 55.881, 12.501), ('0230', 55.823, 12.491),
    ('0240', 55.768, 12.190), ('0250', 55.839, 12.069), ('0260', 55.970, 12.020),
    ('0270', 56.020, 12.200), ('0400', 55.103, 14.707), ('0253', 55.583, 12.300),
    ('0259', 55.458, 12.182), ('0265', 55.642, 12.080), ('0269', 55.536, 12.183),
    ('0306', 55.880, 11.600), ('0316', 55.716, 11.714), ('0320', 55.256, 12.118),
    ('0326', 55.681, 11.089), ('0329', 55.443, 11.790), ('0330', 55.403, 11.354),
    ('0336', 55.310, 12.390), ('0340', 55.432, 11.556), ('0350', 55.604, 11.975),
    ('0360', 54.770, 11.500), ('0370', 55.230, 11.761), ('0376', 54.769, 11.874),
    ('0390', 55.008, 11.911), ('0410', 55.506, 9.730), ('0420', 55.270, 9.900),
    ('0430', 55.240, 10.480), ('0440', 55.449, 10.657), ('0450', 55.312, 10.790),
    ('0461', 55.403, 10.402), ('0479', 55.060, 10.608), ('0480', 55.510, 10.400),
    ('0482', 54.937, 10.717), ('0492', 54.888, 10.412), ('0510', 55.250, 9.490),
    ('0530', 55.730, 9.110), ('0540', 54.909, 9.792), ('0550', 54.933, 8.867),
    ('0561', 55.476, 8.459), ('0563', 55.417, 8.410), ('0573', 55.621, 8.481),
    ('0575', 55.481, 9.137), ('0580', 55.044, 9.418), ('0607', 55.565, 9.752),
    ('0621', 55.490, 9.472), ('0630', 55.709, 9.536), ('0615', 55.861, 9.850),
    ('0657', 56.138, 8.974), ('0661', 56.360, 8.616), ('0665', 56.549, 8.310),
    ('0671', 56.492, 8.594), ('0706', 56.300, 10.480), ('0707', 56.415, 10.880),
    ('0710', 56.270, 10.060), ('0727', 55.974, 10.153), ('0730', 56.461, 10.036),
    ('0740', 56.170, 9.548), ('0741', 55.870, 10.610), ('0746', 56.040, 9.930),
    ('0751', 56.157, 10.211), ('0756', 56.139, 9.158), ('0760', 56.090, 8.240),
    ('0766', 55.770, 9.700), ('0779', 56.567, 9.027), ('0791', 56.453, 9.402),
    ('0773', 56.793, 8.733), ('0787', 56.957, 8.694), ('0810', 57.270, 9.941),
    ('0813', 57.441, 10.537), ('0820', 56.800, 9.520), ('0825', 57.267, 11.000),
    ('0840', 56.885, 9.840), ('0846', 56.640, 9.790), ('0849', 57.160, 9.730),
    ('0851', 57.048, 9.919), ('0860', 57.464, 9.982);

-- The twenty kinds of adapted jobs the text is built from.
CREATE TEMP TABLE bench_kind (k int PRIMARY KEY, title text, intro text,
    easy text, tasks text[]) ON COMMIT DROP;
INSERT INTO bench_kind VALUES
    (0, 'Køkkenmedhjælper i kantine',
     'Du hjælper køkkenet i kantinen med at skylle og skære grøntsager, sætte salatbaren op og gøre klar til frokost.',
     'Du hjælper i køkkenet. Du skærer grøntsager. Du gør borde rene.',
     '{"Skylle og skære grøntsager","Sætte salatbaren op","Tørre borde af efter frokost"}'),
    (1, 'Opvasker',
     'Du sætter service i opvaskemaskinen, tømmer den og stiller rent service på plads i køkkenet.',
     'Du vasker op med en maskine. Du sætter rent service på plads.',
     '{"Fylde opvaskemaskinen","Tømme maskinen","Stille service på plads"}'),
    (2, 'Lagermedhjælper',
     'Du hjælper på lageret med at pakke ordrer, sætte varer på plads på reolerne og gøre pakker klar til fragtmanden.',
     'Du pakker varer på et lager. Du sætter varer på plads.',
     '{"Pakke ordrer","Sætte varer på reoler","Scanne pakker"}'),
    (3, 'Medhjælper til varepåfyldning',
     'Du fylder varer på hylderne i butikken om morgenen og tjekker datoer på mælk, brød og frugt.',
     'Du sætter varer på hylder i en butik. Du tjekker datoer.',
     '{"Fylde varer på hylderne","Tjekke datoer på mælk og brød","Bære papkasser ud"}'),
    (4, 'Gartnermedhjælper',
     'Du hjælper i gartneriet med at vande planter, plante stiklinger om og pakke potteplanter til butikkerne.',
     'Du passer planter i et gartneri. Du vander og pakker planter.',
     '{"Vande planter","Plante stiklinger om","Pakke planter i kasser"}'),
    (5, 'Rengøringsassistent',
     'Du gør kontorer, mødelokaler og toiletter rene efter en fast plan med billeder af hver opgave.',
     'Du gør rent på et kontor. Du følger en plan med billeder.',
     '{"Støvsuge og vaske gulve","Tømme skraldespande","Gøre toiletter rene"}'),
    (6, 'Kaffe- og mødeservice',
     'Du gør mødelokaler klar med kaffe, te, vand og frugt og rydder op efter møderne.',
     'Du sætter kaffe og vand frem til møder. Du rydder op bagefter.',
     '{"Brygge kaffe og te","Sætte kopper og vand frem","Rydde op efter møder"}'),
    (7, 'Cykelværkstedshjælper',
     'Du hjælper mekanikeren på cykelværkstedet med at pumpe dæk, skifte slanger og vaske cykler.',
     'Du hjælper med at reparere cykler. Du pumper dæk.',
     '{"Pumpe dæk","Skifte slanger","Vaske cykler"}'),
    (8, 'Vaskerimedhjælper',
     'Du sorterer vasketøj, lægger håndklæder og sengetøj sammen og pakker rent tøj i kurve på vaskeriet.',
     'Du lægger rent tøj sammen på et vaskeri.',
     '{"Sortere vasketøj","Lægge håndklæder sammen","Pakke rent tøj i kurve"}'),
    (9, 'Bagerimedhjælper',
     'Du hjælper i bageriet med at smøre bageplader, pakke brød og rundstykker og gøre disken klar om morgenen.',
     'Du hjælper en bager. Du pakker brød og rundstykker.',
     '{"Pakke brød","Smøre bageplader","Fylde disken op"}'),
    (10, 'Hjælper på plejecenter',
     'Du hjælper personalet på plejecentret med at dække bord, servere kaffe for beboerne og gå ture i haven.',
     'Du hjælper på et plejecenter. Du dækker bord og går ture med de ældre.',
     '{"Dække bord","Servere kaffe for beboerne","Gå ture i haven"}'),
    (11, 'Medhjælper i genbrugsbutik',
     'Du sorterer tøj, bøger og ting, som bliver givet til genbrugsbutikken, sætter priser på og hænger tøj op.',
     'Du sorterer tøj og ting i en genbrugsbutik.',
     '{"Sortere tøj og ting","Sætte priser på","Hænge tøj op"}'),
    (12, 'Pedelmedhjælper',
     'Du hjælper pedellen med at holde skolens udearealer pæne, feje blade, tømme affald og bære borde og stole.',
     'Du hjælper pedellen. Du holder skolen pæn.',
     '{"Feje blade","Tømme affald","Bære borde og stole"}'),
    (13, 'Dyrepasserhjælper',
     'Du hjælper i dyreparken med at fodre dyrene, muge ud i staldene og give dyrene frisk vand.',
     'Du passer dyr. Du giver dyrene mad og vand.',
     '{"Fodre dyrene","Muge ud i staldene","Give frisk vand"}'),
    (14, 'Medhjælper ved flaskeautomaten',
     'Du tømmer flaskeautomaten, sorterer flasker og dåser i kasser og holder området rent i baglokalet.',
     'Du sorterer flasker og dåser. Du holder rent.',
     '{"Tømme flaskeautomaten","Sortere flasker og dåser","Feje og tørre af"}'),
    (15, 'Postmedhjælper',
     'Du sorterer post og pakker på kontoret og bringer breve rundt til afdelingerne i huset.',
     'Du sorterer post og går rundt med breve.',
     '{"Sortere post","Bringe breve rundt","Pakke pakker"}'),
    (16, 'Servicemedarbejder i svømmehal',
     'Du hjælper i svømmehallen med at gøre omklædningsrum rene, lægge håndklæder frem og rydde op ved bassinet.',
     'Du holder svømmehallen ren og pæn.',
     '{"Gøre omklædningsrum rene","Lægge håndklæder frem","Rydde op ved bassinet"}'),
    (17, 'Pakkemedarbejder i webshop',
     'Du pakker ordrer fra webshoppen i kasser, sætter labels på og stiller pakkerne klar til afhentning.',
     'Du pakker varer, som kunder har købt på nettet.',
     '{"Pakke ordrer","Sætte labels på","Stille pakker klar"}'),
    (18, 'Kantinemedhjælper – opfyldning',
     'Du holder salatbaren og brødkurvene fyldt op under frokosten og skifter tomme skåle ud.',
     'Du fylder mad op i kantinen. Du skifter tomme skåle.',
     '{"Fylde salatbaren op","Skifte tomme skåle","Tørre borde af"}'),
    (19, 'Medhjælper på hotel',
     'Du hjælper housekeeping på hotellet med at rede senge, skifte håndklæder og fylde rengøringsvogne op.',
     'Du hjælper med at gøre hotelværelser klar.',
     '{"Rede senge","Skifte håndklæder","Fylde rengøringsvogne op"}');

-- ---------------------------------------------------------------------------
-- Employers
-- ---------------------------------------------------------------------------
INSERT INTO employers (id, name, cvr, street, postal_code, city,
    municipality_code, contact_name, contact_email, contact_phone,
    agreement_signed_on, notes, created_at, updated_at)
SELECT ('b0000000-0000-4000-8000-' || lpad(e.n::text, 12, '0'))::uuid,
    (ARRAY['Nordlys', 'Havnens', 'Bakkegårdens', 'Skovbrynets', 'Fjordens',
        'Engens', 'Byens', 'Kystens', 'Lindens', 'Bøgeskovens', 'Åens',
        'Solsidens', 'Klitgårdens', 'Møllens', 'Stationens'])
        [1 + bench_pick(e.n, 1, 15)] || ' ' ||
    (ARRAY['Dagligvarer', 'Kantine', 'Gartneri', 'Lager & Logistik',
        'Bageri', 'Hotel', 'Vaskeri', 'Cykler', 'Genbrug', 'Rengøring',
        'Plejecenter', 'Dyrepark'])[1 + bench_pick(e.n, 2, 12)] || ' ' ||
    (ARRAY['ApS', 'A/S', 'I/S'])[1 + bench_pick(e.n, 3, 3)],
    bench_cvr(e.n),
    (ARRAY['Hovedgaden', 'Stationsvej', 'Industrivej', 'Havnegade',
        'Skolevej', 'Østergade', 'Vestergade'])[1 + bench_pick(e.n, 4, 7)]
        || ' ' || (1 + bench_pick(e.n, 5, 120)),
    lpad((1000 + bench_pick(e.n, 6, 8990))::text, 4, '0'),
    m.name, m.code,
    (ARRAY['Mette Hansen', 'Jonas Kristensen', 'Sofie Madsen',
        'Peter Nielsen', 'Line Olsen', 'Ali Yilmaz', 'Camilla Berg'])
        [1 + bench_pick(e.n, 7, 7)],
    'kontakt' || e.n || '@bench.jobbro.dk',
    '+45 ' || lpad((20000000 + bench_pick(e.n, 8, 79999999))::text, 8, '0'),
    date '2023-01-01' + bench_pick(e.n, 9, 900),
    'Virksomhed til belastningstest.',
    timestamptz '2024-06-01 08:00:00+00' + e.n * interval '1 hour',
    timestamptz '2024-06-01 08:00:00+00' + e.n * interval '1 hour'
FROM generate_series(1, 300) AS e(n)
JOIN (SELECT mm.code, mm.name, row_number() OVER (ORDER BY mm.code) AS rn
    FROM municipalities mm) m
    ON (e.n <= 98 AND m.rn = e.n)
    OR (e.n > 98 AND m.code =
        (ARRAY['0101', '0751', '0461', '0851', '0147'])[1 + e.n % 5])
ON CONFLICT DO NOTHING;

-- ---------------------------------------------------------------------------
-- Jobs: n = 1..10000 published, 10001..11000 draft or closed.
-- ---------------------------------------------------------------------------
INSERT INTO jobs (id, employer_id, title, description, easy_read_summary,
    tasks, job_type, weekly_hours, schedule, single_supervisor,
    supervisor_name, accommodations, positions, filled, hourly_wage_dkk,
    municipality_code, lat, lon, starts_on, status, published_at,
    created_at, updated_at)
SELECT ('00000000-0000-4000-8000-' || lpad(j.n::text, 12, '0'))::uuid,
    e.id,
    k.title || (ARRAY['', '', '', ' – morgenhold', ' – eftermiddag',
        ' i ' || e.city])[1 + bench_pick(j.n, 11, 6)],
    k.intro || ' ' ||
    (ARRAY['Du arbejder sammen med en fast kollega, som viser dig opgaverne.',
        'Arbejdet foregår i roligt tempo, og du kan holde pauser, når du har brug for det.',
        'Vi har gode erfaringer med skånejob og fleksjob og tager os god tid til oplæring.',
        'Arbejdspladsen ligger tæt på bus og tog, og der er cykelparkering ved indgangen.'])
        [1 + bench_pick(j.n, 12, 4)] || ' ' ||
    (ARRAY['Du får en fast arbejdsplan, så du ved, hvad der skal ske hver dag.',
        'Der er frokostordning og en hyggelig kantine med kaffe hele dagen.',
        'Opgaverne er de samme hver dag, og der er en tjekliste med billeder.',
        'Vi er en lille arbejdsplads med plads til alle og en uformel tone.',
        'Din jobkonsulent er med til de første møder og følger op efter en måned.'])
        [1 + bench_pick(j.n, 13, 5)] || ' ' || e.name || ' i ' || e.city
        || ' søger en medarbejder, der har lyst til praktisk arbejde.',
    k.easy,
    k.tasks,
    (ARRAY['skaanejob', 'fleksjob', 'ordinary'])[1 + bench_pick(j.n, 14, 3)],
    (ARRAY[6, 8, 10, 12, 15, 16, 18, 20, 22, 25, 30, 37])
        [1 + bench_pick(j.n, 15, 12)],
    (ARRAY['Man–tor 8–11', 'Tir og tor 10–14', 'Man, ons og fre 7–10',
        'Man–fre 9–12', 'Ons og fre 8–11', 'Man–fre 15–18'])
        [1 + bench_pick(j.n, 16, 6)],
    bench_pick(j.n, 17, 3) < 2,
    e.contact_name,
    string_to_array((ARRAY['Fast arbejdsplan hver uge|Én fast kontaktperson',
        'Tjekliste med billeder|Pauser efter behov',
        'Roligt arbejdssted|Arbejde i eget tempo',
        'Høreværn i travle perioder|Oplæring de første to uger'])
        [1 + bench_pick(j.n, 18, 4)], '|'),
    1 + bench_pick(j.n, 19, 3),
    0,
    120 + bench_pick(j.n, 20, 40) + 0.5 * bench_pick(j.n, 21, 2),
    e.municipality_code,
    round((g.lat + (bench_pick(j.n, 22, 1001) - 500) / 10000.0)::numeric, 5),
    round((g.lon + (bench_pick(j.n, 23, 1001) - 500) / 6000.0)::numeric, 5),
    date '2025-09-01' + bench_pick(j.n, 24, 365),
    CASE WHEN j.n <= 10000 THEN 'published'
        WHEN j.n % 2 = 0 THEN 'draft' ELSE 'closed' END,
    CASE WHEN j.n <= 10000 OR j.n % 2 = 1
        THEN timestamptz '2025-01-01 06:00:00+00'
            + j.n * interval '47 minutes' + interval '2 hours' END,
    timestamptz '2025-01-01 06:00:00+00' + j.n * interval '47 minutes',
    timestamptz '2025-01-01 06:00:00+00' + j.n * interval '47 minutes'
FROM generate_series(1, 11000) AS j(n)
JOIN employers e ON e.id = ('b0000000-0000-4000-8000-'
    || lpad((1 + ((j.n - 1) * 37) % 300)::text, 12, '0'))::uuid
JOIN bench_kind k ON k.k = bench_pick(j.n, 10, 20)
JOIN bench_geo g ON g.code = e.municipality_code
ON CONFLICT DO NOTHING;

-- Every published bench job must be there (wrk/pgbench pick 1..10000).
DO $$
BEGIN
	IF (SELECT count(*) FROM jobs WHERE status = 'published'
	    AND id BETWEEN '00000000-0000-4000-8000-000000000001'
	    AND '00000000-0000-4000-8000-000000010000') <> 10000 THEN
		RAISE EXCEPTION 'bench data: expected 10000 published jobs';
	END IF;
END
$$;

-- The consultant of the scenarios on seekers (the municipalities of
-- sql/seed/history.sql; password "demo-password" as in demo.sql).
INSERT INTO users (id, email, name, role, password_hash, municipality_codes)
VALUES ('a0000000-0000-4000-8000-0000000000b1', 'consultant@bench.jobbro.dk',
    'Bench Jobkonsulent', 'consultant',
    '$argon2id$v=19$m=19456,t=2,p=1$am9iYnJvZGVtb3NhbHQxNg$enTJ3BqmpHy/mLI25Dgj5PJ2REdl76iRHKlcF7Kqp3w',
    '{0265,0370,0561,0615,0630,0657,0791}')
ON CONFLICT DO NOTHING;

-- The admin of the pgbench create_employer ceiling (its ctx.sub must be an
-- active user for api.session). It cannot log in: the password hash is no
-- Argon2 hash. (wrk logs in as the server's bootstrap admin.)
INSERT INTO users (id, email, name, role, password_hash)
VALUES ('00000000-0000-4000-8000-0000000000ad', 'admin@bench.jobbro.dk',
    'Bench Admin', 'admin', '!no-login')
ON CONFLICT DO NOTHING;

COMMIT;

-- Seekers, applications, interviews, placements, follow-ups.
\set history_tag 2
\set history_seekers 50000
\set history_jobs 10000
\set history_employers 2500
\set history_domain bench.jobbro.dk
\ir ../sql/seed/history.sql

DO $$
BEGIN
	IF (SELECT count(*) FROM seekers WHERE id BETWEEN
	    'c0000000-0002-4000-8000-000000000001' AND
	    'c0000000-0002-4000-8000-000000050000') <> 50000 THEN
		RAISE EXCEPTION 'bench data: expected 50000 bench seekers';
	END IF;
	IF (SELECT count(*) FROM applications) < 50000 THEN
		RAISE EXCEPTION 'bench data: expected >= 50000 applications';
	END IF;
END
$$;

-- Every 100th bench seeker has no location (matches_noloc; matches asks
-- for the others).
UPDATE seekers SET lat = NULL, lon = NULL
WHERE id BETWEEN 'c0000000-0002-4000-8000-000000000001'
    AND 'c0000000-0002-4000-8000-000000050000'
  AND right(id::text, 2) = '00';

ANALYZE;
