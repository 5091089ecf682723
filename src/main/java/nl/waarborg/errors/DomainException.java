package nl.waarborg.errors;

import java.util.Locale;
import java.util.Objects;

/**
 * A failure a caller can act on, raised by domain code. Each module throws its own subclass; the web layer maps the
 * {@link Kind} to an HTTP status and the {@link #slug()} to the problem type {@code urn:waarborg:problem:<slug>}. The
 * detail never repeats a rejected value: it may be personal data.
 */
public abstract class DomainException extends RuntimeException {

    /** What went wrong, independent of how it is reported. */
    public enum Kind {
        /** The input is wrong; {@code field} names where. */
        INVALID,
        NOT_FOUND,
        /** The input is fine but clashes with what is stored (a duplicate, a state that does not allow it). */
        CONFLICT,
        /** It existed but is no longer there (a file removed from the file store). */
        GONE,
        UNSUPPORTED_MEDIA_TYPE,
        TOO_LARGE,
        /** Refused by a rule of the law or the register (a legal hold, a running retention duty). */
        REFUSED,
        /** Waarborg could not do it although the input was fine (damaged stored data). */
        FAILED;

        /** The default problem slug: {@code invalid-input}, {@code not-found}, {@code conflict}, ... */
        public String slug() {
            return this == INVALID
                    ? "invalid-input"
                    : name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Kind kind;
    private final String slug;
    private final String field;

    protected DomainException(Kind kind, String field, String detail) {
        this(kind, kind.slug(), field, detail);
    }

    /**
     * @param slug a more specific problem type than the kind's own, for example {@code invalid-register}
     */
    protected DomainException(Kind kind, String slug, String field, String detail) {
        super(detail);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.slug = Objects.requireNonNull(slug, "slug");
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    public String slug() {
        return slug;
    }

    /** The input field at fault, such as {@code identifiers[0].value}; null when no single field is. */
    public String field() {
        return field;
    }

    /** The detail shown to the caller; never a rejected value. */
    public String detail() {
        return getMessage();
    }
}
