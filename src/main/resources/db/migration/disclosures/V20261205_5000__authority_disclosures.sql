-- Demands of authorities for data and what was disclosed on them (police and justice on a lawful order, a CIOT
-- request, a 112 caller location): who asked, on which legal basis, under which reference, what was provided (register
-- categories and a period, never the data itself), who handled it, and whether and from when the person may be told.
-- Only privacy officers and auditors read it; every view is audited.
CREATE TABLE authority_disclosure (
    id               uuid        PRIMARY KEY,
    reference        text        NOT NULL UNIQUE,
    authority        text        NOT NULL,
    legal_basis      text        NOT NULL CHECK (legal_basis IN ('SV_126N', 'SV_126NA', 'SV_126U', 'SV_126UA', 'CIOT',
                                                                 'COURT_ORDER', 'EMERGENCY_112', 'OTHER')),
    basis_note       text,
    demand_reference text        NOT NULL,
    received_at      timestamptz NOT NULL,
    answered_at      timestamptz,
    -- Whom it concerns: a registered person, or a number no one registered carries (normalised, E.164).
    subject_id       uuid,
    phone            text,
    categories       text[]      NOT NULL,
    period_from      date,
    period_to        date,
    provided         text,
    tell             text        NOT NULL CHECK (tell IN ('YES', 'NOT_YET', 'NEVER')),
    tell_from        date,
    hold_id          uuid,
    handled_by       text        NOT NULL,
    closed_at        timestamptz,
    closed_note      text,
    created_at       timestamptz NOT NULL,
    CHECK (subject_id IS NOT NULL OR phone IS NOT NULL),
    CHECK (tell <> 'NOT_YET' OR tell_from IS NOT NULL)
);
CREATE INDEX authority_disclosure_subject ON authority_disclosure (subject_id) WHERE subject_id IS NOT NULL;
CREATE INDEX authority_disclosure_received ON authority_disclosure (received_at DESC);
