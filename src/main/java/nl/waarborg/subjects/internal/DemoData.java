package nl.waarborg.subjects.internal;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.waarborg.subjects.IdentifierKind;
import nl.waarborg.subjects.SubjectRole;
import nl.waarborg.subjects.internal.Model.NewIdentifier;
import nl.waarborg.subjects.internal.Model.NewOrganisation;
import nl.waarborg.subjects.internal.Model.NewRecord;
import nl.waarborg.subjects.internal.Model.NewRecording;
import nl.waarborg.subjects.internal.Model.NewRole;
import nl.waarborg.subjects.internal.Model.NewServiceDelivered;
import nl.waarborg.subjects.internal.Model.NewSubject;
import nl.waarborg.subjects.internal.Model.OrganisationKind;
import nl.waarborg.subjects.internal.Model.ServiceDelivered;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small fictional provider's customers for {@code serve --demo}: names are invented, addresses use example.nl and
 * the phone numbers come from the ranges the Dutch regulator keeps for fiction. Loaded once; a second start finds the
 * first demo customer and adds nothing.
 */
@Component
@ConditionalOnProperty(name = "waarborg.demo.enabled", havingValue = "true")
class DemoData {

    static final String FIRST_CUSTOMER = "DEMO-1001";
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Inventory inventory;
    private final RecordStore store;
    private final Recordings recordings;
    private final Clock clock;

    DemoData(Inventory inventory, RecordStore store, Recordings recordings, Clock clock) {
        this.inventory = inventory;
        this.store = store;
        this.recordings = recordings;
        this.clock = clock;
    }

