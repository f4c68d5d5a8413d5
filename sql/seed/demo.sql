-- demo.sql — demo employers, jobs, users and seekers (idempotent: fixed ids, rows
-- that already exist are left as they are, so changes made through the
-- API survive a reload). Needs a migrated database.
--
-- Every demo user's password is "demo-password"; the hash below is its
-- Argon2id encoding (m=19456, t=2, p=1), made once with Debian's argon2:
--   echo -n demo-password | argon2 jobbrodemosalt16 -id -t 2 -k 19456 -p 1 -e
BEGIN;

INSERT INTO employers (id, name, cvr, street, postal_code, city,
    municipality_code, contact_name, contact_email, contact_phone,
    agreement_signed_on, notes, created_at, updated_at)
SELECT id::uuid, name, cvr, street, postal_code, city, municipality_code,
    contact_name, contact_email, contact_phone, signed::date, notes,
    created::timestamptz, created::timestamptz
FROM (VALUES
    ('e0000000-0000-4000-8000-000000000001', 'Nørrebro Dagligvarer ApS',
     '28142471', 'Nørrebrogade 112', '2200', 'København N', '0101',
     'Mette Hansen', 'mette@norrebro-dagligvarer.dk', '+45 35 12 34 56',
     '2024-03-01', 'Supermarked. Har haft to KLAPjob-ansatte siden 2019.',
     '2025-08-01 08:00:00+00'),
    ('e0000000-0000-4000-8000-000000000002', 'Kantinen på Havnen A/S',
     '31578779', 'Bernhardt Jensens Boulevard 41', '8000', 'Aarhus C', '0751',
     'Jonas Kristensen', 'jonas@kantinenpaahavnen.dk', '+45 86 12 40 00',
     '2024-05-15', 'Kantine for 400 medarbejdere. Stille køkken før kl. 11.',
     '2025-08-02 08:00:00+00'),
    ('e0000000-0000-4000-8000-000000000003', 'Hotel Flakhaven ApS',
     '35613943', 'Flakhaven 7', '5000', 'Odense C', '0461',
     'Sofie Madsen', 'sofie@hotelflakhaven.dk', '+45 66 13 20 20',
     '2023-11-20', 'Hotel med 80 værelser, housekeeping og morgenmad.',
     '2025-08-03 08:00:00+00'),
    ('e0000000-0000-4000-8000-000000000004', 'Limfjordens Gartneri ApS',
     '41262028', 'Gartnervej 14', '9200', 'Aalborg SV', '0851',
     'Peter Nielsen', 'peter@limfjordensgartneri.dk', '+45 98 18 22 33',
     '2024-01-10', 'Potteplanter og krydderurter. Travlt op til jul.',
     '2025-08-04 08:00:00+00'),
    ('e0000000-0000-4000-8000-000000000005', 'Østjysk Lager & Logistik A/S',
     '29739455', 'Sindalsvej 30', '8220', 'Brabrand', '0751',
     'Anders Poulsen', 'anders@ostjysklager.dk', '+45 87 44 10 10',
     '2024-09-01', 'Lager med webshop-ordrer. Fast makker på hvert hold.',
     '2025-08-05 08:00:00+00'),
    ('e0000000-0000-4000-8000-000000000006', 'Bogbussen Bibliotekslogistik ApS',
     '37899593', 'Valby Langgade 21', '2500', 'Valby', '0101',
     'Line Olsen', 'line@bogbussen.dk', '+45 33 66 30 00',
     NULL, 'Samarbejder med bibliotekerne i København.',
     '2025-08-06 08:00:00+00')
) AS v (id, name, cvr, street, postal_code, city, municipality_code,
    contact_name, contact_email, contact_phone, signed, notes, created)
ON CONFLICT DO NOTHING;

INSERT INTO jobs (id, employer_id, title, description, easy_read_summary,
    tasks, job_type, weekly_hours, schedule, single_supervisor,
    supervisor_name, accommodations, positions, filled, hourly_wage_dkk,
    municipality_code, lat, lon, starts_on, status, published_at,
    created_at, updated_at, application_deadline, occupation_code, street,
    postal_code, city)
SELECT ('10b00000-0000-4000-8000-0000000000' || lpad(n::text, 2, '0'))::uuid,
    ('e0000000-0000-4000-8000-00000000000' || e)::uuid,
    title, description, easy, tasks, job_type, hours, schedule, single,
    supervisor, accommodations, positions, filled, wage, code, lat, lon,
    starts::date, status,
    CASE WHEN status <> 'draft'
        THEN timestamptz '2025-09-01 08:00:00+00' + n * interval '1 day 37 min'
            + interval '2 hours' END,
    timestamptz '2025-09-01 08:00:00+00' + n * interval '1 day 37 min',
    timestamptz '2025-09-01 08:00:00+00' + n * interval '1 day 37 min',
    current_date + board.deadline, board.disco, board.street, board.postal,
    board.city
