package nl.waarborg.requests.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.requests.RequestsException;
import nl.waarborg.subjects.DataHolder;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.Identifiers;
import nl.waarborg.subjects.SubjectDirectory;
import nl.waarborg.subjects.SubjectsException;
import org.springframework.stereotype.Component;

/**
 * Whose data a verified request concerns, as the store seam asks it: every matched subject with the identifiers on
 * file, or, for someone who is no customer, the identifiers the requester gave. Only a verified request has holders:
 * carrying out a right for someone whose identity is not settled would hand data to the wrong person.
 */
@Component
class Holders {

    private final SubjectDirectory directory;

    Holders(SubjectDirectory directory) {
        this.directory = directory;
    }

    List<DataHolder> of(DataSubjectRequest r) {
        if (r.verification() == null) {
            throw new RequestsException(
                    Kind.CONFLICT,
                    "not-verified",
                    "state",
                    "request " + r.reference() + " is not verified: a right is carried out only for a requester whose"
                            + " identity is settled");
        }
        String purpose = Letters.reference(r);
        List<DataHolder> holders = new ArrayList<>();
        for (UUID subject : r.subjects().stream().sorted().toList()) {
            directory
                    .summary(subject, purpose)
                    .ifPresent(s -> holders.add(DataHolder.subject(subject, s.identifiers())));
        }
        if (holders.isEmpty() && !r.subjects().isEmpty()) {
            // Matched when it came in, and gone since: an erasure already removed the person.
            throw new RequestsException(
                    Kind.CONFLICT,
                    "subjects-gone",
                    "subjects",
                    "the people request " + r.reference() + " was matched to are no longer in Waarborg (their data"
                            + " was erased): nothing is left to carry out; the history says what was done");
        }
        if (holders.isEmpty()) {
            Set<Identifier> given = new LinkedHashSet<>();
            List<String> raw = new ArrayList<>(r.intake().identifiers());
            if (r.intake().contactPhone() != null) {
                raw.add(r.intake().contactPhone());
            }
            for (String value : raw) {
                given.addAll(Identifiers.candidates(value));
            }
            if (given.isEmpty()) {
                throw new RequestsException(
                        Kind.CONFLICT,
                        "no-holder",
                        "identifiers",
                        "request " + r.reference() + " matches no subject and gives no identifier to search by");
            }
            try {
                holders.add(DataHolder.unregistered(given));
            } catch (SubjectsException e) {
                throw new RequestsException(Kind.INVALID, "identifiers", e.getMessage());
            }
        }
        return holders;
    }

    /** The person's own phone numbers (E.164): what an export leaves unmasked. */
    static Set<String> ownNumbers(List<DataHolder> holders) {
        Set<String> own = new LinkedHashSet<>();
        holders.forEach(h -> own.addAll(h.values(IdentifierKind.PHONE)));
        return own;
    }
}
