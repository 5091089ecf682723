package nl.waarborg.traffic.internal;

import java.time.Instant;

/** One parsed call-detail record, before it is written to COPY. */
record CdrRow(
        Instant start,
        long recordId,
        String callingRaw,
        String calledRaw,
        String callerId,
        String accountCode,
        String context,
        String channel,
        String dstChannel,
        Instant answer,
        Instant end,
        Integer duration,
        Integer billsec,
        String disposition,
        String uniqueId) {}
