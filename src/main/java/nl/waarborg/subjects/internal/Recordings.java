package nl.waarborg.subjects.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.subjects.Identifier;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.Identifiers;
import nl.waarborg.subjects.SubjectsProperties;
import nl.waarborg.subjects.internal.Model.NewRecording;
import nl.waarborg.subjects.internal.Model.Recording;
import nl.waarborg.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Call recordings: the audio goes to the file store (a local folder by default), streamed, never into the database;
 * the database indexes each file by call id, parties (E.164), time and service, and links it to the subjects whose
 * phone numbers took part. File names are random ids, so the folder itself reveals nobody.
 */
@Service
@Transactional
public class Recordings {

    private static final DateTimeFormatter FOLDER =
            DateTimeFormatter.ofPattern("yyyy/MM").withZone(ZoneOffset.UTC);

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final Inventory inventory;
    private final SubjectsProperties properties;

    Recordings(JdbcClient jdbc, AuditTrail audit, Clock clock, Inventory inventory, SubjectsProperties properties) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.inventory = inventory;
        this.properties = properties;
    }

    public record Audio(Recording recording, Path file) {}

    public Recording store(NewRecording body, InputStream audio) {
        Inventory.requireText("callId", body.callId(), 200);
        if (body.startedAt() == null) {
            throw ApiProblem.invalid("startedAt", "startedAt is required (ISO-8601 instant)");
        }
        String caller = party("caller", body.caller());
        String callee = party("callee", body.callee());
        if (caller == null && callee == null) {
            throw ApiProblem.invalid("caller", "a recording needs a caller, a callee or both");
        }
        if (body.durationSeconds() != null && body.durationSeconds() < 0) {
            throw ApiProblem.invalid("durationSeconds", "durationSeconds cannot be negative");
        }
        String contentType = body.contentType() == null
                ? ""
                : body.contentType().toLowerCase(Locale.ROOT).split(";")[0].strip();
        if (!contentType.startsWith("audio/")) {
            throw new ApiProblem(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-media-type",
                    "Send the recording as audio/* (for example audio/wav or audio/mpeg)",
                    "contentType");
        }
        String serviceKey = Inventory.blankToNull(body.serviceKey());
        if (body.serviceDeliveredId() != null) {
            var service = inventory
                    .service(body.serviceDeliveredId())
                    .orElseThrow(() -> ApiProblem.invalid("serviceDeliveredId", "serviceDeliveredId names no service"));
            serviceKey = serviceKey == null ? service.serviceKey() : serviceKey;
        }
        String callId = body.callId().strip();
        if (jdbc.sql("SELECT count(*) FROM call_recording WHERE call_id = ?")
                        .param(callId)
                        .query(Long.class)
                        .single()
                > 0) {
            throw ApiProblem.conflict("callId", "A recording of this call is already stored");
        }

        UUID id = UUID.randomUUID();
        String relative = FOLDER.format(body.startedAt()) + "/" + id + "." + extension(contentType);
        Path target = root().resolve(relative);
        long size;
        String sha256;
        try {
            Path incoming = root().resolve(".incoming");
            createPrivateDirectories(incoming);
            Path tmp = Files.createTempFile(incoming, id.toString(), ".part");
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                size = copy(audio, tmp, digest);
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
            throw ApiProblem.invalid("body", "The recording is empty");
        }
        deleteFileIfRolledBack(target);

        jdbc.sql("""
                        INSERT INTO call_recording (id, call_id, caller, callee, started_at, duration_seconds,
                               service_key, service_delivered_id, file_name, content_type, size_bytes, sha256, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
                        Timestamp.from(clock.instant()))
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
        AuditRecord created =
                AuditRecord.of(AuditAction.CREATE, "call_recording", id).detail("sizeBytes", String.valueOf(size));
        if (subjects.isEmpty()) {
            audit.record(created);
        }
        subjects.forEach(s -> audit.record(created.subject(s)));
        return recording(id).orElseThrow();
    }

    /** The audio of a recording, for download; audited as an export with the stated reason. */
    public Audio open(UUID id, String reason) {
        Recording recording = recording(id).orElseThrow(() -> ApiProblem.notFound("Recording " + id));
        if (Inventory.blankToNull(reason) == null) {
            throw ApiProblem.invalid("reason", "Listening to a recording needs a reason, for example a ticket number");
        }
        Path file = root().resolve(fileName(id));
        if (!Files.isReadable(file)) {
            throw new ApiProblem(
                    HttpStatus.GONE, "gone", "The audio of this recording is missing from the file store", null);
        }
        AuditRecord exported =
                AuditRecord.of(AuditAction.EXPORT, "call_recording", id).purpose(reason.strip());
        if (recording.subjectIds().isEmpty()) {
            audit.record(exported);
        }
        recording.subjectIds().forEach(s -> audit.record(exported.subject(s)));
        return new Audio(recording, file);
    }

    public void delete(UUID id, String purpose) {
        Recording recording = recording(id).orElseThrow(() -> ApiProblem.notFound("Recording " + id));
        Path file = root().resolve(fileName(id));
        jdbc.sql("DELETE FROM call_recording WHERE id = ?").param(id).update();
        AuditRecord deleted =
                AuditRecord.of(AuditAction.DELETE, "call_recording", id).purpose(purpose);
        if (recording.subjectIds().isEmpty()) {
            audit.record(deleted);
        }
        recording.subjectIds().forEach(s -> audit.record(deleted.subject(s)));
        // The file goes only once the row is gone for good.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                deleteQuietly(file);
            }
        });
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

    private String fileName(UUID id) {
        return jdbc.sql("SELECT file_name FROM call_recording WHERE id = ?")
                .param(id)
                .query(String.class)
                .single();
    }

    private long copy(InputStream in, Path tmp, MessageDigest digest) throws IOException {
        long max = properties.maxRecordingSize().toBytes();
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), digest)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > max) {
                    throw new ApiProblem(
                            HttpStatus.CONTENT_TOO_LARGE,
                            "too-large",
                            "The recording is larger than " + properties.maxRecordingSize(),
                            "body");
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
                .orElseThrow(() -> ApiProblem.invalid(field, field + " is not a valid phone number"));
    }

    private static String extension(String contentType) {
        return switch (contentType) {
            case "audio/wav", "audio/x-wav", "audio/wave" -> "wav";
            case "audio/mpeg", "audio/mp3" -> "mp3";
            case "audio/ogg" -> "ogg";
            case "audio/flac", "audio/x-flac" -> "flac";
            case "audio/mp4", "audio/aac" -> "m4a";
            default -> "audio";
        };
    }

    /** Recordings are personal data: the folders Waarborg creates are for its own account only. */
    private static void createPrivateDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
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

    private static final String SELECT = """
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
                subjects);
    }
}