FROM (VALUES
    -- Nørrebro Dagligvarer (København)
    (1, 1, 'Medhjælper til varepåfyldning',
     'Du hjælper med at fylde varer på hylderne i butikken om morgenen, før der kommer mange kunder. Du arbejder sammen med Mette, som viser dig, hvor varerne skal stå.',
     'Du sætter varer på hylder. Du arbejder om morgenen. Mette hjælper dig.',
     ARRAY['Fylde varer på hylderne', 'Tjekke datoer på mælk og brød', 'Bære papkasser ud'],
     'skaanejob', 12.0, 'Man–tor 8–11', true, 'Mette Hansen',
     ARRAY['Fast arbejdsplan hver uge', 'Én fast kontaktperson', 'Billeder af hylderne som guide'],
     2, 0, 132.50, '0101', 55.6927, 12.5496, '2025-10-01', 'published'),
    (2, 1, 'Medhjælper ved flaskeautomaten',
     'Du tømmer flaskeautomaten, sorterer flasker og dåser i kasser og holder området rent. Arbejdet er roligt og foregår i baglokalet.',
     'Du sorterer flasker og dåser. Du holder rent. Det er et roligt job.',
     ARRAY['Tømme flaskeautomaten', 'Sortere flasker og dåser', 'Feje og tørre af'],
     'fleksjob', 8.0, 'Tir og tor 10–14', true, 'Mette Hansen',
     ARRAY['Roligt arbejdssted uden kunder', 'Pauser når du har brug for det'],
     1, 0, 128.00, '0101', 55.6925, 12.5501, '2025-10-15', 'published'),
    (3, 1, 'Frugt og grønt – morgenhold',
     'Du gør frugt- og grøntafdelingen klar: sorterer dårlig frugt fra, fylder kasser op og sætter skilte med priser.',
     'Du gør frugt og grønt pænt. Du fjerner dårlig frugt. Du sætter skilte op.',
     ARRAY['Sortere frugt og grønt', 'Fylde kasser op', 'Sætte prisskilte op'],
     'skaanejob', 10.0, 'Man, ons og fre 7–10.20', true, 'Ali Yilmaz',
     ARRAY['Tjekliste med billeder', 'Arbejde i eget tempo'],
     1, 0, 130.00, '0101', 55.6929, 12.5490, '2025-11-01', 'published'),
    (4, 1, 'Pakkehjælp ved kassen',
     'Du hjælper kunderne med at pakke varer i poser ved kassen i de travle timer om eftermiddagen.',
     'Du pakker varer i poser for kunderne. Du hilser på kunderne.',
     ARRAY['Pakke varer i poser', 'Hente indkøbskurve', 'Hjælpe kunder med at finde varer'],
     'ordinary', 15.0, 'Man–fre 15–18', false, NULL,
     ARRAY['Oplæring de første to uger'],
     2, 0, 145.00, '0101', 55.6927, 12.5496, '2026-01-05', 'draft'),
    -- Kantinen på Havnen (Aarhus)
    (5, 2, 'Køkkenmedhjælper i kantine',
     'Du hjælper i køkkenet med at skylle og skære grøntsager, sætte salatbaren op og gøre borde rene efter frokost.',
     'Du laver mad sammen med kokken. Du skærer grøntsager. Du gør borde rene.',
     ARRAY['Skylle og skære grøntsager', 'Sætte salatbaren op', 'Tørre borde af efter frokost'],
     'fleksjob', 15.0, 'Man–fre 9–12', true, 'Jonas Kristensen',
     ARRAY['Samme opgaver hver dag', 'Høreværn i travle perioder', 'Én fast kok som makker'],
     2, 0, 138.00, '0751', 56.1535, 10.2135, '2025-10-01', 'published'),
    (6, 2, 'Opvasker i kantine',
     'Du sætter service i opvaskemaskinen, tømmer den og stiller rent service på plads. Du får en fast plads ved opvasken.',
     'Du vasker op med en maskine. Du sætter rent service på plads.',
     ARRAY['Sætte service i opvaskemaskinen', 'Tømme maskinen', 'Stille service på plads'],
     'skaanejob', 12.0, 'Man–tor 11.30–14.30', true, 'Jonas Kristensen',
     ARRAY['Fast arbejdsplads', 'Skridsikre sko betalt af arbejdsgiver'],
     1, 0, 135.00, '0751', 56.1537, 10.2131, '2025-10-15', 'published'),
    (7, 2, 'Kaffe- og mødeservice',
     'Du gør mødelokaler klar med kaffe, the, vand og frugt og rydder op efter møderne.',
     'Du sætter kaffe og vand frem til møder. Du rydder op bagefter.',
     ARRAY['Brygge kaffe og the', 'Sætte kopper og vand frem', 'Rydde op efter møder'],
     'skaanejob', 6.0, 'Ons og fre 8–11', true, 'Camilla Berg',
     ARRAY['Skema over dagens møder med billeder', 'Kort arbejdsdag'],
     1, 0, 125.00, '0751', 56.1532, 10.2140, '2025-11-01', 'published'),
    (8, 2, 'Opfyldning af salatbar',
     'Du holder salatbaren fyldt op under frokosten og skifter tomme skåle ud.',
     'Du fylder salatbaren op. Du skifter tomme skåle.',
     ARRAY['Fylde salatbaren op', 'Skifte tomme skåle'],
     'ordinary', 10.0, 'Man–fre 11–13', false, NULL,
     ARRAY['Oplæring på første dag'],
     1, 0, 140.00, '0751', 56.1535, 10.2135, '2025-09-15', 'closed'),
    -- Hotel Flakhaven (Odense)
    (9, 3, 'Medhjælper i housekeeping',
     'Du hjælper med at gøre hotelværelser klar til nye gæster: skifte håndklæder, fylde sæbe op og støvsuge. Du arbejder altid sammen med den samme kollega.',
     'Du gør hotelværelser klar. Du skifter håndklæder og støvsuger. Du har en fast makker.',
     ARRAY['Skifte håndklæder', 'Fylde sæbe og papir op', 'Støvsuge værelser'],
     'fleksjob', 16.0, 'Man–tor 9–13', true, 'Sofie Madsen',
     ARRAY['Fast makker', 'Tjekliste for hvert værelse', 'Ingen kontakt med gæster, hvis du ikke vil'],
     2, 0, 136.00, '0461', 55.3959, 10.3883, '2025-10-01', 'published'),
    (10, 3, 'Opfyldning af morgenmadsbuffet',
     'Du holder morgenmadsbuffeten fyldt op med brød, pålæg, frugt og kaffe, og du rydder borde.',
     'Du fylder morgenmaden op. Du rydder borde. Du arbejder tidligt om morgenen.',
     ARRAY['Fylde brød og pålæg op', 'Lave kaffe', 'Rydde borde'],
     'skaanejob', 10.0, 'Man–fre 6.30–8.30', true, 'Sofie Madsen',
     ARRAY['Samme rækkefølge hver dag', 'Pause efter buffeten'],
     1, 0, 134.00, '0461', 55.3961, 10.3879, '2025-10-15', 'published'),
    (11, 3, 'Medhjælper i vaskeri',
     'Du folder håndklæder og sengetøj, som kommer fra vaskeriet, og lægger det på plads i linnedrummet.',
     'Du folder håndklæder og sengetøj. Du lægger det på plads.',
     ARRAY['Folde håndklæder', 'Folde sengetøj', 'Lægge linned på hylder'],
     'skaanejob', 12.0, 'Tir–fre 10–13', true, 'Hanne Lund',
     ARRAY['Roligt rum uden gæster', 'Arbejde siddende eller stående'],
     1, 0, 127.50, '0461', 55.3957, 10.3886, '2025-11-01', 'published'),
    (12, 3, 'Portiermedhjælper',
     'Du hjælper gæster med bagage, viser vej til elevatoren og holder indgangen pæn.',
     'Du bærer kufferter for gæster. Du holder indgangen pæn.',
     ARRAY['Bære bagage', 'Vise vej', 'Holde indgangen ren'],
     'ordinary', 15.0, 'Fre–søn 14–19', false, NULL,
     ARRAY['Uniform stilles til rådighed'],
     1, 0, 150.00, '0461', 55.3959, 10.3883, '2026-02-01', 'draft'),
    (13, 3, 'Gårdmand – udeområder',
     'Du holder gården og indgangen ren, fejer, tømmer skraldespande og vander blomster om sommeren.',
     'Du fejer og tømmer skraldespande. Du vander blomster.',
     ARRAY['Feje gården', 'Tømme skraldespande', 'Vande blomster'],
     'fleksjob', 8.0, 'Man og tor 8–12', true, 'Hanne Lund',
     ARRAY['Arbejde udendørs', 'Arbejdstøj stilles til rådighed'],
     1, 0, 131.00, '0461', 55.3955, 10.3890, '2025-10-01', 'published'),
    -- Limfjordens Gartneri (Aalborg)
    (14, 4, 'Gartnerimedhjælper – potteplanter',
     'Du passer potteplanter i drivhuset: flytter planter, fjerner visne blade og sætter planter i bakker til levering.',
     'Du passer planter i et drivhus. Du fjerner visne blade. Du sætter planter i bakker.',
     ARRAY['Flytte potteplanter', 'Fjerne visne blade', 'Sætte planter i bakker'],
     'skaanejob', 15.0, 'Man–fre 8–11', true, 'Peter Nielsen',
     ARRAY['Samme drivhus hver dag', 'Pauser i frokoststuen', 'Handsker og forklæde'],
     3, 0, 129.00, '0851', 57.0330, 9.8760, '2025-10-01', 'published'),
    (15, 4, 'Pakning af krydderurter',
     'Du pakker basilikum, persille og purløg i poser med etiket, så de er klar til supermarkederne.',
     'Du pakker krydderurter i poser. Du sætter en etiket på.',
     ARRAY['Pakke krydderurter', 'Sætte etiketter på', 'Stable kasser'],
     'fleksjob', 12.0, 'Tir–fre 7–10', true, 'Peter Nielsen',
     ARRAY['Arbejde ved eget bord', 'Billedvejledning til etiketter'],
     2, 0, 133.00, '0851', 57.0334, 9.8755, '2025-10-15', 'published'),
    (16, 4, 'Vanding og pasning af drivhuse',
     'Du vander planter efter en fast plan og holder gangene i drivhusene ryddelige.',
     'Du vander planter. Du følger en plan. Du holder gangene ryddelige.',
     ARRAY['Vande planter', 'Rydde gange', 'Samle tomme potter'],
     'skaanejob', 10.0, 'Man, ons og fre 8–11.20', true, 'Birgitte Dahl',
     ARRAY['Vandingsplan med farvekoder', 'Arbejde i eget tempo'],
     1, 0, 126.00, '0851', 57.0328, 9.8765, '2025-11-01', 'published'),
    (17, 4, 'Sæsonhjælp til juleplanter',
     'Du hjælper i julesæsonen med at pakke julestjerner og juleroser til butikkerne.',
     'Du pakker juleplanter. Det er et job i julen.',
     ARRAY['Pakke julestjerner', 'Sætte planter i kasser'],
     'ordinary', 20.0, 'Man–fre 7–11', false, NULL,
     ARRAY['Oplæring første dag'],
     4, 0, 142.00, '0851', 57.0330, 9.8760, '2025-11-15', 'closed'),
    -- Østjysk Lager & Logistik (Aarhus)
    (18, 5, 'Lagermedhjælper – plukning af ordrer',
     'Du plukker varer på vores lager til webshop-ordrer. En scanner viser dig, hvor varen står, og du har altid en fast makker.',
     'Du henter varer på et lager. En scanner viser vejen. Du har en fast makker.',
     ARRAY['Plukke varer til ordrer', 'Scanne varer', 'Lægge varer i kasser'],
     'fleksjob', 18.0, 'Man–fre 8–11.36', true, 'Anders Poulsen',
     ARRAY['Fast makker', 'Scanner med billeder', 'Ingen truckkørsel'],
     2, 0, 148.00, '0751', 56.1530, 10.1100, '2025-10-01', 'published'),
    (19, 5, 'Pakkebord og emballage',
     'Du pakker ordrer i kasser ved pakkebordet på lager og sætter fragtlabels på.',
     'Du pakker varer i kasser. Du sætter en label på kassen.',
     ARRAY['Pakke ordrer', 'Sætte fragtlabels på', 'Folde papkasser'],
     'skaanejob', 12.0, 'Man–tor 9–12', true, 'Anders Poulsen',
     ARRAY['Hæve-sænkebord', 'Høreværn', 'Fast plads ved pakkebordet'],
     2, 0, 140.00, '0751', 56.1533, 10.1095, '2025-10-15', 'published'),
    (20, 5, 'Sortering af returvarer',
     'Du sorterer varer, som kunderne har sendt retur, og lægger dem tilbage på lager på den rigtige hylde.',
     'Du sorterer varer, der kommer retur. Du lægger dem på plads på lageret.',
     ARRAY['Åbne returpakker', 'Sortere varer', 'Lægge varer på hylder'],
     'skaanejob', 10.0, 'Tir og tor 8–13', true, 'Rasmus Holm',
     ARRAY['Sorteringsbakker med farver', 'Roligt område på lageret'],
     1, 0, 137.00, '0751', 56.1528, 10.1104, '2025-11-01', 'published'),
    (21, 5, 'Oprydning på lager',
     'Du holder gangene på lager fri, samler paller og tomme papkasser og kører dem til komprimatoren. Ingen truckkørsel.',
     'Du rydder op på lageret. Du samler papkasser.',
     ARRAY['Samle papkasser', 'Stable paller', 'Feje gange'],
     'ordinary', 20.0, 'Man–fre 12–16', false, NULL,
     ARRAY['Sikkerhedssko og vest stilles til rådighed'],
     1, 1, 155.00, '0751', 56.1530, 10.1100, '2025-09-15', 'filled'),
    -- Bogbussen Bibliotekslogistik (København)
    (22, 6, 'Biblioteksmedhjælper – bøger på plads',
     'Du sætter afleverede bøger tilbage på hylderne i biblioteket efter et system med farver og numre.',
     'Du sætter bøger på hylder. Farver og numre viser hvor.',
     ARRAY['Sætte bøger på hylder', 'Rydde borde', 'Tømme afleveringskassen'],
     'skaanejob', 8.0, 'Man og ons 10–14', true, 'Line Olsen',
     ARRAY['Farvekoder på hylderne', 'Stille arbejdsplads'],
     2, 0, 128.00, '0101', 55.6616, 12.5160, '2025-10-01', 'published'),
    (23, 6, 'Pakning af bogkasser til bogbussen',
     'Du pakker kasser med bøger efter en liste, så bogbussen kan køre dem ud til borgerne.',
     'Du pakker bøger i kasser. Du følger en liste.',
     ARRAY['Pakke bogkasser', 'Tjekke listen', 'Stable kasser'],
     'fleksjob', 12.0, 'Tir–tor 9–13', true, 'Line Olsen',
     ARRAY['Liste med billeder af omslag', 'Rullebord til tunge kasser'],
     1, 0, 132.00, '0101', 55.6619, 12.5155, '2025-10-15', 'published'),
    (24, 6, 'Scanning og registrering af bøger',
     'Du scanner nye bøger og sætter stregkoder og plastfolie på, før de kommer ud på biblioteket.',
     'Du scanner bøger. Du sætter stregkoder på.',
     ARRAY['Scanne bøger', 'Sætte stregkoder på', 'Plaste bøger ind'],
     'skaanejob', 10.0, 'Man–fre 9–11', true, 'Kasper Vinther',
     ARRAY['Fast computer med store knapper', 'Arbejde siddende'],
     1, 0, 130.00, '0101', 55.6614, 12.5165, '2025-11-01', 'published'),
    (25, 6, 'Medhjælper i bibliotekets café',
     'Du hjælper i den lille café i biblioteket med at lave kaffe og tørre borde af.',
     'Du laver kaffe. Du tørrer borde af.',
     ARRAY['Lave kaffe', 'Tørre borde af', 'Fylde kager op'],
     'skaanejob', 6.0, 'Lør 10–13 og søn 11–14', true, 'Line Olsen',
     ARRAY['Kort arbejdsdag', 'Fast kollega i caféen'],
     1, 0, 122.00, '0101', 55.6616, 12.5160, '2026-01-15', 'draft')
) AS v (n, e, title, description, easy, tasks, job_type, hours, schedule,
    single, supervisor, accommodations, positions, filled, wage, code, lat,
    lon, starts, status)
