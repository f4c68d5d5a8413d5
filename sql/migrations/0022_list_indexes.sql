-- 0022_list_indexes.sql — indexes that serve a list page's filter and
-- order without filtering rows away (issue 12, item 1).
--
-- jobs by municipality and status, newest first: the equality columns
-- lead, the order follows, and the usual range and equality filters
-- (weekly_hours, job_type) trail as keys, so a B-tree scan tests them on
-- the index entry and visits only the rows on the page (before: the
-- municipality index returned ~170 entries, ~150 of them thrown away
-- after reading the row, for a page of 21). Not partial: the plans of
-- api.jobs_list are generic per filter shape, where the status is a
-- parameter. The feed: published jobs newest first with the deadline in
-- the entry, so expired postings are skipped in the index.

CREATE INDEX jobs_municipality_status_created_idx ON jobs
    (municipality_code, status, created_at DESC, id DESC, weekly_hours,
    job_type);
CREATE INDEX jobs_status_created_deadline_idx ON jobs
    (status, created_at DESC, id DESC, application_deadline);
DROP INDEX jobs_status_created_at_id_idx;	-- a prefix of the one above
