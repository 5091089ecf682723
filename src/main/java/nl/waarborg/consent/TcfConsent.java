package nl.waarborg.consent;

import com.iabtcf.decoder.TCString;
import com.iabtcf.utils.IntIterable;
import java.time.Instant;
import java.util.List;
import nl.waarborg.errors.DomainException.Kind;

/**
 * What a TC string (IAB Transparency and Consent Framework v2, policy 2.2 and later) sent by a provider's own consent
 * tool says: which purposes and vendors the person allowed. Decoded with the IAB's Java decoder, every field at once, so
 * a string that breaks halfway is refused before anything is stored.
 *
 * @param policyVersion the TCF policy version (4 for TCF 2.2, 5 for 2.3)
 * @param purposes the purposes consented to (1 to 11 of the IAB's list)
 * @param vendors the vendors (IAB Global Vendor List ids) consented to
 * @param legitimateInterestPurposes purposes disclosed on legitimate interest and not objected to
 * @param legitimateInterestVendors vendors whose legitimate interest was not objected to
 * @param specialFeatures special features opted in to (1 precise geolocation, 2 device scanning)
 */
public record TcfConsent(
        int version,
        int policyVersion,
        int cmpId,
        int vendorListVersion,
        Instant created,
        Instant lastUpdated,
        String language,
        String publisherCountry,
        List<Integer> purposes,
        List<Integer> vendors,
        List<Integer> legitimateInterestPurposes,
        List<Integer> legitimateInterestVendors,
        List<Integer> specialFeatures) {

    /** Longer than any real string (a full vendor bit field is about 3,000 characters). */
    static final int MAX_LENGTH = 20_000;

    /** Decodes a TC string, or refuses it (field {@code tcString}) saying why. */
    public static TcfConsent decode(String tcString) {
        if (tcString == null || tcString.isBlank()) {
            throw invalid("tcString is empty");
        }
        String s = tcString.strip();
        if (s.length() > MAX_LENGTH) {
            throw invalid("tcString is longer than " + MAX_LENGTH + " characters");
        }
        if (!s.matches("^[A-Za-z0-9_.-]+$")) {
            throw invalid("tcString is not a TC string: only base64url characters and dots may appear in it");
        }
        try {
            TCString tc = TCString.decode(s);
            if (tc.getVersion() != 2) {
                throw invalid("tcString is a TCF v" + tc.getVersion() + " string; only TCF v2 (policy 2.2 and later) is"
                        + " taken");
            }
            if (tc.getTcfPolicyVersion() < 4) {
                throw invalid("tcString follows TCF policy version " + tc.getTcfPolicyVersion()
                        + "; only TCF 2.2 (policy version 4) and later are taken");
            }
            // The decoder reads lazily: touching every field here makes a damaged string fail now, not later.
            return new TcfConsent(
                    tc.getVersion(),
                    tc.getTcfPolicyVersion(),
                    tc.getCmpId(),
                    tc.getVendorListVersion(),
                    tc.getCreated(),
                    tc.getLastUpdated(),
                    tc.getConsentLanguage(),
                    tc.getPublisherCC(),
                    list(tc.getPurposesConsent()),
                    list(tc.getVendorConsent()),
                    list(tc.getPurposesLITransparency()),
                    list(tc.getVendorLegitimateInterest()),
                    list(tc.getSpecialFeatureOptIns()));
        } catch (ConsentException e) {
            throw e;
        } catch (Exception | StackOverflowError e) {
            // IllegalArgumentException, ByteParseException, UnsupportedVersionException, and the index errors a
            // truncated bit field raises: all mean the same to the sender.
            throw invalid("tcString could not be decoded as a TC string ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** A short line for people: "purposes 1, 3; vendors 25, 755". */
    public String summary() {
        return "TCF v2 (policy " + policyVersion + "): purposes " + join(purposes) + "; vendors " + join(vendors);
    }

    private static String join(List<Integer> ids) {
        return ids.isEmpty()
                ? "-"
                : String.join(", ", ids.stream().map(String::valueOf).toList());
    }

    private static List<Integer> list(IntIterable ids) {
        return ids.toStream().limit(100_000).boxed().toList();
    }

    private static ConsentException invalid(String message) {
        return new ConsentException(Kind.INVALID, "tcString", message);
    }
}
