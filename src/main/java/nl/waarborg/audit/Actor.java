package nl.waarborg.audit;

import java.util.Objects;

/**
 * Who did something, by reference only: a staff account id, an API token id, a portal account id or the name of a
 * system job. Never a name or an e-mail address.
 */
public record Actor(ActorType type, String id) {

    public Actor {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }

    /**
     * The form stored wherever a row records who acted ({@code STAFF:…}, {@code API_TOKEN:…}, {@code SYSTEM:…}), which
     * {@link ActorNames#resolve} turns back into a name for display.
     */
    public String reference() {
        return type + ":" + id;
    }

    public static Actor system(String job) {
        return new Actor(ActorType.SYSTEM, job);
    }

    public static Actor anonymous() {
        return new Actor(ActorType.ANONYMOUS, "-");
    }

    public enum ActorType {
        STAFF,
        API_TOKEN,
        PORTAL,
        SYSTEM,
        ANONYMOUS
    }
}
