package nl.waarborg.subjects.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AES-256 keys of sensitive records, in a file outside the database so that a dump alone reveals nothing. The
 * file is owner-only and written atomically; it is re-read when another instance (or an operator) changed it.
 */
public class Keyring {

    private static final Logger log = LoggerFactory.getLogger(Keyring.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter ID_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private final Path file;
    private final Clock clock;
    private Map<String, SecretKey> keys = new TreeMap<>();
    private Map<String, Instant> created = new TreeMap<>();
    private String current;
    /** Modification time and file identity of the loaded keyring; a rewrite replaces the file, so the inode changes. */
    private Object loadedVersion;

    public record KeyInfo(String id, Instant createdAt, boolean current) {}

    public Keyring(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        if (Files.exists(file)) {
            load();
        } else {
            synchronized (this) {
                Properties content = new Properties();
                addKey(content);
                write(content);
                load();
            }
            log.info("Created a new keyring with key {}", current);
        }
    }

    public synchronized String currentKeyId() {
        refresh();
        return current;
    }

    /** The key with this id; empty when the keyring does not (or no longer) hold it. */
    public synchronized Optional<SecretKey> key(String id) {
        if (!keys.containsKey(id)) {
            refresh();
        }
        return Optional.ofNullable(keys.get(id));
    }

    public synchronized List<KeyInfo> keys() {
        refresh();
        List<KeyInfo> list = new ArrayList<>();
        keys.keySet().forEach(id -> list.add(new KeyInfo(id, created.get(id), id.equals(current))));
        return list;
    }

    /** Adds a fresh key and makes it current; older keys stay so that existing records remain readable. */
    public synchronized String rotate() {
        Properties content = read();
        String id = addKey(content);
        write(content);
        load();
        return id;
    }

    private String addKey(Properties content) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        Instant now = clock.instant();
        String id = "k" + ID_DATE.format(now) + "-" + HexFormat.of().formatHex(suffix);
        content.setProperty("key." + id, Base64.getEncoder().encodeToString(key));
        content.setProperty("created." + id, now.toString());
        content.setProperty("current", id);
        return id;
    }

    private Object version() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return java.util.List.of(attributes.lastModifiedTime(), String.valueOf(attributes.fileKey()));
    }

    private void refresh() {
        try {
            if (!version().equals(loadedVersion)) {
                load();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The keyring file cannot be read: " + file, e);
        }
    }

    private synchronized void load() {
        Properties content = read();
        Map<String, SecretKey> loaded = new TreeMap<>();
        Map<String, Instant> times = new TreeMap<>();
        for (String name : content.stringPropertyNames()) {
            if (name.startsWith("key.")) {
                String id = name.substring(4);
                byte[] bytes = Base64.getDecoder().decode(content.getProperty(name));
                if (bytes.length != 32) {
                    throw new IllegalStateException("Key " + id + " in the keyring " + file + " is not 256 bits");
                }
                loaded.put(id, new SecretKeySpec(bytes, "AES"));
                String when = content.getProperty("created." + id);
                times.put(id, when == null ? null : Instant.parse(when));
            }
        }
        String currentId = content.getProperty("current");
        if (currentId == null || !loaded.containsKey(currentId)) {
            throw new IllegalStateException("The keyring " + file + " names no current key that it holds");
        }
        try {
            loadedVersion = version();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keys = loaded;
        created = times;
        current = currentId;
    }

    private Properties read() {
        Properties content = new Properties();
        if (Files.exists(file)) {
            try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                content.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("The keyring file cannot be read: " + file, e);
            }
        }
        return content;
    }

    private void write(Properties content) {
        try {
            Path dir = file.getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(
                    dir,
                    ".keyring",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                content.store(out, "Waarborg keyring: the keys of encrypted records. Keep secret, keep a backup.");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("The keyring file cannot be written: " + file, e);
        }
    }
}
