-- 0029_outcomes.sql — outcomes beyond retention (issue 13): follow-ups
-- gain structured wellbeing and social scores (1–5, optional, beside the
-- satisfactions), and the statistics facts (stats_placements, migration
-- 0023) carry each placement's change in them, first to latest answered
-- follow-up, for GET /v1/stats/outcomes. A recorded follow-up also
-- empties the cached statistics at once (core.cache_changed, migration
-- 0024): the outcomes read it through the facts, other statistics may
-- read follow_ups themselves.

ALTER TABLE follow_ups
    ADD COLUMN wellbeing_score int CHECK (wellbeing_score BETWEEN 1 AND 5),
    ADD COLUMN social_score int CHECK (social_score BETWEEN 1 AND 5);

-- latest answered score - first answered (by month) of the done
-- follow-ups; NULL when fewer than two are answered
ALTER TABLE stats_placements
    ADD COLUMN wellbeing_change int,
    ADD COLUMN social_change int;

-- The change of one score over a placement's done follow-ups, given as
-- month * 10 + score (months 1 .. 24 and scores 1 .. 5 make each unique):
-- max and min are the latest and first answers.
CREATE FUNCTION core.score_change(first_key int, latest_key int, answers bigint)
RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN answers >= 2 THEN latest_key % 10 - first_key % 10 END
$$;

-- As in 0023, with the two score changes.
CREATE OR REPLACE FUNCTION core.stats_placements_sync(ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF cardinality(ids) = 0 THEN
		RETURN;
	END IF;
	INSERT INTO stats_placements AS t
	SELECT p.id, s.municipality_code, s.consultant_id, p.employer_id,
	    p.job_type, p.start_date, p.end_date, p.status,
	    date_part('year', age(p.start_date::timestamp,
	        s.birth_date::timestamp))::int,
	    f.seeker, f.employer,
	    CASE WHEN p.hourly_wage_dkk IS NOT NULL AND s.monthly_benefit_dkk > 0
	        THEN 100 * p.hourly_wage_dkk * p.weekly_hours * 52 / 12
	        / s.monthly_benefit_dkk END,
	    f.wellbeing, f.social
	FROM placements p JOIN seekers s ON s.id = p.seeker_id
	LEFT JOIN LATERAL (
		SELECT max(d.month * 10 + d.seeker_satisfaction) % 10 AS seeker,
		    max(d.month * 10 + d.employer_satisfaction) % 10 AS employer,
		    core.score_change(min(d.month * 10 + d.wellbeing_score),
		        max(d.month * 10 + d.wellbeing_score),
		        count(d.wellbeing_score)) AS wellbeing,
		    core.score_change(min(d.month * 10 + d.social_score),
		        max(d.month * 10 + d.social_score),
		        count(d.social_score)) AS social
		FROM follow_ups d
		WHERE d.placement_id = p.id AND d.status = 'done') f ON true
	WHERE p.id IN (SELECT unnest(ids))
	ON CONFLICT (placement_id) DO UPDATE SET
	    municipality_code = EXCLUDED.municipality_code,
	    consultant_id = EXCLUDED.consultant_id,
	    employer_id = EXCLUDED.employer_id, job_type = EXCLUDED.job_type,
	    start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date,
	    status = EXCLUDED.status, age = EXCLUDED.age,
	    seeker_satisfaction = EXCLUDED.seeker_satisfaction,
	    employer_satisfaction = EXCLUDED.employer_satisfaction,
	    income_uplift = EXCLUDED.income_uplift,
	    wellbeing_change = EXCLUDED.wellbeing_change,
	    social_change = EXCLUDED.social_change
	WHERE (t.*) IS DISTINCT FROM (EXCLUDED.*);
END
$$;

-- Any change to follow-ups is a change to the statistics.
CREATE TRIGGER follow_ups_cache
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON follow_ups
    FOR EACH STATEMENT EXECUTE FUNCTION core.cache_table_changed('stats');
