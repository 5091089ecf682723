package nl.waarborg.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import nl.waarborg.WaarborgTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

@WaarborgTest
class AuditTrailTests {

    @Autowired
    AuditTrail audit;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void chainsEveryEntryToItsPredecessor() {
        AuditEntry first = audit.record(AuditRecord.of(AuditAction.READ, "subject", UUID.randomUUID())
                .subject("S-1")
                .purpose("request:R-1")
                .by(Actor.system("test")));
        AuditEntry second = audit.record(AuditRecord.of(AuditAction.UPDATE, "subject", UUID.randomUUID())
                .detail("fields", "email")
                .by(Actor.system("test")));

        assertThat(second.id()).isEqualTo(first.id() + 1);
        assertThat(second.previousHash()).isEqualTo(first.hash());
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void refusesUpdatesAndDeletesOfHistory() {
        audit.record(AuditRecord.of(AuditAction.READ, "subject", "x").by(Actor.system("test")));
        assertThatThrownBy(() -> jdbc.update("UPDATE audit_entry SET purpose = 'changed'"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_entry")).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE audit_entry")).hasMessageContaining("append-only");
    }

    @Test
    void verifyFindsTheFirstTamperedEntry() {
        audit.record(AuditRecord.of(AuditAction.READ, "subject", "a").by(Actor.system("test")));
        AuditEntry victim =
                audit.record(AuditRecord.of(AuditAction.READ, "subject", "b").by(Actor.system("test")));
        audit.record(AuditRecord.of(AuditAction.READ, "subject", "c").by(Actor.system("test")));
        assertThat(audit.verify().intact()).isTrue();

        // Someone with database rights switches the guard off and rewrites history.
        tamper("UPDATE audit_entry SET target_id = 'forged' WHERE id = " + victim.id());

        ChainVerification result = audit.verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBrokenId()).isEqualTo(victim.id());
        assertThat(result.reason()).contains("changed");

        // Re-hashing the forged row is not enough: its successor still points at the original hash.
        tamper("UPDATE audit_entry SET hash = repeat('f', 64) WHERE id = " + victim.id());
        assertThat(audit.verify().firstBrokenId()).isEqualTo(victim.id());

        tamper("UPDATE audit_entry SET target_id = 'b', hash = '" + victim.hash() + "' WHERE id = " + victim.id());
        assertThat(audit.verify().intact()).isTrue();

        tamper("DELETE FROM audit_entry WHERE id = " + victim.id());
        ChainVerification deleted = audit.verify();
        assertThat(deleted.intact()).isFalse();
        assertThat(deleted.firstBrokenId()).isEqualTo(victim.id() + 1);
        assertThat(deleted.reason()).contains("missing");

        // Put the row back: the database is shared with other tests, which expect an intact chain.
        tamper("INSERT INTO audit_entry (id, occurred_at, actor_type, actor_id, action, target_type, target_id, "
                + "previous_hash, hash) VALUES (" + victim.id() + ", '" + victim.occurredAt() + "', 'SYSTEM', 'test', "
                + "'READ', 'subject', 'b', '" + victim.previousHash() + "', '" + victim.hash() + "')");
        assertThat(audit.verify().intact()).isTrue();
    }

    private void tamper(String sql) {
        jdbc.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update_delete");
        try {
            jdbc.execute(sql);
        } finally {
            jdbc.execute("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update_delete");
        }
    }
}
