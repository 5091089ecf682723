package nl.waarborg.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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
    void concurrentAppendsEachLinkToExactlyOnePredecessor() throws Exception {
        int perThread = 40;
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<List<AuditEntry>>> results = new java.util.ArrayList<>();
            for (String thread : List.of("left", "right")) {
                results.add(pool.submit(() -> {
                    go.await();
                    List<AuditEntry> mine = new java.util.ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(audit.record(AuditRecord.of(AuditAction.READ, "subject", thread + "-" + i)
                                .detail("thread", thread)
                                .by(Actor.system("test"))));
                    }
                    return mine;
                }));
            }
            go.countDown();
            List<AuditEntry> all = new java.util.ArrayList<>();
            for (var result : results) {
                all.addAll(result.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            // No two appends got the same id or the same predecessor, and each answered what was stored.
            assertThat(all.stream().map(AuditEntry::id).distinct()).hasSize(2 * perThread);
            assertThat(all.stream().map(AuditEntry::previousHash).distinct()).hasSize(2 * perThread);
            for (AuditEntry entry : all) {
                assertThat(jdbc.queryForObject("SELECT hash FROM audit_entry WHERE id = ?", String.class, entry.id()))
                        .isEqualTo(entry.hash());
                assertThat(JdbcAuditTrail.hash(entry)).isEqualTo(entry.hash());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void theDatabaseHashesExactlyAsVerificationDoes() {
        // Characters outside ASCII and outside the Basic Multilingual Plane (two UTF-16 units, four UTF-8 bytes),
        // quotes, separators, an empty and a missing value: the layout must agree with the verifier's byte for byte.
        AuditEntry entry = audit.record(AuditRecord.of(AuditAction.EXPORT, "subject", "café-😀|3:x")
                .subject("")
                .purpose("verzoek \"inzage\" ☎")
                .detail("z-key", "ß")
                .detail("a-key", "\uD83D\uDCDE 12:|")
                .by(Actor.system("t\u00E9st")));
        assertThat(entry.subjectId()).isEmpty();
        assertThat(JdbcAuditTrail.hash(entry)).isEqualTo(entry.hash());
        AuditEntry stored = audit.find(
                        new AuditQuery(null, null, null, "subject", "café-😀|3:x", null, null, null, null, 1))
                .get(0);
        assertThat(stored).isEqualTo(entry);
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
