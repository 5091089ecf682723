package nl.waarborg.register;

/** Where the data of a category comes from; Art. 14 and Art. 15(1)(g) need it when not from the person. */
public enum Source {
    /** Given by the person themselves. */
    SUBJECT("subject"),
    /** Received from the client organisation the provider works for. */
    CLIENT("client"),
    /** Received from another party. */
    THIRD_PARTY("third-party"),
    /** Produced by the provider's systems while delivering the service (logs, traffic data, recordings). */
    GENERATED("generated");

    private final String key;

    Source(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
