package nl.waarborg.register.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.waarborg.register.Agreement;
import nl.waarborg.register.ClientOrganisation;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.ExternalSystem;
import nl.waarborg.register.OrganisationProfile;
import nl.waarborg.register.Recipient;
import nl.waarborg.register.Register;
import nl.waarborg.register.RetentionRule;
import nl.waarborg.register.RightsProcedure;
import nl.waarborg.register.Service;
import nl.waarborg.register.Source;
import nl.waarborg.register.Text;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Writes a register in its canonical form: the same keys in the same order with defaults left out, so that reading
 * the output gives an equal register and equal registers give equal bytes (and so an equal content hash).
 */
public final class RegisterWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonMapper PRETTY =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLWriteFeature.SPLIT_LINES)
            .build();

    private RegisterWriter() {}

    /** Compact canonical JSON: what is stored and hashed. */
    public static String canonicalJson(Register register) {
        return JSON.writeValueAsString(tree(register));
    }

    public static String prettyJson(Register register) {
        return PRETTY.writeValueAsString(tree(register));
    }

    public static String yaml(Register register) {
        return "# Waarborg register of processing activities (format " + RegisterReader.FORMAT
                + "), see docs/register-format.md\n" + YAML.writeValueAsString(tree(register));
    }

    public static String hash(Register register) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonicalJson(register).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> tree(Register r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", RegisterReader.FORMAT);
        m.put("organisation", organisation(r.organisation()));
        if (r.rights().verification() != RightsProcedure.Verification.KNOWN_CHANNEL
                || r.rights().note() != null
                || r.rights().portabilityTransmission()) {
            Map<String, Object> rights = new LinkedHashMap<>();
            rights.put("verification", r.rights().verification().key());
            put(rights, "note", text(r.rights().note()));
            // Written only when offered, so that the hash of a register from before the field stays the same.
            if (r.rights().portabilityTransmission()) {
                rights.put("portabilityTransmission", true);
            }
            m.put("rights", rights);
        }
        put(
                m,
                "recipients",
                r.recipients().stream().map(RegisterWriter::recipient).toList());
        put(m, "clients", r.clients().stream().map(RegisterWriter::client).toList());
        m.put("services", r.services().stream().map(RegisterWriter::service).toList());
        put(m, "systems", r.systems().stream().map(RegisterWriter::system).toList());
        if (!r.promises().isEmpty()) {
            Map<String, Object> promises = new LinkedHashMap<>();
            put(
                    promises,
                    "commitments",
                    r.promises().commitments().stream()
                            .map(nl.waarborg.register.Promises.Commitment::key)
                            .toList());
            var breach = r.promises().breachNotification();
            if (breach != null) {
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("authority", breach.authority());
                b.put("people", breach.people());
                b.put("police", breach.police());
                promises.put("breachNotification", b);
            }
            m.put("promises", promises);
        }
        return m;
    }

    static Map<String, Object> system(ExternalSystem s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", s.key());
        m.put("name", s.name());
        put(m, "description", text(s.description()));
        m.put("type", s.type().key());
        m.put("categories", s.categories());
        if (s.sql() != null) {
            m.put("url", s.sql().url());
            put(m, "username", s.sql().username());
            put(m, "password", secret(s.sql().password()));
            Map<String, Object> tables = new LinkedHashMap<>();
            s.sql().tables().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> tables.put(e.getKey(), table(e.getValue())));
            m.put("tables", tables);
        }
        if (s.http() != null) {
            m.put("baseUrl", s.http().baseUrl().toString());
            put(m, "token", secret(s.http().token()));
            if (!s.http().timeout().equals(ExternalSystem.Http.DEFAULT_TIMEOUT)) {
                m.put("timeout", duration(s.http().timeout()));
            }
            if (s.http().maxAttempts() != ExternalSystem.Http.DEFAULT_MAX_ATTEMPTS) {
                m.put("maxAttempts", s.http().maxAttempts());
            }
            if (!s.http().backoff().equals(ExternalSystem.Http.DEFAULT_BACKOFF)) {
                m.put("backoff", duration(s.http().backoff()));
            }
            if (!"delete".equals(s.http().erase())) {
                m.put("erase", s.http().erase());
            }
        }
        if (s.manual() != null) {
            if (!s.manual().due().equals(ExternalSystem.Manual.DEFAULT_DUE)) {
                m.put("due", duration(s.manual().due()));
            }
            put(m, "assignee", s.manual().assignee());
            if (!"delete".equals(s.manual().erase())) {
                m.put("erase", s.manual().erase());
            }
        }
        return m;
    }

    private static Map<String, Object> table(ExternalSystem.Table t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("table", t.table());
        m.put("category", t.category());
        m.put("identity", new java.util.TreeMap<>(t.identity()));
        put(m, "key", t.key());
        put(m, "timestamp", t.timestamp());
        if (!"delete".equals(t.erase())) {
            m.put("erase", t.erase());
        }
        if (!t.anonymise().isEmpty()) {
            m.put("anonymise", new java.util.TreeMap<>(t.anonymise()));
        }
        put(m, "columns", t.columns());
        return m;
    }

    private static Map<String, Object> secret(ExternalSystem.Secret secret) {
        return secret == null ? null : Map.of("secret", secret.name());
    }

    /** The shortest exact form: {@code 5d}, {@code 4h}, {@code 10s}, {@code 500ms}. */
    static String duration(java.time.Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    static Map<String, Object> organisation(OrganisationProfile o) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "legalName", o.legalName());
        put(m, "shortName", o.shortName());
        put(m, "kvk", o.kvk());
        put(m, "kinds", o.kinds());
        put(m, "market", o.market());
        put(m, "visitingAddress", o.visitingAddress());
        put(m, "postalAddress", o.postalAddress());
        put(m, "phone", o.phone());
        put(m, "officeHours", text(o.officeHours()));
        put(m, "privacyEmail", o.privacyEmail());
        put(m, "generalEmail", o.generalEmail());
        put(m, "dpo", contact(o.dpo()));
        if (!OrganisationProfile.DUTCH_AUTHORITY.equals(o.supervisoryAuthority())) {
            put(m, "supervisoryAuthority", contact(o.supervisoryAuthority()));
        }
        put(m, "website", o.website());
        put(
                m,
                "entities",
                o.entities().stream()
                        .map(e -> {
                            Map<String, Object> em = new LinkedHashMap<>();
                            em.put("legalName", e.legalName());
                            put(em, "kvk", e.kvk());
                            em.put("relation", e.relation().key());
                            put(em, "arrangement", text(e.arrangement()));
                            return em;
                        })
                        .toList());
        return m;
    }

    private static Map<String, Object> contact(OrganisationProfile.Contact c) {
        if (c == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "name", c.name());
        put(m, "email", c.email());
        put(m, "website", c.website());
        return m;
    }

    static Map<String, Object> recipient(Recipient r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", r.key());
        m.put("name", r.names() != null ? text(r.names()) : r.name());
        m.put("kind", r.kind().key());
        put(m, "country", r.country());
        if (r.group()) {
            m.put("group", true);
        }
        put(m, "listUrl", r.listUrl());
        put(m, "description", text(r.description()));
        put(m, "agreement", agreement(r.agreement()));
        put(m, "safeguard", r.safeguard() == null ? null : r.safeguard().key());
        put(m, "sccModule", r.sccModule());
        put(m, "privacyContact", r.privacyContact());
        return m;
    }

    static Map<String, Object> client(ClientOrganisation c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", c.key());
        m.put("name", c.name());
        put(m, "contact", c.contact());
        put(m, "agreement", agreement(c.agreement()));
        return m;
    }

    private static Map<String, Object> agreement(Agreement a) {
        if (a == null || a.equals(Agreement.NONE)) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("present", a.present());
        put(m, "date", a.date() == null ? null : a.date().toString());
        put(m, "reference", a.reference());
        put(m, "until", a.until() == null ? null : a.until().toString());
        put(m, "reviewOn", a.reviewOn() == null ? null : a.reviewOn().toString());
        put(m, "clauses", a.clauses().isEmpty() ? null : a.clauses());
        put(m, "subProcessors", a.subProcessors().isEmpty() ? null : a.subProcessors());
        put(m, "auditRights", a.auditRights());
        return m;
    }

    static Map<String, Object> service(Service s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", s.key());
        m.put("name", text(s.name()));
        m.put("order", s.order());
        m.put(
                "categories",
                s.categories().stream().map(RegisterWriter::category).toList());
        return m;
    }

    static Map<String, Object> category(DataCategory c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", c.key());
        m.put("description", text(c.description()));
        m.put("dataCategories", c.dataCategories());
        m.put("subjects", c.subjects());
        m.put(
                "purposes",
                c.purposes().stream()
                        .map(p -> {
                            Map<String, Object> purpose = new LinkedHashMap<>();
                            purpose.put("nl", p.text().nl());
                            purpose.put("en", p.text().en());
                            purpose.put("uses", p.uses());
                            return purpose;
                        })
                        .toList());
        m.put("legalBasis", c.legalBasis().key());
        put(m, "statute", c.statute());
        put(m, "interest", text(c.interest()));
        if (c.consent() != null) {
            Map<String, Object> consent = new LinkedHashMap<>();
            consent.put("mechanism", text(c.consent().mechanism()));
            put(consent, "withdrawal", text(c.consent().withdrawal()));
            m.put("consent", consent);
        }
        m.put("controller", c.controller().key());
        if (c.source() != Source.SUBJECT) {
            m.put("source", c.source().key());
        }
        put(m, "sourceDetail", text(c.sourceDetail()));
        put(m, "recipients", c.recipients());
        put(
                m,
                "transfers",
                c.transfers().stream()
                        .map(t -> {
                            Map<String, Object> transfer = new LinkedHashMap<>();
                            transfer.put("country", t.country());
                            put(transfer, "recipient", t.recipient());
                            transfer.put("safeguard", t.safeguard().key());
                            return transfer;
                        })
                        .toList());
        put(m, "security", c.security());
        if (c.sensitive()) {
            m.put("sensitive", true);
        }
        if (c.portable()) {
            m.put("portable", true);
        }
        put(m, "retention", retention(c.retention()));
        if (c.medium() != null) {
            Map<String, Object> medium = new LinkedHashMap<>();
            medium.put("kind", c.medium().kind().key());
            put(medium, "place", text(c.medium().place()));
            medium.put("destruction", c.medium().destruction().key());
            m.put("medium", medium);
        }
        return m;
    }

    static Map<String, Object> retention(RetentionRule r) {
        if (r.kind() == RetentionRule.Kind.UNSPECIFIED && r.display() == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        switch (r.kind()) {
            case PERIOD -> {
                m.put("period", r.period().toString());
                m.put("from", r.anchor().key());
            }
            case UNTIL_END_OF_SERVICE -> m.put("until", "end-of-service");
            case SET_BY_CLIENT -> {
                m.put("setBy", "client");
                m.put("default", r.period().toString());
                m.put("maximum", r.maximum().toString());
                m.put("from", r.anchor().key());
            }
            case UNSPECIFIED -> {}
        }
        if (r.anonymise()) {
            m.put("then", "anonymise");
        }
        put(m, "display", text(r.display()));
        return m;
    }

    static Map<String, Object> text(Text t) {
        if (t == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nl", t.nl());
        m.put("en", t.en());
        return m;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value == null || (value instanceof List<?> list && list.isEmpty())) {
            return;
        }
        m.put(key, value);
    }
}
