package nl.waarborg.subjects.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.subjects.DeletionGuard;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.Identifiers;
import nl.waarborg.subjects.SubjectsException;
import nl.waarborg.subjects.SubjectsProperties;
import nl.waarborg.subjects.internal.Model.NewRecording;
import nl.waarborg.subjects.internal.Model.Recording;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Call recordings: the audio goes to the file store (a local folder by default), streamed, never into the database;
 * the database indexes each file by call id, parties (E.164), time and service, and links it to the subjects whose
 * phone numbers took part. File names are random ids, so the folder itself reveals nobody.
 *
 * <p>Encrypted at rest by envelope encryption: each file has its own random data key ({@link AudioCipher}, streamed
 * in chunks), and that data key is sealed under the keyring's current key into the recording's row. A key rotation
 * re-wraps the data keys only; the audio is never re-encrypted for it.
 */
@Service
@Transactional
public class Recordings {

    private static final Logger log = LoggerFactory.getLogger(Recordings.class);
    /** The "category" under which a recording's data key is sealed (it is bound into the wrapping). */
    static final String DATA_KEY = "call_recording.data_key";
    /** Encrypted files carry no audio extension: nothing about the file name hints at its content. */
    private static final String ENCRYPTED_SUFFIX = ".enc";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter FOLDER =
            DateTimeFormatter.ofPattern("yyyy/MM").withZone(ZoneOffset.UTC);

    private final List<DeletionGuard> guards;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final Inventory inventory;
    private final SubjectsProperties properties;
    private final Sealer sealer;

    Recordings(
            JdbcClient jdbc,
            AuditTrail audit,
            Clock clock,
            Inventory inventory,
            SubjectsProperties properties,
            Sealer sealer,
            List<DeletionGuard> guards) {
        this.guards = List.copyOf(guards);
        this.sealer = sealer;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.inventory = inventory;
        this.properties = properties;
    }

    /** The audio to send: decrypted while streaming; {@code extension} (".wav") for the download's file name. */
    public record Audio(Recording recording, Resource body, String extension) {}