-- What job boards need (0021): the application deadline in days from the
-- day the seed is loaded (most ahead, jobs 3 and 16 passed: published but
-- out of the job-board feed), the DISCO-08 occupation code and the address
-- of the workplace (none for jobs 2 and 7: the feed shows the employer's
-- postal code and city).
JOIN (VALUES
    (1, 30, '9334', 'Nørrebrogade 112', '2200', 'København N'),
    (2, 45, '9629', NULL, NULL, NULL),
    (3, -5, '9334', 'Nørrebrogade 112', '2200', 'København N'),
    (4, 45, '9321', 'Nørrebrogade 112', '2200', 'København N'),
    (5, 21, '9412', 'Bernhardt Jensens Boulevard 41', '8000', 'Aarhus C'),
    (6, 40, '9412', 'Bernhardt Jensens Boulevard 41', '8000', 'Aarhus C'),
    (7, 14, '9412', NULL, NULL, NULL),
    (8, -30, '9412', 'Bernhardt Jensens Boulevard 41', '8000', 'Aarhus C'),
    (9, 28, '9112', 'Flakhaven 7', '5000', 'Odense C'),
    (10, 35, '9412', 'Flakhaven 7', '5000', 'Odense C'),
    (11, 60, '9121', 'Vindegade 20', '5000', 'Odense C'),
    (12, 60, '9621', 'Flakhaven 7', '5000', 'Odense C'),
    (13, 18, '9613', 'Flakhaven 7', '5000', 'Odense C'),
    (14, 25, '9214', 'Gartnervej 14', '9200', 'Aalborg SV'),
    (15, 50, '9321', 'Gartnervej 14', '9200', 'Aalborg SV'),
    (16, -12, '9214', 'Gartnervej 16', '9200', 'Aalborg SV'),
    (17, -40, '9321', 'Gartnervej 14', '9200', 'Aalborg SV'),
    (18, 30, '9333', 'Sindalsvej 30', '8220', 'Brabrand'),
    (19, 42, '9321', 'Sindalsvej 30', '8220', 'Brabrand'),
    (20, 9, '9329', 'Sindalsvej 34', '8220', 'Brabrand'),
    (21, -20, '9333', 'Sindalsvej 30', '8220', 'Brabrand'),
    (22, 33, '4411', 'Krystalgade 15', '1172', 'København K'),
    (23, 27, '9321', 'Valby Langgade 21', '2500', 'Valby'),
    (24, 55, '4411', 'Krystalgade 15', '1172', 'København K'),
    (25, 30, '5246', 'Krystalgade 15', '1172', 'København K')
) AS board (n, deadline, disco, street, postal, city) USING (n)
ON CONFLICT DO NOTHING;

