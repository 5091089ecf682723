package nl.waarborg.requests.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import nl.waarborg.subjects.DataStore;
import nl.waarborg.subjects.Identifiers;

/**
 * Other people's data in a person's copy (Art. 15(4) GDPR): in a call record or a recording's index entry the other
 * party's number and name are someone else's, so they are masked unless the number is one of the person's own. The
 * country code stays, so the person can still tell a call abroad from one at home; the length stays, so nothing is
 * implied that the record does not say.
 */
final class Redaction {

    static final char MASK = '*';

    private Redaction() {}

    /** The item's data as it goes into the package. */
    static Map<String, Object> apply(DataStore.Kind kind, Map<String, Object> data, Set<String> own) {
        if (kind != DataStore.Kind.TRAFFIC && kind != DataStore.Kind.RECORDINGS) {
            return data;
        }
        Map<String, Object> out = new LinkedHashMap<>(data);
        String from = kind == DataStore.Kind.TRAFFIC ? "calling" : "caller";
        String to = kind == DataStore.Kind.TRAFFIC ? "called" : "callee";
        boolean fromOwn = isOwn(data.get(from), own);
        boolean toOwn = isOwn(data.get(to), own);
        if (!fromOwn) {
            out.put(from, mask(data.get(from)));
            // The caller id is the calling party's name or number as the network presented it.
            if (out.containsKey("callerId") && out.get("callerId") != null) {
                out.put("callerId", mask(data.get("callerId")));
            }
        }
        if (!toOwn) {
            out.put(to, mask(data.get(to)));
        }
        return out;
    }

    static boolean isOwn(Object value, Set<String> own) {
        if (value == null) {
            return true;
        }
        String v = value.toString();
        return own.contains(v) || Identifiers.phone(v).map(own::contains).orElse(false);
    }

    /**
     * Whether the item carries one of the person's shielded numbers ("afgeschermd"): the receiving provider must keep
     * such a number out of directories and caller display, so the flag goes along with every item that holds it. Looks
     * at string values, also in nested maps and lists; a value longer than a phone number is not parsed.
     */
    static boolean carriesShielded(Object value, Set<String> shielded) {
        if (shielded.isEmpty() || value == null) {
            return false;
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(v -> carriesShielded(v, shielded));
        }
        if (value instanceof java.util.Collection<?> list) {
            return list.stream().anyMatch(v -> carriesShielded(v, shielded));
        }
        String v = value.toString();
        return v.length() <= 32
                && (shielded.contains(v)
                        || Identifiers.phone(v).map(shielded::contains).orElse(false));
    }

    /** "+31612345678" → "+31*********"; anything that is no number becomes stars of its length (at most 12). */
    static String mask(Object value) {
        if (value == null) {
            return null;
        }
        String v = value.toString();
        if (v.isEmpty()) {
            return v;
        }
        StringBuilder out = new StringBuilder(v.length());
        int keep = v.startsWith("+") ? countryCodeLength(v) : 0;
        out.append(v, 0, keep);
        int rest = Math.min(v.length() - keep, keep > 0 ? 15 : 12);
        out.append(String.valueOf(MASK).repeat(Math.max(rest, 1)));
        return out.toString();
    }

    /** "+" and the country calling code (1 to 3 digits); 1 when the number cannot be parsed, so only "+" stays. */
    private static int countryCodeLength(String e164) {
        try {
            int code = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance()
                    .parse(e164, null)
                    .getCountryCode();
            return 1 + String.valueOf(code).length();
        } catch (com.google.i18n.phonenumbers.NumberParseException e) {
            return 1;
        }
    }
}