    // After the demo register (order 0), before the demo requests that look these customers up (order 100).
    @org.springframework.core.annotation.Order(10)
    @EventListener(ApplicationReadyEvent.class)
    @Transactional
    public void load() {
        if (inventory.organisationByCustomerNumber(FIRST_CUSTOMER).isPresent()) {
            return;
        }
        LocalDate today = LocalDate.now(clock);

        var bakery = inventory.createOrganisation(
                new NewOrganisation(OrganisationKind.BUSINESS, "Bakkerij De Korenschoof B.V.", FIRST_CUSTOMER, null));
        ServiceDelivered voip = inventory.addService(
                bakery.id(), new NewServiceDelivered("voip", "VO-2023-0042", LocalDate.of(2023, 3, 1), null));
        ServiceDelivered internet = inventory.addService(
                bakery.id(),
                new NewServiceDelivered("internet", "IN-2021-0007", LocalDate.of(2021, 1, 15), today.minusMonths(3)));
        UUID jan = subject(
                "Jan de Vries",
                "demo-jan",
                List.of(
                        id(IdentifierKind.EMAIL, "jan.devries@example.nl"),
                        id(IdentifierKind.PHONE, "020 700 0101"),
                        id(IdentifierKind.CUSTOMER_NUMBER, FIRST_CUSTOMER)),
                List.of(
                        new NewRole(SubjectRole.CONTACT_PERSON, bakery.id(), null, null),
                        new NewRole(SubjectRole.BILLING_CONTACT, bakery.id(), null, null)));
        UUID fatima = subject(
                "Fatima El Amrani",
                "demo-fatima",
                List.of(id(IdentifierKind.EMAIL, "fatima@example.nl"), id(IdentifierKind.PHONE, "06 12345 001")),
                List.of(new NewRole(SubjectRole.END_USER, bakery.id(), voip.id(), "toestel 201")));

        var family = inventory.createOrganisation(
                new NewOrganisation(OrganisationKind.CONSUMER, "Familie Bakker", "DEMO-1002", null));
        ServiceDelivered alarm = inventory.addService(
                family.id(), new NewServiceDelivered("alarm", "AL-2022-0311", LocalDate.of(2022, 6, 15), null));
        UUID pieter = subject(
                "Pieter Bakker",
                "demo-pieter",
                List.of(
                        id(IdentifierKind.EMAIL, "pieter.bakker@example.nl"),
                        // A shielded number: kept out of directories, flagged in every export.
                        new NewIdentifier(IdentifierKind.PHONE, "06 12345 002", "demo", true),
                        id(IdentifierKind.POSTCODE_HOUSE_NUMBER, "1234 AB 5")),
                List.of(
                        new NewRole(SubjectRole.END_USER, family.id(), alarm.id(), null),
                        new NewRole(SubjectRole.KEYHOLDER, family.id(), alarm.id(), "sleutelhouder 1")));
        UUID sanne = subject(
                "Sanne Bakker",
                "demo-sanne",
                List.of(id(IdentifierKind.PHONE, "06 12345 003"), id(IdentifierKind.POSTCODE_HOUSE_NUMBER, "1234AB-5")),
                List.of(new NewRole(SubjectRole.KEYHOLDER, family.id(), alarm.id(), "sleutelhouder 2")));

        var ict = inventory.createOrganisation(
                new NewOrganisation(OrganisationKind.BUSINESS, "Jansen ICT Diensten", "DEMO-1003", "90000003"));
        ServiceDelivered hosting = inventory.addService(
                ict.id(), new NewServiceDelivered("hosting", "HO-2024-0100", LocalDate.of(2024, 2, 1), null));
        UUID visitor = subject(
                "Websitebezoeker 1",
                "demo-visitor",
                List.of(id(IdentifierKind.IP_ADDRESS, "192.0.2.45"), id(IdentifierKind.EMAIL, "lisa@example.nl")),
                List.of(
                        new NewRole(SubjectRole.WEBSITE_VISITOR, ict.id(), hosting.id(), null),
                        new NewRole(SubjectRole.REQUESTER, ict.id(), null, null)));

        var now = ZonedDateTime.now(clock);
        // Every record belongs to a row of the demo register (template telecom-nl), which gives its retention rule
        // and whether it is sealed; the records carry the dates those rules count from.
        LocalDate invoiced = LocalDate.now(clock).minusMonths(2);
        java.time.Instant contacted = clock.instant().minusSeconds(86400L * 10);
        record(
                jan,
                bakery.id(),
                null,
                "customer-contacts",
                "crm",
                contacted,
                null,
                Map.of("email", "jan.devries@example.nl", "preferred", true));
        record(
                jan,
                bakery.id(),
                null,
                "invoices",
                "billing",
                null,
                invoiced,
                Map.of("iban", "NL91ABNA0417164300", "invoice", "F-2026-1188"));
        record(
                jan,
                bakery.id(),
                internet.id(),
                "service-address",
                "crm",
                null,
                null,
                Map.of("street", "Voorbeeldstraat 1", "postcode", "1011AA", "city", "Amsterdam"));
        record(
                jan,
                bakery.id(),
                null,
                "customer-credentials",
                "portal",
                null,
                null,
                Map.of("portalLoginCode", "demo-3141-5926"));
        record(
                fatima,
                bakery.id(),
                voip.id(),
                "voip-devices",
                "pbx",
                null,
                null,
                Map.of("extension", "201", "number", "+31612345001"));
        record(
                pieter,
                family.id(),
                alarm.id(),
                "service-address",
                "meldkamer",
                null,
                null,
                Map.of("object", "woning", "postcode", "1234AB", "number", "5"));
        record(
                pieter,
                family.id(),
                alarm.id(),
                "customer-credentials",
                "meldkamer",
                null,
                null,
                Map.of("codeword", "demo-zonnebloem"));
        record(
                sanne,
                family.id(),
                alarm.id(),
                "keyholders",
                "meldkamer",
                null,
                null,
                Map.of("number", "+31612345003", "order", 2));
        record(
                visitor,
                ict.id(),
                hosting.id(),
                "website-statistics",
                "webserver",
                null,
                null,
                Map.of("ip", "192.0.2.45", "path", "/contact"));

        recordings.store(
                new NewRecording(
                        "demo-call-0001",
                        "06 12345 001",
                        "020 700 0199",
                        now.minusDays(2).toInstant(),
                        3,
                        "voip",
                        voip.id(),
                        "audio/wav"),
                new ByteArrayInputStream(silence()));
        log.info("Demo data loaded: 3 organisations, 5 subjects");
    }

    private UUID subject(String name, String ref, List<NewIdentifier> identifiers, List<NewRole> roles) {
        return inventory
                .createSubject(new NewSubject(name, ref, identifiers, roles))
                .id();
    }

    private static NewIdentifier id(IdentifierKind kind, String value) {
        return new NewIdentifier(kind, value, "demo");
    }

    private void record(
            UUID subject,
            UUID organisation,
            UUID service,
            String category,
            String source,
            java.time.Instant lastContact,
            LocalDate invoiceDate,
            Map<String, Object> payload) {
        store.create(new NewRecord(
                category,
                List.of(subject),
                organisation,
                service,
                source,
                null,
                clock.instant().minusSeconds(86400L * 30),
                lastContact,
                invoiceDate,
                null,
                null,
                null,
                JSON.valueToTree(payload)));
    }

    /** Three seconds of silence as 8 kHz 16-bit mono WAV: a real audio file without anyone's voice. */
    static byte[] silence() {
        int samples = 8000 * 3;
        int dataBytes = samples * 2;
        var buffer = java.nio.ByteBuffer.allocate(44 + dataBytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buffer.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        buffer.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1);
        buffer.putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16);
        buffer.put("data".getBytes()).putInt(dataBytes);
        return buffer.array();
    }
}
