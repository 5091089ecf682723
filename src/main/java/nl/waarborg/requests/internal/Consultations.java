package nl.waarborg.requests.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditEntry;
import nl.waarborg.audit.AuditQuery;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * "Who looked at my data": the days on which a person's data was consulted and why, from the audit trail, for an
 * access answer (CJEU C-579/21). The staff members' identities are left out, as the Court allows; each day and purpose
 * is listed once with how often.
 */
@Component
public class Consultations {

    static final Set<AuditAction> CONSULTING = EnumSet.of(AuditAction.READ, AuditAction.SEARCH, AuditAction.EXPORT);
    /** Enough for years of a busy customer; the trail pages backwards 500 at a time. */
    static final int MAX_ENTRIES = 20_000;

    private final AuditTrail audit;

    Consultations(AuditTrail audit) {
        this.audit = audit;
    }

    /** One day and purpose on which the person's data was consulted, and how many times. */
    public record Consultation(LocalDate day, String purpose, long times) {}

    /** The consultations of the request's matched subjects, newest day first; reading them is audited too. */
    @Transactional
    public List<Consultation> of(DataSubjectRequest r) {
        Map<String, Consultation> days = new LinkedHashMap<>();
        for (UUID subject : r.subjects().stream().sorted().toList()) {
            Long before = null;
            int seen = 0;
            while (seen < MAX_ENTRIES) {
                List<AuditEntry> page = audit.find(
                        new AuditQuery(null, null, null, null, null, subject.toString(), null, null, before, 500));
                if (page.isEmpty()) {
                    break;
                }
                for (AuditEntry e : page) {
                    if (CONSULTING.contains(e.action())) {
                        LocalDate day = LocalDate.ofInstant(e.occurredAt(), RequestDesk.AMSTERDAM);
                        String purpose = e.purpose() == null || e.purpose().isBlank() ? "-" : e.purpose();
                        days.merge(
                                day + "\n" + purpose,
                                new Consultation(day, purpose, 1),
                                (a, b) -> new Consultation(a.day(), a.purpose(), a.times() + 1));
                    }
                }
                seen += page.size();
                before = page.get(page.size() - 1).id();
            }
            audit.record(AuditRecord.of(AuditAction.READ, "audit_entry", "*")
                    .subject(subject)
                    .purpose(Letters.reference(r))
                    .detail("step", "consultations"));
        }
        List<Consultation> list = new ArrayList<>(days.values());
        list.sort((a, b) -> b.day().compareTo(a.day()));
        return list;
    }
}
