package nl.waarborg.register.internal;

import java.net.URI;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import nl.waarborg.errors.StrictUtf8;
import nl.waarborg.register.Agreement;
import nl.waarborg.register.ClientOrganisation;
import nl.waarborg.register.Consent;
import nl.waarborg.register.ControllerRole;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.ExternalSystem;
import nl.waarborg.register.LegalBasis;
import nl.waarborg.register.OrganisationProfile;
import nl.waarborg.register.Periods;
import nl.waarborg.register.Purpose;
import nl.waarborg.register.Recipient;
import nl.waarborg.register.RecipientKind;
import nl.waarborg.register.Register;
import nl.waarborg.register.RetentionAnchor;
import nl.waarborg.register.RetentionRule;
import nl.waarborg.register.RightsProcedure;
import nl.waarborg.register.Safeguard;
import nl.waarborg.register.Service;
import nl.waarborg.register.Source;
import nl.waarborg.register.Text;
import nl.waarborg.register.Transfer;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Reads a register from YAML (or JSON, which is YAML too) strictly: every unknown key, wrong type, invalid period or
 * dangling reference is an error with line, column and path. All errors are collected; the register is only returned
 * when there are none. Error reasons never repeat a value from the file.
 */
public final class RegisterReader {

    public static final int FORMAT = 1;
    private static final int MAX_BYTES = 5 * 1024 * 1024;

    /**
     * The deepest nesting of lists and mappings read. A register needs about eight levels; the limit keeps a file of
     * thousands of {@code [} from exhausting the stack of the recursive YAML composer.
     */
    public static final int MAX_DEPTH = 50;

    /**
     * Aliases ({@code *name}) of lists and mappings allowed in one file: a few are convenient, many can make a small
     * file expand into an enormous one ("billion laughs").
     */
    public static final int MAX_ALIASES = 10;

    private final List<RegisterError> errors = new ArrayList<>();

    /** The path of each category read, by identity: the service's list holds only those read without error. */
    private final Map<DataCategory, String> categoryPaths = new java.util.IdentityHashMap<>();

    /** Where each {@code key:} value stands, by path, for errors found after reading (a key used twice). */
    private final Map<String, Node> keyNodes = new HashMap<>();

    private RegisterReader() {}

    /** @throws InvalidRegisterException with every error found */
    public static Register read(String yaml) {
        RegisterReader reader = new RegisterReader();
        Register register = reader.parse(yaml);
        if (!reader.errors.isEmpty()) {
            throw new InvalidRegisterException(reader.errors);
        }
        return register;
    }

    /**
     * The text of a register file as it arrived, decoded strictly: a byte sequence that is not UTF-8 is refused with
     * its offset, never replaced by U+FFFD, which would end up in the published statement. Null is read as empty.
     *
     * @throws InvalidRegisterException naming the offset, line and column of the first invalid byte
     */
    public static String decode(byte[] bytes) {
        if (bytes == null) {
            return "";
        }
        if (bytes.length > MAX_BYTES) {
            throw new InvalidRegisterException(List.of(new RegisterError(1, 1, "", "the file is larger than 5 MB")));
        }
        StrictUtf8.Decoded decoded = StrictUtf8.decode(bytes);
        if (decoded.valid()) {
            return decoded.text();
        }
        StrictUtf8.Invalid at = decoded.invalid();
        throw new InvalidRegisterException(List.of(new RegisterError(
                at.line(),
                at.column(),
                "",
                at.utf16()
                        ? "the file is UTF-16 text, not UTF-8: save it as UTF-8"
                        : String.format(
                                java.util.Locale.ROOT,
                                "the file is not UTF-8 text: byte 0x%02X at byte offset %d is not valid UTF-8; save"
                                        + " the file as UTF-8",
                                at.value(),
                                at.offset()))));
    }

