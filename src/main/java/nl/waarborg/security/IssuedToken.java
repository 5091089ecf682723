package nl.waarborg.security;

/** A freshly created API token together with its secret, which Waarborg cannot show again. */
public record IssuedToken(ApiToken token, String secret) {}