INSERT INTO users (id, email, name, role, password_hash, municipality_codes,
    employer_id, seeker_id, created_at, updated_at)
SELECT id::uuid, email, name, role,
    '$argon2id$v=19$m=19456,t=2,p=1$am9iYnJvZGVtb3NhbHQxNg$enTJ3BqmpHy/mLI25Dgj5PJ2REdl76iRHKlcF7Kqp3w',
    codes::text[], employer::uuid, NULL, created::timestamptz,
    created::timestamptz
FROM (VALUES
    ('a0000000-0000-4000-8000-000000000001', 'consultant@demo.jobbro.dk',
     'Karin Jobkonsulent', 'consultant', '{0101,0751}', NULL,
     '2025-07-01 08:00:00+00'),
    ('a0000000-0000-4000-8000-000000000002', 'employer@demo.jobbro.dk',
     'Mette Hansen', 'employer', '{}',
     'e0000000-0000-4000-8000-000000000001', '2025-07-01 08:01:00+00'),
    ('a0000000-0000-4000-8000-000000000003', 'seeker@demo.jobbro.dk',
     'Emil Jobsøger', 'seeker', '{}', NULL, '2025-07-01 08:02:00+00'),
    ('a0000000-0000-4000-8000-000000000004', 'partner@demo.jobbro.dk',
     'Jobcenter København', 'partner', '{0101}', NULL,
     '2025-07-01 08:03:00+00')
) AS v (id, email, name, role, codes, employer, created)
ON CONFLICT DO NOTHING;

