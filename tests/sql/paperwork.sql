-- tests/sql/paperwork.sql — the checklists of migration 0025 (the steps
-- each job type gets from the trigger, done_on not before the
-- application) and api.placements_paperwork / placements_paperwork_update
-- (shape, order, summary, scope, roles, If-Match, statuses, dates, the
-- note as a case note, the audit).
--
-- Run as scripts/test.sh does, from the repository root, on a migrated
-- database loaded with the demo seed (scripts/seed.sh --demo), in psql
-- -X -q -v ON_ERROR_STOP=1: BEGIN; \i tests/sql/paperwork.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql

-- ---------------------------------------------------------------------------
-- The trigger: every new placement gets the steps of its job type, due
-- start_date + due_days; done_on before the application is refused.
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	jt	text;
	pid	uuid;
	got	text[];
	msg	text;
BEGIN
	-- (placements straight in: a hire through the API would update the
	-- job, and dead rows in jobs change the plans shapes.sql checks)
	FOREACH jt IN ARRAY ARRAY['skaanejob', 'fleksjob', 'ordinary'] LOOP
		INSERT INTO placements (application_id, seeker_id, job_id,
		    employer_id, start_date, weekly_hours, job_type)
		VALUES (pg_temp.offered(2, 5)::uuid, pg_temp.seeker(2)::uuid,
		    pg_temp.job(5)::uuid, pg_temp.employer(2)::uuid,
		    current_date - 20, 10, jt)
		RETURNING id INTO pid;
		SELECT array_agg(w.step ORDER BY w.position) INTO got
		FROM placement_paperwork w WHERE w.placement_id = pid;
		ASSERT got = CASE jt
		    WHEN 'fleksjob' THEN '{municipality_approval,contract_signed,wage_subsidy_granted,union_information_given,first_payslip_checked}'::text[]
		    WHEN 'skaanejob' THEN '{municipality_approval,contract_signed,union_information_given,first_payslip_checked}'
		    ELSE '{contract_signed,union_information_given,first_payslip_checked}'
		    END, jt || ': ' || got::text;
		ASSERT NOT EXISTS (SELECT 1 FROM placement_paperwork w
		    JOIN paperwork_steps s ON s.job_type = jt AND s.step = w.step
		    WHERE w.placement_id = pid AND (w.status <> 'open'
		        OR w.due_on <> current_date - 20 + s.due_days
		        OR w.seeker_id <> pg_temp.seeker(2)::uuid)),
		    jt || ': open, due start + due_days';
		-- the placement of the loop's last turn is the one used below
		UPDATE applications SET status = 'withdrawn'
		WHERE seeker_id = pg_temp.seeker(2)::uuid AND status = 'offered';
	END LOOP;

	BEGIN
		UPDATE placement_paperwork SET status = 'done',
		    done_on = DATE '2000-01-01'
		WHERE placement_id = pid AND step = 'contract_signed';
		ASSERT false, 'done_on before the application was stored';
	EXCEPTION WHEN check_violation THEN
		GET STACKED DIAGNOSTICS msg = CONSTRAINT_NAME;
		ASSERT msg = 'placement_paperwork_done_on_check', msg;
	END;
	BEGIN
		UPDATE placement_paperwork SET status = 'done'
		WHERE placement_id = pid AND step = 'contract_signed';
		ASSERT false, 'done without done_on was stored';
	EXCEPTION WHEN check_violation THEN
		NULL;
	END;
END
$$;

-- ---------------------------------------------------------------------------
-- GET: Freja's demo checklist (fleksjob; four steps done, the first
-- payslip overdue): shape, order, summary, ETag, scope, the note.
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	r	api.result;
	b	json;
	args	jsonb := jsonb_build_object('id', pg_temp.pl(1));
	who	jsonb;
	sees	bool;
