package nl.waarborg.subjects;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one place answered to one call.
 *
 * @param holdings per category what the place holds (find), or holds within the window (export)
 * @param items item references (find: without data; a place may leave them out when there are many) or, from
 *     {@link DataStores#find}, nothing more
 * @param affected items deleted, anonymised or marked (erase, expire, restrict), written (export), or that would go
 *     (a dry run)
 * @param excluded items an expiry left alone because an exclusion (a legal hold) covers them
 * @param reference where a pending call is followed up: a staff task, the system's own reference
 * @param detail why a call failed or was skipped; never personal data
 */
public record StoreResult(
        String store,
        DataStore.Kind kind,
        String type,
        Status status,
        List<Holding> holdings,
        List<Item> items,
        long affected,
        long excluded,
        String reference,
        String detail) {

    public StoreResult {
        holdings = holdings == null ? List.of() : List.copyOf(holdings);
        items = items == null ? List.of() : List.copyOf(items);
    }

    public enum Status {
        /** Done now. */
        DONE,
        /** Handed to staff or to the other system, which finishes later ({@code reference} says where). */
        PENDING,
        /** The place could not be reached or refused; {@code detail} says why. */
        FAILED,
        /** Not asked: the place lacks the capability, or knows none of the holder's identifier kinds. */
        SKIPPED
    }

    /**
     * @param category the register category key, or the vocabulary key a place reports when it knows no row
     * @param location where exactly: {@code built-in}, a table, a system's own location
     * @param oldest the earliest moment retention counts from (collection, a call's start); null when not known
     */
    public record Holding(String category, String location, long count, Instant oldest, Instant newest) {}

    /**
     * One piece of data.
     *
     * @param key the place's own id of the item
     * @param timestamp the moment its retention counts from, when known
     * @param data the data itself (export); empty for find
     */
    public record Item(String category, String location, String key, Instant timestamp, Map<String, Object> data) {
        public Item {
            data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
        }
    }

    public static StoreResult found(DataStore store, List<Holding> holdings, List<Item> items) {
        return new StoreResult(
                store.name(), store.kind(), store.type(), Status.DONE, holdings, items, 0, 0, null, null);
    }

    public static StoreResult done(DataStore store, long affected, long excluded) {
        return new StoreResult(
                store.name(),
                store.kind(),
                store.type(),
                Status.DONE,
                List.of(),
                List.of(),
                affected,
                excluded,
                null,
                null);
    }

    public static StoreResult exported(DataStore store, List<Holding> holdings, long written) {
        return new StoreResult(
                store.name(), store.kind(), store.type(), Status.DONE, holdings, List.of(), written, 0, null, null);
    }

    public static StoreResult pending(DataStore store, String reference) {
        return new StoreResult(
                store.name(), store.kind(), store.type(), Status.PENDING, List.of(), List.of(), 0, 0, reference, null);
    }

    public static StoreResult failed(DataStore store, String detail) {
        return new StoreResult(
                store.name(), store.kind(), store.type(), Status.FAILED, List.of(), List.of(), 0, 0, null, detail);
    }

    public static StoreResult skipped(DataStore store, String detail) {
        return new StoreResult(
                store.name(), store.kind(), store.type(), Status.SKIPPED, List.of(), List.of(), 0, 0, null, detail);
    }

    /** All records this place reports, as one count (a pending or failed place counts none). */
    public long count() {
        return holdings.stream().mapToLong(Holding::count).sum();
    }
}