-- Seekers: people with an intellectual disability on the demo
-- consultant's caseload (most of them) in København and Aarhus.
INSERT INTO seekers (id, first_name, last_name, birth_date, email, phone,
    municipality_code, consultant_id, support_person, benefit_type,
    monthly_benefit_dkk, max_weekly_hours, job_types, interests,
    travel_radius_km, lat, lon, support_needs, needs_single_supervisor,
    easy_read, consents_processing, consents_share_with_employers, status,
    created_at, updated_at)
SELECT ('c0000000-0000-4000-8000-0000000000' || lpad(n::text, 2, '0'))::uuid,
    first, last, birth::date, email, phone, code,
    CASE WHEN karin THEN 'a0000000-0000-4000-8000-000000000001'::uuid END,
    support::jsonb, benefit, monthly, hours, job_types, interests, radius,
    lat, lon, needs, single, easy, true, share, status,
    '2025-08-10 08:00:00+00'::timestamptz + least(n, 11) * interval '1 day',
    '2025-08-10 08:00:00+00'::timestamptz + least(n, 11) * interval '1 day'
FROM (VALUES
    -- København
    (1, 'Emil', 'Sørensen', '1998-04-12', 'emil.soerensen@example.dk',
     '+45 22 41 18 07', '0101', true,
     '{"name":"Lone Sørensen","relation":"mor","phone":"+45 40 12 77 31"}',
     'foertidspension', 17800.00, 12.0, ARRAY['skaanejob'],
     ARRAY['butik', 'lager', 'fodbold'], 10.0, 55.6950, 12.5500,
     ARRAY['fast arbejdsplan', 'én fast kontaktperson',
         'billedstøttet instruktion'], true, true, true, 'active'),
    (2, 'Sofie', 'Andersen', '2001-09-03', NULL, '+45 31 56 90 12', '0101',
     true, NULL, 'foertidspension', 16500.00, 10.0,
     ARRAY['skaanejob', 'fleksjob'], ARRAY['bøger', 'bibliotek'], 8.0,
     55.6612, 12.5101,
     ARRAY['billedstøttet instruktion', 'stille arbejdsplads'], true, true,
     true, 'active'),
    (3, 'Mads', 'Nielsen', '1990-01-22', 'mads.nielsen@example.dk', NULL,
     '0101', true,
     '{"name":"Jens Nielsen","relation":"bror","phone":null}',
     'foertidspension', 18900.00, 15.0, ARRAY['fleksjob'],
     ARRAY['køkken', 'madlavning'], 15.0, 55.7040, 12.5390,
     ARRAY['fast arbejdsplan', 'pauser efter behov'], false, false, true,
     'active'),
    (4, 'Ida', 'Christensen', '1985-06-30', NULL, '+45 26 73 44 90', '0101',
     false, NULL, 'kontanthjaelp', 12400.00, 20.0,
     ARRAY['fleksjob', 'ordinary'], ARRAY['rengøring', 'hotel'], 20.0,
     NULL, NULL, ARRAY['én fast kontaktperson'], false, false, false,
     'paused'),
    (5, 'Frederik', 'Larsen', '2004-11-15', NULL, '+45 51 20 66 83', '0101',
     true,
     '{"name":"Hanne Kjær","relation":"bostøttemedarbejder","phone":"+45 33 66 12 00"}',
     'ressourceforloeb', 13900.00, 8.0, ARRAY['skaanejob'],
     ARRAY['dyr', 'planter'], 10.0, 55.6867, 12.5700,
     ARRAY['billedstøttet instruktion', 'korte arbejdsdage',
         'fast arbejdsplan'], true, true, false, 'active'),
    (6, 'Julie', 'Pedersen', '1995-03-08', 'julie.p@example.dk',
     '+45 28 90 13 57', '0101', true, NULL, 'foertidspension', 19200.00,
     12.0, ARRAY['skaanejob'], ARRAY['kaffe', 'café', 'bagning'], 5.0,
     55.6761, 12.5683,
     ARRAY['én fast kontaktperson', 'rolige omgivelser'], true, false, true,
     'active'),
    (7, 'Oliver', 'Jensen', '1999-12-01', NULL, NULL, '0101', true,
     '{"name":"Per Jensen","relation":"far","phone":"+45 20 45 67 89"}',
     'foertidspension', 17100.00, 10.0, ARRAY['skaanejob'],
     ARRAY['sortering', 'lager'], 12.0, NULL, NULL,
     ARRAY['fast arbejdsplan', 'billedstøttet instruktion'], true, true,
     false, 'inactive'),
    -- Aarhus
    (8, 'Freja', 'Hansen', '2002-07-19', 'freja.hansen@example.dk',
     '+45 42 18 30 71', '0751', true, NULL, 'foertidspension', 16200.00,
     12.0, ARRAY['skaanejob'], ARRAY['køkken', 'salat'], 10.0,
     56.1620, 10.2030,
     ARRAY['én fast kontaktperson', 'billedstøttet instruktion'], true, true,
     true, 'active'),
    (9, 'Lucas', 'Rasmussen', '1988-02-14', NULL, '+45 60 33 21 09', '0751',
     true, NULL, 'ledighedsydelse', 15600.00, 18.0, ARRAY['fleksjob'],
     ARRAY['lager', 'logistik'], 25.0, 56.1450, 10.1200,
     ARRAY['fast arbejdsplan'], false, false, true, 'active'),
    (10, 'Emma', 'Thomsen', '1993-10-05', NULL, '+45 24 80 19 46', '0751',
     false,
     '{"name":"Birthe Thomsen","relation":"mor","phone":"+45 86 14 22 10"}',
     'foertidspension', 18300.00, 10.0, ARRAY['skaanejob'],
     ARRAY['planter', 'gartneri'], 15.0, 56.1700, 10.1900,
     ARRAY['én fast kontaktperson', 'arbejde i eget tempo'], true, true,
     false, 'paused'),
    (11, 'William', 'Poulsen', '1982-05-27', 'william.poulsen@example.dk',
     NULL, '0751', true, NULL, 'foertidspension', 19800.00, 15.0,
     ARRAY['skaanejob', 'fleksjob'], ARRAY['opvask', 'køkken'], 8.0,
     56.1540, 10.2100,
     ARRAY['fast arbejdsplan', 'høreværn ved støj'], true, false, true,
     'active'),
    (12, 'Clara', 'Madsen', '2006-08-09', NULL, '+45 53 72 08 64', '0751',
     true,
     '{"name":"Susanne Madsen","relation":"mor","phone":"+45 29 64 51 30"}',
     'kontanthjaelp', 12000.00, 8.0, ARRAY['skaanejob'],
     ARRAY['tøj', 'butik'], 10.0, 56.1570, 10.2000,
     ARRAY['billedstøttet instruktion', 'én fast kontaktperson',
         'korte arbejdsdage'], true, true, true, 'active')
) AS v (n, first, last, birth, email, phone, code, karin, support, benefit,
    monthly, hours, job_types, interests, radius, lat, lon, needs, single,
    easy, share, status)
