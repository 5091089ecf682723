package nl.waarborg.disclosures;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * One demand of an authority and what was disclosed on it.
 *
 * @param reference Waarborg's own, {@code VS-2026-0001}
 * @param demandReference the authority's reference of the demand (an official report number, a case number)
 * @param subjectId the registered person concerned, or null when only a number is known
 * @param phone the number concerned (E.164) when no registered person carries it, else null
 * @param categories the register categories provided
 * @param periodFrom first day of the data provided, or null
 * @param periodTo last day of the data provided, or null
 * @param provided what was provided, in words (not the data itself)
 * @param tell whether the person may be told: at once, not before {@code tellFrom}, or never (the demand forbids it)
 * @param holdId the legal hold on the person's data while the demand runs, or null
 */
public record Disclosure(
        UUID id,
        String reference,
        String authority,
        LegalBasis legalBasis,
        String basisNote,
        String demandReference,
        Instant receivedAt,
        Instant answeredAt,
        UUID subjectId,
        String phone,
        List<String> categories,
        LocalDate periodFrom,
        LocalDate periodTo,
        String provided,
        Tell tell,
        LocalDate tellFrom,
        UUID holdId,
        String handledBy,
        Instant closedAt,
        String closedNote) {

    /** The legal grounds a demand in the Netherlands comes on. */
    public enum LegalBasis {
        /** Wetboek van Strafvordering art. 126n: traffic data (who called whom, when, where). */
        SV_126N,
        /** Sv art. 126na: subscriber data (name, address, number, service). */
        SV_126NA,
        /** Sv art. 126u: traffic data in an investigation of organised crime. */
        SV_126U,
        /** Sv art. 126ua: subscriber data in an investigation of organised crime. */
        SV_126UA,
        /** A request through the Centraal Informatiepunt Onderzoek Telecommunicatie (Telecommunicatiewet art. 13.4). */
        CIOT,
        /** An order of a court. */
        COURT_ORDER,
        /** The caller's number and location to an emergency service on a 112 call. */
        EMERGENCY_112,
        /** Another legal basis, named in the note. */
        OTHER
    }

    public enum Tell {
        YES,
        NOT_YET,
        NEVER
    }

    public boolean open() {
        return closedAt == null;
    }

    /** Whether an access answer of the person on {@code day} names this disclosure. */
    public boolean tellable(LocalDate day) {
        return tell == Tell.YES || (tell == Tell.NOT_YET && tellFrom != null && !day.isBefore(tellFrom));
    }
}
