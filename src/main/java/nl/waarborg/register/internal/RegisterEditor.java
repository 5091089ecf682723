package nl.waarborg.register.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import nl.waarborg.audit.Actor;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.audit.CurrentActor;
import nl.waarborg.documents.Spreadsheets;
import nl.waarborg.documents.Table;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.ClientOrganisation;
import nl.waarborg.register.Register;
import nl.waarborg.register.RegisterException;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.RegisterVersionApplied;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Applies, compares, checks and exports register versions; used by the API, the console and the demo. */
@Service
public class RegisterEditor {

    static final String TARGET = "register_version";
    private static final Logger log = LoggerFactory.getLogger(RegisterEditor.class);

    private final RegisterStore store;
    private final AuditTrail audit;
    private final CurrentActor actor;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RegisterEditor(
            RegisterStore store, AuditTrail audit, CurrentActor actor, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.actor = actor;
        this.events = events;
        this.clock = clock;
    }

    /** The outcome of an apply: a new version, or the current one when nothing changed. */
    public record ApplyResult(boolean created, VersionSummary version, List<RegisterChange> changes) {}

    /**
     * Reads the whole file first and stores a new version only if it is valid and differs from the current one.
     *
     * @param summary the change summary; generated from the differences when blank
     * @param inForceFrom when the version takes effect; today when null
     * @throws InvalidRegisterException with every error in the file; nothing is stored then
     */
    @Transactional
    public ApplyResult apply(String yaml, String summary, LocalDate inForceFrom) {
        return apply(yaml, summary, inForceFrom, actor.current());
    }

    /**
     * As {@link #apply(String, String, LocalDate)}, accepting the check's error findings with a reason: without one a
     * register with error findings is refused, since the statement would publish what the law does not allow.
     *
     * @param acceptFindings why the version is applied although the check found errors; null or blank to refuse then
     */
    @Transactional
    public ApplyResult apply(String yaml, String summary, LocalDate inForceFrom, String acceptFindings) {
        return apply(yaml, summary, inForceFrom, actor.current(), acceptFindings);
    }

    /** As {@link #apply(String, String, LocalDate)}, on behalf of a given actor (the demo loader, a job). */
    @Transactional
    public ApplyResult apply(String yaml, String summary, LocalDate inForceFrom, Actor who) {
        return apply(yaml, summary, inForceFrom, who, null);
    }

    private ApplyResult apply(String yaml, String summary, LocalDate inForceFrom, Actor who, String acceptFindings) {
        Register register = RegisterReader.read(yaml);
        if (summary != null && summary.length() > 500) {
            throw new RegisterException(Kind.INVALID, "summary", "the change summary has at most 500 characters");
        }
        String reason = acceptFindings == null || acceptFindings.isBlank() ? null : acceptFindings.strip();
        if (reason != null && reason.length() < 10) {
            // "false" or "1" from a form or a script is no reason; a reason says why, in a few words.
            throw new RegisterException(
                    Kind.INVALID,
                    "acceptFindings",
                    "acceptFindings is the reason the findings are accepted, in at least 10 characters; leave it out to"
                            + " be refused while the check finds errors");
        }
        if (reason != null && reason.length() > 1000) {
            throw new RegisterException(
                    Kind.INVALID, "acceptFindings", "the reason for accepting findings has at most 1000 characters");
        }
        store.lock();
        var current = store.current();
        String hash = RegisterWriter.hash(register);
        if (current.isPresent() && current.get().contentHash().equals(hash)) {
            return new ApplyResult(false, store.latest().orElseThrow(), List.of());
        }
        List<String> errors = RegisterChecks.check(register).stream()
                .filter(f -> f.severity() == Finding.Severity.ERROR)
                .map(f -> f.rule() + (f.category() == null ? "" : "@" + f.category()))
                .distinct()
                .toList();
        if (!errors.isEmpty() && reason == null) {
            throw new UnacceptedFindingsException(errors);
        }
        LocalDate from = inForceFrom == null ? LocalDate.now(clock) : inForceFrom;
        if (current.isPresent() && from.isBefore(current.get().inForceFrom())) {
            throw new RegisterException(
                    Kind.INVALID,
                    "inForceFrom",
                    "must not be before " + current.get().inForceFrom() + ", when version "
                            + current.get().number() + " took effect");
        }
        List<RegisterChange> changes =
                RegisterDiff.between(current.map(RegisterVersion::register).orElse(null), register);
        String text = summary != null && !summary.isBlank()
                ? summary.strip()
                : current.isEmpty()
                        ? "First version: " + register.services().size() + " services, "
                                + register.categories().count() + " categories"
                        : RegisterDiff.summary(changes);
        VersionSummary version = new VersionSummary(
                current.map(v -> v.number() + 1).orElse(1),
                clock.instant(),
                who.reference(),
                text,
                from,
                hash,
                (int) register.categories().count(),
                errors.isEmpty() ? null : reason,
                errors);
        store.insert(version, RegisterWriter.canonicalJson(register));
        audit.record(AuditRecord.of(AuditAction.CREATE, TARGET, version.number())
                .by(who)
                .detail("hash", hash)
                .detail("changes", Integer.toString(changes.size()))
                .detail("acceptedFindings", Integer.toString(errors.size())));
        events.publishEvent(new RegisterVersionApplied(version.number(), from, hash, version.appliedAt()));
        log.info("Register version {} applied with {} changes", version.number(), changes.size());
        return new ApplyResult(true, version, changes);
    }