ON CONFLICT DO NOTHING;

-- The demo seeker's login is Emil Sørensen (kept if changed since).
UPDATE users SET seeker_id = 'c0000000-0000-4000-8000-000000000001'
WHERE email = 'seeker@demo.jobbro.dk' AND seeker_id IS NULL;

-- Applications of demo seekers to published demo jobs, in various states,
-- each with its history (the application's status, version, created_at
-- and updated_at follow from its events). Karin (consultant) and Mette
-- (employer of Nørrebro Dagligvarer) make most moves; Emil applied once
-- himself. Events are only added with a newly inserted application.
WITH app (n, seeker, job, note, prepared) AS (VALUES
    (1, 1, 1, 'Jeg kan godt lide at sætte varer på plads, og jeg kommer altid til tiden.', true),
    (2, 1, 22, NULL, false),
    (3, 2, 22, 'Jeg elsker bøger og vil gerne arbejde på et bibliotek.', true),
    (4, 5, 3, NULL, true),
    (5, 6, 2, 'Jeg kan lide rolige opgaver.', true),
    (6, 8, 5, 'Jeg har været i praktik i et køkken og kan lide at skære grøntsager.', true),
    (7, 11, 6, NULL, true),
    (8, 9, 18, 'Jeg har kørt med scanner før i en praktik.', true)
), ev (n, from_status, to_status, at, actor, reason) AS (VALUES
    (1, NULL, 'submitted', '2025-10-02 09:00:00+00', 1, NULL),
    (1, 'submitted', 'in_review', '2025-10-03 10:15:00+00', 2, NULL),
    (2, NULL, 'submitted', '2025-10-06 14:20:00+00', 3, NULL),
    (3, NULL, 'submitted', '2025-10-04 09:00:00+00', 1, NULL),
    (3, 'submitted', 'in_review', '2025-10-05 11:00:00+00', 1, NULL),
    (3, 'in_review', 'interview', '2025-10-07 13:30:00+00', 1,
     'Samtale aftalt tirsdag 14. oktober kl. 10 med Line Olsen.'),
    (4, NULL, 'submitted', '2025-10-08 11:00:00+00', 1, NULL),
    (5, NULL, 'submitted', '2025-10-01 09:30:00+00', 1, NULL),
    (5, 'submitted', 'in_review', '2025-10-02 08:45:00+00', 2, NULL),
    (5, 'in_review', 'rejected', '2025-10-05 12:00:00+00', 2,
     'Arbejdstiden passer ikke med Julies bostøtte.'),
    (6, NULL, 'submitted', '2025-09-25 10:00:00+00', 1, NULL),
    (6, 'submitted', 'in_review', '2025-09-26 09:00:00+00', 1, NULL),
    (6, 'in_review', 'interview', '2025-09-29 14:00:00+00', 1,
     'Samtale i kantinen med Jonas Kristensen.'),
    (6, 'interview', 'offered', '2025-10-03 10:30:00+00', 1,
     'Tilbud om fleksjob med fire ugers prøveperiode.'),
    (7, NULL, 'submitted', '2025-09-28 09:15:00+00', 1, NULL),
    (7, 'submitted', 'withdrawn', '2025-10-01 15:00:00+00', 1,
     'William vil hellere arbejde om formiddagen.'),
    (8, NULL, 'submitted', '2025-10-09 08:30:00+00', 1, NULL),
    (8, 'submitted', 'in_review', '2025-10-10 09:45:00+00', 1, NULL)
), ins AS (
    INSERT INTO applications (id, seeker_id, job_id, status, cover_note,
        prepared_with_consultant, version, created_at, updated_at)
    SELECT ('d0000000-0000-4000-8000-0000000000' || lpad(a.n::text, 2, '0'))::uuid,
        ('c0000000-0000-4000-8000-0000000000' || lpad(a.seeker::text, 2, '0'))::uuid,
        ('10b00000-0000-4000-8000-0000000000' || lpad(a.job::text, 2, '0'))::uuid,
        (array_agg(e.to_status ORDER BY e.at DESC))[1], a.note, a.prepared,
        count(*), min(e.at::timestamptz), max(e.at::timestamptz)
    FROM app a JOIN ev e ON e.n = a.n
    GROUP BY a.n, a.seeker, a.job, a.note, a.prepared
    ON CONFLICT DO NOTHING
    RETURNING id
)
INSERT INTO application_events (application_id, from_status, to_status, at,
    actor_id, reason)
SELECT ins.id, e.from_status, e.to_status, e.at::timestamptz,
    ('a0000000-0000-4000-8000-00000000000' || e.actor)::uuid, e.reason
FROM ev e
JOIN ins ON ins.id = ('d0000000-0000-4000-8000-0000000000'
    || lpad(e.n::text, 2, '0'))::uuid
ORDER BY e.at;

