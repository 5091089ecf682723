package nl.waarborg.subjects.internal;

import java.util.UUID;
import nl.waarborg.subjects.Vault;
import org.springframework.stereotype.Component;

/** The {@link Vault} on the sealer of sensitive records; the purpose takes the place of the record's category. */
@Component
class KeyringVault implements Vault {

    private final Sealer sealer;

    KeyringVault(Sealer sealer) {
        this.sealer = sealer;
    }

    @Override
    public Sealed seal(UUID id, String purpose, byte[] plaintext) {
        Sealer.Sealed s = sealer.seal(id, "vault:" + purpose, plaintext);
        return new Sealed(s.keyId(), s.bytes());
    }

    @Override
    public byte[] open(UUID id, String purpose, Sealed sealed) {
        return sealer.open(id, "vault:" + purpose, sealed.keyId(), sealed.bytes());
    }
}
