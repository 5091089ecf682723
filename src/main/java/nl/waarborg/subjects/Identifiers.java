package nl.waarborg.subjects;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Normalises identifiers so that the same person is found however a system wrote them: e-mail in lower case with an
 * ASCII (IDN) domain, phone numbers in E.164 with the Netherlands as default region, IP addresses in canonical form,
 * MAC addresses as lower-case colon pairs, IMEI and ICCID with their check digit verified.
 */
public final class Identifiers {

    public static final String DEFAULT_REGION = "NL";
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern HEX_MAC = Pattern.compile("^[0-9a-f]{12}$");
    private static final Pattern POSTCODE =
            Pattern.compile("^([1-9][0-9]{3})\\s?([A-Z]{2})\\s*[- ]?\\s*([0-9]{1,5})\\s*(.*)$");

    private Identifiers() {}

    public static Identifier normalise(IdentifierKind kind, String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidIdentifierException(kind, "is empty");
        }
        String value = raw.strip();
        return new Identifier(
                kind,
                switch (kind) {
                    case EMAIL -> email(value);
                    case PHONE ->
                        phone(value)
                                .orElseThrow(() -> new InvalidIdentifierException(kind, "is not a valid phone number"));
                    case IP_ADDRESS -> ipAddress(value);
                    case MAC_ADDRESS -> macAddress(value);
                    case IMEI -> luhnDigits(kind, value, 15, 15);
                    case ICCID -> luhnDigits(kind, value, 19, 20);
                    case IMSI -> digits(kind, value, 14, 15);
                    case POSTCODE_HOUSE_NUMBER -> postcode(value);
                    case CUSTOMER_NUMBER, LINE_ID, SERVICE_ID -> value.toUpperCase(Locale.ROOT);
                });
    }

    /**
     * Every identifier a raw value can stand for, for a search box that does not ask which kind was typed: {@code
     * 0612345678} is a phone number but may also be a customer number. Empty when nothing fits.
     */
    public static java.util.List<Identifier> candidates(String raw) {
        java.util.List<Identifier> found = new java.util.ArrayList<>();
        if (raw == null || raw.isBlank()) {
            return found;
        }
        for (IdentifierKind kind : IdentifierKind.values()) {
            if (kind == IdentifierKind.EMAIL && !raw.contains("@")) {
                continue;
            }
            // Something with an @ is an e-mail address, not a customer, line or service number that happens to match.
            if (raw.contains("@") && kind != IdentifierKind.EMAIL) {
                continue;
            }
            try {
                Identifier identifier = normalise(kind, raw);
                if (!found.contains(identifier)) {
                    found.add(identifier);
                }
            } catch (InvalidIdentifierException notThisKind) {
                // Try the next kind.
            }
        }
        return found;
    }

    /**
     * E.164 form of a phone number, or empty when it is not one. Accepts national Dutch notation, {@code 0031},
     * {@code +31} and the numbers that PBXs write without a plus ({@code 31201234567}).
     */
    public static Optional<String> phone(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String value = raw.strip();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String dutch = dutchTenDigits(value);
        if (dutch != null) {
            return Optional.of(dutch);
        }
        try {
            PhoneNumber number = PHONES.parse(value, DEFAULT_REGION);
            if (!PHONES.isPossibleNumber(number)) {
                // PBXs often drop the plus of an international number: 31201234567.
                if (!value.startsWith("+")
                        && !value.startsWith("0")
                        && value.chars().allMatch(Character::isDigit)) {
                    number = PHONES.parse("+" + value, DEFAULT_REGION);
                }
                if (!PHONES.isPossibleNumber(number)) {
                    return Optional.empty();
                }
            }
            return Optional.of(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The E.164 form of the notations a Dutch PBX writes on nearly every call — {@code 0} followed by nine digits, the
     * first not 0 — without libphonenumber, which takes microseconds per number and made up most of a CDR import's
     * parsing (millions of numbers seen once each). Every such number is a possible Dutch number with the same E.164
     * form through libphonenumber ({@code IdentifiersPropertyTests} compares the two over every four-digit prefix);
     * anything else goes the long way.
     */
    private static String dutchTenDigits(String value) {
        if (value.length() != 10 || value.charAt(0) != '0' || value.charAt(1) == '0') {
            return null;
        }
        for (int i = 1; i < 10; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return "+31" + value.substring(1);
    }

    /** {@link #phone} without the shortcut for Dutch ten-digit numbers, for the test that compares the two. */
    static Optional<String> phoneThroughLibphonenumber(String value) {
        try {
            PhoneNumber number = PHONES.parse(value, DEFAULT_REGION);
            return PHONES.isPossibleNumber(number)
                    ? Optional.of(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    static String email(String value) {
        if (!EMAIL.matcher(value).matches()) {
            throw new InvalidIdentifierException(IdentifierKind.EMAIL, "is not an e-mail address");
        }
        int at = value.lastIndexOf('@');
        try {
            String domain =
                    IDN.toASCII(value.substring(at + 1), IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            return value.substring(0, at).toLowerCase(Locale.ROOT) + "@" + domain;
        } catch (IllegalArgumentException e) {
            throw new InvalidIdentifierException(IdentifierKind.EMAIL, "has an invalid domain");
        }
    }

    static String ipAddress(String value) {
        String v = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
        // Only literals: InetAddress must never resolve a host name here.
        boolean ipv4 = v.matches("^\\d{1,3}(\\.\\d{1,3}){3}$");
        boolean ipv6 = v.contains(":") && v.matches("^[0-9A-Fa-f:.]+$");
        if (!ipv4 && !ipv6) {
            throw new InvalidIdentifierException(IdentifierKind.IP_ADDRESS, "is not an IPv4 or IPv6 address");
        }
        // An octet above 255 would make InetAddress treat the text as a host name and ask DNS: the typed identifier
        // would leave the machine.
        if (ipv4 && java.util.Arrays.stream(v.split("\\.")).anyMatch(o -> Integer.parseInt(o) > 255)) {
            throw new InvalidIdentifierException(IdentifierKind.IP_ADDRESS, "is not an IPv4 or IPv6 address");
        }
        try {
            InetAddress address = InetAddress.getByName(v);
            String canonical = address.getHostAddress();
            if (address instanceof java.net.Inet6Address) {
                canonical = compressIpv6(canonical);
            }
            return canonical;
        } catch (UnknownHostException e) {
            throw new InvalidIdentifierException(IdentifierKind.IP_ADDRESS, "is not an IPv4 or IPv6 address");
        }
    }

    /** RFC 5952: lower case, leading zeros dropped, the longest run of zero groups as "::". */
    private static String compressIpv6(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < groups.length; ) {
            if (groups[i].equals("0")) {
                int j = i;
                while (j < groups.length && groups[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLength && j - i > 1) {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) {
            return String.join(":", groups);
        }
        String left = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String right = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return left + "::" + right;
    }

    static String macAddress(String value) {
        String hex = value.toLowerCase(Locale.ROOT).replaceAll("[:\\-.\\s]", "");
        if (!HEX_MAC.matcher(hex).matches()) {
            throw new InvalidIdentifierException(IdentifierKind.MAC_ADDRESS, "is not a 48-bit MAC address");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                out.append(':');
            }
            out.append(hex, i, i + 2);
        }
        return out.toString();
    }

    private static String digits(IdentifierKind kind, String value, int min, int max) {
        String digits = value.replaceAll("[\\s-]", "");
        if (!digits.chars().allMatch(Character::isDigit) || digits.length() < min || digits.length() > max) {
            throw new InvalidIdentifierException(
                    kind, "must have " + (min == max ? min : min + " to " + max) + " digits");
        }
        return digits;
    }

    private static String luhnDigits(IdentifierKind kind, String value, int min, int max) {
        String digits = digits(kind, value, min, max);
        if (!luhnValid(digits)) {
            throw new InvalidIdentifierException(kind, "has a wrong check digit");
        }
        return digits;
    }

    static boolean luhnValid(String digits) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    /** Dutch postcode and house number, for example {@code 1234AB-12A}. */
    static String postcode(String value) {
        var m = POSTCODE.matcher(value.toUpperCase(Locale.ROOT).strip());
        if (!m.matches()) {
            throw new InvalidIdentifierException(
                    IdentifierKind.POSTCODE_HOUSE_NUMBER, "must be a Dutch postcode and house number, like 1234 AB 5");
        }
        String addition = m.group(4).replaceAll("[\\s-]", "");
        return m.group(1) + m.group(2) + "-" + m.group(3) + addition;
    }
}
