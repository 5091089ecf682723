package nl.waarborg.subjects;

import java.util.function.IntUnaryOperator;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Work a place's expiry does batch by batch: each batch in a transaction of its own, together with its count in the
 * operation ledger ({@link StoreOperations#progressed}), until a batch comes back short. A run cut off between two
 * batches has committed whole batches only, and the next run with the same operation id finishes the rest.
 */
public final class Batches {

    private Batches() {}

    /**
     * @param batch given the batch size, does one batch inside the transaction and answers how many items it did
     * @param afterBatch runs after each committed batch (a crash test's hook)
     * @return the items done over all batches
     */
    public static long untilShort(TransactionTemplate tx, int size, Runnable afterBatch, IntUnaryOperator batch) {
        long done = 0;
        int n;
        do {
            n = tx.execute(status -> batch.applyAsInt(size));
            done += n;
            afterBatch.run();
        } while (n == size);
        return done;
    }
}