    public Recording store(NewRecording body, InputStream audio) {
        Inventory.requireText("callId", body.callId(), 200);
        if (body.startedAt() == null) {
            throw new SubjectsException(Kind.INVALID, "startedAt", "startedAt is required (ISO-8601 instant)");
        }
        String caller = party("caller", body.caller());
        String callee = party("callee", body.callee());
        if (caller == null && callee == null) {
            throw new SubjectsException(Kind.INVALID, "caller", "a recording needs a caller, a callee or both");
        }
        if (body.durationSeconds() != null && body.durationSeconds() < 0) {
            throw new SubjectsException(Kind.INVALID, "durationSeconds", "durationSeconds cannot be negative");
        }
        String contentType = body.contentType() == null
                ? ""
                : body.contentType().toLowerCase(Locale.ROOT).split(";")[0].strip();
        if (!contentType.startsWith("audio/")) {
            throw new SubjectsException(
                    Kind.UNSUPPORTED_MEDIA_TYPE,
                    "contentType",
                    "Send the recording as audio/* (for example audio/wav or audio/mpeg)");
        }
        String serviceKey = Inventory.blankToNull(body.serviceKey());
        if (body.serviceDeliveredId() != null) {
            var service = inventory
                    .service(body.serviceDeliveredId())
                    .orElseThrow(() -> new SubjectsException(
                            Kind.INVALID, "serviceDeliveredId", "serviceDeliveredId names no service"));
            serviceKey = serviceKey == null ? service.serviceKey() : serviceKey;
        }
        String callId = body.callId().strip();
        if (jdbc.sql("SELECT count(*) FROM call_recording WHERE call_id = ?")
                        .param(callId)
                        .query(Long.class)
                        .single()
                > 0) {
            throw new SubjectsException(Kind.CONFLICT, "callId", "A recording of this call is already stored");
        }

        // The bytes must be the audio the Content-Type claims, before any of them is stored.
        InputStream checked = AudioSniffer.check(audio, contentType);

        UUID id = UUID.randomUUID();
        String relative = FOLDER.format(body.startedAt()) + "/" + id + ENCRYPTED_SUFFIX;
        Path target = root().resolve(relative);
        byte[] dataKey = new byte[32];
        RANDOM.nextBytes(dataKey);
        Sealer.Sealed wrapped = sealer.seal(id, DATA_KEY, dataKey);
        SecretKey key = new SecretKeySpec(dataKey, "AES");
        Arrays.fill(dataKey, (byte) 0);
        long size;
        String sha256;
        try {
            Path incoming = root().resolve(".incoming");
            createPrivateDirectories(incoming);
            Path tmp = Files.createTempFile(incoming, id.toString(), ".part");
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                size = copy(checked, tmp, key, id, digest);
                sha256 = HexFormat.of().formatHex(digest.digest());
                createPrivateDirectories(target.getParent());
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The recording could not be written to the file store", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (size == 0) {
            deleteQuietly(target);
            throw new SubjectsException(Kind.INVALID, "body", "The recording is empty");
        }
        deleteFileIfRolledBack(target);

        jdbc.sql("""
                        INSERT INTO call_recording (id, call_id, caller, callee, started_at, duration_seconds,
                               service_key, service_delivered_id, file_name, content_type, size_bytes, sha256, created_at,
                               encrypted, key_id, wrapped_key)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?, ?)
                        """)
                .params(
                        id,
                        callId,
                        caller,
                        callee,
                        Timestamp.from(body.startedAt()),
                        body.durationSeconds(),
                        serviceKey,
                        body.serviceDeliveredId(),
                        relative,
                        contentType,
                        size,
                        sha256,
                        Timestamp.from(clock.instant()),
                        wrapped.keyId(),
                        wrapped.bytes())
                .update();
        List<Identifier> parties = new ArrayList<>();
        for (String number : new String[] {caller, callee}) {
            if (number != null) {
                parties.add(new Identifier(IdentifierKind.PHONE, number));
            }
        }
        List<UUID> subjects = inventory.find(parties);
        for (UUID subject : subjects) {
            jdbc.sql("INSERT INTO call_recording_subject (recording_id, subject_id) VALUES (?, ?)")
                    .params(id, subject)
                    .update();
        }
        audit(
                AuditRecord.of(AuditAction.CREATE, "call_recording", id).detail("sizeBytes", String.valueOf(size)),
                subjects);
        return recording(id).orElseThrow();
    }

    /**
     * The audio of a recording, for download; audited as an export with the stated reason. The header and first chunk
     * are checked here, so a damaged file is refused with a clear problem before any audio is sent; a chunk further
     * on that fails breaks off the download (and is logged and audited likewise).
     */
    @Transactional(noRollbackFor = SealedDataException.class)
    public Audio open(UUID id, String reason) {
        return open(id, reason, false);
    }