    public List<VersionSummary> versions() {
        return store.list();
    }

    public RegisterVersion version(Integer number) {
        if (number == null) {
            return store.current()
                    .orElseThrow(() ->
                            new RegisterException(Kind.NOT_FOUND, null, "No register version has been applied yet"));
        }
        return store.find(number)
                .orElseThrow(() ->
                        new RegisterException(Kind.NOT_FOUND, null, "register version " + number + " does not exist"));
    }

    public List<RegisterChange> diff(int from, int to) {
        return RegisterDiff.between(version(from).register(), version(to).register());
    }

    public List<Finding> check(Integer number) {
        return RegisterChecks.check(version(number).register(), LocalDate.now(clock));
    }

    /** Checks a file without applying it. */
    public List<Finding> checkFile(String yaml) {
        return RegisterChecks.check(RegisterReader.read(yaml), LocalDate.now(clock));
    }

    /** A document to download. */
    public record Export(byte[] content, String contentType, String fileName) {}

    /** The register in one of the formats; audited, since an export leaves Waarborg. */
    @Transactional
    public Export export(String format, Integer number) {
        RegisterVersion version = version(number);
        String base = "register-v" + version.number();
        Export export = switch (format == null ? "yaml" : format) {
            case "yaml" ->
                new Export(
                        RegisterWriter.yaml(version.register()).getBytes(StandardCharsets.UTF_8),
                        "application/yaml",
                        base + ".yaml");
            case "json" ->
                new Export(
                        RegisterWriter.prettyJson(version.register()).getBytes(StandardCharsets.UTF_8),
                        "application/json",
                        base + ".json");
            case "csv" ->
                new Export(
                        Spreadsheets.csv(RegisterTables.register(version)), "text/csv; charset=utf-8", base + ".csv");
            case "xlsx" ->
                new Export(
                        Spreadsheets.xlsx(List.of(
                                RegisterTables.register(version),
                                RegisterTables.recipients(version, Locale.forLanguageTag("nl")),
                                RegisterTables.controllerRecord(version, Locale.forLanguageTag("nl")))),
                        XLSX,
                        base + ".xlsx");
            default -> throw new RegisterException(Kind.INVALID, "format", "format must be yaml, json, csv or xlsx");
        };
        audit.record(
                AuditRecord.of(AuditAction.EXPORT, TARGET, version.number()).detail("format", format));
        return export;
    }

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /**
     * The Art. 30(1) record ({@code client} null and {@code processor} false) or the Art. 30(2) record for a client
     * organisation, as a table.
     */
    public Table record(boolean processor, String client, Integer number, Locale locale) {
        return record(processor, client, version(number), locale);
    }

    private Table record(boolean processor, String client, RegisterVersion version, Locale locale) {
        if (!processor) {
            return RegisterTables.controllerRecord(version, locale);
        }
        ClientOrganisation organisation = null;
        if (client != null && !client.isBlank()) {
            organisation = version.register().clients().stream()
                    .filter(c -> c.key().equals(client))
                    .findFirst()
                    .orElseThrow(() -> new RegisterException(
                            Kind.NOT_FOUND, null, "client organisation " + client + " does not exist"));
        }
        return RegisterTables.processorRecord(version, organisation, locale);
    }

    /** A record as CSV or XLSX; audited like every export. */
    @Transactional
    public Export exportRecord(boolean processor, String client, Integer number, String format, Locale locale) {
        // One lookup: the audit entry must name the version that was exported, even if a new one lands meanwhile.
        RegisterVersion version = version(number);
        Table table = record(processor, client, version, locale);
        String name = processor ? "art30-2" + (client == null || client.isBlank() ? "" : "-" + client) : "art30-1";
        Export export = switch (format == null ? "xlsx" : format) {
            case "csv" -> new Export(Spreadsheets.csv(table), "text/csv; charset=utf-8", name + ".csv");
            case "xlsx" -> new Export(Spreadsheets.xlsx(List.of(table)), XLSX, name + ".xlsx");
            default -> throw new RegisterException(Kind.INVALID, "format", "format must be csv or xlsx");
        };
        audit.record(AuditRecord.of(AuditAction.EXPORT, TARGET, version.number())
                .detail("record", processor ? "art30-2" : "art30-1")
                .detail("format", format == null ? "xlsx" : format));
        return export;
    }
}
