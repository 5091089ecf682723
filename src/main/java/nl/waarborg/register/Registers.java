package nl.waarborg.register;

import java.util.List;
import java.util.Optional;
import nl.waarborg.register.internal.RegisterStore;
import nl.waarborg.register.internal.Vocabulary;
import org.springframework.stereotype.Service;

/**
 * What other modules may ask of the register. Everything is read from immutable versions: a caller that stores the
 * {@link RegisterVersion#number()} it used can always get the same answer again.
 */
@Service
public class Registers {

    private final RegisterStore store;

    Registers(RegisterStore store) {
        this.store = store;
    }

    /** The latest applied version, or empty before the first apply. */
    public Optional<RegisterVersion> current() {
        return store.current();
    }

    /** A given version, or empty if it does not exist. */
    public Optional<RegisterVersion> version(int number) {
        return store.find(number);
    }

    /**
     * Reads a register file (YAML or JSON, strict UTF-8, at most 5 MB) that is not applied, for example to preview
     * what applying it would do.
     *
     * @throws RegisterException naming line and column of every error
     */
    public Register read(byte[] file) {
        return nl.waarborg.register.internal.RegisterReader.read(
                nl.waarborg.register.internal.RegisterReader.decode(file));
    }

    /** The categories of the current version, service by service; empty before the first apply. */
    public List<DataCategory> categories() {
        return current().map(v -> v.register().categories().toList()).orElse(List.of());
    }

    /** The external systems of the current version, in the register's order; empty before the first apply. */
    public List<ExternalSystem> systems() {
        return current().map(v -> v.register().systems()).orElse(List.of());
    }

    /** The retention rule of a category in the current version. */
    public Optional<RetentionRule> retention(String categoryKey) {
        return current().flatMap(v -> v.register().category(categoryKey)).map(DataCategory::retention);
    }

    /** The retention rule of a category in a given version. */
    public Optional<RetentionRule> retention(int version, String categoryKey) {
        return version(version).flatMap(v -> v.register().category(categoryKey)).map(DataCategory::retention);
    }

    /**
     * A readable name for a category key as places report it: the register row's description for a row key, the
     * description of the row that covers a vocabulary key (traffic data, call recording), else the vocabulary's own
     * name; the key itself when nothing names it.
     */
    public Text describe(String key) {
        if (key == null || key.isBlank()) {
            return new Text("—", "—");
        }
        List<DataCategory> rows = categories();
        for (DataCategory row : rows) {
            if (row.key().equals(key)) {
                return row.description();
            }
        }
        for (DataCategory row : rows) {
            if (row.covers(key)) {
                return row.description();
            }
        }
        return Vocabulary.categoryName(key);
    }
}
