package nl.waarborg.consent.web;

import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Where people reach Waarborg, for links in mails and notices: the configured public URL, else this request's. */
final class PublicBase {

    private PublicBase() {}

    /** Without a trailing slash. */
    static String of(String configured) {
        String base = configured == null || configured.isBlank()
                ? ServletUriComponentsBuilder.fromCurrentContextPath().toUriString()
                : configured.strip();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