    private Register parse(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            errors.add(new RegisterError(1, 1, "", "the file is empty"));
            return null;
        }
        if (yaml.length() > MAX_BYTES) {
            errors.add(new RegisterError(1, 1, "", "the file is larger than 5 MB"));
            return null;
        }
        LoadSettings settings = LoadSettings.builder()
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit(MAX_BYTES)
                // The whole text in one read: snakeyaml-engine's reader failed (IndexOutOfBoundsException) when a
                // surrogate pair (an emoji) straddled the end of its 1,024-character window.
                .setBufferSize(yaml.length() + 2)
                .build();
        DepthLimit events = new DepthLimit(new ParserImpl(settings, new StreamReader(settings, yaml)));
        Node root;
        try {
            Optional<Node> composed = new Composer(settings, events).getSingleNode();
            if (composed.isEmpty()) {
                errors.add(new RegisterError(1, 1, "", "the file is empty"));
                return null;
            }
            root = composed.get();
        } catch (TooDeep e) {
            errors.add(at(
                    e.mark,
                    "lists and mappings are nested more than " + MAX_DEPTH
                            + " levels deep; a register needs no more than about eight"));
            return null;
        } catch (MarkedYamlEngineException e) {
            errors.add(at(e.getProblemMark().or(e::getContextMark).orElse(null), "not valid YAML: " + e.getProblem()));
            return null;
        } catch (ReaderException e) {
            int[] position = position(yaml, e.getPosition());
            errors.add(new RegisterError(
                    position[0],
                    position[1],
                    "",
                    String.format(
                            java.util.Locale.ROOT,
                            "not valid YAML: the character U+%04X is not allowed in YAML; remove it",
                            e.getCodePoint())));
            return null;
        } catch (YamlEngineException e) {
            // Limits of the composer come without a position: the event read last is where it stopped.
            errors.add(at(events.last, unpositioned(e)));
            return null;
        }
        Obj top = obj(root, "");
        if (top == null) {
            return null;
        }
        String format = top.scalar("format", false);
        if (format != null && !format.equals(Integer.toString(FORMAT))) {
            top.error("format", "only format " + FORMAT + " is supported");
        }
        OrganisationProfile organisation = top.required("organisation", this::organisation);
        RightsProcedure rights =
                Optional.ofNullable(top.optional("rights", this::rights)).orElse(RightsProcedure.DEFAULT);
        List<Recipient> recipients = top.list("recipients", false, this::recipient);
        List<ClientOrganisation> clients = top.list("clients", false, this::client);
        unique(recipients, Recipient::key, "recipients");
        unique(clients, ClientOrganisation::key, "clients");
        Set<String> recipientKeys =
                recipients.stream().filter(r -> r != null).map(Recipient::key).collect(Collectors.toSet());
        List<Service> services = top.list("services", true, (node, path) -> service(node, path, recipientKeys));
        unique(services, Service::key, "services");
        Map<String, String> seen = new LinkedHashMap<>();
        for (int s = 0; s < services.size(); s++) {
            Service service = services.get(s);
            if (service == null) {
                continue;
            }
            for (DataCategory category : service.categories()) {
                String path = categoryPaths.get(category) + ".key";
                if (category.key() != null && seen.putIfAbsent(category.key(), path) != null) {
                    error(keyNodes.get(path), path, "category key is also used at " + seen.get(category.key()));
                }
            }
        }
        Set<String> categoryKeys = seen.keySet();
        List<ExternalSystem> systems = top.list("systems", false, (n, p) -> system(n, p, categoryKeys));
        unique(systems, ExternalSystem::key, "systems");
        nl.waarborg.register.Promises promises = top.optional("promises", this::promises);
        top.rejectUnknown();
        if (!errors.isEmpty()) {
            return null;
        }
        return new Register(organisation, rights, services, recipients, clients, systems, promises);
    }

    /**
     * The items read without error. An item with an error is null in its list (so that later checks still know each
     * item's index); the records take no nulls, and with an error recorded the register is not returned anyway.
     */
    private static <T> List<T> present(List<T> items) {
        return items.stream().filter(java.util.Objects::nonNull).toList();
    }

    private <T> void unique(List<T> items, Function<T, String> key, String path) {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) != null && !keys.add(key.apply(items.get(i)))) {
                String at = path + "[" + i + "].key";
                error(keyNodes.get(at), at, "this key is used twice");
            }
        }
    }

    private OrganisationProfile organisation(Node node, String path) {
        Obj o = obj(node, path);
        if (o == null) {
            return null;
        }
        OrganisationProfile profile = new OrganisationProfile(
                o.scalar("legalName", true),
                o.scalar("shortName", false),
                o.scalar("kvk", false, v -> v.matches("\\d{8}"), "a KvK number has 8 digits"),
                o.strings("kinds", false, v -> v.matches("[a-z][a-z0-9-]*"), "use lower-case words such as telecom"),
                o.scalar(
                        "market",
                        false,
                        v -> List.of("business", "consumer", "both").contains(v),
                        "must be business, consumer or both"),
                o.scalar("visitingAddress", false),
                o.scalar("postalAddress", false),
                o.scalar("phone", false),
                o.optional("officeHours", this::text),
                o.scalar("privacyEmail", false, RegisterReader::looksLikeEmail, "not an e-mail address"),
                o.scalar("generalEmail", false, RegisterReader::looksLikeEmail, "not an e-mail address"),
                o.optional("dpo", this::contact),
                Optional.ofNullable(o.optional("supervisoryAuthority", this::contact))
                        .orElse(OrganisationProfile.DUTCH_AUTHORITY),
                o.scalar("website", false),
                present(o.list("entities", false, this::entity)));
        o.rejectUnknown();
        return profile;
    }

    private OrganisationProfile.Entity entity(Node node, String path) {
        Obj o = obj(node, path);
        if (o == null) {
            return null;
        }
        var entity = new OrganisationProfile.Entity(
                o.scalar("legalName", true),
                o.scalar("kvk", false, v -> v.matches("\\d{8}"), "a KvK number has 8 digits"),
                o.enumeration(
                        "relation", true, OrganisationProfile.Relation.values(), OrganisationProfile.Relation::key),
                o.optional("arrangement", this::text));
        o.rejectUnknown();
        return entity;
    }

    private static boolean looksLikeEmail(String v) {
        return v.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    }

    private OrganisationProfile.Contact contact(Node node, String path) {
        Obj o = obj(node, path);
        if (o == null) {
            return null;
        }
        var contact = new OrganisationProfile.Contact(
                o.scalar("name", true),
                o.scalar("email", false, RegisterReader::looksLikeEmail, "not an e-mail address"),
                o.scalar("website", false));
        o.rejectUnknown();
        return contact;
    }

    private RightsProcedure rights(Node node, String path) {
        Obj o = obj(node, path);
        if (o == null) {
            return null;
        }
        var rights = new RightsProcedure(
                Optional.ofNullable(o.enumeration(
                                "verification",
                                false,
                                RightsProcedure.Verification.values(),
                                RightsProcedure.Verification::key))
                        .orElse(RightsProcedure.Verification.KNOWN_CHANNEL),
                o.optional("note", this::text),
                o.bool("portabilityTransmission", false));
        o.rejectUnknown();
        return rights;
    }

    private nl.waarborg.register.Promises promises(Node node, String path) {
        Obj o = obj(node, path);
        if (o == null) {
            return null;
        }
        List<nl.waarborg.register.Promises.Commitment> commitments = new ArrayList<>();
        List<String> keys = o.strings(
                "commitments",
                false,
                v -> java.util.Arrays.stream(nl.waarborg.register.Promises.Commitment.values())
                        .anyMatch(c -> c.key().equals(v)),
                "use one of no-sale, no-profiling, no-automated-decisions, no-commercial-sharing-without-consent");
        for (String key : keys == null ? List.<String>of() : keys) {
            java.util.Arrays.stream(nl.waarborg.register.Promises.Commitment.values())
                    .filter(c -> c.key().equals(key))
                    .findFirst()
                    .filter(c -> !commitments.contains(c))
                    .ifPresent(commitments::add);
        }
        nl.waarborg.register.Promises.BreachNotification breach = o.optional("breachNotification", (n, p) -> {
            Obj b = obj(n, p);
            if (b == null) {
                return null;
            }
            var notice = new nl.waarborg.register.Promises.BreachNotification(
                    b.bool("authority", false), b.bool("people", false), b.bool("police", false));
            b.rejectUnknown();
            return notice;
        });
        o.rejectUnknown();
        return new nl.waarborg.register.Promises(commitments, breach);
    }

    private Recipient recipient(Node node, String path) {
        Obj o = obj(node, path);
        if (o == null) {
            return null;
        }
        // A name per language ({nl, en}) or one name for both.
        Text names = o.has("name") && o.value("name") instanceof MappingNode ? o.optional("name", this::text) : null;
        String name = names != null ? names.nl() : o.scalar("name", true);
        boolean group = o.bool("group", false);
        var recipient = new Recipient(
                o.key(),
                name,
                o.enumeration("kind", true, RecipientKind.values(), RecipientKind::key),
                // A group may span countries not all known: the check flags it, the file is not refused.
                o.country("country", !group),
                o.optional("description", this::text),
                Optional.ofNullable(o.optional("agreement", this::agreement)).orElse(Agreement.NONE),
                o.enumeration("safeguard", false, Safeguard.values(), Safeguard::key),
                sccModule(o),
                o.scalar(
                        "privacyContact",
                        false,
                        v -> v.length() <= 254 && (looksLikeEmail(v) || v.matches("https://\\S+")),
                        "an e-mail address or an https:// link of at most 254 characters"),
                names,
                group,
                o.scalar("listUrl", false, v -> v.matches("https://\\S+"), "a link starts with https://"));
        o.rejectUnknown();
        return recipient;
    }

    /** The module of the 2021/914 clauses: 1 to 4, only beside {@code safeguard: scc-2021-914}. */
    private static Integer sccModule(Obj o) {
        String value =
                o.scalar("sccModule", false, v -> v.matches("[1-4]"), "the module of the clauses is 1, 2, 3 or 4");
        if (value == null) {
            return null;
        }
        return Integer.valueOf(value);
    }

    private ClientOrganisation client(Node node, String path) {
        Obj o = obj(node, path);
        if (o == null) {
            return null;
        }
        var client = new ClientOrganisation(
                o.key(),
                o.scalar("name", true),
                o.scalar("contact", false),
                Optional.ofNullable(o.optional("agreement", this::agreement)).orElse(Agreement.NONE));
        o.rejectUnknown();
        return client;
    }

    private Agreement agreement(Node node, String path) {
        Obj o = obj(node, path);
        if (o == null) {
            return null;
        }
        var agreement = new Agreement(
                o.bool("present", true),
                o.date("date"),
                o.scalar("reference", false),
                o.date("until"),
                o.date("reviewOn"),
                o.strings("clauses", false, Agreement.ARTICLE_28_3::contains, "use the letters a to h of Art. 28(3)"),
                o.strings(
                        "subProcessors",
                        false,
                        v -> v.matches("[a-z0-9][a-z0-9-]*"),
                        "use the keys of recipients in 'recipients'"),
                o.has("auditRights") ? o.bool("auditRights", false) : null);
        o.rejectUnknown();
        return agreement;
    }

    private Service service(Node node, String path, Set<String> recipientKeys) {
        Obj o = obj(node, path);
        if (o == null) {
            return null;
        }
        String key = o.key();
        Text name = o.required("name", this::text);
        String order = o.scalar("order", false, v -> v.matches("\\d{1,6}"), "must be a whole number");
        List<DataCategory> categories = present(o.list("categories", true, (n, p) -> category(n, p, recipientKeys)));
        o.rejectUnknown();
        int index = Integer.parseInt(path.substring(path.indexOf('[') + 1, path.indexOf(']')));
        return new Service(key, name, order == null ? index + 1 : Integer.parseInt(order), categories);
    }

    private DataCategory category(Node node, String path, Set<String> recipientKeys) {
        Obj o = obj(node, path);
        if (o == null) {
            return null;
        }
        var category = new DataCategory(
                o.key(),
                o.required("description", this::text),
                o.strings("dataCategories", true, Vocabulary::isDataCategory, "unknown data-category key"),
                o.strings("subjects", true, Vocabulary::isSubject, "unknown data-subject type"),
                present(o.list("purposes", true, this::purpose)),
                o.enumeration("legalBasis", true, LegalBasis.values(), LegalBasis::key),
                o.scalar("statute", false),
                o.optional("interest", this::text),
                o.optional("consent", this::consent),
                o.enumeration("controller", true, ControllerRole.values(), ControllerRole::key),
                Optional.ofNullable(o.enumeration("source", false, Source.values(), Source::key))
                        .orElse(Source.SUBJECT),
                o.optional("sourceDetail", this::text),
                o.strings("recipients", false, recipientKeys::contains, "no recipient with this key in 'recipients'"),
                present(o.list("transfers", false, (n, p) -> transfer(n, p, recipientKeys))),
                o.strings("security", false, Vocabulary::isSecurityMeasure, "unknown security measure"),
                o.bool("sensitive", false),
                o.bool("portable", false),
                Optional.ofNullable(o.optional("retention", this::retention))
                        .orElse(new RetentionRule(RetentionRule.Kind.UNSPECIFIED, null, null, null, null)),
                o.optional("medium", this::medium));
        o.rejectUnknown();
        categoryPaths.put(category, path);
        return category;
    }

    private nl.waarborg.register.Medium medium(Node node, String path) {
        Obj o = obj(node, path);
        if (o == null) {
            return null;
        }
        var medium = new nl.waarborg.register.Medium(
                o.enumeration(
                        "kind", true, nl.waarborg.register.Medium.Kind.values(), nl.waarborg.register.Medium.Kind::key),
                o.optional("place", this::text),
                o.enumeration(
                        "destruction",
                        true,
                        nl.waarborg.register.Medium.Destruction.values(),
                        nl.waarborg.register.Medium.Destruction::key));
        o.rejectUnknown();
        return medium;
    }

    /** The kinds of {@code nl.waarborg.subjects.IdentifierKind}, as written in a table's {@code identity}. */
    public static final Set<String> IDENTIFIER_KINDS = Set.of(
            "email",
            "phone",
            "ip_address",
            "mac_address",
            "imei",
            "iccid",
            "imsi",
            "customer_number",
            "line_id",
            "service_id",
            "postcode_house_number");

    private static final String SQL_NAME = "[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?";
    private static final String PLAIN_SQL_NAME =
            "must be a plain SQL name (letters, digits and _, optionally schema.name)";
    private static final Set<String> ERASE_MODES = Set.of("delete", "anonymise");

    private ExternalSystem system(Node node, String path, Set<String> categoryKeys) {
        Obj o = obj(node, path);
        if (o == null) {
            return null;
        }
        String key = o.key();
        String name = o.scalar("name", true);
        Text description = o.optional("description", this::text);
        ExternalSystem.Type type = o.enumeration("type", true, ExternalSystem.Type.values(), ExternalSystem.Type::key);
        List<String> categories = o.strings(
                "categories", true, categoryKeys::contains, "no category with this key in the register's services");
        ExternalSystem.Sql sql = null;
        ExternalSystem.Http http = null;
        ExternalSystem.Manual manual = null;
        if (type == ExternalSystem.Type.SQL) {
            String url = o.scalar("url", true, v -> v.startsWith("jdbc:"), "a JDBC URL starts with jdbc:");
            String username = o.scalar("username", false);
            ExternalSystem.Secret password = o.secret("password");
            Map<String, ExternalSystem.Table> tables = o.map("tables", (n, p) -> table(n, p, Set.copyOf(categories)));
            sql = new ExternalSystem.Sql(url, username, password, tables);
        } else if (type == ExternalSystem.Type.HTTP) {
            URI baseUrl = o.uri("baseUrl");
            ExternalSystem.Secret token = o.secret("token");
            java.time.Duration timeout = o.duration("timeout", ExternalSystem.Http.DEFAULT_TIMEOUT);
            String attempts = o.scalar("maxAttempts", false, v -> v.matches("[1-9]|10"), "must be 1 to 10");
            java.time.Duration backoff = o.duration("backoff", ExternalSystem.Http.DEFAULT_BACKOFF);
            String erase = o.scalar("erase", false, ERASE_MODES::contains, "must be delete or anonymise");
            http = new ExternalSystem.Http(
                    baseUrl,
                    token,
                    timeout,
                    attempts == null ? ExternalSystem.Http.DEFAULT_MAX_ATTEMPTS : Integer.parseInt(attempts),
                    backoff,
                    erase == null ? "delete" : erase);
        } else if (type == ExternalSystem.Type.MANUAL) {
            java.time.Duration due = o.duration("due", ExternalSystem.Manual.DEFAULT_DUE);
            String assignee = o.scalar("assignee", false);
            String erase = o.scalar("erase", false, ERASE_MODES::contains, "must be delete or anonymise");
            manual = new ExternalSystem.Manual(due, assignee, erase == null ? "delete" : erase);
        } else {
            // The type is wrong or missing: that error says it all, the settings are not unknown keys as well.
            List.of("url", "username", "password", "tables", "baseUrl", "token", "timeout", "maxAttempts")
                    .forEach(o::value);
            List.of("backoff", "erase", "due", "assignee").forEach(o::value);
        }
        o.rejectUnknown();
        if (key == null || name == null || type == null) {
            return null;
        }
        return new ExternalSystem(key, name, description, type, categories, sql, http, manual);
    }

    private ExternalSystem.Table table(Node node, String path, Set<String> systemCategories) {
        Obj o = obj(node, path);
        if (o == null) {
            return null;
        }
        String table = o.scalar("table", true, v -> v.matches(SQL_NAME), PLAIN_SQL_NAME);
        String category = o.scalar(
                "category", true, systemCategories::contains, "list this category under the system's categories too");
        Map<String, String> identity = o.map("identity", (n, p) -> {
            String kind = p.substring(p.lastIndexOf('.') + 1);
            if (!IDENTIFIER_KINDS.contains(kind.replace('-', '_'))) {
                error(
                        n,
                        p,
                        "not an identifier kind: use one of "
                                + IDENTIFIER_KINDS.stream().sorted().collect(Collectors.joining(", ")));
                return null;
            }
            return sqlName(n, p);
        });
        String key = o.scalar("key", false, v -> v.matches(SQL_NAME), PLAIN_SQL_NAME);
        String timestamp = o.scalar("timestamp", false, v -> v.matches(SQL_NAME), PLAIN_SQL_NAME);
        String erase = o.scalar("erase", false, ERASE_MODES::contains, "must be delete or anonymise");
        Map<String, String> anonymise = o.has("anonymise")
                ? o.map("anonymise", (n, p) -> {
                    String column = p.substring(p.lastIndexOf('.') + 1);
                    if (!column.matches(SQL_NAME)) {
                        error(n, p, PLAIN_SQL_NAME);
                    }
                    if (!(n instanceof ScalarNode scalar)) {
                        error(n, p, "must be a single value");
                        return null;
                    }
                    return isNull(n) ? "null" : scalar.getValue();
                })
                : Map.of();
        List<String> columns = o.strings("columns", false, v -> v.matches(SQL_NAME), PLAIN_SQL_NAME);
        if ("anonymise".equals(erase) && anonymise.isEmpty()) {
            o.error("erase", "anonymise needs at least one column under 'anonymise'");
        }
        if (!"anonymise".equals(erase) && !anonymise.isEmpty()) {
            o.error("anonymise", "only used with 'erase: anonymise'");
        }
        o.rejectUnknown();
        return new ExternalSystem.Table(
                table, category, identity, key, timestamp, erase == null ? "delete" : erase, anonymise, columns);
    }

    private String sqlName(Node node, String path) {
        if (!(node instanceof ScalarNode scalar) || isNull(node)) {
            error(node, path, "must be a single value");
            return null;
        }
        String v = scalar.getValue().strip();
        if (!v.matches(SQL_NAME)) {
            error(node, path, PLAIN_SQL_NAME);
            return null;
        }
        return v;
    }

    private Purpose purpose(Node node, String path) {
        Obj o = obj(node, path);
        if (o == null) {
            return null;
        }
        String nl = o.scalar("nl", true);
        String en = o.scalar("en", true);
        List<String> uses = o.strings("uses", true, Vocabulary::isUse, "unknown fideslang data-use key");
        o.rejectUnknown();
        return nl == null || en == null ? null : new Purpose(new Text(nl, en), uses);
    }

    private Consent consent(Node node, String path) {
        Obj o = obj(node, path);
        if (o == null) {
            return null;
        }
        var consent = new Consent(o.required("mechanism", this::text), o.optional("withdrawal", this::text));
        o.rejectUnknown();
        return consent;
    }

    private Transfer transfer(Node node, String path, Set<String> recipientKeys) {
        Obj o = obj(node, path);
        if (o == null) {
            return null;
        }
        var transfer = new Transfer(
                o.country("country", true),
                o.scalar("recipient", false, recipientKeys::contains, "no recipient with this key in 'recipients'"),
                Optional.ofNullable(o.enumeration("safeguard", false, Safeguard.values(), Safeguard::key))
                        .orElse(Safeguard.NONE));
        o.rejectUnknown();
        return transfer;
    }

    private RetentionRule retention(Node node, String path) {
        Obj o = obj(node, path);
        if (o == null) {
            return null;
        }
        Period period = o.period("period");
        RetentionAnchor anchor = o.enumeration("from", false, RetentionAnchor.values(), RetentionAnchor::key);
        String until = o.scalar("until", false, "end-of-service"::equals, "the only value is end-of-service");
        String setBy = o.scalar("setBy", false, "client"::equals, "the only value is client");
        Period byDefault = o.period("default");
        Period maximum = o.period("maximum");
        Text display = o.optional("display", this::text);
        String then = o.scalar(
                "then", false, v -> v.equals("delete") || v.equals("anonymise"), "the values are delete and anonymise");
        RetentionRule rule = null;
        int kinds = (period != null ? 1 : 0) + (until != null ? 1 : 0) + (setBy != null ? 1 : 0);
        if (kinds > 1) {
            o.error(null, "use only one of period, until and setBy");
        } else if (until != null) {
            if (anchor != null || byDefault != null || maximum != null) {
                o.error(null, "'until' takes no from, default or maximum");
            }
            rule = new RetentionRule(
                    RetentionRule.Kind.UNTIL_END_OF_SERVICE, null, RetentionAnchor.END_OF_SERVICE, null, display);
        } else if (setBy != null) {
            if (!o.has("default") || !o.has("maximum")) {
                o.error(null, "'setBy: client' needs a default and a maximum period");
            } else if (byDefault == null || maximum == null) {
                rule = null;
            } else if (longer(byDefault, maximum)) {
                o.error("default", "the default is longer than the maximum");
            } else {
                rule = new RetentionRule(
                        RetentionRule.Kind.SET_BY_CLIENT,
                        byDefault,
                        anchor == null ? RetentionAnchor.COLLECTION : anchor,
                        maximum,
                        display);
            }
        } else if (period != null) {
            if (byDefault != null || maximum != null) {
                o.error(null, "default and maximum belong to 'setBy: client'");
            }
            rule = new RetentionRule(
                    RetentionRule.Kind.PERIOD,
                    period,
                    anchor == null ? RetentionAnchor.COLLECTION : anchor,
                    null,
                    display);
        } else if (display != null && anchor == null && byDefault == null && maximum == null) {
            rule = new RetentionRule(RetentionRule.Kind.UNSPECIFIED, null, null, null, display);
        } else if (!o.has("period") && !o.has("default") && !o.has("maximum")) {
            // When a period was given but invalid, that error says it all.
            o.error(null, "needs a period, 'until: end-of-service' or 'setBy: client'");
        }
        if ("anonymise".equals(then) && rule != null) {
            if (rule.kind() == RetentionRule.Kind.UNSPECIFIED) {
                o.error("then", "a period that is only text is never executed, so nothing is anonymised");
            } else {
                rule = rule.anonymising();
            }
        }
        o.rejectUnknown();
        return rule;
    }

    private static boolean longer(Period a, Period b) {
        LocalDate start = LocalDate.of(2000, 1, 1);
        return start.plus(a).isAfter(start.plus(b));
    }

    private Text text(Node node, String path) {
        Obj o = obj(node, path);
        if (o == null) {
            return null;
        }
        String nl = o.scalar("nl", true);
        String en = o.scalar("en", true);
        o.rejectUnknown();
        return nl == null || en == null ? null : new Text(nl, en);
    }

    // --- the YAML layer: limits the composer does not have, and positions for its errors ---

    private static RegisterError at(Mark mark, String reason) {
        return mark == null
                ? new RegisterError(1, 1, "", reason)
                : new RegisterError(mark.getLine() + 1, mark.getColumn() + 1, "", reason);
    }

    /** The reason for a composer error that carries no position; its text otherwise. */
    private static String unpositioned(YamlEngineException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Number of aliases")) {
            return "more than " + MAX_ALIASES + " aliases (*name) of lists or mappings: refused, because aliases can"
                    + " make a small file expand into an enormous one";
        }
        if (message.startsWith("Non scalar key")) {
            return "a key is a list or a mapping: keys must be plain words";
        }
        if (message.startsWith("Recursive key")) {
            return "a key refers to the mapping it is in";
        }
        if (message.contains("exceeds the limit")) {
            return "the file is larger than 5 MB";
        }
        return "not valid YAML";
    }

    /** Line and column (1-based) of the code point at {@code index}, counting lines as YAML does. */
    static int[] position(String text, int index) {
        int line = 1;
        int column = 1;
        int seen = 0;
        for (int i = 0; i < text.length() && seen < index; seen++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            boolean crlf = c == '\r' && i < text.length() && text.charAt(i) == '\n';
            if (c == '\n' || (c == '\r' && !crlf)) {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    /** Thrown by {@link DepthLimit} where the nesting goes too deep. */
    private static final class TooDeep extends RuntimeException {
        private final transient Mark mark;

        TooDeep(Mark mark) {
            super(null, null, false, false);
            this.mark = mark;
        }
    }

    /**
     * Hands the parser's events to the composer, counting open lists and mappings: the parser works without recursion,
     * the composer recurses once per level, so the limit must be checked before the composer sees the event. Also
     * remembers the last event, the place to report an error the composer gives without one.
     */
    private static final class DepthLimit implements Parser {
        private final Parser parser;
        private int depth;
        private Mark last;

        DepthLimit(Parser parser) {
            this.parser = parser;
        }

        @Override
        public boolean checkEvent(Event.ID id) {
            return parser.checkEvent(id);
        }

        @Override
        public Event peekEvent() {
            return parser.peekEvent();
        }

        @Override
        public boolean hasNext() {
            return parser.hasNext();
        }

        @Override
        public Event next() {
            Event event = parser.next();
            last = event.getStartMark().orElse(last);
            switch (event.getEventId()) {
                case SequenceStart, MappingStart -> {
                    if (++depth > MAX_DEPTH) {
                        throw new TooDeep(last);
                    }
                }
                case SequenceEnd, MappingEnd -> depth--;
                default -> {
                    // Scalars, aliases and document markers do not nest.
                }
            }
            return event;
        }
    }

    // --- the generic part: a mapping with its position, read key by key ---

    private Obj obj(Node node, String path) {
        if (!(node instanceof MappingNode mapping)) {
            error(node, path, "must be a mapping of keys to values");
            return null;
        }
        return new Obj(mapping, path);
    }

    private void error(Node node, String path, String reason) {
        Mark mark = node == null ? null : node.getStartMark().orElse(null);
        errors.add(new RegisterError(
                mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1, path, reason));
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    private final class Obj {
        private final MappingNode node;
        private final String path;
        private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
        private final Set<String> used = new HashSet<>();

        Obj(MappingNode node, String path) {
            this.node = node;
            this.path = path;
            for (NodeTuple tuple : node.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    // The YAML composer keeps both of a duplicated key; the second would silently win.
                    if (entries.putIfAbsent(key.getValue(), tuple) != null) {
                        RegisterReader.this.error(key, at(shown(key.getValue())), "this key appears twice");
                    }
                } else {
                    RegisterReader.this.error(tuple.getKeyNode(), path, "keys must be plain words");
                }
            }
        }

        String at(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        boolean has(String key) {
            return entries.containsKey(key);
        }

        Node value(String key) {
            used.add(key);
            NodeTuple tuple = entries.get(key);
            return tuple == null || isNull(tuple.getValueNode()) ? null : tuple.getValueNode();
        }

        void error(String key, String reason) {
            NodeTuple tuple = key == null ? null : entries.get(key);
            RegisterReader.this.error(
                    tuple == null ? node : tuple.getValueNode(), key == null ? path : at(key), reason);
        }

        void missing(String key) {
            RegisterReader.this.error(node, at(key), "is required");
        }

        String key() {
            NodeTuple tuple = entries.get("key");
            if (tuple != null) {
                keyNodes.put(at("key"), tuple.getValueNode());
            }
            return scalar(
                    "key",
                    true,
                    v -> v.matches("[a-z0-9][a-z0-9_-]{0,63}"),
                    "a key has lower-case letters, digits, - and _ (at most 64)");
        }

        String scalar(String key, boolean required) {
            Node value = value(key);
            if (value == null) {
                if (required) {
                    missing(key);
                }
                return null;
            }
            if (!(value instanceof ScalarNode scalar)) {
                RegisterReader.this.error(value, at(key), "must be a single value, not a list or mapping");
                return null;
            }
            String text = scalar.getValue().strip();
            if (text.isEmpty()) {
                if (required) {
                    RegisterReader.this.error(value, at(key), "must not be empty");
                }
                return null;
            }
            return text;
        }

        String scalar(String key, boolean required, Predicate<String> valid, String reason) {
            String value = scalar(key, required);
            if (value != null && !valid.test(value)) {
                error(key, reason);
                return null;
            }
            return value;
        }

        String country(String key, boolean required) {
            return scalar(key, required, v -> v.matches("[A-Z]{2}"), "use a two-letter ISO country code such as NL");
        }

        boolean bool(String key, boolean required) {
            String value = scalar(key, required);
            if (value == null) {
                return false;
            }
            if (!value.equals("true") && !value.equals("false")) {
                error(key, "must be true or false");
                return false;
            }
            return Boolean.parseBoolean(value);
        }

        LocalDate date(String key) {
            String value = scalar(key, false);
            if (value == null) {
                return null;
            }
            try {
                return Dates.parse(value);
            } catch (IllegalArgumentException e) {
                error(key, e.getMessage());
                return null;
            }
        }

        Period period(String key) {
            String value = scalar(key, false);
            if (value == null) {
                return null;
            }
            try {
                return Periods.parse(value);
            } catch (IllegalArgumentException e) {
                error(key, e.getMessage());
                return null;
            }
        }

        <E> E enumeration(String key, boolean required, E[] values, Function<E, String> name) {
            String value = scalar(key, required);
            if (value == null) {
                return null;
            }
            for (E e : values) {
                if (name.apply(e).equals(value)) {
                    return e;
                }
            }
            error(key, "must be one of " + Arrays.stream(values).map(name).collect(Collectors.joining(", ")));
            return null;
        }

        /**
         * A secret given by name as {@code {secret: NAME}}. A value written in place is refused without repeating it:
         * a register is shared, versioned and exported, a secret is not.
         */
        ExternalSystem.Secret secret(String key) {
            Node value = value(key);
            if (value == null) {
                return null;
            }
            if (!(value instanceof MappingNode)) {
                RegisterReader.this.error(
                        value,
                        at(key),
                        "a secret never goes in the register: write {secret: NAME} and give NAME to Waarborg as"
                                + " waarborg.secrets.NAME or as environment variable NAME");
                return null;
            }
            Obj o = obj(value, at(key));
            String name = o.scalar(
                    "secret",
                    true,
                    v -> v.matches("[A-Za-z][A-Za-z0-9_]{0,127}"),
                    "a secret's name has letters, digits and _ (for example BILLING_DB_PASSWORD)");
            o.rejectUnknown();
            return name == null ? null : new ExternalSystem.Secret(name);
        }

        URI uri(String key) {
            String value = scalar(key, true);
            if (value == null) {
                return null;
            }
            try {
                URI uri = new URI(value);
                if (uri.getHost() == null
                        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                        || uri.getUserInfo() != null) {
                    error(key, "must be an http(s) address with a host and without user or password");
                    return null;
                }
                return uri;
            } catch (java.net.URISyntaxException e) {
                error(key, "not a valid address");
                return null;
            }
        }

        /** A duration as {@code 10s}, {@code 500ms}, {@code 5d} or ISO-8601 ({@code PT10S}). */
        java.time.Duration duration(String key, java.time.Duration byDefault) {
            String value = scalar(key, false);
            if (value == null) {
                return byDefault;
            }
            try {
                java.time.Duration d = org.springframework.boot.convert.DurationStyle.detectAndParse(value);
                if (d.isNegative() || d.isZero()) {
                    error(key, "must be longer than zero");
                    return byDefault;
                }
                return d;
            } catch (IllegalArgumentException e) {
                error(key, "must be a duration such as 10s, 500ms, 4h or 5d");
                return byDefault;
            }
        }

        /** A mapping of names to values, in the file's order. */
        <T> Map<String, T> map(String key, BiFunction<Node, String, T> reader) {
            Node value = value(key);
            if (value == null) {
                missing(key);
                return Map.of();
            }
            if (!(value instanceof MappingNode mapping)) {
                RegisterReader.this.error(value, at(key), "must be a mapping of names to values");
                return Map.of();
            }
            if (mapping.getValue().isEmpty()) {
                RegisterReader.this.error(value, at(key), "must not be empty");
            }
            Map<String, T> items = new LinkedHashMap<>();
            Set<String> names = new HashSet<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode name)
                        || !name.getValue().matches("[A-Za-z0-9_-]{1,64}")) {
                    RegisterReader.this.error(
                            tuple.getKeyNode(), at(key), "names are letters, digits, _ and - (at most 64)");
                    continue;
                }
                if (!names.add(name.getValue())) {
                    RegisterReader.this.error(
                            tuple.getKeyNode(), at(key) + "." + name.getValue(), "this name appears twice");
                    continue;
                }
                T item = reader.apply(tuple.getValueNode(), at(key) + "." + name.getValue());
                if (item != null) {
                    items.put(name.getValue(), item);
                }
            }
            return items;
        }

        <T> T required(String key, BiFunction<Node, String, T> reader) {
            Node value = value(key);
            if (value == null) {
                missing(key);
                return null;
            }
            return reader.apply(value, at(key));
        }

        <T> T optional(String key, BiFunction<Node, String, T> reader) {
            Node value = value(key);
            return value == null ? null : reader.apply(value, at(key));
        }

        <T> List<T> list(String key, boolean required, BiFunction<Node, String, T> reader) {
            Node value = value(key);
            if (value == null) {
                if (required) {
                    missing(key);
                }
                return List.of();
            }
            if (!(value instanceof SequenceNode sequence)) {
                RegisterReader.this.error(value, at(key), "must be a list");
                return List.of();
            }
            if (required && sequence.getValue().isEmpty()) {
                RegisterReader.this.error(value, at(key), "must not be empty");
            }
            List<T> items = new ArrayList<>();
            for (int i = 0; i < sequence.getValue().size(); i++) {
                items.add(reader.apply(sequence.getValue().get(i), at(key) + "[" + i + "]"));
            }
            return items;
        }

        List<String> strings(String key, boolean required, Predicate<String> valid, String reason) {
            List<String> values = list(key, required, (item, itemPath) -> {
                if (!(item instanceof ScalarNode scalar) || isNull(item)) {
                    RegisterReader.this.error(item, itemPath, "must be a single value");
                    return null;
                }
                String v = scalar.getValue().strip();
                if (!valid.test(v)) {
                    RegisterReader.this.error(item, itemPath, reason);
                    return null;
                }
                return v;
            });
            List<String> distinct =
                    values.stream().filter(v -> v != null).distinct().toList();
            if (distinct.size() != values.stream().filter(v -> v != null).count()) {
                error(key, "lists a value twice");
            }
            return distinct;
        }

        /** A key that is not a plain word is probably misplaced text: do not repeat it. */
        private static String shown(String key) {
            return key.matches("[A-Za-z0-9_-]{1,40}") ? key : "<key>";
        }

        void rejectUnknown() {
            for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
                if (!used.contains(entry.getKey())) {
                    RegisterReader.this.error(entry.getValue().getKeyNode(), at(shown(entry.getKey())), "unknown key");
                }
            }
        }
    }
}
