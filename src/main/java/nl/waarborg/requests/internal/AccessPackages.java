package nl.waarborg.requests.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.DataCategory;
import nl.waarborg.register.Register;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.Registers;
import nl.waarborg.requests.RequestType;
import nl.waarborg.requests.RequestsException;
import nl.waarborg.requests.RequestsProperties;
import nl.waarborg.subjects.DataHolder;
import nl.waarborg.subjects.DataStore;
import nl.waarborg.subjects.DataStores;
import nl.waarborg.subjects.StoreResult;
import nl.waarborg.subjects.SubjectDirectory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The access package of Art. 15 GDPR: everything every place holds on the verified requester, as one ZIP in their
 * language with a readable overview (HTML and PDF, from the register in force), the data as JSON and one CSV per
 * category, the call recordings as audio files and the consultations of their data from the audit trail. Other
 * people's numbers are masked ({@link Redaction}).
 *
 * <p>Staff prepare it; the package is sealed and kept until its link expires, and the answer's letter carries the
 * link. The person downloads the copy that was prepared, never an e-mail attachment.
 */
@Component
public class AccessPackages {

    /** Enough for years of a busy line; beyond it the package would not fit in memory, and staff are told. */
    static final int MAX_ITEMS = 1_000_000;

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final RequestDesk desk;
    private final Holders holders;
    private final DataStores stores;
    private final SubjectDirectory directory;
    private final Consultations consultations;
    private final AccessOverview overview;
    private final PackageStore packages;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final RequestsProperties properties;
    private final Registers registers;
    private final nl.waarborg.consent.ConsentLedger consentLedger;
    private final nl.waarborg.disclosures.Disclosures disclosures;
    private final nl.waarborg.disclosures.Transfers transfers;
    private final Clock clock;

    AccessPackages(
            RequestDesk desk,
            Holders holders,
            DataStores stores,
            SubjectDirectory directory,
            Consultations consultations,
            AccessOverview overview,
            PackageStore packages,
            AuditTrail audit,
            TransactionTemplate tx,
            RequestsProperties properties,
            Registers registers,
            nl.waarborg.consent.ConsentLedger consentLedger,
            nl.waarborg.disclosures.Disclosures disclosures,
            nl.waarborg.disclosures.Transfers transfers,
            Clock clock) {
        this.disclosures = disclosures;
        this.transfers = transfers;
        this.registers = registers;
        this.consentLedger = consentLedger;
        this.desk = desk;
        this.holders = holders;
        this.stores = stores;
        this.directory = directory;
        this.consultations = consultations;
        this.overview = overview;
        this.packages = packages;
        this.audit = audit;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
    }

    /** What one place gave for the package. */
    public record Place(
            String store, String type, StoreResult.Status status, long items, String reference, String detail) {}

    /** One piece of data in the package, as the person gets it. */
    /** @param shielded the item holds one of the person's shielded numbers: the flag travels with it */
    record Entry(
            String store, DataStore.Kind kind, StoreResult.Item item, Map<String, Object> data, boolean shielded) {}

    /** A built package and what it holds, without the data. */
    public record Built(
            byte[] zip,
            List<Place> places,
            long items,
            int recordings,
            int unreadableRecordings,
            List<String> categories,
            int consultationDays) {
        /** Whether every place gave its part now (none pending with staff or another system, none failed). */
        public boolean complete() {
            return places.stream()
                    .allMatch(p -> p.status() == StoreResult.Status.DONE || p.status() == StoreResult.Status.SKIPPED);
        }
    }

    /** A prepared package, stored for the requester to download. */
    public record Prepared(UUID id, Instant expiresAt, long sizeBytes, Built built) {}

    /**
     * Builds the package of a verified request that asks for access or portability, without keeping it: for staff who
     * answer by post ({@code ./waarborg request package}). Every export is audited with the request as purpose.
     */
    public Built build(String reference) {
        DataSubjectRequest r = desk.show(reference);
        requireAccess(r);
        return build(r);
    }

