package nl.waarborg.subjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentifiersTests {

    @ParameterizedTest
    @CsvSource({
        "020-1234567, +31201234567",
        "+31 20 123 4567, +31201234567",
        "0031201234567, +31201234567",
        "31201234567, +31201234567",
        "06 12345678, +31612345678",
        "+32 2 555 12 12, +3225551212"
    })
    void phoneNumbersBecomeE164(String raw, String expected) {
        assertThat(Identifiers.normalise(IdentifierKind.PHONE, raw).value()).isEqualTo(expected);
    }

    @Test
    void rejectsWhatIsNoPhoneNumber() {
        assertThat(Identifiers.phone("abc")).isEmpty();
        assertThat(Identifiers.phone("12")).isEmpty();
        assertThatThrownBy(() -> Identifiers.normalise(IdentifierKind.PHONE, "12"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageNotContaining("12 ");
    }

    @Test
    void emailIsCaseInsensitiveAndDomainsBecomeAscii() {
        assertThat(Identifiers.normalise(IdentifierKind.EMAIL, " Jan.Jansen@Voorbeeld.NL ")
                        .value())
                .isEqualTo("jan.jansen@voorbeeld.nl");
        assertThat(Identifiers.normalise(IdentifierKind.EMAIL, "info@bücher.de").value())
                .isEqualTo("info@xn--bcher-kva.de");
        assertThatThrownBy(() -> Identifiers.normalise(IdentifierKind.EMAIL, "no-at-sign"))
                .isInstanceOf(InvalidIdentifierException.class);
    }

    @Test
    void ipAddressesAreCanonical() {
        assertThat(Identifiers.normalise(IdentifierKind.IP_ADDRESS, "192.168.001.010")
                        .value())
                .isEqualTo("192.168.1.10");
        assertThat(Identifiers.normalise(IdentifierKind.IP_ADDRESS, "2001:0DB8:0000:0000:0000:0000:0000:0001")
                        .value())
                .isEqualTo("2001:db8::1");
        assertThatThrownBy(() -> Identifiers.normalise(IdentifierKind.IP_ADDRESS, "example.org"))
                .isInstanceOf(InvalidIdentifierException.class);
        // Refused before InetAddress sees it: it would have looked the text up in DNS as a host name.
        for (String notAnAddress : new String[] {"999.1.1.1", "1.2.3.256", "300.300.300.300"}) {
            assertThatThrownBy(() -> Identifiers.normalise(IdentifierKind.IP_ADDRESS, notAnAddress))
                    .as(notAnAddress)
                    .isInstanceOf(InvalidIdentifierException.class);
        }
    }

    @Test
    void macImeiIccidImsiAndPostcode() {
        assertThat(Identifiers.normalise(IdentifierKind.MAC_ADDRESS, "00-1A-2B-3C-4D-5E")
                        .value())
                .isEqualTo("00:1a:2b:3c:4d:5e");
        assertThat(Identifiers.normalise(IdentifierKind.IMEI, "49-015420-323751-8")
                        .value())
                .isEqualTo("490154203237518");
        assertThatThrownBy(() -> Identifiers.normalise(IdentifierKind.IMEI, "490154203237519"))
                .hasMessageContaining("check digit");
        assertThat(Identifiers.normalise(IdentifierKind.ICCID, "8931 0800 0000 0000 001")
                        .value())
                .isEqualTo("8931080000000000001");
        assertThat(Identifiers.normalise(IdentifierKind.IMSI, "204 08 1234567890")
                        .value())
                .isEqualTo("204081234567890");
        assertThat(Identifiers.normalise(IdentifierKind.POSTCODE_HOUSE_NUMBER, "1234 ab 12-a")
                        .value())
                .isEqualTo("1234AB-12A");
    }

    @Test
    void candidatesTryEveryKindAValueCanStandFor() {
        assertThat(Identifiers.candidates("06-12345678"))
                .contains(
                        new Identifier(IdentifierKind.PHONE, "+31612345678"),
                        new Identifier(IdentifierKind.CUSTOMER_NUMBER, "06-12345678"))
                .doesNotContain(new Identifier(IdentifierKind.EMAIL, "06-12345678"));
        assertThat(Identifiers.candidates("Jan@Example.NL"))
                .contains(new Identifier(IdentifierKind.EMAIL, "jan@example.nl"));
        assertThat(Identifiers.candidates("1234 ab 5"))
                .contains(new Identifier(IdentifierKind.POSTCODE_HOUSE_NUMBER, "1234AB-5"));
        assertThat(Identifiers.candidates("  ")).isEmpty();
    }
}