BEGIN
	r := pg_temp.call('placements_paperwork', pg_temp.karin(), args);
	b := r.body;
	ASSERT r.status = 200 AND r.etag = '"' || (SELECT sum(version)
	    FROM placement_paperwork WHERE placement_id = pg_temp.pl(1)::uuid)
	    || '"', 'etag: ' || r.etag;
	ASSERT (SELECT array_agg(k ORDER BY o) FROM json_object_keys(b)
	    WITH ORDINALITY x (k, o))
	    = '{placement_id,job_type,placement_status,summary,steps}', 'keys';
	ASSERT b->>'job_type' = 'fleksjob' AND b->'summary'::text IS NOT NULL
	    AND (b->'summary')::jsonb = '{"total":5,"open":1,"done":4,
	        "not_needed":0,"overdue":1,"done_late":1}', 'summary: ' || b;
	ASSERT (SELECT array_agg(s->>'step' ORDER BY o)
	    FROM json_array_elements(b->'steps') WITH ORDINALITY x (s, o))
	    = '{municipality_approval,contract_signed,wage_subsidy_granted,union_information_given,first_payslip_checked}',
	    'in position order';
	ASSERT (SELECT array_agg(k ORDER BY o) FROM json_object_keys(
	    b->'steps'->0) WITH ORDINALITY x (k, o))
	    = '{step,title,position,status,due_on,done_on,done_by,note,overdue,updated_at}',
	    'step keys: ' || (b->'steps'->0);
	ASSERT b->'steps'->4->>'overdue' = 'true'
	    AND b->'steps'->4->>'status' = 'open'
	    AND b->'steps'->0->>'overdue' = 'false'
	    AND b->'steps'->1->>'note' LIKE 'Underskrevet%'
	    AND b->'steps'->1->>'title' = 'The employment contract is signed',
	    'steps: ' || (b->'steps');
	ASSERT EXISTS (SELECT 1 FROM audit_events WHERE action = 'paperwork.read'
	    AND resource_id = pg_temp.pl(1) AND request_id = 'test'),
	    'audited';

	-- note: admin, consultant, the seeker; employer and partner null
	FOREACH who IN ARRAY ARRAY[pg_temp.ctx('admin'), pg_temp.karin(),
	    pg_temp.freja(), pg_temp.canteen(),
	    pg_temp.ctx('partner', '{0751}', sub => gen_random_uuid()::text)]
	LOOP
		sees := who->>'role' IN ('admin', 'consultant', 'seeker');
		b := (pg_temp.call('placements_paperwork', who, args)).body;
		ASSERT (json_typeof(b->'steps'->1->'note') = 'null') <> sees
		    AND b->'steps'->1->>'status' = 'done',
		    'note for ' || (who->>'role') || ': ' || b;
	END LOOP;

	-- out of scope: 404
	FOREACH who IN ARRAY ARRAY[pg_temp.mette(), pg_temp.emil(),
	    pg_temp.ctx('consultant', '{0461}', sub => gen_random_uuid()::text),
	    pg_temp.ctx('partner', '{0461}', sub => gen_random_uuid()::text)]
	LOOP
		PERFORM pg_temp.raises('placements_paperwork', who, args, 'JB404');
	END LOOP;
	PERFORM pg_temp.raises('placements_paperwork', pg_temp.ctx('admin'),
	    jsonb_build_object('id', gen_random_uuid()), 'JB404');
END
$$;

-- ---------------------------------------------------------------------------
-- PATCH: statuses, dates, done_by, note, If-Match, roles, unknown steps,
-- an ended placement.
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	karin	jsonb := pg_temp.karin();
	canteen	jsonb := pg_temp.canteen();
	pid	text := pg_temp.pl(1);
	r	api.result;
	s	json;
	tag	text;
	m	text;
