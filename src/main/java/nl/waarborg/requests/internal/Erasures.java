package nl.waarborg.requests.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.LegalBasis;
import nl.waarborg.register.Register;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import nl.waarborg.requests.RequestType;
import nl.waarborg.requests.RequestsException;
import nl.waarborg.retention.RetentionDuties;
import nl.waarborg.subjects.DataHolder;
import nl.waarborg.subjects.DataStore;
import nl.waarborg.subjects.DataStores;
import nl.waarborg.subjects.DeletionGuard;
import nl.waarborg.subjects.Erasure;
import nl.waarborg.subjects.StoreResult;
import nl.waarborg.subjects.SubjectDirectory;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Erasure (Art. 17 GDPR) carried out in every place. What a legal duty or a legal hold still requires is kept (Art.
 * 17(3)(b) and (e)), marked storage-only, and the answer names it with its reason and until when; everything else is
 * deleted, or anonymised where the place keeps the other party's side (traffic data). When nothing of the person is
 * left, the subject itself goes too. Places that finish later (a staff task, an HTTP system that answered pending)
 * are named as pending; carrying out the erasure again asks only them, since every place's part is recorded under
 * the request's operation id.
 */
@Component
public class Erasures {

    private final RequestDesk desk;
    private final Holders holders;
    private final DataStores stores;
    private final SubjectDirectory directory;
    private final RetentionDuties duties;
    private final Registers registers;
    private final MessageSource messages;
    private final RecipientNotices notices;

    Erasures(
            RequestDesk desk,
            Holders holders,
            DataStores stores,
            SubjectDirectory directory,
            RetentionDuties duties,
            Registers registers,
            MessageSource messages,
            RecipientNotices notices) {
        this.notices = notices;
        this.desk = desk;
        this.holders = holders;
        this.stores = stores;
        this.directory = directory;
        this.duties = duties;
        this.registers = registers;
        this.messages = messages;
    }

    /**
     * A register row whose data stays, and why.
     *
     * @param slug {@code retention-duty} or {@code legal-hold}
     * @param until the day the duty ends at the latest (null for a hold, which lasts until it is lifted)
     */
    public record Kept(String category, String title, String slug, String statute, LocalDate until) {}

    /** What one run did: per place, what was kept, whether the subject itself went, and the text recorded. */
    public record Outcome(List<StoreResult> places, List<Kept> kept, boolean subjectForgotten, String text) {
        public boolean complete() {
            return places.stream()
                    .allMatch(p -> p.status() == StoreResult.Status.DONE || p.status() == StoreResult.Status.SKIPPED);
        }
    }

    public Outcome erase(String reference) {
        DataSubjectRequest r = desk.show(reference).requireOpenFor(RequestType.ERASURE);
        List<DataHolder> hs = holders.of(r);
        String purpose = Letters.reference(r);
        Register register = registers
                .current()
                .map(RegisterVersion::register)
                .orElseThrow(() -> new RequestsException(
                        Kind.CONFLICT, "register", "no register is in force: what must be kept cannot be known"));
        // Asked before anything goes: after the erasure, nothing shows which recipients had the data.
        List<Map<String, Kept>> keeps = new ArrayList<>();
        Set<String> keptRows = new LinkedHashSet<>();
        for (DataHolder holder : hs) {
            Map<String, Kept> keep = exceptions(holder, register, purpose);
            keeps.add(keep);
            keptRows.addAll(keep.keySet());
        }
        List<String> told = tell(r, notices.held(hs, purpose), keptRows);
        List<StoreResult> all = new ArrayList<>();
        Map<String, Kept> kept = new LinkedHashMap<>();
        boolean forgotten = false;
        for (int i = 0; i < hs.size(); i++) {
            DataHolder holder = hs.get(i);
            Map<String, Kept> keep = keeps.get(i);
            kept.putAll(keep);
            String operation = "request:" + r.reference() + ":erase:" + holder.reference();
            List<StoreResult> results = stores.erase(holder, new Erasure(keep.keySet(), operation), purpose);
            all.addAll(results);
            if (!keep.isEmpty()) {
                // What stays is used for nothing but its duty (Art. 18(1)(c) by analogy): storage only.
                stores.restrict(holder, "request:" + r.reference() + ":keep:" + holder.reference(), purpose);
            }
            boolean done = results.stream()
                    .allMatch(x -> x.status() == StoreResult.Status.DONE || x.status() == StoreResult.Status.SKIPPED);
            if (done && holder.registered()) {
                forgotten |= directory.forget(holder.subjectId(), purpose);
            }
        }
        Locale locale = Locale.forLanguageTag(r.intake().language());
        String text = text(merge(all), new ArrayList<>(kept.values()), forgotten, locale)
                + RecipientNotices.line(told, messages, locale);
        desk.carriedOut(reference, RequestType.ERASURE, text);
        return new Outcome(merge(all), List.copyOf(kept.values()), forgotten, text);
    }

    /**
     * Plans the Art. 19 notices: erasure for what goes, restriction for what stays under a duty or a hold (it is kept
     * storage-only, and a recipient must not be asked to erase what the provider has to keep). Answers the recipients.
     */
    private List<String> tell(DataSubjectRequest r, RecipientNotices.Held held, Set<String> keptRows) {
        Set<String> erased = new LinkedHashSet<>(held.rows());
        erased.removeAll(keptRows);
        Set<String> restricted = new LinkedHashSet<>(held.rows());
        restricted.retainAll(keptRows);
        List<String> told = new ArrayList<>(notices.plan(r, RequestType.ERASURE, held.only(erased)));
        for (String name : notices.plan(r, RequestType.RESTRICTION, held.only(restricted))) {
            if (!told.contains(name)) {
                told.add(name);
            }
        }
        return told;
    }

