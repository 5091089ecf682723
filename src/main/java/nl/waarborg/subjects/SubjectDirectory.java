package nl.waarborg.subjects;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The subjects module's facade for other modules (requests, retention): find people by any identifier and learn
 * where their data lives. Reads are audited with the caller's purpose.
 */
public interface SubjectDirectory {

    /** Ids of every subject that carries this identifier (normalised first); audited per subject found. */
    List<UUID> find(Identifier identifier, String purpose);

    /** Every subject matching a raw identifier of any plausible kind, for example what a requester typed. */
    List<UUID> findAny(String rawIdentifier, String purpose);

    Optional<SubjectSummary> summary(UUID subjectId, String purpose);

    /** What a legal hold or a request can point at. */
    enum Target {
        SUBJECT,
        ORGANISATION,
        SERVICE_DELIVERED
    }

    /**
     * What the built-in store keeps of a subject, per register category and organisation, with the register client
     * ({@code clients[].key}) the organisation is linked to, if any: record counts only, no content. Audited as a
     * read of the subject with the purpose.
     */
    List<Held> held(UUID subjectId, String purpose);

    /** Records of one category kept for one organisation (null: none); {@code registerClient} null when not linked. */
    record Held(String category, UUID organisationId, String registerClient, long records) {}

    /**
     * Writes the audio of a call recording to {@code out}, decrypted, for the person's own copy in an access answer
     * (also when the recording is restricted); answers the file extension ({@code wav}, {@code mp3}, …). Audited as an
     * export with the purpose.
     */
    String writeRecording(UUID recordingId, String purpose, java.io.OutputStream out) throws java.io.IOException;

    /**
     * The last step of an erasure: deletes the subject itself (name, identifiers, roles) once no record and no
     * recording is linked to it any more; answers whether it went. A subject that still has kept data stays, since
     * that data must remain findable by the person's identifiers until its duty ends. Audited as a delete.
     */
    boolean forget(UUID subjectId, String purpose);

    /**
     * Which of these phone numbers (E.164) are shielded ("afgeschermd": kept out of directories and caller display) by
     * these subjects — or, with no subjects (someone known only by the numbers), by any subject. A number given to
     * someone new keeps no flag its earlier holder set. Answers only a flag about numbers the caller already holds, so
     * it is not audited.
     */
    java.util.Set<String> shieldedNumbers(java.util.Collection<String> numbers, java.util.Collection<UUID> subjects);

    /** Whether a subject, organisation or service delivered with this id exists; reads no personal data. */
    boolean exists(Target target, UUID id);
}
