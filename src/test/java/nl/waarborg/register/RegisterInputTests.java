package nl.waarborg.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import nl.waarborg.errors.DomainException;
import nl.waarborg.register.internal.Dates;
import nl.waarborg.register.internal.InvalidRegisterException;
import nl.waarborg.register.internal.RegisterError;
import nl.waarborg.register.internal.RegisterReader;
import org.junit.jupiter.api.Test;

/**
 * Input no register file should be able to break the reader with: deep nesting, alias bombs, bytes that are not UTF-8,
 * characters YAML forbids, duplicate keys, absurd periods and dates. Each is refused with a position and a reason.
 */
class RegisterInputTests {

    static final String TEMPLATE = RegisterFixtures.load(RegisterFixtures.TEMPLATE);

    static List<RegisterError> errorsOf(String yaml) {
        return RegisterFormatTests.errorsOf(yaml);
    }

    static RegisterError onlyError(String yaml) {
        List<RegisterError> errors = errorsOf(yaml);
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    @Test
    void anEmojiAcrossTheYamlReadersWindowIsReadLikeAnyOtherCharacter() {
        // snakeyaml-engine reads 1,024 characters at a time: a surrogate pair on that boundary threw out of bounds.
        for (int at = 1020; at <= 1026; at++) {
            String comment = "# " + "x".repeat(at - 2) + "\uD83D\uDE00\n";
            assertThat(RegisterReader.read(comment + TEMPLATE)).isEqualTo(RegisterReader.read(TEMPLATE));
        }
    }

    @Test
    void twentyThousandOpenBracketsAreRefusedAsTooDeepNotAStackOverflow() {
        RegisterError error = onlyError("[".repeat(20_000));
        assertThat(error.line()).isEqualTo(1);
        assertThat(error.column()).isEqualTo(RegisterReader.MAX_DEPTH + 1);
        assertThat(error.reason()).contains("nested more than " + RegisterReader.MAX_DEPTH + " levels deep");

        RegisterError inAValue = onlyError("format: 1\norganisation:\n  legalName: " + "[".repeat(20_000) + "\n");
        assertThat(inAValue.line()).isEqualTo(3);
        assertThat(inAValue.reason()).contains("nested more than");
    }

    @Test
    void deepBlockMappingsAndFlowMappingsAreRefusedToo() {
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            block.append(" ".repeat(i)).append("k").append(i).append(":\n");
        }
        block.append(" ".repeat(200)).append("x\n");
        RegisterError error = onlyError(block.toString());
        // Level n starts on line n: the first level too deep is where the error is.
        assertThat(error.line()).isEqualTo(RegisterReader.MAX_DEPTH + 1);
        assertThat(error.reason()).contains("nested more than");

        assertThat(onlyError("{a: ".repeat(10_000)).reason()).contains("nested more than");
    }

    @Test
    void nestingWithinTheLimitIsReadAsBefore() {
        String nested = "[".repeat(RegisterReader.MAX_DEPTH - 1) + "x" + "]".repeat(RegisterReader.MAX_DEPTH - 1);
        RegisterError error =
                errorsOf("format: 1\norganisation: " + nested + "\n").get(0);
        assertThat(error.path()).isEqualTo("organisation");
        assertThat(error.reason()).isEqualTo("must be a mapping of keys to values");
    }

