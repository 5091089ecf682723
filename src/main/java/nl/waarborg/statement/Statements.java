package nl.waarborg.statement;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.register.RegisterVersion;
import nl.waarborg.register.RegisterVersionApplied;
import nl.waarborg.register.Registers;
import nl.waarborg.register.RightsProcedure;
import nl.waarborg.statement.internal.StatementDocuments;
import nl.waarborg.statement.internal.StatementImporter;
import nl.waarborg.statement.internal.StatementPublisher;
import nl.waarborg.statement.internal.StatementRenderer;
import nl.waarborg.statement.internal.StatementStore;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The privacy statement: its versions, its renderings and the differences between versions. */
@Service
public class Statements {

    private final StatementStore store;
    private final StatementRenderer renderer;
    private final StatementPublisher publisher;
    private final Registers registers;
    private final Clock clock;
    private final AuditTrail audit;
    // Wording only changes with a new release, so the answer per version holds for the life of the process.
    private final Map<Integer, Boolean> reworded = new ConcurrentHashMap<>();
    private volatile long nextCatchUp;

    Statements(
            StatementStore store,
            StatementRenderer renderer,
            StatementPublisher publisher,
            Registers registers,
            Clock clock,
            AuditTrail audit) {
        this.audit = audit;
        this.store = store;
        this.renderer = renderer;
        this.publisher = publisher;
        this.registers = registers;
        this.clock = clock;
    }

    /** A rendered statement, ready to send. */
    public record Rendered(StatementVersion version, String lang, StatementFormat format, byte[] content) {
        public String fileName() {
            return "privacyverklaring-v" + version.number() + "-" + lang + "." + format.key();
        }

        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    /** One line of the difference between two versions: {@code -} removed, {@code +} added, space unchanged. */
    public record DiffLine(char kind, String text) {}

    /**
     * A stretch of changed lines with the unchanged lines around it.
     *
     * @param unchangedBefore how many unchanged lines are left out between the previous stretch (or the start) and this
     * @param unchangedAfter how many unchanged lines are left out after this stretch up to the end; 0 but for the last
     */
    public record DiffHunk(int unchangedBefore, List<DiffLine> lines, int unchangedAfter) {
        public DiffHunk {
            lines = List.copyOf(lines);
        }
    }

    /** All versions, newest first. */
    public List<StatementVersion> versions() {
        catchUpNowAndThen();
        return store.list();
    }

    /** The version readers see today: the newest that has taken effect. */
    public Optional<StatementVersion> inForce() {
        catchUpNowAndThen();
        return store.inForceOn(LocalDate.now(clock));
    }

    /**
     * A register change on this instance is published by a durable listener soon after its commit; the next read
     * catches up at once rather than wait for it. Another instance's changes are picked up here, at most once a
     * second, so a busy public page does not check the register on every request.
     */
    @EventListener
    void registerChanged(RegisterVersionApplied applied) {
        nextCatchUp = 0;
    }

    private void catchUpNowAndThen() {
        long now = clock.millis();
        if (now >= nextCatchUp) {
            nextCatchUp = now + 1000;
            publisher.catchUpInTransaction();
        }
    }

    public StatementVersion version(int number) {
        return store.find(number)
                .orElseThrow(() -> new StatementException(
                        Kind.NOT_FOUND, null, "statement version " + number + " does not exist"));
    }

    /** The statement version that a register version produced or kept. */
    @Transactional
    public StatementVersion forRegisterVersion(int registerVersion) {
        publisher.catchUp();
        return store.forRegisterVersion(registerVersion)
                .orElseThrow(() -> new StatementException(
                        Kind.NOT_FOUND,
                        null,
                        "a statement for register version " + registerVersion + " does not exist"));
    }