BEGIN
	r := pg_temp.call('placements_paperwork_update', karin,
	    jsonb_build_object('id', pid, 'sub', 'first_payslip_checked',
	    'body', '{"status":"done","note":"Tjekket med Freja"}'::jsonb));
	s := r.body->'steps'->4;
	ASSERT r.status = 200 AND s->>'status' = 'done'
	    AND (s->>'done_on')::date = current_date
	    AND s->>'done_by' = karin->>'sub' AND s->>'overdue' = 'false'
	    AND s->>'note' = 'Tjekket med Freja'
	    AND r.body->'summary'->>'overdue' = '0', 'done today: ' || r.body;
	ASSERT EXISTS (SELECT 1 FROM audit_events
	    WHERE action = 'paperwork.status_changed' AND seeker_id
	        = pg_temp.seeker(8)::uuid AND resource_type = 'paperwork'
	        AND resource_id = (SELECT id::text FROM placement_paperwork
	            WHERE placement_id = pid::uuid
	              AND step = 'first_payslip_checked')),
	    'audited by the trigger';
	tag := r.etag;

	-- stale If-Match: 412; the current one: 200
	PERFORM pg_temp.raises('placements_paperwork_update', karin,
	    jsonb_build_object('id', pid, 'sub', 'first_payslip_checked',
	    'if_match', '"1"', 'body', '{"note":"x"}'::jsonb), 'JB412');
	r := pg_temp.call('placements_paperwork_update', canteen,
	    jsonb_build_object('id', pid, 'sub', 'first_payslip_checked',
	    'if_match', tag, 'body', '{"done_on":"2026-01-01"}'::jsonb
	        - 'done_on' || jsonb_build_object('done_on',
	        current_date - 1)));
	s := r.body->'steps'->4;
	ASSERT (s->>'done_on')::date = current_date - 1
	    AND s->>'done_by' = canteen->>'sub' AND json_typeof(s->'note') = 'null',
	    'the employer moves done_on (and reads no note): ' || s;
	ASSERT (SELECT note FROM placement_paperwork WHERE placement_id
	    = pid::uuid AND step = 'first_payslip_checked')
	    = 'Tjekket med Freja', 'note kept';

	-- open clears done_on and done_by; not_needed clears done_on
	r := pg_temp.call('placements_paperwork_update', karin,
	    jsonb_build_object('id', pid, 'sub', 'first_payslip_checked',
	    'body', '{"status":"open","note":null}'::jsonb));
	s := r.body->'steps'->4;
	ASSERT s->>'status' = 'open' AND json_typeof(s->'done_on') = 'null'
	    AND json_typeof(s->'done_by') = 'null' AND json_typeof(s->'note') = 'null'
	    AND s->>'overdue' = 'true', 'reopened: ' || s;
	r := pg_temp.call('placements_paperwork_update', karin,
	    jsonb_build_object('id', pid, 'sub', 'first_payslip_checked',
	    'body', '{"status":"not_needed"}'::jsonb));
	s := r.body->'steps'->4;
	ASSERT s->>'status' = 'not_needed' AND json_typeof(s->'done_on') = 'null'
	    AND s->>'done_by' = karin->>'sub' AND s->>'overdue' = 'false',
	    'not needed: ' || s;

	-- 422: done_on with another status, in the future, before the
	-- application
	PERFORM pg_temp.raises('placements_paperwork_update', karin,
	    jsonb_build_object('id', pid, 'sub', 'first_payslip_checked',
	    'body', jsonb_build_object('status', 'open', 'done_on',
	        current_date)), 'JB422', 'done_on', 'invalid_value');
	PERFORM pg_temp.raises('placements_paperwork_update', karin,
	    jsonb_build_object('id', pid, 'sub', 'first_payslip_checked',
	    'body', jsonb_build_object('status', 'done', 'done_on',
	        current_date + 1)), 'JB422', 'done_on', 'out_of_range');
	m := pg_temp.message('placements_paperwork_update', karin,
	    jsonb_build_object('id', pid, 'sub', 'first_payslip_checked',
	    'body', '{"status":"done","done_on":"2025-09-24"}'::jsonb), 'JB422');
	ASSERT m LIKE '%before the application (2025-09-25)%', m;

	-- unknown step: 404 naming the placement's steps
	m := pg_temp.message('placements_paperwork_update', karin,
	    jsonb_build_object('id', pid, 'sub', 'no_such_step',
	    'body', '{"status":"done"}'::jsonb), 'JB404');
	ASSERT m LIKE 'paperwork step no_such_step not found; this placement''s steps are: municipality_approval, contract_signed, %',
	    m;

	-- roles and scope
	PERFORM pg_temp.raises('placements_paperwork_update', pg_temp.freja(),
	    jsonb_build_object('id', pid, 'sub', 'contract_signed',
	    'body', '{"note":"x"}'::jsonb), 'JB403');
	PERFORM pg_temp.raises('placements_paperwork_update',
	    pg_temp.ctx('partner', '{0751}', sub => gen_random_uuid()::text),
	    jsonb_build_object('id', pid, 'sub', 'contract_signed',
	    'body', '{"note":"x"}'::jsonb), 'JB403');
	PERFORM pg_temp.raises('placements_paperwork_update', pg_temp.mette(),
	    jsonb_build_object('id', pid, 'sub', 'contract_signed',
	    'body', '{"note":"x"}'::jsonb), 'JB404');

	-- an ended placement's paperwork may still be completed
	UPDATE placements SET status = 'ended', end_date = current_date,
	    end_reason = 'other' WHERE id = pid::uuid;
	r := pg_temp.call('placements_paperwork_update', karin,
	    jsonb_build_object('id', pid, 'sub', 'first_payslip_checked',
	    'body', '{"status":"done"}'::jsonb));
	ASSERT r.status = 200 AND r.body->>'placement_status' = 'ended'
	    AND r.body->'summary'->>'done' = '5', 'ended: ' || r.body;
END
$$;

\echo 'tests/sql/paperwork.sql: all assertions passed'
