-- privacy.sql — a seeker's personal data on request (GDPR articles 15
-- and 17): GET /v1/seekers/{id}/export returns everything the service
-- holds about one person; POST /v1/seekers/{id}/erase anonymises them and
-- keeps what the statistics need (municipality, benefit, birth year, the
-- placements and their dates, outcomes and satisfaction scores). An
-- erased seeker is gone from the API for everybody but admins; their
-- applications and placements stay, without free text.

-- GET /v1/seekers/{id}/export: the seeker, their login, applications with
-- their history, interviews, placements, follow-ups and the placements'
-- paperwork checklists ({placement_id, steps}) and documents (what they
-- are; the files themselves: GET /v1/placements/{id}/documents/{doc}),
-- oldest first
-- (admin, consultant, the seeker themselves; C keeps partners out); and
-- the access log: who else read the seeker's data and when (the audit
-- events of api.audit_reads() by any role but seeker, so not the
-- seeker's own reads; this export included when someone else asks),
-- newest first, the latest 1000. Audited: seeker.exported.
CREATE OR REPLACE FUNCTION api.seekers_export(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	s	seekers;
BEGIN
	PERFORM api.check_role(ctx, '{admin,consultant,seeker}',
	    'export seekers');
	SELECT * INTO s FROM seekers t
	WHERE t.id = (args->>'id')::uuid AND t.erased_at IS NULL
	  AND api.seeker_visible(ctx, t);
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('seeker');
	END IF;
	PERFORM api.audit(ctx, 'seeker.exported', 'seeker', s.id::text, s.id);
	RETURN ROW(200, json_build_object(
	    'exported_at', api.ts(now()),
	    'seeker', api.seeker_json(s),
	    'users', coalesce((SELECT json_agg(api.user_json(u)
	            ORDER BY u.created_at)
	        FROM users u WHERE u.seeker_id = s.id), '[]'::json),
	    'applications', coalesce((SELECT json_agg(json_build_object(
	            'id', a.id, 'job_id', a.job_id, 'job_title', j.title,
	            'status', a.status, 'cover_note', a.cover_note,
	            'prepared_with_consultant', a.prepared_with_consultant,
	            'created_at', api.ts(a.created_at),
	            'updated_at', api.ts(a.updated_at),
	            'history', api.application_history(a.id))
	            ORDER BY a.created_at, a.id)
	        FROM applications a JOIN jobs j ON j.id = a.job_id
	        WHERE a.seeker_id = s.id), '[]'::json),
	    'interviews', coalesce((SELECT json_agg(api.interview_json(i)
	            ORDER BY i.starts_at, i.id)
	        FROM interviews i WHERE i.seeker_id = s.id), '[]'::json),
	    'placements', coalesce((SELECT json_agg(api.placement_json(p)
	            ORDER BY p.start_date, p.id)
	        FROM placements p WHERE p.seeker_id = s.id), '[]'::json),
	    'follow_ups', coalesce((SELECT json_agg(api.follow_up_json(f)
	            ORDER BY f.due_on, f.id)
	        FROM follow_ups f WHERE f.seeker_id = s.id), '[]'::json),
	    'paperwork', coalesce((SELECT json_agg(json_build_object(
	            'placement_id', c.placement_id, 'steps', c.steps)
	            ORDER BY c.start_date, c.placement_id)
	        FROM (SELECT w.placement_id, min(p.start_date) AS start_date,
	                json_agg(api.paperwork_step_json(w,
	                    coalesce(st.title, w.step)) ORDER BY w.position)
	                    AS steps
	            FROM placement_paperwork w
	            JOIN placements p ON p.id = w.placement_id
	            LEFT JOIN paperwork_steps st ON st.job_type = p.job_type
	                AND st.step = w.step
	            WHERE w.seeker_id = s.id
	            GROUP BY w.placement_id) c), '[]'::json),
	    'documents', coalesce((SELECT json_agg(api.document_json(d)
	            ORDER BY d.created_at, d.id)
	        FROM placement_documents d WHERE d.seeker_id = s.id), '[]'::json),
	    'access_log', coalesce((SELECT json_agg(json_build_object(
	            'at', api.ts(e.at), 'actor_id', e.actor_id,
	            'actor_role', e.actor_role, 'action', e.action)
	            ORDER BY e.at DESC, e.id DESC)
	        FROM (SELECT * FROM audit_events e
	            WHERE e.seeker_id = s.id
	              AND e.action = ANY (api.audit_reads())
	              AND e.actor_role <> 'seeker'
	            ORDER BY e.at DESC, e.id DESC
	            LIMIT 1000) e), '[]'::json)),
	    NULL, NULL)::api.result;
END
$$;

-- POST /v1/seekers/{id}/erase (admin, consultant where writable): 409
-- while a placement of theirs is active (end it first). Open applications
-- are withdrawn and scheduled interviews cancelled; then every personal
-- field and every free text about the person is cleared: names, contact,
-- support person, location, preferences, support needs, notes, cover
-- notes, reasons, interview places and outcomes. Kept for statistics:
-- municipality, benefit, the birth date rounded to 1 July of its year,
-- and the facts of applications, placements and follow-ups. Their logins
-- are deactivated, renamed and their refresh tokens revoked; stored
-- Idempotency-Key answers about them are dropped. 204.
CREATE OR REPLACE FUNCTION api.seekers_erase(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	s	seekers;
	actor	uuid := (ctx->>'sub')::uuid;
BEGIN
	PERFORM api.check_role(ctx, '{admin,consultant}', 'erase seekers');
	SELECT * INTO s FROM seekers t
	WHERE t.id = (args->>'id')::uuid AND api.seeker_writable(ctx, t)
	FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('seeker');
	END IF;
	PERFORM api.check_if_match(args, s.version);
	IF EXISTS (SELECT 1 FROM placements p
	    WHERE p.seeker_id = s.id AND p.status = 'active') THEN
		PERFORM api.raise_conflict('the seeker has an active placement;'
		    || ' end it before erasing the seeker');
	END IF;

	INSERT INTO application_events (application_id, from_status,
	    to_status, actor_id)
	SELECT a.id, a.status, 'withdrawn', actor FROM applications a
	WHERE a.seeker_id = s.id
	  AND a.status IN ('submitted', 'in_review', 'interview', 'offered');
	UPDATE applications a SET status = 'withdrawn'
	WHERE a.seeker_id = s.id
	  AND a.status IN ('submitted', 'in_review', 'interview', 'offered');
	UPDATE applications a SET cover_note = NULL
	WHERE a.seeker_id = s.id AND a.cover_note IS NOT NULL;
	UPDATE application_events e SET reason = NULL
	FROM applications a
	WHERE a.id = e.application_id AND a.seeker_id = s.id
	  AND e.reason IS NOT NULL;
	UPDATE interviews i SET status = CASE WHEN i.status = 'scheduled'
	        THEN 'cancelled' ELSE i.status END,
	    location = NULL, outcome = NULL, accommodations = '{}'
	WHERE i.seeker_id = s.id;
	UPDATE follow_ups f SET wellbeing_notes = NULL, social_notes = NULL
	WHERE f.seeker_id = s.id
	  AND (f.wellbeing_notes IS NOT NULL OR f.social_notes IS NOT NULL);
	UPDATE placement_paperwork w SET note = NULL
	WHERE w.seeker_id = s.id AND w.note IS NOT NULL;

	-- Their documents (contracts, payslips) go entirely.
	DELETE FROM placement_documents d WHERE d.seeker_id = s.id;

	UPDATE refresh_tokens r SET revoked_at = now()
	FROM users u
	WHERE r.user_id = u.id AND u.seeker_id = s.id AND r.revoked_at IS NULL;
	-- Stored answers to Idempotency-Key requests that name the person (or
	-- that the person made): a replay now answers 410 (api.idempotent).
	UPDATE idempotency_keys k SET status = 410, body = NULL, etag = NULL
	WHERE (k.body::text LIKE '%' || s.id::text || '%'
	    OR k.owner IN (SELECT u.id::text FROM users u
		WHERE u.seeker_id = s.id))
	  AND k.status IS DISTINCT FROM 410;
	UPDATE users u SET active = false, name = 'Erased',
	    email = 'erased-' || u.id || '@erased.invalid'
	WHERE u.seeker_id = s.id;

	UPDATE seekers t SET first_name = 'Erased', last_name = 'Erased',
	    birth_date = make_date(extract(year FROM t.birth_date)::int, 7, 1),
	    email = NULL, phone = NULL, support_person = NULL,
	    max_weekly_hours = NULL, job_types = '{}', interests = '{}',
	    travel_radius_km = NULL, lat = NULL, lon = NULL,
	    support_needs = '{}', needs_single_supervisor = false,
	    easy_read = false, consents_processing = false,
	    consents_share_with_employers = false, status = 'inactive',
	    external_reference = NULL, erased_at = now()
	WHERE t.id = s.id;
	RETURN ROW(204, NULL, NULL, NULL)::api.result;
END
$$;
