package nl.waarborg.subjects.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.LongConsumer;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Streaming AES-256-GCM for audio files, so that a recording of hundreds of megabytes is encrypted and decrypted with
 * the memory of one chunk.
 *
 * <p>File layout: a header ({@code WBA1}, the plaintext chunk size as a 4-byte integer, a random 7-byte nonce prefix),
 * then the chunks, each {@code ciphertext || 16-byte tag}. Every chunk has its own nonce: {@code prefix || chunk index
 * (4 bytes) || last-chunk flag (1 byte)}; the header and the caller's context (the recording id) are the associated
 * data of every chunk. Reordered or swapped chunks fail on the index, a file cut at a chunk boundary fails on the
 * flag, a file cut anywhere else or altered in any bit fails on the tag, and a file copied onto another recording
 * fails on the context. The data key is random per file, so nonces never repeat under one key.
 */
public final class AudioCipher {

    static final byte[] MAGIC = {'W', 'B', 'A', '1'};
    static final int PREFIX_BYTES = 7;
    static final int HEADER_BYTES = MAGIC.length + 4 + PREFIX_BYTES;
    static final int TAG_BYTES = 16;
    public static final int DEFAULT_CHUNK = 64 * 1024;
    private static final int MAX_CHUNK = 16 * 1024 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AudioCipher() {}

    /** A stream that encrypts what is written to {@code out}; closing it seals the last chunk and closes {@code out}. */
    public static OutputStream encrypt(OutputStream out, SecretKey key, byte[] context, int chunkSize)
            throws IOException {
        return new Encrypting(out, key, context, chunkSize);
    }

    /**
     * A stream of the plaintext of an encrypted file. {@code skip} seeks to the chunk holding the target position, so
     * a range request does not decrypt what lies before it. {@code onFailure} hears the index of a chunk that does not
     * authenticate, once, before the read throws.
     */
    public static Decrypting decrypt(SeekableByteChannel file, SecretKey key, byte[] context, LongConsumer onFailure)
            throws IOException {
        return new Decrypting(file, key, context, onFailure);
    }

    /** Chunk count and plaintext size of an encrypted file of {@code fileSize} bytes, from its length alone. */
    static long[] layout(long fileSize, int chunkSize) throws AudioIntegrityException {
        long body = fileSize - HEADER_BYTES;
        if (body < TAG_BYTES) {
            throw new AudioIntegrityException("the file is truncated");
        }
        long sealedChunk = (long) chunkSize + TAG_BYTES;
        long chunks = (body + sealedChunk - 1) / sealedChunk;
        long lastLength = body - (chunks - 1) * sealedChunk;
        if (lastLength < TAG_BYTES) {
            throw new AudioIntegrityException("the file is truncated");
        }
        return new long[] {chunks, body - chunks * TAG_BYTES};
    }

    private static byte[] nonce(byte[] prefix, long index, boolean last) {
        if (index > 0xFFFF_FFFFL) {
            throw new IllegalStateException("file too large for its chunk counter");
        }
        return ByteBuffer.allocate(12)
                .put(prefix)
                .putInt((int) index)
                .put((byte) (last ? 1 : 0))
                .array();
    }

