package nl.waarborg.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import nl.waarborg.register.internal.Finding;
import nl.waarborg.register.internal.InvalidRegisterException;
import nl.waarborg.register.internal.RegisterChecks;
import nl.waarborg.register.internal.RegisterReader;
import nl.waarborg.register.internal.RegisterWriter;
import org.junit.jupiter.api.Test;

/**
 * Processing agreements in the register: their term, review date, Art. 28(3) clauses, sub-processors and audit
 * right are read, written back unchanged, and checked — the dated checks against the day given, at month ends and on
 * a leap day too.
 */
class AgreementTests {

    static final String TEMPLATE = RegisterFixtures.load(RegisterFixtures.TEMPLATE);
    static final String HOSTING =
            "    agreement: {present: true, date: 2025-01-15, reference: VO-2025-001, clauses: [a, b, c, d, e, f, g, h],\n"
                    + "                auditRights: true}";

    static String withHosting(String agreement) {
        assertThat(TEMPLATE).contains(HOSTING);
        return TEMPLATE.replace(HOSTING, "    agreement: " + agreement);
    }

    static List<String> rules(String yaml, LocalDate today) {
        return RegisterChecks.check(RegisterReader.read(yaml), today).stream()
                .map(f -> f.rule() + "@" + f.recipient() + ":" + f.severity())
                .toList();
    }

    @Test
    void theFieldsAreReadAndWrittenBackUnchanged() {
        String yaml = withHosting("{present: true, date: 2025-01-15, reference: VO-1, until: 2027-12-31,"
                + " reviewOn: 2026-06-30, clauses: [a, b, c, d, e, f, g, h], subProcessors: [alarm-centre],"
                + " auditRights: true}");
        Register register = RegisterReader.read(yaml);
        Agreement a = register.recipient("hosting").orElseThrow().agreement();
        assertThat(a.until()).isEqualTo(LocalDate.of(2027, 12, 31));
        assertThat(a.reviewOn()).isEqualTo(LocalDate.of(2026, 6, 30));
        assertThat(a.clauses()).containsExactly("a", "b", "c", "d", "e", "f", "g", "h");
        assertThat(a.subProcessors()).containsExactly("alarm-centre");
        assertThat(a.auditRights()).isTrue();
        Register again = RegisterReader.read(RegisterWriter.yaml(register));
        assertThat(again.recipient("hosting").orElseThrow().agreement()).isEqualTo(a);
        assertThat(RegisterChecks.check(register, LocalDate.of(2026, 6, 29))).isEmpty();
    }

    @Test
    void theDatedChecksFireFromTheirDayOn() {
        String yaml = withHosting("{present: true, until: 2028-02-29, reviewOn: 2026-01-31}");
        assertThat(rules(yaml, LocalDate.of(2026, 1, 30))).isEmpty();
        assertThat(rules(yaml, LocalDate.of(2026, 1, 31))).containsExactly("agreement-review-due@hosting:WARNING");
        assertThat(rules(yaml, LocalDate.of(2028, 2, 29)))
                .as("the last day of the term is still in it")
                .containsExactly("agreement-review-due@hosting:WARNING");
        assertThat(rules(yaml, LocalDate.of(2028, 3, 1)))
                .containsExactlyInAnyOrder("agreement-review-due@hosting:WARNING", "agreement-expired@hosting:WARNING");
        assertThat(RegisterChecks.check(RegisterReader.read(yaml)))
                .as("without a day, nothing that depends on one")
                .isEmpty();
    }

    @Test
    void missingClausesAndUnknownSubProcessorsAreNamed() {
        List<Finding> findings = RegisterChecks.check(
                RegisterReader.read(
                        withHosting("{present: true, clauses: [a, b, c, e, f, g], subProcessors: [nobody]}")),
                LocalDate.of(2026, 12, 5));
        assertThat(findings)
                .extracting(Finding::rule)
                .containsExactlyInAnyOrder("agreement-missing-clauses", "unknown-sub-processor");
        Finding clauses = findings.stream()
                .filter(f -> f.rule().equals("agreement-missing-clauses"))
                .findFirst()
                .orElseThrow();
        assertThat(clauses.explanation().nl()).contains("onder d, h");
        assertThat(clauses.explanation().en()).contains("Art. 28(3)(d, h)");
        assertThat(findings.stream().filter(f -> f.rule().equals("unknown-sub-processor")))
                .allSatisfy(f -> assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR));
    }

    @Test
    void aClauseThatIsNoLetterOfArticle28IsRefusedWithItsPlace() {
        assertThatThrownBy(() -> RegisterReader.read(withHosting("{present: true, clauses: [a, z]}")))
                .isInstanceOf(InvalidRegisterException.class)
                .hasMessageContaining("clauses")
                .hasMessageContaining("letters a to h");
        assertThatThrownBy(() -> RegisterReader.read(withHosting("{present: true, reviewOn: 2026-02-30}")))
                .isInstanceOf(InvalidRegisterException.class)
                .hasMessageContaining("reviewOn");
    }
}
