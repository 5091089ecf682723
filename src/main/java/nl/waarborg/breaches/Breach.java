package nl.waarborg.breaches;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One breach as the register keeps it: its facts, the decision on notifying with its reasons, and what was done.
 *
 * @param awareAt when the provider became aware (Art. 33(1)): the clock runs from here
 * @param deadlineHours 72, or 24 for a public electronic communications provider (Regulation 611/2013), fixed when
 *     the breach was reported
 * @param peopleApprox how many people are concerned, as far as known
 */
public record Breach(
        String reference,
        String title,
        String description,
        Instant startedAt,
        Instant awareAt,
        boolean ongoing,
        List<Nature> nature,
        List<String> categories,
        Integer peopleApprox,
        Integer recordsApprox,
        boolean encrypted,
        boolean keySafe,
        String consequences,
        String measuresTaken,
        String measuresPlanned,
        State state,
        Risk risk,
        Boolean notifyAuthority,
        Boolean notifyPeople,
        Exemption peopleExemption,
        String decisionReasons,
        int deadlineHours,
        Instant authorityNotifiedAt,
        String authorityReference,
        String delayReasons,
        Instant peopleNotifiedAt,
        Instant closedAt,
        String reportedBy,
        int version) {

    public Breach {
        nature = List.copyOf(nature);
        categories = List.copyOf(categories);
    }

    /** When the notice to the authority is due. */
    public Instant dueAt() {
        return awareAt.plus(Duration.ofHours(deadlineHours));
    }

    /** Whether the clock still runs: no notice sent and no decision not to notify. */
    public boolean clockRuns() {
        return state == State.REPORTED || state == State.ASSESSED;
    }

    /** The breach's states, in the order they are reached. */
    public enum State {
        /** Reported internally; not yet assessed. */
        REPORTED,
        /** Assessed: the authority must be told, and has not been yet. */
        ASSESSED,
        /** The authority was notified (follow-ups may come). */
        NOTIFIED,
        /** Assessed as unlikely to result in a risk: recorded, not notified, with the reasons. */
        NOT_NOTIFIED,
        CLOSED
    }

    /** What the breach did to the data (the three security properties). */
    public enum Nature {
        CONFIDENTIALITY,
        INTEGRITY,
        AVAILABILITY
    }

    /** The risk to people's rights and freedoms (EDPB Guidelines 01/2021 and 9/2022). */
    public enum Risk {
        /** Unlikely to result in a risk: only the register (Art. 33(1)). */
        UNLIKELY,
        /** A risk: the authority is notified (Art. 33). */
        RISK,
        /** A high risk: the people are told as well (Art. 34). */
        HIGH
    }

    /** Why people need not be told of a high-risk breach (Art. 34(3)). */
    public enum Exemption {
        /** (a) the data was unintelligible to anyone without access, for example encrypted with the key safe. */
        ENCRYPTED,
        /** (b) measures taken since make the high risk no longer likely. */
        MEASURES_TAKEN,
        /** (c) telling each would take disproportionate effort: a public notice instead. */
        DISPROPORTIONATE
    }

    /** One step in a breach's history. */
    public record Event(Instant at, String kind, String by, String note) {}
}