    /**
     * As {@link #open(UUID, String)}; {@code ownCopy} for the copy an access answer gives the person themselves, which
     * a restriction does not stop (it limits what the provider does with the data, not what the person may see).
     */
    @Transactional(noRollbackFor = SealedDataException.class)
    public Audio open(UUID id, String reason, boolean ownCopy) {
        Recording recording = recording(id)
                .orElseThrow(() -> new SubjectsException(Kind.NOT_FOUND, null, "Recording " + id + " does not exist"));
        if (recording.restrictedAt() != null && !ownCopy) {
            throw new SubjectsException(
                    Kind.REFUSED,
                    null,
                    "Recording " + id + " is restricted to storage only since " + recording.restrictedAt()
                            + " (Art. 18 GDPR); it can be listened to again once the restriction is lifted");
        }
        if (Inventory.blankToNull(reason) == null) {
            throw new SubjectsException(
                    Kind.INVALID, "reason", "Listening to a recording needs a reason, for example a ticket number");
        }
        StoredFile stored = storedFile(id);
        Path file = root().resolve(stored.fileName());
        if (!Files.isReadable(file)) {
            throw new SubjectsException(Kind.GONE, null, "The audio of this recording is missing from the file store");
        }
        audit(AuditRecord.of(AuditAction.EXPORT, "call_recording", id).purpose(reason.strip()), recording.subjectIds());
        String extension = extension(recording.contentType());
        if (!stored.encrypted()) {
            // Stored before encryption at rest; the rotation job encrypts it soon.
            return new Audio(recording, new FileSystemResource(file), extension);
        }
        SecretKey key = dataKey(stored, failure -> integrityFailed(recording, failure));
        LongConsumer onFailure = chunk -> integrityFailed(recording, "chunk " + chunk);
        long size;
        try (AudioCipher.Decrypting check =
                AudioCipher.decrypt(FileChannel.open(file, StandardOpenOption.READ), key, context(id), onFailure)) {
            check.read();
            size = check.size();
        } catch (AudioCipher.AudioIntegrityException e) {
            throw new SealedDataException("recording " + id + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("The recording could not be read from the file store", e);
        }
        if (size != recording.sizeBytes()) {
            // Whole chunks cut off or added: caught here from the length, before anything is sent.
            integrityFailed(recording, "length");
            throw new SealedDataException("recording " + id + ": the file's length does not match the stored size");
        }
        return new Audio(recording, new DecryptedAudio(file, key, id, onFailure, size), extension);
    }

    public void delete(UUID id, String purpose) {
        Recording recording = recording(id)
                .orElseThrow(() -> new SubjectsException(Kind.NOT_FOUND, null, "Recording " + id + " does not exist"));
        // A legal hold on its people, its service or its day keeps it.
        DeletionGuard.Item item = new DeletionGuard.Item(
                null,
                new java.util.HashSet<>(recording.subjectIds()),
                null,
                recording.serviceDeliveredId(),
                recording.startedAt() == null
                        ? null
                        : recording.startedAt().atZone(RetentionDue.AMSTERDAM).toLocalDate(),
                null);
        for (DeletionGuard guard : guards) {
            guard.refusal(item).ifPresent(r -> {
                throw new SubjectsException(Kind.REFUSED, r.slug(), null, "Recording " + id + ": " + r.detail());
            });
        }
        deleteRows(List.of(id));
        audit(AuditRecord.of(AuditAction.DELETE, "call_recording", id).purpose(purpose), recording.subjectIds());
    }

    /**
     * Deletes index rows and queues their files in the same transaction; the files go once it commits, or at the next
     * {@link #sweepDeletedFiles()} when the process died in between. A file is never gone while its row still claims
     * it, and never outlives its row for longer than one sweep.
     */
    int deleteRows(List<UUID> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        List<String> files = jdbc.sql("DELETE FROM call_recording WHERE id = ANY (?::uuid[]) RETURNING file_name")
                .param(ids.toArray(UUID[]::new))
                .query(String.class)
                .list();
        Timestamp now = Timestamp.from(clock.instant());
        for (String file : files) {
            jdbc.sql("INSERT INTO recording_file_deletion (file_name, queued_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .params(file, now)
                    .update();
        }
        // The queue entries stay until the sweep has seen the files gone: it runs in a transaction of its own.
        afterCommit(() -> files.forEach(f -> deleteQuietly(root().resolve(f))));
        return files.size();
    }

    /** Deletes the queued files of deleted rows (also those an ended process left behind); answers how many. */
    public int sweepDeletedFiles() {
        List<String> queued = jdbc.sql("""
                        SELECT file_name FROM recording_file_deletion ORDER BY queued_at LIMIT 1000
                           FOR UPDATE SKIP LOCKED
                        """).query(String.class).list();
        int removed = 0;
        for (String fileName : queued) {
            try {
                Files.deleteIfExists(root().resolve(fileName));
                jdbc.sql("DELETE FROM recording_file_deletion WHERE file_name = ?")
                        .param(fileName)
                        .update();
                removed++;
            } catch (IOException e) {
                // Stays queued: the next sweep tries again.
                log.warn(
                        "A deleted recording's file could not be removed yet: {}",
                        e.getClass().getName());
            }
        }
        return removed;
    }

    @Transactional(readOnly = true)
    public Optional<Recording> recording(UUID id) {
        return jdbc.sql(SELECT + " WHERE r.id = ?")
                .param(id)
                .query(Recordings::row)
                .optional();
    }

    @Transactional(readOnly = true)
    public List<Recording> recordingsOf(UUID subjectId) {
        return jdbc.sql(SELECT
                        + " WHERE r.id IN (SELECT recording_id FROM call_recording_subject WHERE subject_id = ?)"
                        + " ORDER BY r.started_at DESC")
                .param(subjectId)
                .query(Recordings::row)
                .list();
    }

    /**
     * A person's recordings: those linked to the subject and those where one of their phone numbers took part, so a
     * caller who is not registered is found too. Newest first.
     */
    @Transactional(readOnly = true)
    public List<Recording> recordingsOf(nl.waarborg.subjects.DataHolder holder) {
        String[] phones = holder.values(IdentifierKind.PHONE).toArray(String[]::new);
        return jdbc.sql(SELECT + " WHERE r.id IN (SELECT recording_id FROM call_recording_subject WHERE subject_id = ?)"
                        + " OR r.caller = ANY (?::text[]) OR r.callee = ANY (?::text[]) ORDER BY r.started_at DESC")
                .params(holder.subjectId(), phones, phones)
                .query(Recordings::row)
                .list();
    }

    @Transactional(readOnly = true)
    public List<Recording> byNumber(String e164, int limit) {
        return jdbc.sql(SELECT + " WHERE r.caller = ? OR r.callee = ? ORDER BY r.started_at DESC LIMIT ?")
                .params(e164, e164, limit)
                .query(Recordings::row)
                .list();
    }

    @Transactional(readOnly = true)
    public long count() {
        return jdbc.sql("SELECT count(*) FROM call_recording").query(Long.class).single();
    }

    public Path root() {
        return properties.recordingsPath();
    }

    /** Reading a recording's index entry (the call's parties and time) is a read of personal data. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void auditRead(Recording recording, String purpose) {
        audit(
                AuditRecord.of(AuditAction.READ, "call_recording", recording.id())
                        .purpose(purpose == null || purpose.isBlank() ? "lookup" : purpose.strip()),
                recording.subjectIds());
    }

    /** One entry per subject the recording belongs to, so each person's trail shows it; one entry if it has none. */
    private void audit(AuditRecord entry, List<UUID> subjects) {
        if (subjects.isEmpty()) {
            audit.record(entry);
        }
        subjects.forEach(s -> audit.record(entry.subject(s)));
    }

    /** Ids and a chunk number only: the log and the audit trail learn that, and where, a file was damaged. */
    private void integrityFailed(Recording recording, String where) {
        log.error(
                "Recording {} failed its integrity check ({}): the audio file was altered or truncated",
                recording.id(),
                where);
        audit(
                AuditRecord.of(AuditAction.READ, "call_recording", recording.id())
                        .detail("integrity", "failed")
                        .detail("at", where),
                recording.subjectIds());
    }

    // ---------------------------------------------------------------- encryption at rest

    private record StoredFile(UUID id, String fileName, boolean encrypted, String keyId, byte[] wrappedKey) {}

    private static final String STORED_FILE =
            "SELECT id, file_name, encrypted, key_id, wrapped_key FROM call_recording";

    private static StoredFile storedFileRow(ResultSet rs, int n) throws SQLException {
        return new StoredFile(
                rs.getObject("id", UUID.class),
                rs.getString("file_name"),
                rs.getBoolean("encrypted"),
                rs.getString("key_id"),
                rs.getBytes("wrapped_key"));
    }

    private StoredFile storedFile(UUID id) {
        return jdbc.sql(STORED_FILE + " WHERE id = ?")
                .param(id)
                .query(Recordings::storedFileRow)
                .single();
    }

    private SecretKey dataKey(StoredFile stored, Consumer<String> onFailure) {
        byte[] bytes;
        try {
            bytes = sealer.open(stored.id(), DATA_KEY, stored.keyId(), stored.wrappedKey());
        } catch (SealedDataException e) {
            onFailure.accept("data key");
            throw e;
        }
        SecretKey key = new SecretKeySpec(bytes, "AES");
        Arrays.fill(bytes, (byte) 0);
        return key;
    }

    /** Recordings whose data key is wrapped under an older key, or whose file is still plain. */
    @Transactional(readOnly = true)
    public long countPending(String currentKeyId) {
        return jdbc.sql("""
                        SELECT count(*) FROM call_recording
                         WHERE seal_failed_at IS NULL AND (NOT encrypted OR key_id <> ?)
                        """).param(currentKeyId).query(Long.class).single();
    }

    @Transactional(readOnly = true)
    public long countUnreadable() {
        return jdbc.sql("SELECT count(*) FROM call_recording WHERE seal_failed_at IS NOT NULL")
                .query(Long.class)
                .single();
    }

    /** Recordings per keyring key, for the key status: a key that wraps nothing (and seals nothing) can go. */
    @Transactional(readOnly = true)
    public Map<String, Long> countPerKey() {
        return jdbc
                .sql("SELECT key_id, count(*) FROM call_recording WHERE encrypted GROUP BY key_id")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * Re-wraps one batch of data keys under the current key. The audio itself is untouched: rotation costs a few
     * bytes per recording, whatever the size of the files. A data key that does not open is set aside.
     */
    public int rewrapBatch(int batchSize) {
        String current = sealer.currentKeyId();
        List<StoredFile> rows = jdbc.sql(STORED_FILE + """
                         WHERE encrypted AND key_id <> ? AND seal_failed_at IS NULL
                         ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED
                        """)
                .params(current, batchSize)
                .query(Recordings::storedFileRow)
                .list();
        for (StoredFile row : rows) {
            byte[] plain;
            try {
                plain = sealer.open(row.id(), DATA_KEY, row.keyId(), row.wrappedKey());
            } catch (SealedDataException e) {
                log.error("Set aside during re-encryption: {}", e.getMessage());
                setAside(row.id());
                continue;
            }
            Sealer.Sealed wrapped = sealer.seal(row.id(), DATA_KEY, plain);
            Arrays.fill(plain, (byte) 0);
            jdbc.sql("UPDATE call_recording SET key_id = ?, wrapped_key = ? WHERE id = ?")
                    .params(wrapped.keyId(), wrapped.bytes(), row.id())
                    .update();
        }
        return rows.size();
    }

    /**
     * Encrypts one recording stored before encryption at rest (a plain file), if any is left: the encrypted copy is
     * written next to it under a new name, the index entry switches to it, and the plain file is removed once that
     * is committed. One file per transaction, since files can be large.
     *
     * @return whether a file was encrypted (or set aside)
     */
    public boolean encryptOneLegacyFile() {
        Optional<StoredFile> next =
                jdbc.sql(STORED_FILE + """
                         WHERE NOT encrypted AND seal_failed_at IS NULL
                         ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
                        """).query(Recordings::storedFileRow).optional();
        if (next.isEmpty()) {
            return false;
        }
        StoredFile row = next.get();
        Path plain = root().resolve(row.fileName());
        if (!Files.isReadable(plain)) {
            log.error("Recording {} has no readable file in the file store; set aside", row.id());
            setAside(row.id());
            return true;
        }
        String relative = parentOf(row.fileName()) + row.id() + ENCRYPTED_SUFFIX;
        Path target = root().resolve(relative);
        byte[] dataKey = new byte[32];
        RANDOM.nextBytes(dataKey);
        Sealer.Sealed wrapped = sealer.seal(row.id(), DATA_KEY, dataKey);
        SecretKey key = new SecretKeySpec(dataKey, "AES");
        Arrays.fill(dataKey, (byte) 0);
        try {
            Path tmp = Files.createTempFile(target.getParent(), row.id().toString(), ".part");
            try {
                try (InputStream in = Files.newInputStream(plain);
                        OutputStream out = AudioCipher.encrypt(
                                Files.newOutputStream(tmp), key, context(row.id()), AudioCipher.DEFAULT_CHUNK)) {
                    in.transferTo(out);
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("A plain recording could not be encrypted", e);
        }
        deleteFileIfRolledBack(target);
        jdbc.sql("UPDATE call_recording SET encrypted = true, file_name = ?, key_id = ?, wrapped_key = ? WHERE id = ?")
                .params(relative, wrapped.keyId(), wrapped.bytes(), row.id())
                .update();
        audit.record(
                AuditRecord.of(AuditAction.UPDATE, "call_recording", row.id()).detail("fields", "encryption"));
        afterCommit(() -> deleteQuietly(plain));
        return true;
    }

    private void setAside(UUID id) {
        jdbc.sql("UPDATE call_recording SET seal_failed_at = ? WHERE id = ?")
                .params(Timestamp.from(clock.instant()), id)
                .update();
    }

    private static String parentOf(String relative) {
        int slash = relative.lastIndexOf('/');
        return slash < 0 ? "" : relative.substring(0, slash + 1);
    }

    /** The recording id is the associated data of every chunk: a file copied onto another recording does not open. */
    private static byte[] context(UUID id) {
        return id.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The decrypted audio as a resource; its stream seeks by chunk, so Spring's range requests stay cheap. */
    private static final class DecryptedAudio extends AbstractResource {
        private final Path file;
        private final SecretKey key;
        private final UUID id;
        private final LongConsumer onFailure;
        private final long size;

        DecryptedAudio(Path file, SecretKey key, UUID id, LongConsumer onFailure, long size) {
            this.file = file;
            this.key = key;
            this.id = id;
            this.onFailure = onFailure;
            this.size = size;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return AudioCipher.decrypt(FileChannel.open(file, StandardOpenOption.READ), key, context(id), onFailure);
        }

        @Override
        public long contentLength() {
            return size;
        }

        @Override
        public boolean exists() {
            return Files.exists(file);
        }

        @Override
        public String getDescription() {
            return "recording " + id;
        }
    }

    private long copy(InputStream in, Path tmp, SecretKey key, UUID id, MessageDigest digest) throws IOException {
        long max = properties.maxRecordingSize().toBytes();
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = new DigestOutputStream(
                AudioCipher.encrypt(Files.newOutputStream(tmp), key, context(id), AudioCipher.DEFAULT_CHUNK), digest)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > max) {
                    throw new SubjectsException(
                            Kind.TOO_LARGE, "body", "The recording is larger than " + properties.maxRecordingSize());
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    private static String party(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return Identifiers.phone(raw)
                .orElseThrow(() -> new SubjectsException(Kind.INVALID, field, field + " is not a valid phone number"));
    }

    private static String extension(String contentType) {
        return switch (contentType) {
            case "audio/wav", "audio/x-wav", "audio/wave" -> ".wav";
            case "audio/mpeg", "audio/mp3" -> ".mp3";
            case "audio/ogg" -> ".ogg";
            case "audio/flac", "audio/x-flac" -> ".flac";
            case "audio/mp4", "audio/aac" -> ".m4a";
            default -> "";
        };
    }

    /** Recordings are personal data: the folders Waarborg creates are for its own account only. */
    private static void createPrivateDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    private static void deleteFileIfRolledBack(Path file) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        deleteQuietly(file);
                    }
                }
            });
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A file without an index entry is never served; it only costs disk space.
        }
    }

    static final String SELECT = """
            SELECT r.*, (SELECT array_agg(l.subject_id ORDER BY l.subject_id) FROM call_recording_subject l
                          WHERE l.recording_id = r.id) AS subject_ids
              FROM call_recording r
            """;

    static Recording row(ResultSet rs, int n) throws SQLException {
        java.sql.Array array = rs.getArray("subject_ids");
        List<UUID> subjects =
                array == null ? List.of() : List.copyOf(new LinkedHashSet<>(List.of((UUID[]) array.getArray())));
        Object duration = rs.getObject("duration_seconds");
        return new Recording(
                rs.getObject("id", UUID.class),
                rs.getString("call_id"),
                rs.getString("caller"),
                rs.getString("callee"),
                Inventory.instant(rs, "started_at"),
                duration == null ? null : ((Number) duration).intValue(),
                rs.getString("service_key"),
                rs.getObject("service_delivered_id", UUID.class),
                rs.getString("content_type"),
                rs.getLong("size_bytes"),
                rs.getString("sha256"),
                Inventory.instant(rs, "created_at"),
                subjects,
                rs.getBoolean("encrypted"),
                Inventory.instant(rs, "restricted_at"));
    }
}