-- Interviews of the demo applications that reached interview: Sofie's
-- library interview (application 3, still in interview: one cancelled,
-- one held, a follow-up scheduled) and Freja's canteen interview
-- (application 6, since offered). seeker, job and consultant follow from
-- the application (Karin is both seekers' consultant).
INSERT INTO interviews (id, application_id, seeker_id, job_id,
    consultant_id, starts_at, ends_at, location, mode, consultant_attends,
    accommodations, status, outcome, version, created_at, updated_at)
SELECT ('f0000000-0000-4000-8000-0000000000' || lpad(v.n::text, 2, '0'))::uuid,
    a.id, a.seeker_id, a.job_id, s.consultant_id, v.starts::timestamptz,
    v.ends::timestamptz, v.location, v.mode, v.attends, v.acc, v.status,
    v.outcome, v.version, v.created::timestamptz, v.updated::timestamptz
FROM (VALUES
    (1, 3, '2025-10-10 08:00:00+00', '2025-10-10 09:00:00+00',
     'Hovedbiblioteket, Krystalgade 15, København K', 'in_person', true,
     ARRAY['rolig lokale', 'én samtalepartner'], 'cancelled',
     'Flyttet til 14. oktober; Line Olsen var syg.', 2,
     '2025-10-07 13:30:00+00', '2025-10-09 12:00:00+00'),
    (2, 3, '2025-10-14 08:00:00+00', '2025-10-14 09:00:00+00',
     'Hovedbiblioteket, Krystalgade 15, København K', 'in_person', true,
     ARRAY['rolig lokale', 'én samtalepartner'], 'completed',
     'God samtale med Line Olsen; Sofie vil gerne prøve en arbejdsdag.', 2,
     '2025-10-09 12:05:00+00', '2025-10-14 10:00:00+00'),
    (3, 3, '2026-12-03 09:00:00+00', '2026-12-03 12:00:00+00',
     'Hovedbiblioteket, Krystalgade 15, København K', 'in_person', true,
     ARRAY['billedstøttet instruktion', 'pause hver time'], 'scheduled',
     NULL, 1, '2025-10-15 09:00:00+00', '2025-10-15 09:00:00+00'),
    (4, 6, '2025-10-01 12:00:00+00', '2025-10-01 13:00:00+00',
     'Kantinen, Aarhus', 'in_person', true,
     ARRAY['én fast kontaktperson'], 'completed',
     'Freja skar grøntsager med Jonas Kristensen; tilbud følger.', 2,
     '2025-09-29 14:00:00+00', '2025-10-01 13:30:00+00')
) AS v (n, app, starts, ends, location, mode, attends, acc, status, outcome,
    version, created, updated)
JOIN applications a ON a.id = ('d0000000-0000-4000-8000-0000000000'
    || lpad(v.app::text, 2, '0'))::uuid
JOIN seekers s ON s.id = a.seeker_id
ON CONFLICT DO NOTHING;

COMMIT;

-- Freja's hire (application 6, offered): a placement at the canteen (job
-- 5) that started about 7 months before the first load, so its follow-ups
-- at 1 and 3 months are done, the one at 6 months is overdue and those at
-- 12 and 24 months are pending. Done once, while application 6 is still
-- offered and the placement does not exist, exactly as
-- api.placements_create would: the application → hired (+ event), the
-- job's filled + 1, Freja → placed. The touch triggers are off for those
-- three updates so that versions and updated_at tell the story's dates.
-- Placement b1…01, follow-ups b2…01..05.
BEGIN;

DO $$
DECLARE
	app	uuid := 'd0000000-0000-4000-8000-000000000006';
	pid	uuid := 'b1000000-0000-4000-8000-000000000001';
	start	date := (current_date - interval '7 months')::date;
	hired	timestamptz := (start - 10)::timestamp AT TIME ZONE 'UTC'
			    + interval '9 hours';
	a	applications;
	j	jobs;
BEGIN
	SELECT * INTO a FROM applications WHERE id = app FOR UPDATE;
	IF NOT FOUND OR a.status <> 'offered'
	    OR EXISTS (SELECT 1 FROM placements WHERE id = pid) THEN
		RETURN;
	END IF;
	SELECT * INTO j FROM jobs WHERE id = a.job_id FOR UPDATE;
	IF j.filled >= j.positions THEN
		RETURN;
	END IF;

	ALTER TABLE applications DISABLE TRIGGER applications_touch;
	ALTER TABLE jobs DISABLE TRIGGER jobs_touch;
	ALTER TABLE seekers DISABLE TRIGGER seekers_touch;

	INSERT INTO placements (id, application_id, seeker_id, job_id,
	    employer_id, start_date, weekly_hours, hourly_wage_dkk, job_type,
	    created_at, updated_at)
	VALUES (pid, a.id, a.seeker_id, j.id, j.employer_id, start, 15.0,
	    138.00, 'fleksjob', hired, hired);
	UPDATE applications SET status = 'hired', version = version + 1,
	    updated_at = greatest(updated_at, hired)
	WHERE id = a.id;
	INSERT INTO application_events (application_id, from_status, to_status,
	    at, actor_id, reason)
	VALUES (a.id, 'offered', 'hired', greatest(a.updated_at, hired),
	    'a0000000-0000-4000-8000-000000000001', 'hired');
	UPDATE jobs SET filled = filled + 1,
	    status = CASE WHEN filled + 1 >= positions AND status = 'published'
	        THEN 'filled' ELSE status END,
	    version = version + 1, updated_at = greatest(updated_at, hired)
	WHERE id = j.id;
	UPDATE seekers SET status = 'placed', version = version + 1,
	    updated_at = greatest(updated_at, hired)
	WHERE id = a.seeker_id AND status <> 'placed';

	ALTER TABLE applications ENABLE TRIGGER applications_touch;
	ALTER TABLE jobs ENABLE TRIGGER jobs_touch;
	ALTER TABLE seekers ENABLE TRIGGER seekers_touch;

	-- Karin's first two visits were recorded a few days after they were due.
	INSERT INTO follow_ups (id, placement_id, seeker_id, due_on, month,
	    status, completed_at, still_employed, weekly_hours,
	    seeker_satisfaction, employer_satisfaction, wellbeing_notes,
	    social_notes, needs_support, version, created_at, updated_at)
	SELECT ('b2000000-0000-4000-8000-0000000000' || lpad(f.n::text, 2, '0'))::uuid,
	    pid, a.seeker_id, f.due, f.m,
	    CASE WHEN v.late IS NULL THEN 'pending' ELSE 'done' END, f.done,
	    CASE WHEN v.late IS NOT NULL THEN true END, v.hours, v.ss, v.es,
	    v.wellbeing, v.social, v.support,
	    CASE WHEN v.late IS NULL THEN 1 ELSE 2 END, hired,
	    coalesce(f.done, hired)
	FROM (VALUES
	    (1, 2, 12.0, 4, 4,
	     'Freja er glad for at skære grøntsager og kender nu rutinen ved salatbaren. Hun er træt om eftermiddagen.',
	     'Spiser frokost med de andre i køkkenet; Jonas er hendes faste makker.',
	     true),
	    (3, 1, 15.0, 5, 4,
	     'Freja arbejder nu de fulde 15 timer og har fået ansvaret for salatbaren om tirsdagen.',
	     'Er med til fredagskaffe; har fået en veninde i kantinen.',
	     false)
	) AS v (month, late, hours, ss, es, wellbeing, social, support)
	RIGHT JOIN (
	    SELECT u.m, u.n, (start + make_interval(months => u.m))::date AS due
	    FROM unnest(ARRAY[1, 3, 6, 12, 24]) WITH ORDINALITY AS u (m, n)) d
	    ON v.month = d.m
	CROSS JOIN LATERAL (SELECT d.m, d.n, d.due,
	    (d.due + v.late)::timestamp AT TIME ZONE 'UTC' + interval '13 hours')
	    AS f (m, n, due, done);
