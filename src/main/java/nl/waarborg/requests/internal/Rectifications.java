package nl.waarborg.requests.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.Register;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import nl.waarborg.requests.RequestType;
import nl.waarborg.requests.RequestsException;
import nl.waarborg.subjects.DataHolder;
import nl.waarborg.subjects.DataStores;
import nl.waarborg.subjects.Rectification;
import nl.waarborg.subjects.StoreResult;
import nl.waarborg.subjects.SubjectsException;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Rectification (Art. 16 GDPR): staff record the correction (the category, the field, the right value) and it is
 * applied in every place that keeps that data: the built-in store at once, a connected system by its update
 * operation or a staff task. The recipients the data went to are told (Art. 19). While the accuracy is being checked,
 * the data can be restricted from the same request (Art. 18(1)(a)).
 */
@Component
public class Rectifications {

    private final RequestDesk desk;
    private final Holders holders;
    private final DataStores stores;
    private final Registers registers;
    private final RecipientNotices notices;
    private final MessageSource messages;

    Rectifications(
            RequestDesk desk,
            Holders holders,
            DataStores stores,
            Registers registers,
            RecipientNotices notices,
            MessageSource messages) {
        this.desk = desk;
        this.holders = holders;
        this.stores = stores;
        this.registers = registers;
        this.notices = notices;
        this.messages = messages;
    }

    public record Outcome(List<StoreResult> places, String text) {}

    public Outcome rectify(String reference, String category, String field, String value) {
        DataSubjectRequest r = desk.show(reference).requireOpenFor(RequestType.RECTIFICATION);
        Register register = registers
                .current()
                .map(RegisterVersion::register)
                .orElseThrow(() -> new RequestsException(Kind.CONFLICT, "register", "no register is in force"));
        if (category == null || register.category(category.strip()).isEmpty()) {
            throw new RequestsException(
                    Kind.INVALID, "category", "category names no category of the register in force");
        }
        List<DataHolder> hs = holders.of(r);
        String purpose = Letters.reference(r);
        List<StoreResult> results = new ArrayList<>();
        for (DataHolder h : hs) {
            Rectification correction;
            try {
                correction = new Rectification(
                        category, field, value == null ? null : value.strip(), operation(r, category, field, value, h));
            } catch (SubjectsException e) {
                throw new RequestsException(Kind.INVALID, e.field(), e.getMessage());
            }
            results.addAll(stores.rectify(h, correction, purpose));
        }
        Locale locale = Locale.forLanguageTag(r.intake().language());
        String title = register.category(category.strip())
                .map(c -> c.description().in(locale))
                .orElse(category);
        StringBuilder text =
                new StringBuilder(messages.getMessage("rectification.done", new Object[] {title, field}, locale));
        for (StoreResult p : results) {
            text.append("\n- ").append(p.store()).append(": ");
            text.append(
                    switch (p.status()) {
                        case DONE ->
                            messages.getMessage("rectification.place.done", new Object[] {p.affected()}, locale);
                        case PENDING ->
                            messages.getMessage("erasure.place.pending", new Object[] {p.reference()}, locale);
                        case FAILED -> messages.getMessage("erasure.place.failed", new Object[] {p.detail()}, locale);
                        case SKIPPED -> messages.getMessage("rectification.place.skipped", null, locale);
                    });
        }
        List<String> told = notices.plan(
                r, RequestType.RECTIFICATION, notices.held(hs, purpose).only(Set.of(category.strip())));
        text.append(RecipientNotices.line(told, messages, locale));
        desk.carriedOut(reference, RequestType.RECTIFICATION, text.toString());
        return new Outcome(results, text.toString());
    }

    /** One operation per correction and holder: the same correction again is answered from the ledger. */
    private static String operation(DataSubjectRequest r, String category, String field, String value, DataHolder h) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((category + "\n" + field + "\n" + value + "\n" + h.reference())
                            .getBytes(StandardCharsets.UTF_8));
            return "request:" + r.reference() + ":rectify:" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
