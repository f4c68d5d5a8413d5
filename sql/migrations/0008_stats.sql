-- 0008_stats.sql — indexes for where each seeker stands (the stage of
-- seekers and caseloads) and for the application funnel of the
-- statistics.
-- scripts/migrate.sh applies every pending migration in one transaction.

-- ---------------------------------------------------------------------------
-- Indexes
-- ---------------------------------------------------------------------------

-- A seeker's open applications with their status, for the stage (read
-- from the index alone; applications_seeker_id_job_id_key has the same
-- rows but not the status).
CREATE INDEX applications_seeker_id_open_status_idx ON applications
    (seeker_id, status)
    WHERE status IN ('submitted', 'in_review', 'interview', 'offered');

-- The events that took an application to interview or further, for the
-- funnel of the overview (read from the index alone, in application
-- order).
CREATE INDEX application_events_application_id_reached_idx
    ON application_events (application_id, to_status)
    WHERE to_status IN ('interview', 'offered', 'hired');
