package nl.waarborg.register;

import java.util.Locale;
import java.util.Objects;

/** A text in Dutch and English, side by side, as every user-facing text of the register is. */
public record Text(String nl, String en) {

    public Text {
        Objects.requireNonNull(nl, "nl");
        Objects.requireNonNull(en, "en");
    }

    /** The English text for an English locale, the Dutch text otherwise (Dutch is the default language). */
    public String in(Locale locale) {
        return locale != null && "en".equals(locale.getLanguage()) ? en : nl;
    }
}
