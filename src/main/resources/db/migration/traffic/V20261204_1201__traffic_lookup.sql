-- A person's calls as Waarborg's own processing looks them up (the API's lookup): refused for a number whose traffic
-- data is restricted to storage only (Art. 18 GDPR), inside the lookup's own round trip. The person's access export
-- reads traffic_calls directly and still lists them.
CREATE FUNCTION traffic_lookup(
        p_numbers TEXT[], p_from TIMESTAMPTZ, p_to TIMESTAMPTZ, p_limit INTEGER, p_offset INTEGER,
        p_newest_first BOOLEAN)
    RETURNS SETOF traffic_cdr
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM traffic_restriction WHERE number = ANY (p_numbers)) THEN
        RAISE EXCEPTION 'traffic data restricted' USING ERRCODE = 'WB001';
    END IF;
    RETURN QUERY SELECT * FROM traffic_calls(p_numbers, p_from, p_to, p_limit, p_offset, p_newest_first);
END;
$$;
