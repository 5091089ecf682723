package nl.waarborg.traffic.internal;

/** A CDR line that cannot be stored; the message says why without repeating any value of the line. */
final class MalformedCdrException extends RuntimeException {
    MalformedCdrException(String reason) {
        super(reason, null, false, false);
    }
}
