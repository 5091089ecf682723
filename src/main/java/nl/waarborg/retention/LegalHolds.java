package nl.waarborg.retention;

import java.time.LocalDate;
import java.util.UUID;

/**
 * Legal holds placed by other capabilities for their own reason, such as a demand of an authority that runs: the data
 * stays whatever its age until the hold is lifted. Placed and lifted as staff would, audited, shown among the holds.
 */
public interface LegalHolds {

    /** Holds all of a registered person's data; answers the hold's id. */
    UUID holdSubject(UUID subjectId, String reason, String reference, LocalDate reviewOn);

    /** Lifts a hold placed before; lifting one already lifted changes nothing. */
    void release(UUID holdId, String reason);
}