    private static Cipher gcm() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] associatedData(byte[] header, byte[] context) {
        byte[] aad = Arrays.copyOf(header, header.length + context.length);
        System.arraycopy(context, 0, aad, header.length, context.length);
        return aad;
    }

    /** An encrypted file that fails authentication: altered, truncated, extended or not belonging to its record. */
    public static final class AudioIntegrityException extends IOException {
        AudioIntegrityException(String message) {
            super(message);
        }
    }

    private static final class Encrypting extends OutputStream {
        private final OutputStream out;
        private final SecretKey key;
        private final byte[] prefix = new byte[PREFIX_BYTES];
        private final byte[] aad;
        private final byte[] chunk;
        private final byte[] sealed;
        private final Cipher cipher = gcm();
        private int filled;
        private long index;
        private boolean closed;

        Encrypting(OutputStream out, SecretKey key, byte[] context, int chunkSize) throws IOException {
            if (chunkSize < 1 || chunkSize > MAX_CHUNK) {
                throw new IllegalArgumentException("chunk size out of range");
            }
            this.out = out;
            this.key = key;
            RANDOM.nextBytes(prefix);
            byte[] header = ByteBuffer.allocate(HEADER_BYTES)
                    .put(MAGIC)
                    .putInt(chunkSize)
                    .put(prefix)
                    .array();
            this.aad = associatedData(header, context);
            this.chunk = new byte[chunkSize];
            this.sealed = new byte[chunkSize + TAG_BYTES];
            out.write(header);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                // A full chunk is sealed only once more data arrives: the last chunk must carry the last flag.
                if (filled == chunk.length) {
                    seal(false);
                }
                int n = Math.min(len, chunk.length - filled);
                System.arraycopy(b, off, chunk, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void seal(boolean last) throws IOException {
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce(prefix, index, last)));
                cipher.updateAAD(aad);
                int n = cipher.doFinal(chunk, 0, filled, sealed, 0);
                out.write(sealed, 0, n);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM failed", e);
            }
            index++;
            filled = 0;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                seal(true);
            } finally {
                Arrays.fill(chunk, (byte) 0);
                out.close();
            }
        }
    }

    /** The plaintext of an encrypted file; its size is known from the file's length before anything is read. */
    public static final class Decrypting extends InputStream {
        private final SeekableByteChannel file;
        private final SecretKey key;
        private final LongConsumer onFailure;
        private final byte[] prefix = new byte[PREFIX_BYTES];
        private final byte[] aad;
        private final int chunkSize;
        private final long chunks;
        private final long size;
        private final byte[] sealed;
        private final byte[] plain;
        private final Cipher cipher = gcm();
        /** Index of the chunk in {@code plain}, or -1; and the read position within it. */
        private long loaded = -1;

        private int plainLength;
        private int offset;
        private long position;
        private boolean failed;

        Decrypting(SeekableByteChannel file, SecretKey key, byte[] context, LongConsumer onFailure) throws IOException {
            this.file = file;
            this.key = key;
            this.onFailure = onFailure;
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            file.position(0);
            readFully(header);
            header.flip();
            byte[] magic = new byte[MAGIC.length];
            header.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw failure(0, "the file is not an encrypted recording");
            }
            chunkSize = header.getInt();
            if (chunkSize < 1 || chunkSize > MAX_CHUNK) {
                throw failure(0, "the file header is damaged");
            }
            header.get(prefix);
            aad = associatedData(header.array(), context);
            long[] layout;
            try {
                layout = layout(file.size(), chunkSize);
            } catch (AudioIntegrityException e) {
                throw failure(0, e.getMessage());
            }
            // Counted from the file's length, so bytes appended or cut off shift the last flag and fail.
            chunks = layout[0];
            size = layout[1];
            sealed = new byte[chunkSize + TAG_BYTES];
            plain = new byte[chunkSize];
        }

        public long size() {
            return size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (position >= size) {
                // The last chunk may hold no plaintext (an empty file); it is still checked, to prove nothing was cut.
                if (loaded != chunks - 1 && position / chunkSize >= chunks - 1) {
                    load(chunks - 1);
                }
                return -1;
            }
            if (loaded != position / chunkSize) {
                load(position / chunkSize);
                offset = (int) (position % chunkSize);
            }
            int n = Math.min(len, plainLength - offset);
            System.arraycopy(plain, offset, b, off, n);
            offset += n;
            position += n;
            return n;
        }

        /** Seeks instead of decrypting what is skipped; the chunk is loaded (and checked) by the next read. */
        @Override
        public long skip(long n) {
            long target = Math.min(size, position + Math.max(0, n));
            long skipped = target - position;
            position = target;
            if (loaded != position / chunkSize) {
                loaded = -1;
            } else {
                offset = (int) (position % chunkSize);
            }
            return skipped;
        }

        @Override
        public int available() {
            return loaded >= 0 && loaded == position / chunkSize ? plainLength - offset : 0;
        }

        private void load(long index) throws IOException {
            if (failed) {
                throw new AudioIntegrityException("an earlier chunk failed authentication");
            }
            boolean last = index == chunks - 1;
            int length = (int) (last ? (size - index * chunkSize) + TAG_BYTES : chunkSize + TAG_BYTES);
            file.position(HEADER_BYTES + index * (chunkSize + (long) TAG_BYTES));
            readFully(ByteBuffer.wrap(sealed, 0, length));
            try {
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce(prefix, index, last)));
                cipher.updateAAD(aad);
                plainLength = cipher.doFinal(sealed, 0, length, plain, 0);
            } catch (AEADBadTagException e) {
                throw failure(index, "chunk " + index + " does not authenticate: the file was altered or truncated");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM failed", e);
            }
            loaded = index;
            offset = 0;
        }

        private AudioIntegrityException failure(long index, String message) {
            Arrays.fill(plain == null ? new byte[0] : plain, (byte) 0);
            loaded = -1;
            if (!failed) {
                failed = true;
                onFailure.accept(index);
            }
            return new AudioIntegrityException(message);
        }

        private void readFully(ByteBuffer buffer) throws IOException {
            while (buffer.hasRemaining()) {
                if (file.read(buffer) < 0) {
                    throw failure(loaded < 0 ? 0 : loaded, "the file is truncated");
                }
            }
        }

        @Override
        public void close() throws IOException {
            Arrays.fill(plain == null ? new byte[0] : plain, (byte) 0);
            file.close();
        }
    }
}
