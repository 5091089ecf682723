package nl.waarborg.subjects.web;

import java.util.Locale;
import nl.waarborg.register.Periods;
import nl.waarborg.register.Registers;
import org.springframework.stereotype.Component;

/**
 * Words for what the subject pages would otherwise show as keys ({@code @subjectText} in the templates): category
 * names from the register and periods in words. The keys stay available, as a tooltip, for whoever needs them.
 */
@Component("subjectText")
public class SubjectPageText {

    private final Registers registers;

    SubjectPageText(Registers registers) {
        this.registers = registers;
    }

    /** The register's description of a category key, or the vocabulary's name, in the page's language. */
    public String category(String key, Locale locale) {
        String name = registers.describe(key).in(locale).strip();
        // A register description is a sentence; as a name in a line of text its final period reads as a stop.
        return name.endsWith(".") && !name.endsWith("..") ? name.substring(0, name.length() - 1) : name;
    }

    /** The register's name of a service key ({@code voip}), or the key when the register has no such service. */
    public String service(String key, Locale locale) {
        if (key == null) {
            return "—";
        }
        return registers
                .current()
                .flatMap(v -> v.register().services().stream()
                        .filter(s -> s.key().equals(key))
                        .findFirst())
                .map(s -> s.name().in(locale))
                .orElse(key);
    }

    /** {@code P1Y6M} as "1 jaar en 6 maanden" / "1 year and 6 months"; the text as given when it is no period. */
    public String period(String iso, Locale locale) {
        if (iso == null) {
            return "—";
        }
        try {
            return Periods.describe(Periods.parse(iso), "nl".equals(locale.getLanguage()));
        } catch (IllegalArgumentException notAPeriod) {
            return iso;
        }
    }
}