    /**
     * Renders a version; the one in force when {@code version} is null.
     *
     * @throws StatementException for an unknown language, format or version
     */
    public Rendered render(Integer version, String lang, String format) {
        if (!"nl".equals(lang) && !"en".equals(lang)) {
            throw new StatementException(Kind.INVALID, "lang", "lang must be nl or en");
        }
        StatementFormat f;
        try {
            f = StatementFormat.of(format);
        } catch (IllegalArgumentException e) {
            throw new StatementException(Kind.INVALID, "format", e.getMessage());
        }
        StatementVersion v = version == null
                ? inForce()
                        .orElseThrow(() -> new StatementException(
                                Kind.NOT_FOUND, null, "No statement is in force yet: no register has been applied"))
                : version(version);
        RegisterVersion rv = registers
                .version(v.registerVersion())
                .orElseThrow(() -> new StatementException(
                        Kind.NOT_FOUND, null, "register version " + v.registerVersion() + " does not exist"));
        return new Rendered(v, lang, f, renderer.render(v.number(), rv.register(), v.effectiveFrom(), lang, f));
    }

    /** Line differences of the Markdown text of two versions; unchanged lines are left out. */
    public List<DiffLine> diff(int from, int to, String lang) {
        return diff(from, to, lang, 0).stream().flatMap(h -> h.lines().stream()).toList();
    }

    /**
     * Line differences of the Markdown text of two versions, each stretch of changes with up to {@code context}
     * unchanged lines before and after it, so a reader sees where in the statement the change is.
     */
    public List<DiffHunk> diff(int from, int to, String lang, int context) {
        List<String> a = lines(render(from, lang, "md").text());
        List<String> b = lines(render(to, lang, "md").text());
        List<AbstractDelta<String>> deltas = DiffUtils.diff(a, b).getDeltas();
        List<DiffHunk> hunks = new ArrayList<>();
        List<DiffLine> current = null;
        int skipped = 0;
        int shown = 0; // lines of the old text up to here are in a hunk or counted as left out
        for (int i = 0; i < deltas.size(); i++) {
            AbstractDelta<String> delta = deltas.get(i);
            int start = delta.getSource().getPosition();
            int first = Math.max(shown, start - context);
            // Leaving out a single line would take as much room as showing it.
            if (context > 0 && first - shown <= 1) {
                first = shown;
            }
            if (current == null || first > shown) {
                if (current != null) {
                    hunks.add(new DiffHunk(skipped, current, 0));
                }
                skipped = first - shown;
                current = new ArrayList<>();
            }
            unchanged(a, first, start, current);
            for (String l : delta.getSource().getLines()) {
                current.add(new DiffLine('-', l));
            }
            for (String l : delta.getTarget().getLines()) {
                current.add(new DiffLine('+', l));
            }
            int end = start + delta.getSource().size();
            int next = i + 1 < deltas.size() ? deltas.get(i + 1).getSource().getPosition() : a.size();
            int until = Math.min(end + context, next);
            unchanged(a, end, until, current);
            shown = until;
        }
        if (current != null) {
            hunks.add(new DiffHunk(skipped, current, a.size() - shown));
        }
        return hunks;
    }

    private static void unchanged(List<String> lines, int from, int to, List<DiffLine> out) {
        lines.subList(from, to).forEach(l -> out.add(new DiffLine(' ', l)));
    }

    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\n")).filter(l -> !l.isBlank()).toList();
    }

    /** Whether the register in force asks every requester for an ID copy, which the statement refuses to repeat. */
    public boolean registerDemandsIdCopy() {
        return registers
                .current()
                .map(v -> v.register().rights().verification() == RightsProcedure.Verification.ID_COPY_ALWAYS)
                .orElse(false);
    }

    /** Whether the current wording of a version differs from the text it was published with. */
    public boolean reworded(StatementVersion v) {
        return reworded.computeIfAbsent(
                v.number(),
                n -> registers
                        .version(v.registerVersion())
                        .map(rv -> !renderer.contentHash(rv.register()).equals(v.contentHash()))
                        .orElse(false));
    }

