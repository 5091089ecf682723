package nl.waarborg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import nl.waarborg.register.internal.RegisterEditor;

/**
 * The register in force for tests that depend on it. Which register row a record named by a vocabulary key belongs
 * to depends on the register in force, and the tests share one database: a test that looks at record categories
 * says which register it expects.
 */
public final class TestRegisters {

    private TestRegisters() {}

    /** The telecom-nl template, as {@code ./waarborg register init} writes it. */
    public static String template() {
        try (InputStream in = TestRegisters.class.getResourceAsStream("/register/templates/telecom-nl.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Puts the template in force (a no-op when it already is). Under it, {@code user.contact.email} and {@code
     * user.contact.phone_number} are covered by several rows, so records with those keys wait for a person to assign
     * them, and {@code user.device.device_id} by none.
     */
    public static void templateInForce(RegisterEditor editor, Registers registers) {
        apply(editor, registers, template(), "tests: template in force");
    }

    /**
     * Applies a register, in force from today or from when the current version took effect, whichever is later. Error
     * findings are accepted: these tests are about what a register does once applied, not about its checks (those are
     * in RegisterApiTests and RegisterChecksTests).
     */
    public static RegisterVersion apply(RegisterEditor editor, Registers registers, String yaml, String summary) {
        LocalDate from = registers
                .current()
                .map(RegisterVersion::inForceFrom)
                .filter(d -> d.isAfter(LocalDate.now()))
                .orElse(null);
        editor.apply(yaml, summary, from, "tests: the register as written");
        return registers.current().orElseThrow();
    }
}
