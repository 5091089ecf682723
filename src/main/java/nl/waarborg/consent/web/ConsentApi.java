package nl.waarborg.consent.web;

import java.util.List;
import java.util.Map;
import nl.waarborg.consent.ConsentException;
import nl.waarborg.consent.ConsentLedger;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.subjects.Identifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The consent ledger for the provider's other systems: record a consent given or withdrawn (a sign-up form, the
 * newsletter tool, the app), ask before each mailing whether a person's consent stands, and get the one-click
 * unsubscribe link to put in a newsletter (RFC 8058).
 */
@RestController
@RequestMapping("/api/v1/consents")
class ConsentApi {

    private final ConsentLedger ledger;
    private final String publicUrl;

    private final nl.waarborg.consent.internal.Webhooks webhooks;

    ConsentApi(
            ConsentLedger ledger,
            nl.waarborg.consent.internal.Webhooks webhooks,
            @Value("${waarborg.security.public-url:}") String publicUrl) {
        this.webhooks = webhooks;
        this.ledger = ledger;
        this.publicUrl = publicUrl;
    }

    /** A new event, as other systems send it. */
    record NewEvent(
            List<Identifier> identifiers,
            String visitorId,
            String purpose,
            String event,
            String channel,
            String wording,
            String submissionId,
            String ipAddress,
            String tcString) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('subjects:write')")
    ConsentLedger.Recorded record(@RequestBody(required = false) NewEvent body) {
        NewEvent e = body == null ? new NewEvent(null, null, null, null, null, null, null, null, null) : body;
        return ledger.record(new ConsentLedger.NewEvent(
                e.identifiers(),
                e.visitorId(),
                e.purpose(),
                option(ConsentLedger.Event.class, "event", e.event()),
                option(ConsentLedger.Channel.class, "channel", e.channel()),
                e.wording(),
                e.submissionId(),
                e.ipAddress(),
                null,
                e.tcString()));
    }

    /** "May I mail this address?": the state of every consent purpose, or of one, for the owner of an identifier. */
    @GetMapping("/state")
    @PreAuthorize("hasAuthority('status:read')")
    List<ConsentLedger.State> state(
            @RequestParam(required = false) String identifier,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String purpose) {
        return ledger.state(identifier, kind, purpose);
    }

    /**
     * The one-click unsubscribe link for a newsletter of this purpose to this address, with the headers to send it
     * in: {@code List-Unsubscribe} and {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click}.
     */
    @GetMapping("/unsubscribe-link")
    @PreAuthorize("hasAuthority('status:read')")
    Map<String, String> unsubscribeLink(
            @RequestParam(required = false) String identifier,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String purpose) {
        String url = base() + "/portal/unsubscribe/" + ledger.unsubscribeToken(identifier, kind, purpose);
        return Map.of(
                "url", url, "List-Unsubscribe", "<" + url + ">", "List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }

    record NewHook(String name, String url, List<String> purposes) {}

    /**
     * Subscribes a system to withdrawals (all purposes on consent, or the ones listed); answers its signing secret,
     * shown this once.
     */
    @PostMapping("/webhooks")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('subjects:write')")
    nl.waarborg.consent.internal.Webhooks.Hook subscribe(@RequestBody(required = false) NewHook body) {
        NewHook h = body == null ? new NewHook(null, null, null) : body;
        List<String> purposes = new java.util.ArrayList<>();
        if (h.purposes() != null) {
            for (int i = 0; i < h.purposes().size(); i++) {
                try {
                    purposes.add(ledger.purposeOnConsent(h.purposes().get(i)));
                } catch (ConsentException e) {
                    throw new ConsentException(Kind.INVALID, "purposes[" + i + "]", e.getMessage());
                }
            }
        }
        return webhooks.subscribe(h.name(), h.url(), purposes);
    }

    /** The subscribed systems with their deliveries: due, delivered, failed (after every retry). */
    @GetMapping("/webhooks")
    @PreAuthorize("hasAuthority('subjects:read')")
    List<nl.waarborg.consent.internal.Webhooks.Hook> hooks() {
        return webhooks.hooks();
    }

    @org.springframework.web.bind.annotation.DeleteMapping("/webhooks/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasAuthority('subjects:write')")
    void unsubscribeHook(@org.springframework.web.bind.annotation.PathVariable java.util.UUID id) {
        webhooks.remove(id);
    }

    private String base() {
        return PublicBase.of(publicUrl);
    }

    private static <E extends Enum<E>> E option(Class<E> type, String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConsentException(
                    Kind.INVALID, field, field + " must be one of " + List.of(type.getEnumConstants()));
        }
    }
}
