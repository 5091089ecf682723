package nl.waarborg.traffic.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** What the compact layout leaves out of a call comes back exactly as it was written ({@link CdrForms}). */
class CdrFormsPropertyTests {

    @Property(tries = 300)
    void aRawNumberComesBackAsItWasWritten(
            @ForAll @IntRange(min = 100_000_000, max = 999_999_999) int national,
            @ForAll @StringLength(max = 14) String other) {
        String e164 = "+31" + national;
        for (String raw : List.of(e164, "0" + national, "0031" + national, other, "+31 " + national, "31" + national)) {
            int form = CdrForms.rawForm(raw, e164);
            assertThat(CdrForms.raw(form, form == CdrForms.RAW_STORED ? raw : null, e164))
                    .isEqualTo(raw);
        }
        String belgian = "+32" + national;
        assertThat(CdrForms.rawForm("0" + national, belgian)).isEqualTo(CdrForms.RAW_STORED);
        assertThat(CdrForms.raw(CdrForms.rawForm("0032" + national, belgian), null, belgian))
                .isEqualTo("0032" + national);
    }

    @Property(tries = 300)
    void anE164NumberComesBackFromItsStoredDigits(
            @ForAll @net.jqwik.api.constraints.LongRange(min = 1, max = 999_999_999_999_999_999L) long digits) {
        String e164 = "+" + digits;
        assertThat(CdrForms.digits(e164)).isEqualTo(digits);
        assertThat(CdrForms.e164(CdrForms.digits(e164))).isEqualTo(e164);
        for (String notE164 : List.of(String.valueOf(digits), "+0" + digits, "+" + digits + "x", "+", "")) {
            org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                    .as(notE164)
                    .isThrownBy(() -> CdrForms.digits(notE164));
        }
        assertThat(CdrForms.e164(null)).isNull();
    }

    /** Nineteen digits are stored where they fit in a bigint: libphonenumber calls some Japanese numbers possible. */
    @org.junit.jupiter.api.Test
    void nineteenDigitsAreStoredWhereTheyFitInABigint() {
        assertThat(CdrForms.digits("+8100312345678901234")).isEqualTo(8_100_312_345_678_901_234L);
        assertThat(CdrForms.digits("+" + Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(CdrForms.storable("+9223372036854775808")).isFalse();
        assertThat(CdrForms.storable("+99999999999999999999")).isFalse();
        assertThat(CdrForms.storable(null)).isFalse();
    }

    @Property(tries = 300)
    void endAndAnswerComeBackWhetherOrNotTheyFollowFromTheDurations(
            @ForAll @IntRange(min = 0, max = 100_000) int duration,
            @ForAll @IntRange(min = 0, max = 100_000) int billsec,
            @ForAll @IntRange(min = -3, max = 3) int skew) {
        Instant start = Instant.parse("2024-02-29T23:59:59Z");
        Instant end = start.plusSeconds(duration + skew);
        Instant answer = end.minusSeconds(billsec).plusMillis(skew == 0 ? 0 : 250);
        CdrRow row = new CdrRow(
                start, 1L, null, null, null, null, null, null, null, answer, end, duration, billsec, null, null);
        int forms = CdrForms.of(row, null, null);
        Instant storedEnd = (forms & CdrForms.END_DERIVED) != 0 ? null : end;
        Instant storedAnswer = (forms & CdrForms.ANSWER_DERIVED) != 0 ? null : answer;
        Instant rebuiltEnd = CdrForms.end(forms, storedEnd, start, duration);
        assertThat(rebuiltEnd).isEqualTo(end);
        assertThat(CdrForms.answer(forms, storedAnswer, rebuiltEnd, billsec)).isEqualTo(answer);
        assertThat((forms & CdrForms.END_DERIVED) != 0).isEqualTo(skew == 0);
    }

    @Property(tries = 300)
    void aCallerIdComesBackAsItWasWritten(
            @ForAll @StringLength(max = 20) String name, @ForAll @StringLength(max = 14) String raw) {
        for (String callerId : List.of(
                "\"" + name + "\" <" + raw + ">",
                name + " <" + raw + ">",
                "\"" + name + "\" <" + raw + "1>",
                "\"" + name + "\"<" + raw + ">",
                name)) {
            String stored = CdrForms.callerIdName(callerId, raw);
            int forms = stored == null ? 0 : CdrForms.CALLER_ID_NAMED;
            assertThat(CdrForms.callerId(forms, stored == null ? callerId : stored, raw))
                    .isEqualTo(callerId);
        }
        assertThat(CdrForms.callerIdName("\"" + name + "\" <" + raw + ">", raw)).isEqualTo(name);
    }
}