    /**
     * Builds and keeps the package for the requester to download once the request is answered; the history records
     * what it holds. A new package replaces the previous one.
     */
    public Prepared prepare(String reference) {
        DataSubjectRequest r = desk.show(reference);
        requireAccess(r);
        if (!r.state().isOpen()) {
            throw new RequestsException(
                    Kind.CONFLICT, "state", "request " + reference + " is " + r.state() + ": nothing to prepare");
        }
        Built built = build(r);
        // Downloadable through the whole last day, in the requester's (Dutch) time.
        Instant expires = day(clock.instant())
                .plusDays(properties.packageDays() + 1L)
                .atStartOfDay(RequestDesk.AMSTERDAM)
                .toInstant();
        return tx.execute(status -> {
            PackageStore.Stored stored = packages.put(r.id(), built.zip(), expires);
            desk.carriedOut(
                    reference,
                    r.intake().rights().contains(RequestType.ACCESS) ? RequestType.ACCESS : RequestType.PORTABILITY,
                    summary(built, r.intake().language()));
            return new Prepared(stored.id(), stored.expiresAt(), stored.sizeBytes(), built);
        });
    }

    /**
     * The package of the request: for access everything with the overview and the consultations; for portability
     * alone (Art. 20) only what the register marks portable (data the person provided, on consent or contract), as
     * JSON and CSV for another provider's systems.
     */
    Built build(DataSubjectRequest r) {
        return build(r, !r.intake().rights().contains(RequestType.ACCESS));
    }

    /**
     * Art. 20(1)(a): only data processed on consent or a contract is portable, whatever a row's {@code portable}
     * says (the register check warns about such a row; this keeps it from going out).
     */
    static boolean portable(DataCategory row) {
        return row.portable()
                && (row.legalBasis() == nl.waarborg.register.LegalBasis.CONSENT
                        || row.legalBasis() == nl.waarborg.register.LegalBasis.CONTRACT);
    }

