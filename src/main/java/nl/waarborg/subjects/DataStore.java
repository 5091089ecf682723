package nl.waarborg.subjects;

import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import nl.waarborg.register.DataCategory;

/**
 * A place where personal data lives: Waarborg's built-in store, the call recordings, the traffic data, or a system
 * outside Waarborg reached through a connector. A place implements only the capabilities it really has ({@link Finder},
 * {@link Exporter}, {@link Eraser}, {@link Restrictor}, {@link Rectifier}, {@link Expirer},
 * {@link Counter}); retention and requests reach every place
 * through {@link DataStores}, which isolates failures, keeps operations idempotent and audits each call.
 *
 * <p>Implementations do not audit the calls themselves (the fan-out does, by reference) and never put personal data in
 * a result's {@code detail}. A mutating call carries an operation id: repeating it must not do anything twice.
 */
public interface DataStore {

    /** Unique among the places: {@code built-in}, {@code recordings}, {@code traffic} or a connected system's name. */
    String name();

    Kind kind();

    /** The technical type shown beside the name: {@code sql}, {@code http}, {@code manual}, or the kind's own. */
    default String type() {
        return kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The identifier kinds this place can search by; a holder with none of them is not asked. */
    Set<IdentifierKind> searchable();

    /** Whether the place knows registered subjects by their id (Waarborg's own places do). */
    default boolean searchesBySubject() {
        return false;
    }

    /** Whether this place may hold data of the register category, so that its expiry concerns it. */
    boolean holds(DataCategory category);

    enum Kind {
        /** Waarborg's own record store. */
        BUILT_IN,
        /** Waarborg's call-recording file store. */
        RECORDINGS,
        /** Waarborg's call-detail records. */
        TRAFFIC,
        /**
         * Waarborg's own records of how it handled people's rights, breaches and disclosures (request files, the
         * breach register, the logs of disclosures and transfers) and the letters about them: only their retention
         * goes through here.
         */
        RECORDS,
        /** A system outside Waarborg: slow, may need staff; asked only when asked for. */
        EXTERNAL
    }

    /** Tells which categories a place holds on a person, where, since when: never the data itself. */
    interface Finder extends DataStore {
        StoreResult find(DataHolder holder);
    }

    /**
     * A copy of the person's data, streamed item by item to {@code sink}, for access and portability. The result's
     * holdings count the items within the window; {@code affected} how many were written.
     */
    interface Exporter extends DataStore {
        StoreResult export(DataHolder holder, Window window, Consumer<StoreResult.Item> sink);
    }

    /**
     * Deletes or anonymises the person's data (each place per its own rule, for example traffic data keeps the other
     * party's number), except the categories the erasure keeps. Idempotent by the operation id.
     */
    interface Eraser extends DataStore {
        StoreResult erase(DataHolder holder, Erasure erasure);
    }

    /**
     * Marks the person's data storage-only, so that processing Waarborg controls refuses it until lifted. Idempotent:
     * restricting what is restricted changes nothing.
     */
    interface Restrictor extends DataStore {
        StoreResult restrict(DataHolder holder, String operationId);

        StoreResult lift(DataHolder holder, String operationId);

        /**
         * Restricts only the person's data of these register rows (empty: all of it). A place that cannot tell its
         * data apart by category answers skipped for a part, rather than restricting more than was asked.
         */
        default StoreResult restrict(DataHolder holder, String operationId, Set<DataCategory> categories) {
            return categories.isEmpty()
                    ? restrict(holder, operationId)
                    : StoreResult.skipped(this, "this place restricts all of a person's data only, not a part");
        }

        /** Lifts the restriction of these register rows (empty: all of it). */
        default StoreResult lift(DataHolder holder, String operationId, Set<DataCategory> categories) {
            return categories.isEmpty()
                    ? lift(holder, operationId)
                    : StoreResult.skipped(this, "this place restricts all of a person's data only, not a part");
        }
    }

    /**
     * Corrects one field of the person's data of one category (Art. 16), where this place keeps it. Idempotent: the
     * same correction again changes nothing.
     */
    interface Rectifier extends DataStore {
        StoreResult rectify(DataHolder holder, Rectification rectification);
    }

    /**
     * Removes a category's items whose retention has ended, honouring the exclusions (legal holds); idempotent by the
     * operation id, and resumable: a run cut off mid-way is finished by running it again.
     */
    interface Expirer extends DataStore {
        StoreResult expire(Expiry expiry);
    }

    /**
     * Counts the people and items of a scope (a breach's) without reading the data, naming the people it can: by
     * subject id, or by identifier where it knows no subjects. Lists at most {@code limit} of each; the counts are
     * whole. A place that cannot narrow to what the scope asks (an organisation, a service, a window) answers skipped
     * rather than counting more.
     */
    interface Counter extends DataStore {
        Census.Tally count(Scope scope, int limit);
    }
}
