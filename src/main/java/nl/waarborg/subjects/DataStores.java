package nl.waarborg.subjects;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Asks every place personal data lives, for the subject overview, {@code subject find}, retention and requests.
 * Each place is asked in turn; a place that fails is answered as failed without losing the others' answers. Every
 * call to a place is audited by reference (the subject id or a hash of the identifiers, the place, the step, counts).
 *
 * <p>Mutating calls (erase, restrict, lift, expire) are idempotent by their operation id: a place that already
 * finished an operation is not asked again and its recorded result is answered. Waarborg's own places count their work
 * in the same transaction as the work, so an operation cut off mid-way and run again counts every item once.
 */
public interface DataStores {

    /** Every place now: Waarborg's own first, then the connected systems in their configured order. */
    List<DataStore> stores();

    Optional<DataStore> store(String name);

    /** What the places of the given kinds hold on the person (no data). */
    List<StoreResult> find(DataHolder holder, Set<DataStore.Kind> kinds, String purpose);

    /** A copy of the person's data in one place, one window of it, audited as an export. */
    StoreResult export(String store, DataHolder holder, Window window, Consumer<StoreResult.Item> sink, String purpose);

    /** A copy of everything the places of the given kinds hold on the person; {@code sink} gets the place's name. */
    List<StoreResult> exportAll(
            DataHolder holder, Set<DataStore.Kind> kinds, BiConsumer<String, StoreResult.Item> sink, String purpose);

    /** Deletes or anonymises the person's data in every place, except the categories the erasure keeps. */
    List<StoreResult> erase(DataHolder holder, Erasure erasure, String purpose);

    /** Marks the person's data storage-only in every place that can. */
    List<StoreResult> restrict(DataHolder holder, String operationId, String purpose);

    /** Lifts a restriction in every place that can. */
    List<StoreResult> lift(DataHolder holder, String operationId, String purpose);

    /** Marks the person's data of these register rows storage-only (empty: all of it) in every place that can. */
    List<StoreResult> restrict(
            DataHolder holder, String operationId, String purpose, Set<nl.waarborg.register.DataCategory> categories);

    /** Lifts the restriction of these register rows (empty: all of it) in every place that can. */
    List<StoreResult> lift(
            DataHolder holder, String operationId, String purpose, Set<nl.waarborg.register.DataCategory> categories);

    /** Corrects one field of the person's data of one category in every place that can. */
    List<StoreResult> rectify(DataHolder holder, Rectification rectification, String purpose);

    /** Removes the category's due items in every place that holds it, honouring the exclusions. */
    List<StoreResult> expire(Expiry expiry);

    /**
     * Counts a scope in every place that holds its rows (or in the places it names), audited per place as a search
     * with the purpose; identifiers found outside are matched to registered subjects. Lists at most {@code limit}
     * people.
     */
    Census count(Scope scope, String purpose, int limit);

    /**
     * Every kind of place a person's data is looked for in. Not Waarborg's own records (request files, the breach
     * register, the disclosure logs): they are the proof of how rights, breaches and disclosures were handled, reached
     * by retention only.
     */
    Set<DataStore.Kind> ALL = java.util.EnumSet.complementOf(java.util.EnumSet.of(DataStore.Kind.RECORDS));

    /** Waarborg's own places: quick, never a task for staff. */
    Set<DataStore.Kind> OWN = Set.of(DataStore.Kind.BUILT_IN, DataStore.Kind.RECORDINGS, DataStore.Kind.TRAFFIC);
}