    /** The rows of the person's data that must stay: under a legal hold, or a legal duty still running. */
    Map<String, Kept> exceptions(DataHolder holder, Register register, String purpose) {
        Map<String, Kept> keep = new LinkedHashMap<>();
        Set<java.util.UUID> subjects = holder.registered() ? Set.of(holder.subjectId()) : Set.of();
        Map<String, Set<java.util.UUID>> organisations = new LinkedHashMap<>();
        if (holder.registered()) {
            for (SubjectDirectory.Held h : directory.held(holder.subjectId(), purpose)) {
                organisations
                        .computeIfAbsent(h.category(), k -> new LinkedHashSet<>())
                        .add(h.organisationId());
            }
        }
        for (StoreResult found : stores.find(holder, DataStores.OWN, purpose)) {
            for (StoreResult.Holding holding : found.holdings()) {
                for (DataCategory row : AccessOverview.rowsFor(register, holding.category())) {
                    if (keep.containsKey(row.key())) {
                        continue;
                    }
                    LocalDate newest = holding.newest() == null ? null : AccessPackages.day(holding.newest());
                    LocalDate due = newest == null || !row.retention().executable()
                            ? null
                            : row.retention().expiresOn(newest).orElse(null);
                    Set<java.util.UUID> orgs = organisations.getOrDefault(holding.category(), Set.of());
                    for (java.util.UUID org :
                            orgs.isEmpty() ? java.util.Collections.<java.util.UUID>singleton(null) : orgs) {
                        DeletionGuard.Item item = new DeletionGuard.Item(row.key(), subjects, org, null, newest, due);
                        Optional<DeletionGuard.Refusal> hold = duties.heldBy(item);
                        if (hold.isPresent()) {
                            keep.put(
                                    row.key(),
                                    new Kept(row.key(), row.description().nl(), "legal-hold", null, null));
                            break;
                        }
                        if (row.legalBasis() == LegalBasis.LEGAL_OBLIGATION) {
                            Optional<DeletionGuard.Refusal> duty = duties.duty(item);
                            if (duty.isPresent()) {
                                keep.put(
                                        row.key(),
                                        new Kept(
                                                row.key(),
                                                row.description().nl(),
                                                "retention-duty",
                                                row.statute(),
                                                duty.get().until()));
                                break;
                            }
                        }
                    }
                }
            }
        }
        return keep;
    }

    /** One line per place, a place asked for several holders counted together. */
    private static List<StoreResult> merge(List<StoreResult> results) {
        Map<String, StoreResult> byPlace = new LinkedHashMap<>();
        for (StoreResult x : results) {
            byPlace.merge(x.store(), x, (a, b) -> {
                StoreResult.Status status =
                        a.status() == StoreResult.Status.FAILED || b.status() == StoreResult.Status.FAILED
                                ? StoreResult.Status.FAILED
                                : a.status() == StoreResult.Status.PENDING || b.status() == StoreResult.Status.PENDING
                                        ? StoreResult.Status.PENDING
                                        : a.status() == StoreResult.Status.DONE || b.status() == StoreResult.Status.DONE
                                                ? StoreResult.Status.DONE
                                                : StoreResult.Status.SKIPPED;
                return new StoreResult(
                        a.store(),
                        a.kind(),
                        a.type(),
                        status,
                        List.of(),
                        List.of(),
                        a.affected() + b.affected(),
                        Math.max(a.excluded(), b.excluded()),
                        a.reference() != null ? a.reference() : b.reference(),
                        a.detail() != null ? a.detail() : b.detail());
            });
        }
        return List.copyOf(byPlace.values());
    }

    private String text(List<StoreResult> places, List<Kept> kept, boolean forgotten, Locale locale) {
        Register register = registers.current().map(RegisterVersion::register).orElse(null);
        StringBuilder s = new StringBuilder(message("erasure.done", locale));
        for (StoreResult p : places) {
            s.append("\n- ").append(p.store()).append(": ");
            switch (p.status()) {
                case DONE ->
                    s.append(messages.getMessage(
                            p.kind() == DataStore.Kind.TRAFFIC ? "erasure.place.anonymised" : "erasure.place.deleted",
                            new Object[] {p.affected()},
                            locale));
                case PENDING ->
                    s.append(messages.getMessage("erasure.place.pending", new Object[] {p.reference()}, locale));
                case FAILED -> s.append(messages.getMessage("erasure.place.failed", new Object[] {p.detail()}, locale));
                case SKIPPED -> s.append(message("erasure.place.skipped", locale));
            }
        }
        if (!kept.isEmpty()) {
            s.append("\n\n").append(message("erasure.kept", locale));
            for (Kept k : kept) {
                String title = register == null
                        ? k.category()
                        : register.category(k.category())
                                .map(c -> c.description().in(locale))
                                .orElse(k.category());
                s.append("\n- ")
                        .append(title.endsWith(".") ? title.substring(0, title.length() - 1) : title)
                        .append(": ");
                if ("legal-hold".equals(k.slug())) {
                    s.append(message("erasure.kept.hold", locale));
                } else {
                    s.append(messages.getMessage(
                            "erasure.kept.duty",
                            new Object[] {
                                k.statute() == null ? "" : k.statute(),
                                k.until() == null ? "—" : k.until().toString()
                            },
                            locale));
                }
            }
            s.append("\n").append(message("erasure.kept.restricted", locale));
        }
        if (forgotten) {
            s.append("\n\n").append(message("erasure.forgotten", locale));
        }
        return s.toString();
    }

    private String message(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }
}
