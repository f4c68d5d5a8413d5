-- batch.sql — POST /v1/seekers/batch and POST /v1/jobs/batch: up to 1,000
-- create bodies in one request. C has validated each item against the
-- resource's field table (args.invalid: {"<index>": [field errors]}); each
-- valid item is created by the resource's own create function in a
-- subtransaction of its own (a BEGIN ... EXCEPTION block), so one failure
-- undoes only that item. With ?atomic=true every item is still tried (so
-- the answer lists every problem), then a failure undoes them all.
-- Answer: 200 {"results": [{"index", "status", "id" | "errors"}]}; an
-- atomic batch with a failure answers 422 and C turns the body into a
-- problem (src/batch.c).

-- The per-item answer {"status", "errors"} for an error a create function
-- raised, as src/errmap.c would have answered it alone; NULL for an
-- error that must fail the whole request (a server fault, a
-- serialization failure, a cancelled statement).
CREATE OR REPLACE FUNCTION api.batch_item_error(state text, message text,
    col text, constr text, tbl text, hint text) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	field	text := nullif(col, '');
	status	int;
	code	text;
	msg	text;
BEGIN
	IF field IS NULL AND nullif(constr, '') IS NOT NULL THEN
		field := regexp_replace(
		    CASE WHEN tbl <> '' AND starts_with(constr, tbl || '_')
		        THEN substr(constr, length(tbl) + 2) ELSE constr END,
		    '_(fkey|key|check|excl)$', '');
	END IF;
	IF state ~ '^JB[0-9]{3}$' THEN
		status := substr(state, 3)::int;
		code := coalesce(nullif(hint, ''), 'invalid_value');
		msg := message;
	ELSIF state = '23505' THEN
		status := 409; code := 'duplicate';
		msg := coalesce(field, 'a value') || ' is already in use';
	ELSIF state = '23P01' THEN
		status := 409; code := 'overlap';
		msg := coalesce(field, 'it') ||
		    ' already has something booked at this time';
	ELSIF state = '23503' THEN
		status := 422; code := 'not_found';
		msg := 'no such ' || replace(regexp_replace(coalesce(field,
		    'resource'), '_(id|code)$', ''), '_', ' ');
	ELSIF state = '23502' THEN
		status := 422; code := 'required';
		msg := coalesce(field, 'a field') || ' is required';
	ELSIF state LIKE '23%' THEN
		status := 422; code := 'invalid_value';
		msg := coalesce(field, 'a field') || ' is not acceptable';
	ELSIF state LIKE '22%' THEN
		status := 422; code := 'invalid_value';
		msg := coalesce(field, 'a value') ||
		    ' is out of range or malformed';
	ELSE
		RETURN NULL;
	END IF;
	IF status NOT BETWEEN 400 AND 499 THEN
		RETURN NULL;
	END IF;
	RETURN jsonb_build_object('status', status, 'errors',
	    jsonb_build_array(jsonb_build_object('field',
	        coalesce(field, 'item'), 'code', code, 'message', msg)));
END
$$;

-- Create every item of args.body.items with api.<fn>(ctx, {"body": item}).
CREATE OR REPLACE FUNCTION api.batch_run(ctx jsonb, args jsonb, fn text)
RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	items	jsonb := coalesce(args->'body'->'items', '[]');
	invalid	jsonb := coalesce(args->'invalid', '{}');
	atomic	bool := coalesce((args->'query'->>'atomic')::bool, false);
	results	jsonb := '[]';
	failed	int := 0;
	r	api.result;
	e	jsonb;
	st	text;
	msg	text;
	col	text;
	con	text;
	tbl	text;
	hnt	text;
BEGIN
	BEGIN
		FOR i IN 0 .. jsonb_array_length(items) - 1 LOOP
			IF invalid ? i::text THEN
				results := results || jsonb_build_array(
				    jsonb_build_object('index', i, 'status', 422,
				    'errors', invalid->i::text));
				failed := failed + 1;
				CONTINUE;
			END IF;
			BEGIN
				EXECUTE format('SELECT * FROM api.%I($1, $2)', fn)
				    INTO r USING ctx,
				    jsonb_build_object('body', items->i);
				results := results || jsonb_build_array(
				    jsonb_build_object('index', i, 'status',
				    r.status, 'id', r.body->>'id'));
			EXCEPTION WHEN OTHERS THEN
				GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE,
				    msg = MESSAGE_TEXT, col = COLUMN_NAME,
				    con = CONSTRAINT_NAME, tbl = TABLE_NAME,
				    hnt = PG_EXCEPTION_HINT;
				e := api.batch_item_error(st, msg, col, con, tbl,
				    hnt);
				IF e IS NULL THEN
					RAISE;
				END IF;
				results := results || jsonb_build_array(
				    jsonb_build_object('index', i) || e);
				failed := failed + 1;
			END;
		END LOOP;
		IF atomic AND failed > 0 THEN
			RAISE EXCEPTION USING ERRCODE = 'JBRBK',
			    MESSAGE = 'atomic batch with a failed item';
		END IF;
	EXCEPTION WHEN SQLSTATE 'JBRBK' THEN
		-- Everything is undone: the items that were fine say so.
		SELECT jsonb_agg(CASE WHEN x ? 'id' THEN jsonb_build_object(
		        'index', x->'index', 'status', 424, 'errors',
		        jsonb_build_array(jsonb_build_object('field', 'item',
		        'code', 'not_stored', 'message', 'valid, but not stored: '
		        'another item failed and the batch is atomic')))
		    ELSE x END ORDER BY n)
		INTO results
		FROM jsonb_array_elements(results) WITH ORDINALITY AS t(x, n);
		RETURN ROW(422, json_build_object('results', results), NULL,
		    NULL)::api.result;
	END;
	RETURN ROW(200, json_build_object('results', results), NULL,
	    NULL)::api.result;
END
$$;

-- POST /v1/seekers/batch (roles as POST /v1/seekers).
CREATE OR REPLACE FUNCTION api.seekers_batch(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE sql AS $$
	SELECT * FROM api.batch_run(ctx, args, 'seekers_create')
$$;

-- POST /v1/jobs/batch (roles as POST /v1/jobs).
CREATE OR REPLACE FUNCTION api.jobs_batch(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE sql AS $$
	SELECT * FROM api.batch_run(ctx, args, 'jobs_create')
$$;
