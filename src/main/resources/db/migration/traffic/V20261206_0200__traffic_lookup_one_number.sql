-- A lookup of one number (the API's, and most subject pages) reads each daily partition through two plain index
-- scans, the calling side and the called side, instead of a bitmap over both indexes with the numbers as an array.
-- Measured with pgbench on 190 daily partitions of 5,000,000 calls (docs/performance.md, issue 20): 3.9 ms against
-- 5.5-6.2 ms for the array with the bitmap and 7.0 ms for the array with two index scans; what costs is each index
-- scan's set-up in every partition, and an array makes each set-up dearer. Several numbers keep the bitmap.
-- A call from a number to itself is found on the calling side only.
CREATE OR REPLACE FUNCTION traffic_calls(
        p_numbers TEXT[], p_from TIMESTAMPTZ, p_to TIMESTAMPTZ, p_limit INTEGER, p_offset INTEGER,
        p_newest_first BOOLEAN)
    RETURNS SETOF traffic_cdr
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_number TEXT := p_numbers[1];
BEGIN
    IF cardinality(p_numbers) = 1 AND p_newest_first THEN
        RETURN QUERY
            SELECT * FROM (
                SELECT * FROM traffic_cdr WHERE calling_number = v_number
                   AND call_start >= coalesce(p_from, '-infinity') AND call_start < coalesce(p_to, 'infinity')
                UNION ALL
                SELECT * FROM traffic_cdr WHERE called_number = v_number
                   AND calling_number IS DISTINCT FROM v_number
                   AND call_start >= coalesce(p_from, '-infinity') AND call_start < coalesce(p_to, 'infinity')) c
             ORDER BY call_start DESC, record_id DESC
             LIMIT p_limit OFFSET p_offset;
    ELSIF cardinality(p_numbers) = 1 THEN
        RETURN QUERY
            SELECT * FROM (
                SELECT * FROM traffic_cdr WHERE calling_number = v_number
                   AND call_start >= coalesce(p_from, '-infinity') AND call_start < coalesce(p_to, 'infinity')
                UNION ALL
                SELECT * FROM traffic_cdr WHERE called_number = v_number
                   AND calling_number IS DISTINCT FROM v_number
                   AND call_start >= coalesce(p_from, '-infinity') AND call_start < coalesce(p_to, 'infinity')) c
             ORDER BY call_start, record_id
             LIMIT p_limit OFFSET p_offset;
    ELSIF p_newest_first THEN
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

CREATE OR REPLACE FUNCTION traffic_call_totals(p_numbers TEXT[], p_from TIMESTAMPTZ, p_to TIMESTAMPTZ)
    RETURNS TABLE (total BIGINT, first_call TIMESTAMPTZ, last_call TIMESTAMPTZ, matching BIGINT)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_number TEXT := p_numbers[1];
BEGIN
    IF cardinality(p_numbers) = 1 THEN
        RETURN QUERY
            SELECT count(*), min(c.call_start), max(c.call_start),
                   count(*) FILTER (WHERE c.call_start >= coalesce(p_from, '-infinity')
                                      AND c.call_start < coalesce(p_to, 'infinity'))
              FROM (SELECT t.call_start FROM traffic_cdr t WHERE t.calling_number = v_number
                    UNION ALL
                    SELECT t.call_start FROM traffic_cdr t WHERE t.called_number = v_number
                       AND t.calling_number IS DISTINCT FROM v_number) c;
    ELSE
        RETURN QUERY
            SELECT count(*), min(t.call_start), max(t.call_start),
                   count(*) FILTER (WHERE t.call_start >= coalesce(p_from, '-infinity')
                                      AND t.call_start < coalesce(p_to, 'infinity'))
              FROM traffic_cdr t
             WHERE t.calling_number = ANY (p_numbers) OR t.called_number = ANY (p_numbers);
    END IF;
END;
$$;
