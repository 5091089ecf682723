package nl.waarborg.register.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.waarborg.register.Text;

/**
 * The keys a register may use: the fideslang taxonomy (IAB Tech Lab, CC BY 4.0) extended with Waarborg's own keys for
 * telecom, alarm and identity data, data-subject types and security measures.
 */
public final class Vocabulary {

    /** Waarborg's additions to the fideslang data categories. */
    public static final Map<String, Text> TELECOM_CATEGORIES = ordered(
            "telecom", new Text("Telecomgegevens", "Telecom data"),
            "telecom.traffic_data", new Text("Verkeersgegevens (CDR's)", "Traffic data (call-detail records)"),
            "telecom.call_recording", new Text("Gespreksopname", "Call recording"),
            "telecom.subscriber", new Text("Abonnee-identificatie", "Subscriber identifiers"),
            "telecom.subscriber.msisdn", new Text("Telefoonnummer (MSISDN)", "Phone number (MSISDN)"),
            "telecom.subscriber.imsi", new Text("Abonnee-identiteit (IMSI)", "Subscriber identity (IMSI)"),
            "telecom.subscriber.iccid", new Text("Simkaartnummer (ICCID)", "SIM card number (ICCID)"),
            "telecom.device", new Text("Apparaatgegevens", "Device data"),
            "telecom.device.imei", new Text("Toestelnummer (IMEI)", "Handset number (IMEI)"),
            "telecom.device.mac_address", new Text("MAC-adres", "MAC address"),
            "telecom.line_id", new Text("Lijnidentificatie", "Line identifier"),
            "telecom.service_id", new Text("Dienstidentificatie", "Service identifier"),
            "telecom.public_ip", new Text("Publiek IP-adres", "Public IP address"),
            "telecom.service_notifications",
                    new Text("Dienstberichten (roaming, bundels)", "Service messages (roaming, bundles)"),
            "alarm", new Text("Alarmgegevens", "Alarm data"),
            "alarm.keyholder_contact", new Text("Contactgegevens sleutelhouder", "Keyholder contact details"),
            "alarm.event", new Text("Alarmmeldingen", "Alarm events"),
            "identity", new Text("Identiteitsgegevens", "Identity data"),
            "identity.document", new Text("Identiteitsbewijs", "Identity document"),
            "customer", new Text("Klantgegevens", "Customer data"),
            "privacy", new Text("Privacyadministratie", "Privacy administration"),
            "privacy.rights_request",
                    new Text(
                            "Verzoeken van betrokkenen en de briefwisseling erover",
                            "Data-subject requests and their correspondence"),
            "privacy.breach_record",
                    new Text("Register van datalekken en de brieven erover", "Breach register and its letters"),
            "privacy.disclosure_record",
                    new Text("Logboek van verstrekkingen aan instanties", "Log of disclosures to authorities"),
            "privacy.transfer_record",
                    new Text("Logboek van wat naar ontvangers ging", "Log of what went to recipients"),
            "customer.credentials",
                    new Text("Inloggegevens klant (wachtwoorden, codes)", "Customer credentials (passwords, codes)"));

    /** Waarborg's additions to the fideslang data subjects. */
    public static final Map<String, Text> EXTRA_SUBJECTS = ordered(
            "contact_person", new Text("Contactpersoon", "Contact person"),
            "billing_contact", new Text("Factuurcontact", "Billing contact"),
            "end_user", new Text("Eindgebruiker", "End user"),
            "subscriber", new Text("Abonnee", "Subscriber"),
            "caller", new Text("Beller", "Caller"),
            "called_party", new Text("Gebelde partij", "Called party"),
            "keyholder", new Text("Sleutelhouder", "Keyholder"),
            "website_visitor", new Text("Websitebezoeker", "Website visitor"));

