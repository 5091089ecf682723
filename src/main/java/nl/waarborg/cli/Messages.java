package nl.waarborg.cli;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * The CLI's own texts ({@code i18n/cli[_en].properties}) in Dutch or English. The language comes from the environment
 * as for other command-line tools: the first of {@code LC_ALL}, {@code LC_MESSAGES} and {@code LANG} that is set;
 * Dutch when it starts with {@code nl}, English otherwise.
 */
final class Messages {

    private static final String BUNDLE = "i18n/cli";
    private static final Locale DUTCH = Locale.forLanguageTag("nl");

    private final Locale locale;
    private final ResourceBundle bundle;

    private Messages(Locale locale) {
        this.locale = locale;
        // No fallback to the JVM's default locale: cli.properties is Dutch, and English must not turn into it.
        this.bundle = ResourceBundle.getBundle(
                BUNDLE,
                locale,
                Messages.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    static Messages of(Map<String, String> env) {
        for (String name : new String[] {"LC_ALL", "LC_MESSAGES", "LANG"}) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return new Messages(value.toLowerCase(Locale.ROOT).startsWith("nl") ? DUTCH : Locale.ENGLISH);
            }
        }
        return new Messages(Locale.ENGLISH);
    }

    Locale locale() {
        return locale;
    }

    /** The text of {@code key} with its arguments; numbers should be passed as text, so they are not grouped. */
    String get(String key, Object... args) {
        return new MessageFormat(bundle.getString(key), locale).format(args);
    }

    /** The text of {@code key}, or {@code fallback} when the bundle has none (a holiday of another country's calendar). */
    String getOr(String key, String fallback) {
        return bundle.containsKey(key) ? bundle.getString(key) : fallback;
    }
}
