package nl.waarborg.subjects;

import java.util.UUID;

/**
 * Encryption at rest for another module's sensitive file (an identity document kept while a request is verified), with
 * the built-in store's keyring: AES-256-GCM, the file's id and purpose bound to the ciphertext, so a ciphertext copied
 * to another file or purpose does not open.
 */
public interface Vault {

    record Sealed(String keyId, byte[] bytes) {}

    Sealed seal(UUID id, String purpose, byte[] plaintext);

    byte[] open(UUID id, String purpose, Sealed sealed);
}