    @Test
    void aBillionLaughsIsRefusedForItsAliases() {
        StringBuilder yaml =
                new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            char previous = (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                yaml.append(i == 0 ? "" : ",").append('*').append(previous);
            }
            yaml.append("]\n");
        }
        RegisterError error = onlyError(yaml.toString());
        assertThat(error.reason())
                .contains("more than " + RegisterReader.MAX_ALIASES + " aliases")
                .doesNotContain("not valid YAML");
        // The eleventh alias: the second of "c".
        assertThat(error.line()).isEqualTo(3);
        assertThat(error.column()).isPositive();
    }

    @Test
    void aFewAliasesAndARecursiveOneAreReadWithoutHarm() {
        String anchored = TEMPLATE.replace(
                "agreement: {present: true, date: 2025-01-15, reference: VO-2025-001}",
                "agreement: &signed {present: true, date: 2025-01-15, reference: VO-2025-001}");
        assertThat(RegisterReader.read(anchored)).isEqualTo(RegisterReader.read(TEMPLATE));

        List<RegisterError> recursive =
                errorsOf("format: 1\norganisation: &o {legalName: X, dpo: *o}\nservices: &s [*s]\n");
        assertThat(recursive).isNotEmpty().allSatisfy(e -> assertThat(e.line()).isPositive());
    }

    @Test
    void invalidUtf8IsRefusedWithItsByteOffsetLineAndColumn() {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        String before = TEMPLATE.substring(0, TEMPLATE.indexOf("Voorbeeld Telecom B.V.") + "Voorbeeld ".length());
        file.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        file.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE, ' '});
        file.writeBytes(TEMPLATE.substring(before.length()).getBytes(StandardCharsets.UTF_8));
        byte[] bytes = file.toByteArray();
        int offset = before.getBytes(StandardCharsets.UTF_8).length;

        assertThatThrownBy(() -> RegisterReader.decode(bytes))
                .isInstanceOf(InvalidRegisterException.class)
                .satisfies(e -> {
                    RegisterError error =
                            ((InvalidRegisterException) e).errors().get(0);
                    assertThat(error.line()).isEqualTo(RegisterFormatTests.lineOf(TEMPLATE, "legalName:"));
                    assertThat(error.column()).isEqualTo("  legalName: Voorbeeld ".length() + 1);
                    assertThat(error.reason()).contains("not UTF-8").contains("byte 0xFF at byte offset " + offset);
                });
        // Non-ASCII text that is UTF-8, with or without a byte-order mark, is read as before.
        String dutch = TEMPLATE.replace("Voorbeeld Telecom B.V.", "Voorbeeld Télécom B.V.");
        assertThat(RegisterReader.decode(dutch.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(dutch);
        byte[] bom = ("\uFEFF" + dutch).getBytes(StandardCharsets.UTF_8);
        assertThat(RegisterReader.read(RegisterReader.decode(bom))
                        .organisation()
                        .legalName())
                .isEqualTo("Voorbeeld Télécom B.V.");
    }

    @Test
    void utf16IsNamedAsSuch() {
        assertThatThrownBy(() -> RegisterReader.decode(TEMPLATE.getBytes(StandardCharsets.UTF_16)))
                .isInstanceOf(InvalidRegisterException.class)
                .hasMessageContaining("UTF-16");
    }

    @Test
    void aControlCharacterIsRefusedWhereItStands() {
        RegisterError error = onlyError("format: 1\norganisation:\n  legalName: A\u0001B\n");
        assertThat(error.line()).isEqualTo(3);
        assertThat(error.column()).isEqualTo("  legalName: A".length() + 1);
        assertThat(error.reason()).contains("U+0001");
    }

    @Test
    void aKeyTwiceInOneMappingIsAnErrorAtTheSecond() {
        String twice = TEMPLATE.replace(
                "  shortName: Voorbeeld Telecom\n", "  shortName: Voorbeeld Telecom\n  shortName: Voorbeeld\n");
        RegisterError error = onlyError(twice);
        assertThat(error.path()).isEqualTo("organisation.shortName");
        assertThat(error.reason()).contains("twice");
        assertThat(error.line()).isEqualTo(RegisterFormatTests.lineOf(TEMPLATE, "shortName:") + 1);
    }

    @Test
    void aKeyThatIsAListIsNamedSo() {
        RegisterError error = onlyError("format: 1\n? [a, b]\n: c\n");
        assertThat(error.reason()).contains("keys must be plain words");
        assertThat(error.line()).isPositive();
    }

    @Test
    void serviceKeysUsedTwiceArePositioned() {
        String twice = TEMPLATE.replace("  - key: internet\n", "  - key: general\n")
                .replace("      - key: connection-identifiers\n", "      - key: invoices\n");
        assertThat(errorsOf(twice))
                .filteredOn(e -> e.reason().contains("twice") || e.reason().contains("also used"))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.line()).isPositive());
    }

    @Test
    void absurdPeriodsAreRefusedNotOverflowed() {
        String period = "retention: {period: P30D, from: collection}";
        assertThat(TEMPLATE).contains(period);
        assertThat(onlyError(TEMPLATE.replace(period, "retention: {period: P99999999999999D, from: collection}"))
                        .reason())
                .startsWith("not an ISO-8601 period");
        assertThat(onlyError(TEMPLATE.replace(period, "retention: {period: P101Y, from: collection}"))
                        .reason())
                .isEqualTo("a retention period is at most 100 years");
        assertThat(Periods.parse("P100Y")).isEqualTo(java.time.Period.ofYears(100));
    }

    @Test
    void aDateThatDoesNotExistIsToldApartFromAWronglyWrittenOne() {
        String date = "date: 2025-01-15, reference: VO-2025-001";
        RegisterError missing = onlyError(TEMPLATE.replace(date, "date: 2025-02-30, reference: VO-2025-001"));
        assertThat(missing.path()).isEqualTo("recipients[0].agreement.date");
        assertThat(missing.reason()).isEqualTo("is not a date that exists: February 2025 has 28 days");
        assertThat(onlyError(TEMPLATE.replace(date, "date: 2025-13-01, reference: VO-2025-001"))
                        .reason())
                .isEqualTo("is not a date that exists: months are numbered 01 to 12");
        assertThat(onlyError(TEMPLATE.replace(date, "date: 15-01-2025, reference: VO-2025-001"))
                        .reason())
                .isEqualTo("must be a date as YYYY-MM-DD");

        assertThat(Dates.parse("inForceFrom", "2028-02-29")).isEqualTo(java.time.LocalDate.of(2028, 2, 29));
        assertThat(Dates.parse("inForceFrom", null)).isNull();
        assertThatThrownBy(() -> Dates.parse("inForceFrom", "2026-02-30"))
                .isInstanceOf(RegisterException.class)
                .hasMessageContaining("inForceFrom is not a date that exists: February 2026 has 28 days")
                .satisfies(e -> assertThat(((DomainException) e).kind()).isEqualTo(DomainException.Kind.INVALID));
    }
}
