-- tests/sql/documents.sql — api.placement_documents_* (the demo's two
-- documents of Freja's placement): who sees them (admin, consultant in
-- scope, the placement's employer and seeker; partner JB403, others
-- JB404), the list without bytes, a download's row (tag, bytes, NULL
-- bytes for a matching If-None-Match), uploads (filename checks, the
-- stored size and digest), deletes (uploader or admin/consultant), the
-- audit, and the erasure that deletes them.
--
-- Run as scripts/test.sh does, from the repository root, on a migrated
-- database loaded with the demo seed (scripts/seed.sh --demo), in psql
-- -X -q -v ON_ERROR_STOP=1: BEGIN; \i tests/sql/documents.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql

DO $$
DECLARE
	r	api.result;
	args	jsonb := jsonb_build_object('id', pg_temp.pl(1),
		    'query', '{"limit":20}');
	who	jsonb;
	d	record;
BEGIN
	FOREACH who IN ARRAY ARRAY[pg_temp.ctx('admin'), pg_temp.karin(),
	    pg_temp.canteen(), pg_temp.freja()] LOOP
		r := pg_temp.call('placement_documents_list', who, args);
		ASSERT r.status = 200 AND pg_temp.ids(r.body) = ARRAY[
		    'dc000000-0000-4000-8000-000000000002',
		    'dc000000-0000-4000-8000-000000000001'],
		    'newest first for ' || (who->>'role') || ': ' || r.body;
	END LOOP;
	ASSERT (SELECT array_agg(k ORDER BY k) FROM json_object_keys(
	    r.body->0) k) = '{content_type,created_at,filename,id,placement_id,sha256,size,title,uploaded_by,uploaded_by_role}',
	    'document keys: ' || (r.body->0);
	PERFORM pg_temp.raises('placement_documents_list', pg_temp.mette(),
	    args, 'JB404');
	PERFORM pg_temp.raises('placement_documents_list', pg_temp.emil(),
	    args, 'JB404');
	PERFORM pg_temp.raises('placement_documents_list', pg_temp.partner(),
	    args, 'JB403');
	PERFORM pg_temp.raises('placement_documents_list',
	    pg_temp.ctx('consultant', '{0461}'), args, 'JB404');

	SELECT * INTO d FROM api.placement_documents_download(pg_temp.freja(),
	    args || '{"sub":"dc000000-0000-4000-8000-000000000001"}');
	ASSERT d.status = 200 AND substring(d.content FROM 1 FOR 5) = '%PDF-'
	    AND d.etag = '"' || encode(sha256(d.content), 'hex') || '"'
	    AND d.body->>'content_type' = 'application/pdf', 'download';
	SELECT * INTO d FROM api.placement_documents_download(pg_temp.freja(),
	    args || jsonb_build_object('sub',
	    'dc000000-0000-4000-8000-000000000001', 'if_none_match', d.etag));
	ASSERT d.status = 200 AND d.content IS NULL, 'If-None-Match: no bytes';
	BEGIN
		PERFORM api.placement_documents_download(pg_temp.canteen(),
		    args || jsonb_build_object('sub', gen_random_uuid()));
		RAISE EXCEPTION 'an unknown document was found';
	EXCEPTION WHEN SQLSTATE 'JB404' THEN
	END;
	ASSERT (SELECT count(*) FROM audit_events WHERE request_id = 'test'
	    AND action IN ('document.listed', 'document.downloaded')) = 10,
	    'four lists of two, two downloads audited';
END
$$;

-- Uploads and deletes.
DO $$
DECLARE
	r	api.result;
	pid	jsonb := jsonb_build_object('id', pg_temp.pl(1));
	canteen	jsonb := pg_temp.canteen();
	pdf	bytea := '%PDF-1.4 tiny'::bytea;
	doc	json;
	bad	text;
BEGIN
	r := api.placement_documents_create(canteen, pid || jsonb_build_object(
	    'query', '{"filename":"løn maj.pdf","title":"Lønseddel"}'::jsonb,
	    'content_type', 'application/pdf'), pdf);
	doc := r.body;
	ASSERT r.status = 201 AND doc->>'filename' = 'løn maj.pdf'
	    AND (doc->>'size')::int = 13
	    AND doc->>'sha256' = encode(sha256(pdf), 'hex')
	    AND doc->>'uploaded_by' = canteen->>'sub'
	    AND doc->>'uploaded_by_role' = 'employer', 'upload: ' || doc;
	ASSERT (SELECT action FROM audit_events WHERE resource_id = doc->>'id')
	    = 'document.uploaded', 'upload audited';

	FOREACH bad IN ARRAY ARRAY['a/b', '..', '.', 'a\b', E'a\nb'] LOOP
		BEGIN
			PERFORM api.placement_documents_create(canteen, pid ||
			    jsonb_build_object('query', jsonb_build_object(
			    'filename', bad), 'content_type',
			    'application/pdf'), pdf);
			RAISE EXCEPTION 'filename % accepted', bad;
		EXCEPTION WHEN SQLSTATE 'JB422' THEN
		END;
	END LOOP;

	-- Karin (not the uploader) may delete; Freja may not.
	PERFORM pg_temp.raises('placement_documents_delete', pg_temp.freja(),
	    pid || jsonb_build_object('sub', doc->>'id'), 'JB403');
	r := pg_temp.call('placement_documents_delete', pg_temp.karin(),
	    pid || jsonb_build_object('sub', doc->>'id'));
	ASSERT r.status = 204 AND NOT EXISTS (SELECT 1 FROM placement_documents
	    WHERE id = (doc->>'id')::uuid), 'deleted';
END
$$;

-- Erasure deletes a seeker's documents (Freja's placement ended first).
DO $$
DECLARE
	r	api.result;
BEGIN
	r := pg_temp.call('placements_end', pg_temp.ctx('admin'),
	    jsonb_build_object('id', pg_temp.pl(1), 'body', jsonb_build_object(
	    'end_date', current_date, 'reason', 'moved')));
	r := pg_temp.call('seekers_erase', pg_temp.karin(),
	    jsonb_build_object('id', pg_temp.seeker(8)));
	ASSERT r.status = 204, 'erased';
	ASSERT NOT EXISTS (SELECT 1 FROM placement_documents
	    WHERE seeker_id = pg_temp.seeker(8)::uuid), 'documents gone';
END
$$;