    /** Security measures a category may name (Art. 30(1)(g), Art. 32). */
    public static final Map<String, Text> SECURITY_MEASURES = ordered(
            "encryption-at-rest", new Text("Versleuteld opgeslagen", "Encrypted at rest"),
            "encryption-in-transit", new Text("Versleuteld verzonden", "Encrypted in transit"),
            "access-control", new Text("Toegang op basis van rol", "Role-based access control"),
            "two-factor-authentication", new Text("Tweestapsverificatie", "Two-factor authentication"),
            "audit-logging", new Text("Inzage en wijzigingen vastgelegd", "Access and changes logged"),
            "pseudonymisation", new Text("Gepseudonimiseerd", "Pseudonymised"),
            "backups", new Text("Versleutelde back-ups", "Encrypted backups"),
            "network-segmentation", new Text("Gescheiden netwerken", "Network segmentation"),
            "physical-access-control", new Text("Fysieke toegangsbeveiliging", "Physical access control"),
            "confidentiality-agreements",
                    new Text("Geheimhouding door medewerkers", "Staff confidentiality agreements"),
            "automated-deletion", new Text("Automatisch verwijderd na de bewaartermijn", "Deleted automatically"));

    private static final Map<String, String> FIDES_CATEGORIES = load("fideslang-data_categories.tsv");
    private static final Map<String, String> FIDES_SUBJECTS = load("fideslang-data_subjects.tsv");
    private static final Map<String, String> FIDES_USES = load("fideslang-data_uses.tsv");
    /** Dutch names of the fideslang categories and subjects, so that a Dutch record reads Dutch throughout. */
    private static final Map<String, String> FIDES_DUTCH = loadDutch();

    private Vocabulary() {}

    public static boolean isDataCategory(String key) {
        return FIDES_CATEGORIES.containsKey(key) || TELECOM_CATEGORIES.containsKey(key);
    }

    public static boolean isSubject(String key) {
        return FIDES_SUBJECTS.containsKey(key) || EXTRA_SUBJECTS.containsKey(key);
    }

    public static boolean isUse(String key) {
        return FIDES_USES.containsKey(key);
    }

    public static boolean isSecurityMeasure(String key) {
        return SECURITY_MEASURES.containsKey(key);
    }

    /** A readable name for a data-category key: Waarborg's own, or fideslang's English name with its Dutch one. */
    public static Text categoryName(String key) {
        Text own = TELECOM_CATEGORIES.get(key);
        if (own != null) {
            return own;
        }
        String name = FIDES_CATEGORIES.getOrDefault(key, key);
        return new Text(FIDES_DUTCH.getOrDefault(key, name), name);
    }

    public static Text subjectName(String key) {
        Text own = EXTRA_SUBJECTS.get(key);
        if (own != null) {
            return own;
        }
        String name = FIDES_SUBJECTS.getOrDefault(key, key);
        return new Text(FIDES_DUTCH.getOrDefault(key, name), name);
    }

    public static Text securityName(String key) {
        return SECURITY_MEASURES.getOrDefault(key, new Text(key, key));
    }

    private static Map<String, Text> ordered(Object... pairs) {
        Map<String, Text> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Text) pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** The keys fideslang names that have no Dutch name yet: none, as a test holds. */
    static java.util.Set<String> withoutDutchName() {
        java.util.Set<String> missing = new java.util.TreeSet<>();
        FIDES_CATEGORIES.keySet().stream()
                .filter(k -> !FIDES_DUTCH.containsKey(k))
                .forEach(missing::add);
        FIDES_SUBJECTS.keySet().stream()
                .filter(k -> !FIDES_DUTCH.containsKey(k))
                .forEach(missing::add);
        return missing;
    }

    private static Map<String, String> loadDutch() {
        Map<String, String> names = new LinkedHashMap<>();
        try (InputStream in = Vocabulary.class.getResourceAsStream("/register/taxonomy/fideslang-names-nl.tsv")) {
            if (in == null) {
                throw new IllegalStateException("missing taxonomy fideslang-names-nl.tsv");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.readLine();
            String line;
            while ((line = reader.readLine()) != null) {
                String[] cells = line.split("\t", -1);
                if (cells.length == 2 && !cells[1].isBlank()) {
                    names.put(cells[0], cells[1].strip());
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(names);
    }

    private static Map<String, String> load(String file) {
        Map<String, String> keys = new LinkedHashMap<>();
        try (InputStream in = Vocabulary.class.getResourceAsStream("/register/taxonomy/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing taxonomy " + file);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.readLine();
            String line;
            while ((line = reader.readLine()) != null) {
                String[] cells = line.split("\t", -1);
                // Deprecated keys stay out: a new register should not start using them.
                if (cells.length >= 3 && (cells.length < 5 || cells[4].isBlank())) {
                    keys.put(cells[0], cells[2]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(keys);
    }
}
