package nl.waarborg.subjects.internal;

/** A sensitive record that cannot be opened: its key is missing, or the ciphertext or its context was altered. */
public class SealedDataException extends RuntimeException {
    public SealedDataException(String message) {
        super(message);
    }
}