    Built build(DataSubjectRequest r, boolean portableOnly) {
        List<DataHolder> hs = holders.of(r);
        Set<String> own = Holders.ownNumbers(hs);
        Set<String> shielded = directory.shieldedNumbers(
                own,
                hs.stream()
                        .filter(DataHolder::registered)
                        .map(DataHolder::subjectId)
                        .toList());
        String purpose = Letters.reference(r);
        Map<String, DataStore.Kind> kinds = new LinkedHashMap<>();
        stores.stores().forEach(s -> kinds.put(s.name(), s.kind()));
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, Place> places = new LinkedHashMap<>();
        for (DataHolder holder : hs) {
            List<StoreResult> results = stores.exportAll(
                    holder,
                    DataStores.ALL,
                    (store, item) -> {
                        if (entries.size() >= MAX_ITEMS) {
                            return;
                        }
                        DataStore.Kind kind = kinds.getOrDefault(store, DataStore.Kind.EXTERNAL);
                        // A record linked to two matched subjects (both the person) is given once.
                        entries.putIfAbsent(
                                store + "\n" + item.key(),
                                new Entry(
                                        store,
                                        kind,
                                        item,
                                        Redaction.apply(kind, item.data(), own),
                                        Redaction.carriesShielded(item.data(), shielded)));
                    },
                    purpose);
            for (StoreResult res : results) {
                places.merge(
                        res.store(),
                        new Place(res.store(), res.type(), res.status(), res.affected(), res.reference(), res.detail()),
                        (a, b) -> new Place(
                                a.store(),
                                a.type(),
                                worse(a.status(), b.status()),
                                a.items() + b.items(),
                                a.reference() != null ? a.reference() : b.reference(),
                                a.detail() != null ? a.detail() : b.detail()));
            }
        }
        if (portableOnly) {
            Register register =
                    registers.current().map(RegisterVersion::register).orElse(null);
            entries.values()
                    .removeIf(e -> register == null
                            || AccessOverview.rowsFor(register, e.item().category()).stream()
                                    .noneMatch(AccessPackages::portable));
        }
        if (entries.size() >= MAX_ITEMS) {
            throw new RequestsException(
                    Kind.TOO_LARGE,
                    "reference",
                    "the package of request " + r.reference() + " would hold more than " + MAX_ITEMS
                            + " items; export the traffic data in periods from the subject page instead");
        }
        List<Consultations.Consultation> looked =
                r.subjects().isEmpty() || portableOnly ? List.of() : consultations.of(r);
        Locale locale = Locale.forLanguageTag(r.intake().language());
        Files files = Files.of(locale);
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
                ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            int[] recordings = {0, 0};
            Map<String, String> audioFiles = recordings(zip, files, entries.values(), purpose, recordings);
            Map<String, List<Entry>> byCategory = new LinkedHashMap<>();
            for (Entry e : entries.values()) {
                byCategory
                        .computeIfAbsent(
                                e.item().category() == null ? "-" : e.item().category(), k -> new ArrayList<>())
                        .add(e);
            }
            List<String> csvNames = new ArrayList<>();
            for (Map.Entry<String, List<Entry>> category : byCategory.entrySet()) {
                String name = files.dataFolder() + "/" + fileName(category.getKey()) + ".csv";
                csvNames.add(name);
                zip.putNextEntry(new ZipEntry(name));
                PackageCsv.write(category.getValue(), audioFiles, noClose(zip));
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry(files.json()));
            JSON.writeValue(
                    noClose(zip), json(r, places.values(), entries.values(), audioFiles, looked, own, shielded));
            zip.closeEntry();
            if (portableOnly) {
                zip.finish();
                return new Built(
                        bytes.toByteArray(),
                        List.copyOf(places.values()),
                        entries.size(),
                        recordings[0],
                        recordings[1],
                        List.copyOf(byCategory.keySet()),
                        0);
            }
            zip.putNextEntry(new ZipEntry(files.consultations()));
            PackageCsv.consultations(looked, noClose(zip));
            zip.closeEntry();
            List<nl.waarborg.consent.ConsentLedger.Recorded> consents = new ArrayList<>();
            for (DataHolder h : hs) {
                consents.addAll(consentLedger.history(h.identifiers()));
            }
            zip.putNextEntry(new ZipEntry(files.consents()));
            PackageCsv.consents(consents, noClose(zip));
            zip.closeEntry();
            // Authorities the data went to (Art. 15(1)(c)): only the disclosures the person may be told about by now.
            List<nl.waarborg.disclosures.Disclosure> told = new ArrayList<>();
            for (DataHolder h : hs) {
                if (h.registered()) {
                    told.addAll(disclosures.tellable(
                            h.subjectId(), day(clock.instant()), "access answer " + r.reference()));
                }
            }
            zip.putNextEntry(new ZipEntry(files.disclosures()));
            PackageCsv.disclosures(told, noClose(zip));
            zip.closeEntry();
            // The recipients the person's own data actually went to, as the sending systems reported it.
            List<nl.waarborg.disclosures.Transfers.Transfer> sent = new ArrayList<>();
            for (DataHolder h : hs) {
                if (h.registered()) {
                    sent.addAll(transfers.of(h.subjectId(), "access answer " + r.reference()));
                }
            }
            zip.putNextEntry(new ZipEntry(files.recipients()));
            PackageCsv.transfers(sent, noClose(zip));
            zip.closeEntry();
            List<String> fileList = new ArrayList<>();
            fileList.add(files.json());
            fileList.addAll(csvNames);
            fileList.add(files.consultations());
            fileList.add(files.consents());
            fileList.add(files.disclosures());
            fileList.add(files.recipients());
            fileList.addAll(new LinkedHashSet<>(audioFiles.values()));
            String html = overview.html(
                    r, locale, byCategory, new ArrayList<>(places.values()), looked, fileList, recordings[1]);
            zip.putNextEntry(new ZipEntry(files.overview() + ".html"));
            zip.write(html.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(files.overview() + ".pdf"));
            zip.write(LetterPdf.toPdf(html));
            zip.closeEntry();
            zip.finish();
            return new Built(
                    bytes.toByteArray(),
                    List.copyOf(places.values()),
                    entries.size(),
                    recordings[0],
                    recordings[1],
                    List.copyOf(byCategory.keySet()),
                    (int) looked.stream()
                            .map(Consultations.Consultation::day)
                            .distinct()
                            .count());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The audio of every recording in the package; answers the file each recording's key went to. */
    private Map<String, String> recordings(
            ZipOutputStream zip, Files files, java.util.Collection<Entry> entries, String purpose, int[] counts)
            throws IOException {
        Map<String, String> written = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e.kind() != DataStore.Kind.RECORDINGS) {
                continue;
            }
            UUID id;
            try {
                id = UUID.fromString(e.item().key());
            } catch (IllegalArgumentException notOurs) {
                continue;
            }
            ByteArrayOutputStream audio = new ByteArrayOutputStream();
            String extension;
            try {
                extension = directory.writeRecording(id, purpose, audio);
            } catch (RuntimeException | IOException unreadable) {
                // Damaged or missing: the overview says so, the rest of the package still goes.
                counts[1]++;
                continue;
            }
            String name = files.recordingsFolder() + "/" + id + extension;
            zip.putNextEntry(new ZipEntry(name));
            audio.writeTo(zip);
            zip.closeEntry();
            written.put(e.item().key(), name);
            counts[0]++;
        }
        return written;
    }

    private Map<String, Object> json(
            DataSubjectRequest r,
            java.util.Collection<Place> places,
            java.util.Collection<Entry> entries,
            Map<String, String> audioFiles,
            List<Consultations.Consultation> looked,
            Set<String> own,
            Set<String> shielded) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("request", r.reference());
        root.put("generatedAt", clock.instant().toString());
        root.put("language", r.intake().language());
        // The person's own numbers, each with its shielded flag: a provider taking the numbers over must keep a
        // shielded one out of its directories and caller display too.
        List<Map<String, Object>> numbers = new ArrayList<>();
        for (String number : new java.util.TreeSet<>(own)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("number", number);
            m.put("shielded", shielded.contains(number));
            numbers.add(m);
        }
        root.put("numbers", numbers);
        List<Map<String, Object>> placeList = new ArrayList<>();
        for (Place p : places) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("place", p.store());
            m.put("type", p.type());
            m.put("status", p.status().name());
            m.put("items", p.items());
            if (p.reference() != null) {
                m.put("reference", p.reference());
            }
            if (p.detail() != null) {
                m.put("detail", p.detail());
            }
            placeList.add(m);
        }
        root.put("places", placeList);
        List<Map<String, Object>> data = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("place", e.store());
            m.put("category", e.item().category());
            m.put("location", e.item().location());
            m.put("key", e.item().key());
            m.put(
                    "timestamp",
                    e.item().timestamp() == null ? null : e.item().timestamp().toString());
            m.put("shielded", e.shielded());
            m.put("data", PackageCsv.withAudio(e, audioFiles));
            data.add(m);
        }
        root.put("data", data);
        List<Map<String, Object>> days = new ArrayList<>();
        for (Consultations.Consultation c : looked) {
            days.add(Map.of("day", c.day().toString(), "purpose", c.purpose(), "times", c.times()));
        }
        root.put("consultations", days);
        return root;
    }

    /** The package of the request a download link leads to, opened for the requester; audited. */
    public record Download(String fileName, byte[] zip) {}

    /** A package ready for download: the last day it can be fetched and its size for people. */
    public record Available(LocalDate until, String size) {}

    /** The package the requester can download now, if any (answered requests only). */
    public Optional<Available> available(DataSubjectRequest r) {
        return r.state() == nl.waarborg.requests.RequestState.ANSWERED ? prepared(r) : Optional.empty();
    }

    /** The package prepared for the request, whether or not the requester can fetch it yet. */
    public Optional<Available> prepared(DataSubjectRequest r) {
        return packages.latest(r.id()).map(p -> new Available(lastDay(p.expiresAt()), size(p.sizeBytes())));
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return Math.max(1, (bytes + 1023) / 1024) + " kB";
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    public Optional<Download> download(DataSubjectRequest r) {
        if (r.state() != nl.waarborg.requests.RequestState.ANSWERED) {
            return Optional.empty();
        }
        return tx.execute(status -> packages.latest(r.id()).map(stored -> {
            byte[] zip = packages.open(stored);
            audit.record(AuditRecord.of(AuditAction.EXPORT, "request_package", stored.id())
                    .purpose(Letters.reference(r))
                    .detail("step", "download"));
            for (UUID subject : r.subjects()) {
                audit.record(AuditRecord.of(AuditAction.EXPORT, "request_package", stored.id())
                        .subject(subject)
                        .purpose(Letters.reference(r))
                        .detail("step", "download"));
            }
            String name = ("en".equals(r.intake().language()) ? "my-data-" : "mijn-gegevens-") + r.reference() + ".zip";
            return new Download(name, zip);
        }));
    }

    /** Deletes the packages whose link expired; the daily job calls it. */
    int purgeExpired() {
        return tx.execute(status -> packages.purgeExpired());
    }

    /** What the history and the answer say the package holds, in the requester's language. */
    static String summary(Built b, String language) {
        boolean en = "en".equals(language);
        StringBuilder s = new StringBuilder();
        s.append(en ? "Access package prepared: " : "Inzagepakket klaargezet: ")
                .append(b.items())
                .append(en ? " items" : " gegevens");
        if (b.recordings() > 0) {
            s.append(en ? ", " + b.recordings() + " call recordings" : ", " + b.recordings() + " gespreksopnames");
        }
        s.append(en ? ", consultations on " : ", raadplegingen op ")
                .append(b.consultationDays())
                .append(b.consultationDays() == 1 ? (en ? " day." : " dag.") : (en ? " days." : " dagen."));
        for (Place p : b.places()) {
            s.append('\n').append("- ").append(p.store()).append(": ");
            switch (p.status()) {
                case DONE -> s.append(p.items()).append(en ? " items" : " gegevens");
                case PENDING ->
                    s.append(en ? "still to come (" : "volgt nog (")
                            .append(p.reference())
                            .append(')');
                case FAILED ->
                    s.append(en ? "could not be read: " : "kon niet worden gelezen: ")
                            .append(p.detail());
                case SKIPPED ->
                    s.append(en ? "not searched: " : "niet doorzocht: ").append(p.detail());
            }
        }
        if (b.unreadableRecordings() > 0) {
            s.append('\n')
                    .append(
                            en
                                    ? b.unreadableRecordings() + " recordings could not be read and are missing."
                                    : b.unreadableRecordings() + " opnames konden niet worden gelezen en ontbreken.");
        }
        return s.toString();
    }

    private static void requireAccess(DataSubjectRequest r) {
        if (!r.intake().rights().contains(RequestType.ACCESS)
                && !r.intake().rights().contains(RequestType.PORTABILITY)) {
            throw new RequestsException(
                    Kind.CONFLICT,
                    "rights",
                    "request " + r.reference() + " does not ask for access or portability: no package to make");
        }
    }

    /** For a place asked once per matched subject: a failure outweighs a pending part, which outweighs done. */
    private static StoreResult.Status worse(StoreResult.Status a, StoreResult.Status b) {
        List<StoreResult.Status> rank = List.of(
                StoreResult.Status.SKIPPED,
                StoreResult.Status.DONE,
                StoreResult.Status.PENDING,
                StoreResult.Status.FAILED);
        return rank.indexOf(a) >= rank.indexOf(b) ? a : b;
    }

    /** A category key as a file name: letters, digits, dot, dash and underscore. */
    static String fileName(String category) {
        String name = category.replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() || name.startsWith(".") ? "_" + name : name;
    }

    private static Writer noClose(ZipOutputStream zip) {
        return new OutputStreamWriter(
                new java.io.FilterOutputStream(zip) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                },
                StandardCharsets.UTF_8);
    }

    /** The package's file names in the person's language. */
    record Files(
            String overview,
            String json,
            String dataFolder,
            String recordingsFolder,
            String consultations,
            String consents,
            String disclosures,
            String recipients) {
        static Files of(Locale locale) {
            return "en".equals(locale.getLanguage())
                    ? new Files(
                            "overview",
                            "data.json",
                            "data",
                            "recordings",
                            "consultations.csv",
                            "consents.csv",
                            "disclosures-to-authorities.csv",
                            "recipients.csv")
                    : new Files(
                            "overzicht",
                            "gegevens.json",
                            "gegevens",
                            "opnames",
                            "raadplegingen.csv",
                            "toestemmingen.csv",
                            "verstrekkingen-aan-autoriteiten.csv",
                            "ontvangers.csv");
        }
    }

    static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, RequestDesk.AMSTERDAM);
    }

    /** The last day a package that expires at {@code expiresAt} (a midnight) can be downloaded. */
    static LocalDate lastDay(Instant expiresAt) {
        return day(expiresAt.minusNanos(1));
    }
}
