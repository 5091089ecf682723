package nl.waarborg.register;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import java.time.Duration;
import java.util.List;
import nl.waarborg.register.internal.Finding;
import nl.waarborg.register.internal.RegisterChange;
import nl.waarborg.register.internal.RegisterChecks;
import nl.waarborg.register.internal.RegisterDiff;
import nl.waarborg.register.internal.RegisterError;
import nl.waarborg.register.internal.RegisterReader;
import nl.waarborg.register.internal.RegisterWriter;
import org.junit.jupiter.api.Test;

/** The register's optional {@code systems} section: strict reading, secrets only by name, checks and diff. */
class RegisterSystemsTests {

    static final String SYSTEMS = """
            systems:
              - key: billing-db
                name: Facturatie
                description: {nl: Facturen en klanten, en: Invoices and customers}
                type: sql
                categories: [customer-contacts, invoices]
                url: jdbc:postgresql://billing.internal:5432/billing
                username: waarborg
                password: {secret: BILLING_DB_PASSWORD}
                tables:
                  customers:
                    table: customer
                    category: customer-contacts
                    identity: {email: email, phone: phone}
                    key: id
                    timestamp: created_at
                  invoices:
                    table: public.invoice
                    category: invoices
                    identity: {phone: customer_phone}
                    key: id
                    timestamp: issued_at
                    erase: anonymise
                    anonymise: {customer_phone: anonymised, note: null}
                    columns: [id, issued_at]
              - key: ticketing
                name: Tickets
                type: http
                categories: [support-tickets]
                baseUrl: https://tickets.voorbeeld.example/privacy/
                token: {secret: TICKETING_TOKEN}
                timeout: 5s
                maxAttempts: 4
                backoff: 250ms
                erase: anonymise
              - key: accounting
                name: Boekhouding
                type: manual
                categories: [invoices]
                due: 5d
                assignee: Financiële administratie
            """;

    static String withSystems(String systems) {
        return RegisterFixtures.load(RegisterFixtures.TEMPLATE) + "\n" + systems;
    }

    static RegisterError only(String yaml) {
        List<RegisterError> errors = RegisterFormatTests.errorsOf(yaml);
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    @Test
    void readsSystemsAndWritesThemBackCanonically() {
        Register register = RegisterReader.read(withSystems(SYSTEMS));
        assertThat(register.systems())
                .extracting(ExternalSystem::key)
                .containsExactly("billing-db", "ticketing", "accounting");
        ExternalSystem billing = register.system("billing-db").orElseThrow();
        assertThat(billing.type()).isEqualTo(ExternalSystem.Type.SQL);
        assertThat(billing.sql().password()).isEqualTo(new ExternalSystem.Secret("BILLING_DB_PASSWORD"));
        ExternalSystem.Table invoices = billing.sql().tables().get("invoices");
        assertThat(invoices.anonymise())
                .containsEntry("customer_phone", "anonymised")
                .containsEntry("note", "null");
        assertThat(invoices.columns()).containsExactly("id", "issued_at");
        assertThat(register.system("ticketing").orElseThrow().http())
                .isEqualTo(new ExternalSystem.Http(
                        java.net.URI.create("https://tickets.voorbeeld.example/privacy/"),
                        new ExternalSystem.Secret("TICKETING_TOKEN"),
                        Duration.ofSeconds(5),
                        4,
                        Duration.ofMillis(250),
                        "anonymise"));
        assertThat(register.system("accounting").orElseThrow().manual())
                .isEqualTo(new ExternalSystem.Manual(Duration.ofDays(5), "Financiële administratie", "delete"));

        Register fromYaml = RegisterReader.read(RegisterWriter.yaml(register));
        Register fromJson = RegisterReader.read(RegisterWriter.prettyJson(register));
        assertThat(fromYaml).isEqualTo(register);
        assertThat(fromJson).isEqualTo(register);
        assertThat(RegisterWriter.yaml(register)).contains("secret: BILLING_DB_PASSWORD", "due: 5d");
        assertThat(RegisterSchemaTests.SCHEMA.validate(withSystems(SYSTEMS), InputFormat.YAML))
                .isEmpty();
        assertThat(RegisterSchemaTests.SCHEMA.validate(RegisterWriter.prettyJson(register), InputFormat.JSON))
                .isEmpty();
        assertThat(RegisterSchemaTests.SCHEMA.validate(RegisterWriter.yaml(register), InputFormat.YAML))
                .isEmpty();
    }

    @Test
    void registersWithoutSystemsStayValidAndHashAsBefore() {
        Register template = RegisterReader.read(RegisterFixtures.load(RegisterFixtures.TEMPLATE));
        assertThat(template.systems()).isEmpty();
        assertThat(RegisterWriter.canonicalJson(template)).doesNotContain("\"systems\"");
    }

    @Test
    void aSecretWrittenInPlaceIsRefusedWithoutRepeatingIt() {
        String yaml =
                withSystems(SYSTEMS.replace("password: {secret: BILLING_DB_PASSWORD}", "password: Hunter2-Geheim"));
        RegisterError error = only(yaml);
        assertThat(error.path()).isEqualTo("systems[0].password");
        assertThat(error.line()).isEqualTo(lineOf(yaml, "password: Hunter2-Geheim"));
        assertThat(error.reason()).contains("{secret: NAME}").doesNotContain("Hunter2");
        assertThat(RegisterSchemaTests.SCHEMA.validate(yaml, InputFormat.YAML)).isNotEmpty();

        assertThat(RegisterFormatTests.errorsOf(
                        withSystems(SYSTEMS.replace("token: {secret: TICKETING_TOKEN}", "token: {value: abc}"))))
                .extracting(RegisterError::path, RegisterError::reason)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("systems[1].token.secret", "is required"),
                        org.assertj.core.groups.Tuple.tuple("systems[1].token.value", "unknown key"));
    }

