-- The subject page's call history (totals, then a page newest first) runs through functions with a cached generic
-- plan like the API's lookup (see V20261123_5001): planned afresh, each of its two queries planned every daily
-- partition on every page view, which took longer than running them.
DROP FUNCTION traffic_calls(TEXT[], TIMESTAMPTZ, TIMESTAMPTZ, INTEGER);

-- A person's calls by number, oldest or newest first, one page. record_id breaks ties: a forwarded call writes
-- several records with the same start.
CREATE FUNCTION traffic_calls(
        p_numbers TEXT[], p_from TIMESTAMPTZ, p_to TIMESTAMPTZ, p_limit INTEGER, p_offset INTEGER,
        p_newest_first BOOLEAN)
    RETURNS SETOF traffic_cdr
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    IF p_newest_first THEN
        RETURN QUERY
            SELECT * FROM traffic_cdr
             WHERE (calling_number = ANY (p_numbers) OR called_number = ANY (p_numbers))
               AND call_start >= coalesce(p_from, '-infinity')
               AND call_start < coalesce(p_to, 'infinity')
             ORDER BY call_start DESC, record_id DESC
             LIMIT p_limit OFFSET p_offset;
    ELSE
        RETURN QUERY
            SELECT * FROM traffic_cdr
             WHERE (calling_number = ANY (p_numbers) OR called_number = ANY (p_numbers))
               AND call_start >= coalesce(p_from, '-infinity')
               AND call_start < coalesce(p_to, 'infinity')
             ORDER BY call_start, record_id
             LIMIT p_limit OFFSET p_offset;
    END IF;
END;
$$;

-- All calls of the numbers (count, first, last) and how many fall within [p_from, p_to).
CREATE FUNCTION traffic_call_totals(p_numbers TEXT[], p_from TIMESTAMPTZ, p_to TIMESTAMPTZ)
    RETURNS TABLE (total BIGINT, first_call TIMESTAMPTZ, last_call TIMESTAMPTZ, matching BIGINT)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    RETURN QUERY
        SELECT count(*), min(call_start), max(call_start),
               count(*) FILTER (WHERE call_start >= coalesce(p_from, '-infinity')
                                  AND call_start < coalesce(p_to, 'infinity'))
          FROM traffic_cdr
         WHERE calling_number = ANY (p_numbers) OR called_number = ANY (p_numbers);
END;
$$;