    /** What an import found: the register draft, the warnings and the facts read from the text. */
    public record Imported(
            String yaml,
            List<ImportWarning> warnings,
            LocalDate lastUpdated,
            String legalName,
            int services,
            int categories,
            String tableForm,
            String format) {}

    /** The most an imported document may weigh: a Word document or PDF with pictures and fonts. */
    public static final int MAX_IMPORT_BYTES = 20 * 1024 * 1024;

    /** A cell or fact the import could not read as it stands; {@code line} is 0 for the whole file. */
    public record ImportWarning(int line, String field, String message) {}

    /**
     * Reads an existing statement into a register draft. Nothing is stored; the import itself is audited with a hash
     * of the file, never its content.
     *
     * @throws StatementException when the file is empty or not text
     */
    @Transactional
    public Imported importStatement(byte[] file) {
        if (file == null || file.length == 0) {
            throw new StatementException(Kind.INVALID, "file", "the file is empty");
        }
        if (file.length > MAX_IMPORT_BYTES) {
            throw new StatementException(Kind.INVALID, "file", "the file is larger than 20 MB");
        }
        StatementDocuments.Format format = StatementDocuments.detect(file);
        StatementDocuments.Converted converted;
        if (format == StatementDocuments.Format.DOCX || format == StatementDocuments.Format.PDF) {
            converted = StatementDocuments.binary(file);
        } else {
            if (file.length > StatementDocuments.MAX_TEXT) {
                throw new StatementException(Kind.INVALID, "file", "the text is larger than 2 MB");
            }
            nl.waarborg.errors.StrictUtf8.Decoded decoded = nl.waarborg.errors.StrictUtf8.decode(file);
            if (!decoded.valid()) {
                // Where, so that the person can find it in their editor; never the bytes around it.
                var at = decoded.invalid();
                throw new StatementException(
                        Kind.INVALID,
                        "file",
                        at.utf16()
                                ? "the file is UTF-16 text, not UTF-8; save it as UTF-8"
                                : "the file is not UTF-8 text: an invalid byte at byte offset " + at.offset()
                                        + " (line " + at.line() + ", column " + at.column()
                                        + "); save it as UTF-8, or import the Word document or PDF itself");
            }
            StatementDocuments.refuseControlCharacters(decoded.text());
            converted = format == StatementDocuments.Format.HTML
                    ? StatementDocuments.html(decoded.text())
                    : new StatementDocuments.Converted(format, decoded.text(), List.of());
        }
        String text = converted.text();
        if (text.isBlank()) {
            throw new StatementException(Kind.INVALID, "file", "the file is empty");
        }
        StatementImporter.Result r =
                StatementImporter.read(text, converted.format() == StatementDocuments.Format.PDF ? "pdf" : "text");
        if (r.categories() == 0) {
            // Nothing to start a register from: the wrong file, most likely, rather than a statement without data.
            throw new StatementException(
                    Kind.INVALID,
                    "file",
                    "no processing of personal data found in the file: it has no table or section that says which data"
                            + " is kept, why and how long; import the privacy statement itself, as Word, PDF, HTML,"
                            + " Markdown or text");
        }
        audit.record(AuditRecord.of(AuditAction.CREATE, "register_draft", sha256(file))
                .purpose("statement import")
                .detail("warnings", Integer.toString(r.warnings().size()))
                .detail("categories", Integer.toString(r.categories())));
        List<ImportWarning> warnings = new java.util.ArrayList<>();
        converted.notes().forEach(n -> warnings.add(new ImportWarning(0, "file", n)));
        r.warnings().forEach(w -> warnings.add(new ImportWarning(w.line(), w.field(), w.message())));
        return new Imported(
                r.yaml(),
                warnings,
                r.lastUpdated(),
                r.legalName(),
                r.services(),
                r.categories(),
                r.tableForm(),
                converted.format().name().toLowerCase(java.util.Locale.ROOT));
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
