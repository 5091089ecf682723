package nl.waarborg.register;

import java.util.List;

/**
 * Who the provider is: the controller of Art. 30(1)(a) and the sender of the privacy statement.
 *
 * @param kinds what kind of provider, for example {@code telecom}, {@code it}, {@code alarm}
 * @param market {@code business}, {@code consumer} or {@code both}
 * @param dpo the data protection officer (FG), or null if the provider has none
 * @param supervisoryAuthority the authority people may complain to; the Autoriteit Persoonsgegevens by default
 * @param entities the other legal entities the statement speaks for: sister companies of a group, and joint
 *     controllers (Art. 26) with the essence of the arrangement
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
        String website,
        List<Entity> entities) {

    public static final Contact DUTCH_AUTHORITY =
            new Contact("Autoriteit Persoonsgegevens", null, "https://autoriteitpersoonsgegevens.nl");

    public OrganisationProfile {
        kinds = List.copyOf(kinds);
        entities = entities == null ? List.of() : List.copyOf(entities);
    }

    /** A profile for one legal entity alone. */
    public OrganisationProfile(
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
        this(
                legalName,
                shortName,
                kvk,
                kinds,
                market,
                visitingAddress,
                postalAddress,
                phone,
                officeHours,
                privacyEmail,
                generalEmail,
                dpo,
                supervisoryAuthority,
                website,
                List.of());
    }

    /**
     * Another legal entity the statement speaks for.
     *
     * @param arrangement for a joint controller: the essence of the arrangement (Art. 26(2)), who does what for the
     *     people; the check asks for it
     */
    public record Entity(String legalName, String kvk, Relation relation, Text arrangement) {}

    /** How the entity stands to the provider. */
    public enum Relation {
        /** A company of the same group, sharing the statement. */
        GROUP_COMPANY("group-company"),
        /** A joint controller (Art. 26): purposes and means decided together. */
        JOINT_CONTROLLER("joint-controller");

        private final String key;

        Relation(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** A named contact: the DPO or the supervisory authority. */
    public record Contact(String name, String email, String website) {}
}
