package nl.waarborg.register;

/** For whose account a category is processed: the provider's own, the client organisation's (provider = processor), or both. */
public enum ControllerRole {
    PROVIDER("provider"),
    CLIENT("client"),
    JOINT("joint");

    private final String key;

    ControllerRole(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