    @Test
    void eachMistakeIsReportedWithItsPlace() {
        String yaml = withSystems(SYSTEMS.replace(
                "categories: [customer-contacts, invoices]", "categories: [customer-contacts, invoices-typo]"));
        List<RegisterError> errors = RegisterFormatTests.errorsOf(yaml);
        assertThat(errors)
                .anySatisfy(e -> {
                    assertThat(e.path()).isEqualTo("systems[0].categories[1]");
                    assertThat(e.reason()).contains("no category with this key");
                    assertThat(e.line()).isEqualTo(lineOf(yaml, "invoices-typo"));
                })
                // The invoices table now names a category the system does not list.
                .anySatisfy(e -> assertThat(e.path()).isEqualTo("systems[0].tables.invoices.category"));

        assertThat(only(withSystems(SYSTEMS.replace("table: customer\n", "table: customer; DROP TABLE x\n")))
                        .path())
                .isEqualTo("systems[0].tables.customers.table");
        assertThat(only(withSystems(SYSTEMS.replace("identity: {email: email, phone: phone}", "identity: {fax: fax}"))))
                .satisfies(e -> {
                    assertThat(e.path()).isEqualTo("systems[0].tables.customers.identity.fax");
                    assertThat(e.reason()).contains("not an identifier kind");
                });
        assertThat(only(withSystems(SYSTEMS.replace("    type: http\n", "    type: ftp\n")))
                        .path())
                .isEqualTo("systems[1].type");
        assertThat(only(withSystems(SYSTEMS.replace("    baseUrl: https://tickets.voorbeeld.example/privacy/\n", "")))
                        .path())
                .isEqualTo("systems[1].baseUrl");
        assertThat(only(withSystems(SYSTEMS.replace("maxAttempts: 4", "maxAttempts: 40")))
                        .path())
                .isEqualTo("systems[1].maxAttempts");
        assertThat(only(withSystems(SYSTEMS.replace("due: 5d", "due: soon"))).path())
                .isEqualTo("systems[2].due");
        // Settings of another type are unknown keys, not silently ignored.
        assertThat(only(withSystems(SYSTEMS.replace("due: 5d", "due: 5d\n    url: jdbc:x")))
                        .path())
                .isEqualTo("systems[2].url");
        assertThat(only(withSystems(SYSTEMS.replace("key: accounting", "key: ticketing")))
                        .path())
                .isEqualTo("systems[2].key");
        assertThat(only(withSystems(SYSTEMS.replace(
                                "        erase: anonymise\n        anonymise: {customer_phone: anonymised, note: null}\n",
                                "        erase: anonymise\n")))
                        .path())
                .isEqualTo("systems[0].tables.invoices.erase");
    }

    @Test
    void plainHttpOutsideLocalhostIsAWarning() {
        Register secure = RegisterReader.read(withSystems(SYSTEMS));
        assertThat(RegisterChecks.check(secure)).noneMatch(f -> f.rule().equals("connector-without-https"));

        Register plain = RegisterReader.read(withSystems(SYSTEMS.replace("https://tickets", "http://tickets")));
        assertThat(RegisterChecks.check(plain))
                .filteredOn(f -> f.rule().equals("connector-without-https"))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
                    assertThat(f.recipient()).isEqualTo("ticketing");
                    assertThat(f.explanation().nl()).contains("https");
                    assertThat(f.explanation().en()).contains("unencrypted");
                });

        Register local = RegisterReader.read(
                withSystems(SYSTEMS.replace("https://tickets.voorbeeld.example", "http://localhost:8089")));
        assertThat(RegisterChecks.check(local)).noneMatch(f -> f.rule().equals("connector-without-https"));
    }

    @Test
    void diffNamesAddedChangedAndRemovedSystems() {
        Register template = RegisterReader.read(RegisterFixtures.load(RegisterFixtures.TEMPLATE));
        Register with = RegisterReader.read(withSystems(SYSTEMS));
        assertThat(RegisterDiff.between(template, with))
                .filteredOn(c -> c.scope().equals("system"))
                .extracting(RegisterChange::kind, RegisterChange::key)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(RegisterChange.Kind.ADDED, "billing-db"),
                        org.assertj.core.groups.Tuple.tuple(RegisterChange.Kind.ADDED, "ticketing"),
                        org.assertj.core.groups.Tuple.tuple(RegisterChange.Kind.ADDED, "accounting"));
        Register changed = RegisterReader.read(withSystems(SYSTEMS.replace("due: 5d", "due: 10d")));
        assertThat(RegisterDiff.between(with, changed))
                .containsExactly(
                        new RegisterChange(RegisterChange.Kind.CHANGED, "system", "accounting", "due", "5d", "10d"));
        assertThat(RegisterDiff.between(with, template))
                .filteredOn(c -> c.scope().equals("system"))
                .extracting(RegisterChange::kind)
                .containsOnly(RegisterChange.Kind.REMOVED);
    }

    static int lineOf(String yaml, String text) {
        String[] lines = yaml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text);
    }
}