END
$$;

COMMIT;

-- ---------------------------------------------------------------------------
-- Paperwork (issue 13): Freja's checklist (fleksjob, made by the trigger of
-- 0025 with her placement). Karin got the municipality's approval and the
-- contract before the start and told Freja about the union in week 2; the
-- wage subsidy came 11 days late (Jobcenteret asked for the contract
-- again); the first payslip is still not checked, so it is overdue (it
-- shows in Karin's caseload and on Freja's follow-ups). Only steps still
-- untouched (open, version 1) are marked, so a second load changes nothing.
-- ---------------------------------------------------------------------------
BEGIN;

ALTER TABLE placement_paperwork DISABLE TRIGGER placement_paperwork_touch;
UPDATE placement_paperwork w SET status = 'done',
    done_on = p.start_date + v.day,
    done_by = 'a0000000-0000-4000-8000-000000000001', note = v.note,
    version = 2,
    updated_at = (p.start_date + v.day)::timestamp AT TIME ZONE 'UTC'
        + interval '14 hours'
FROM placements p, (VALUES
    ('municipality_approval', -6, NULL),
    ('contract_signed', -2, 'Underskrevet på mødet i kantinen med Jonas.'),
    ('union_information_given', 10, NULL),
    ('wage_subsidy_granted', 41,
     'Jobcenteret bad om kontrakten igen; bevilget efter rykker.')
) AS v (step, day, note)
WHERE p.id = 'b1000000-0000-4000-8000-000000000001'
  AND w.placement_id = p.id AND w.step = v.step
  AND w.status = 'open' AND w.version = 1;
ALTER TABLE placement_paperwork ENABLE TRIGGER placement_paperwork_touch;

COMMIT;

-- Issue 13 (D), documents: Freja's placement (b1…01) has her signed
-- contract (a PDF, uploaded by Karin the hour she was hired) and the
-- municipality's approval of the fleksjob (a PNG, Karin's photo of the
-- letter two days later).
-- Tiny but valid files: GET .../documents/{id} opens them. Ids dc…01, 02.
BEGIN;

INSERT INTO placement_documents (id, placement_id, seeker_id, filename,
    title, content_type, size, sha256, content, uploaded_by,
    uploaded_by_role, created_at)
SELECT v.id::uuid, p.id, p.seeker_id, v.filename, v.title, v.ctype,
    octet_length(v.bytes), encode(sha256(v.bytes), 'hex'), v.bytes,
    v.by::uuid, v.role, p.created_at + v.after
FROM placements p
CROSS JOIN (VALUES
    ('dc000000-0000-4000-8000-000000000001', 'ansaettelseskontrakt.pdf',
     'Ansættelseskontrakt (fleksjob)', 'application/pdf',
     decode('JVBERi0xLjQKMSAwIG9iago8PC9UeXBlL0NhdGFsb2cvUGFnZXMgMiAwIFI+PgplbmRvYmoKMiAwIG9iago8PC9UeXBlL1BhZ2VzL0tpZHNbMyAwIFJdL0NvdW50IDE+PgplbmRvYmoKMyAwIG9iago8PC9UeXBlL1BhZ2UvUGFyZW50IDIgMCBSL01lZGlhQm94WzAgMCA1OTUgODQyXS9SZXNvdXJjZXM8PC9Gb250PDwvRjEgNCAwIFI+Pj4+L0NvbnRlbnRzIDUgMCBSPj4KZW5kb2JqCjQgMCBvYmoKPDwvVHlwZS9Gb250L1N1YnR5cGUvVHlwZTEvQmFzZUZvbnQvSGVsdmV0aWNhPj4KZW5kb2JqCjUgMCBvYmoKPDwvTGVuZ3RoIDgwPj5zdHJlYW0KQlQgL0YxIDE4IFRmIDcyIDc3MCBUZCAoQW5zYWV0dGVsc2Vza29udHJha3QgLSBGcmVqYSwgS2FudGluZW4gKGZsZWtzam9iKSkgVGogRVQKZW5kc3RyZWFtCmVuZG9iagp4cmVmCjAgNgowMDAwMDAwMDAwIDY1NTM1IGYgCjAwMDAwMDAwMDkgMDAwMDAgbiAKMDAwMDAwMDA1NCAwMDAwMCBuIAowMDAwMDAwMTA1IDAwMDAwIG4gCjAwMDAwMDAyMTcgMDAwMDAgbiAKMDAwMDAwMDI4MCAwMDAwMCBuIAp0cmFpbGVyCjw8L1NpemUgNi9Sb290IDEgMCBSPj4Kc3RhcnR4cmVmCjQwNwolJUVPRgo=', 'base64'),
     'a0000000-0000-4000-8000-000000000001', 'consultant',
     interval '1 hour'),
    ('dc000000-0000-4000-8000-000000000002', 'godkendelse-kommunen.png',
     'Kommunens godkendelse af fleksjob', 'image/png',
     decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
         'base64'),
     'a0000000-0000-4000-8000-000000000001', 'consultant', interval '2 days')
) AS v (id, filename, title, ctype, bytes, by, role, after)
WHERE p.id = 'b1000000-0000-4000-8000-000000000001'
ON CONFLICT DO NOTHING;

COMMIT;
