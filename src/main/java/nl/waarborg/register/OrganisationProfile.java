package nl.waarborg.register;

import java.util.List;

/**
 * Who the provider is: the controller of Art. 30(1)(a) and the sender of the privacy statement.
 *
 * @param kinds what kind of provider, for example {@code telecom}, {@code it}, {@code alarm}
 * @param market {@code business}, {@code consumer} or {@code both}
 * @param dpo the data protection officer (FG), or null if the provider has none
 * @param supervisoryAuthority the authority people may complain to; the Autoriteit Persoonsgegevens by default
 */
public record OrganisationProfile(
        String legalName,
        String shortName,
        String kvk,
        List<String> kinds,
        String market,
        String visitingAddress,
        String postalAddress,
        String phone,
        Text officeHours,
        String privacyEmail,
        String generalEmail,
        Contact dpo,
        Contact supervisoryAuthority,
        String website) {

    public static final Contact DUTCH_AUTHORITY =
            new Contact("Autoriteit Persoonsgegevens", null, "https://autoriteitpersoonsgegevens.nl");

    public OrganisationProfile {
        kinds = List.copyOf(kinds);
    }

    /** A named contact: the DPO or the supervisory authority. */
    public record Contact(String name, String email, String website) {}
}
