package nl.waarborg.subjects;

/**
 * The ledger of mutating operations on the places inside Waarborg. A place counts its work here in the same
 * transaction as the work itself, batch by batch, so that an operation interrupted and run again counts every item
 * exactly once.
 */
public interface StoreOperations {

    /**
     * Adds the items a batch deleted, anonymised or marked to the operation's count; must run inside the transaction
     * that did the work. {@code excluded} is how many items the whole operation leaves alone (a legal hold): a run
     * of the operation repeated after an interruption finds the same ones, so the largest count is kept, not a sum.
     *
     * @param action {@code erase}, {@code restrict}, {@code lift} or {@code expire}
     */
    void progressed(String operationId, String store, String action, long affected, long excluded);

    /**
     * A pending operation (handed to staff or another system, {@link StoreResult#reference()}) has finished; answers
     * how many operations it concluded.
     */
    int concluded(String reference, StoreResult.Status status, String detail);
}
