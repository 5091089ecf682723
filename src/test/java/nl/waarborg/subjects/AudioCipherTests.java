package nl.waarborg.subjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import nl.waarborg.subjects.internal.AudioCipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming AES-GCM of recordings: one chunk of memory, and every kind of damage to the file is detected. */
class AudioCipherTests {

    static final int CHUNK = 1024;
    static final int SEALED = CHUNK + 16;
    static final int HEADER = 15;
    static final byte[] CONTEXT = "recording-1".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    final SecretKey key = key();

    @Test
    void roundTripsEverySizeAroundTheChunkBoundaries() throws IOException {
        for (int size : new int[] {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 5}) {
            byte[] plain = bytes(size);
            Path file = encrypt(plain, CHUNK);
            assertThat(Files.size(file)).isEqualTo(HEADER + size + 16L * Math.max(1, (size + CHUNK - 1) / CHUNK));
            assertThat(decrypt(file)).as("size %d", size).isEqualTo(plain);
        }
    }

    @Test
    void skipSeeksToTheRightChunkWithoutReadingWhatLiesBefore() throws IOException {
        byte[] plain = bytes(10 * CHUNK + 300);
        Path file = encrypt(plain, CHUNK);
        try (AudioCipher.Decrypting in = open(file, chunk -> {})) {
            assertThat(in.size()).isEqualTo(plain.length);
            assertThat(in.skip(7 * CHUNK + 11)).isEqualTo(7 * CHUNK + 11);
            assertThat(in.readNBytes(2 * CHUNK)).isEqualTo(Arrays.copyOfRange(plain, 7 * CHUNK + 11, 9 * CHUNK + 11));
        }
        // Damage before the skipped-to position is not even read.
        flip(file, HEADER + 2 * SEALED + 5);
        try (AudioCipher.Decrypting in = open(file, chunk -> {})) {
            in.skip(5 * CHUNK);
            assertThat(in.readNBytes(10)).isEqualTo(Arrays.copyOfRange(plain, 5 * CHUNK, 5 * CHUNK + 10));
        }
    }

    @Test
    void oneAlteredByteAnywhereFailsAndNamesTheChunk() throws IOException {
        byte[] plain = bytes(4 * CHUNK + 10);
        for (long position : new long[] {2, 6, 10, HEADER + 1, HEADER + SEALED + 3, HEADER + 4 * SEALED + 12}) {
            Path file = encrypt(plain, CHUNK);
            flip(file, position);
            List<Long> failures = new ArrayList<>();
            assertThatThrownBy(() -> {
                        try (InputStream in = open(file, failures::add)) {
                            in.readAllBytes();
                        }
                    })
                    .as("byte %d", position)
                    .isInstanceOf(AudioCipher.AudioIntegrityException.class);
            assertThat(failures).hasSize(1);
        }
    }

    @Test
    void truncationAndAppendingAreDetected() throws IOException {
        byte[] plain = bytes(4 * CHUNK);
        Path original = encrypt(plain, CHUNK);
        long size = Files.size(original);
        // Cut at a chunk boundary (the last flag no longer matches), in a chunk, within the header, and extended.
        for (long length : new long[] {HEADER + 3L * SEALED, HEADER + 2L * SEALED + 100, HEADER + 3, size - 1}) {
            Path file = copy(original);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(length);
            }
            assertThatThrownBy(() -> decrypt(file)).as("cut to %d", length).isInstanceOf(IOException.class);
        }
        for (int extra : new int[] {1, 16, SEALED}) {
            Path file = copy(original);
            Files.write(file, new byte[extra], StandardOpenOption.APPEND);
            assertThatThrownBy(() -> decrypt(file))
                    .as("extended by %d", extra)
                    .isInstanceOf(AudioCipher.AudioIntegrityException.class);
        }
    }

    @Test
    void reorderedChunksAndAnotherRecordsContextAreRefused() throws IOException {
        byte[] plain = bytes(3 * CHUNK);
        Path file = encrypt(plain, CHUNK);
        byte[] raw = Files.readAllBytes(file);
        byte[] swapped = raw.clone();
        System.arraycopy(raw, HEADER, swapped, HEADER + SEALED, SEALED);
        System.arraycopy(raw, HEADER + SEALED, swapped, HEADER, SEALED);
        Files.write(file, swapped);
        assertThatThrownBy(() -> decrypt(file)).isInstanceOf(AudioCipher.AudioIntegrityException.class);

        Path other = encrypt(plain, CHUNK);
        assertThatThrownBy(() -> {
                    try (InputStream in = AudioCipher.decrypt(
                            FileChannel.open(other), key, "recording-2".getBytes(StandardCharsets.US_ASCII), c -> {})) {
                        in.readAllBytes();
                    }
                })
                .isInstanceOf(AudioCipher.AudioIntegrityException.class);
    }

    /**
     * 32 MB through both directions with the default chunk: the thread allocates a small multiple of one chunk, not
     * anything near the file's size, so nothing is buffered whole.
     */
    @Test
    void aLargeFileNeedsTheMemoryOfAChunkNotOfTheFile() throws Exception {
        long size = 32L * 1024 * 1024;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Path file = dir.resolve("large.enc");
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];

        long before = threads.getCurrentThreadAllocatedBytes();
        try (OutputStream out =
                AudioCipher.encrypt(Files.newOutputStream(file), key, CONTEXT, AudioCipher.DEFAULT_CHUNK)) {
            for (long done = 0; done < size; done += buffer.length) {
                fill(buffer, done);
                written.update(buffer);
                out.write(buffer);
            }
        }
        try (InputStream in = open(file, c -> {})) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                read.update(buffer, 0, n);
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(read.digest()).isEqualTo(written.digest());
        assertThat(allocated).as("bytes allocated for a %d-byte file", size).isLessThan(size / 8);
    }

    // ---------------------------------------------------------------- helpers

    private Path encrypt(byte[] plain, int chunk) throws IOException {
        Path file = Files.createTempFile(dir, "audio", ".enc");
        try (OutputStream out = AudioCipher.encrypt(Files.newOutputStream(file), key, CONTEXT, chunk)) {
            // Odd write sizes, so chunks are filled across writes.
            for (int i = 0; i < plain.length; i += 333) {
                out.write(plain, i, Math.min(333, plain.length - i));
            }
        }
        return file;
    }

    private byte[] decrypt(Path file) throws IOException {
        try (InputStream in = open(file, c -> {})) {
            return in.readAllBytes();
        }
    }

    private AudioCipher.Decrypting open(Path file, java.util.function.LongConsumer onFailure) throws IOException {
        return AudioCipher.decrypt(FileChannel.open(file, StandardOpenOption.READ), key, CONTEXT, onFailure);
    }

    private Path copy(Path file) throws IOException {
        Path copy = Files.createTempFile(dir, "copy", ".enc");
        Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    static void flip(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 1));
            one.rewind();
            channel.write(one, position);
        }
    }

    private static byte[] bytes(int size) {
        byte[] b = new byte[size];
        fill(b, 0);
        return b;
    }

    private static void fill(byte[] buffer, long offset) {
        for (int i = 0; i < buffer.length; i++) {
            long p = offset + i;
            buffer[i] = (byte) ((p * 2654435761L) >>> 13);
        }
    }

    private static SecretKey key() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new SecretKeySpec(bytes, "AES");
    }
}
