package nl.waarborg.subjects.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM for sensitive records: a fresh 96-bit nonce per sealing, stored in front of the ciphertext; the record
 * id and category as associated data, so a ciphertext copied onto another record or category does not open.
 */
public class Sealer {

    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Keyring keyring;

    public Sealer(Keyring keyring) {
        this.keyring = keyring;
    }

    public String currentKeyId() {
        return keyring.currentKeyId();
    }

    public record Sealed(String keyId, byte[] bytes) {}

    public Sealed seal(UUID recordId, String category, byte[] plaintext) {
        String keyId = keyring.currentKeyId();
        SecretKey key = keyring.key(keyId).orElseThrow();
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(recordId, category, keyId));
            byte[] body = cipher.doFinal(plaintext);
            return new Sealed(
                    keyId,
                    ByteBuffer.allocate(nonce.length + body.length)
                            .put(nonce)
                            .put(body)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public byte[] open(UUID recordId, String category, String keyId, byte[] sealed) {
        SecretKey key = keyring.key(keyId)
                .orElseThrow(() -> new SealedDataException(
                        "record " + recordId + " is sealed under key " + keyId + ", which the keyring does not hold"));
        if (sealed == null || sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SealedDataException("record " + recordId + " has a truncated ciphertext");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    key,
                    new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(sealed, 0, NONCE_BYTES)));
            cipher.updateAAD(associatedData(recordId, category, keyId));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SealedDataException("record " + recordId + " does not decrypt: wrong key or altered ciphertext");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The key id is bound too, so relabelling a ciphertext with another key id fails even if that key matched. */
    private static byte[] associatedData(UUID recordId, String category, String keyId) {
        return (recordId + "\n" + category + "\n" + keyId).getBytes(StandardCharsets.UTF_8);
    }
}
