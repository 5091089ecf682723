package nl.waarborg.traffic.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where each part of a call sits in a CSV-style CDR line, by the field names the PBX uses. One class for Asterisk
 * ({@code cdr_csv} and {@code cdr_custom}), FreeSWITCH and 3CX, which differ only in order and naming.
 */
final class FieldLayout {

    /** Asterisk {@code cdr_csv}: 16 fixed columns, then the optional ones in this order. */
    static final List<String> ASTERISK_CSV = List.of(
            "accountcode",
            "src",
            "dst",
            "dcontext",
            "clid",
            "channel",
            "dstchannel",
            "lastapp",
            "lastdata",
            "start",
            "answer",
            "end",
            "duration",
            "billsec",
            "disposition",
            "amaflags",
            "uniqueid",
            "userfield",
            "peeraccount",
            "linkedid",
            "sequence");

    /** FreeSWITCH {@code mod_cdr_csv}'s default ("example") template. */
    static final List<String> FREESWITCH_DEFAULT = List.of(
            "caller_id_name",
            "caller_id_number",
            "destination_number",
            "context",
            "start_stamp",
            "answer_stamp",
            "end_stamp",
            "duration",
            "billsec",
            "hangup_cause",
            "uuid",
            "bleg_uuid",
            "accountcode",
            "read_codec",
            "write_codec");

    private static final Map<String, String> ROLES = Map.ofEntries(
            Map.entry("start", "start"),
            Map.entry("start_stamp", "start"),
            Map.entry("time-start", "start"),
            Map.entry("answer", "answer"),
            Map.entry("answer_stamp", "answer"),
            Map.entry("time-answered", "answer"),
            Map.entry("end", "end"),
            Map.entry("end_stamp", "end"),
            Map.entry("time-end", "end"),
            Map.entry("duration", "duration"),
            Map.entry("billsec", "billsec"),
            Map.entry("disposition", "disposition"),
            Map.entry("hangup_cause", "disposition"),
            Map.entry("reason-terminated", "disposition"),
            Map.entry("src", "calling"),
            Map.entry("caller_id_number", "calling"),
            Map.entry("from-no", "calling"),
            Map.entry("dst", "called"),
            Map.entry("destination_number", "called"),
            Map.entry("to-no", "called"),
            Map.entry("clid", "callerid"),
            Map.entry("caller_id_name", "callerid"),
            Map.entry("from-dispname", "callerid"),
            Map.entry("accountcode", "account"),
            Map.entry("bill-code", "account"),
            Map.entry("dcontext", "context"),
            Map.entry("context", "context"),
            Map.entry("channel", "channel"),
            Map.entry("dstchannel", "dstchannel"),
            Map.entry("uniqueid", "uniqueid"),
            Map.entry("uuid", "uniqueid"),
            Map.entry("historyid", "uniqueid"),
            Map.entry("sequence", "sequence"));

    /**
     * Longest value of a field Waarborg reads or stores. Asterisk's CDR fields hold at most 256 characters
     * (userfield; numbers and channels far less), so a longer one is a broken line, not a call.
     */
    static final int MAX_VALUE_CHARS = 256;
    /** Longest value of a field that is only passed over (lastdata, 3CX's chain); the line's limit bounds the rest. */
    static final int MAX_OTHER_CHARS = 4096;

    final String name;
    final List<String> fieldNames;
    private final int[] maxChars;
    final int minFields;
    final int maxFields;
    final ZoneId zone;
    final int start;
    final int answer;
    final int end;
    final int duration;
    final int billsec;
    final int disposition;
    final int calling;
    final int called;
    final int callerId;
    final int account;
    final int context;
    final int channel;
    final int dstChannel;
    final int uniqueId;
    final int sequence;

    FieldLayout(String name, List<String> fields, int minFields, ZoneId zone) {
        this.name = name;
        this.minFields = minFields;
        this.maxFields = fields.size();
        this.zone = zone;
        List<String> roles = fields.stream()
                .map(f -> ROLES.getOrDefault(f.strip().toLowerCase(Locale.ROOT), ""))
                .toList();
        this.start = roles.indexOf("start");
        if (start < 0) {
            throw new IllegalArgumentException(name + ": the field order has no start time");
        }
        this.answer = roles.indexOf("answer");
        this.end = roles.indexOf("end");
        this.duration = roles.indexOf("duration");
        this.billsec = roles.indexOf("billsec");
        this.disposition = roles.indexOf("disposition");
        this.calling = roles.indexOf("calling");
        this.called = roles.indexOf("called");
        this.callerId = roles.indexOf("callerid");
        this.account = roles.indexOf("account");
        this.context = roles.indexOf("context");
        this.channel = roles.indexOf("channel");
        this.dstChannel = roles.indexOf("dstchannel");
        this.uniqueId = roles.indexOf("uniqueid");
        this.sequence = roles.indexOf("sequence");
        this.fieldNames = fields.stream().map(String::strip).toList();
        this.maxChars = roles.stream()
                .mapToInt(r -> r.isEmpty() ? MAX_OTHER_CHARS : MAX_VALUE_CHARS)
                .toArray();
    }

    /** Whether a line with {@code n} fields has the count of this layout. */
    boolean counts(int n) {
        return n >= minFields && n <= maxFields;
    }

    /** The count this layout expects, for a reason: "16 to 21" or "19". */
    String expected() {
        return minFields == maxFields ? Integer.toString(maxFields) : minFields + " to " + maxFields;
    }

    /** Whether the line's fields fit this layout well enough to decide a file's variant on it. */
    boolean fits(List<String> f) {
        if (!counts(f.size())) {
            return false;
        }
        try {
            if (CdrValues.timestamp(get(f, start), zone, "start") == null) {
                return false;
            }
            CdrValues.timestamp(get(f, end), zone, "end");
            CdrValues.timestamp(get(f, answer), zone, "answer");
            CdrValues.seconds(get(f, duration), "duration");
            CdrValues.seconds(get(f, billsec), "billsec");
            return true;
        } catch (MalformedCdrException e) {
            return false;
        }
    }

    CdrRow toRow(List<String> f, String line, String format, CdrValues values) {
        if (!counts(f.size())) {
            throw new MalformedCdrException("expected " + expected() + " fields, found " + f.size());
        }
        for (int i = 0; i < f.size(); i++) {
            CdrValues.checkText(f.get(i), fieldNames.get(i), maxChars[i]);
        }
        Instant start = CdrValues.timestamp(get(f, this.start), zone, "start");
        if (start == null) {
            throw new MalformedCdrException("start is missing");
        }
        Instant answer = CdrValues.timestamp(get(f, this.answer), zone, "answer");
        Instant end = CdrValues.timestamp(get(f, this.end), zone, "end");
        Integer duration = CdrValues.durationOr(CdrValues.seconds(get(f, this.duration), "duration"), start, end);
        Integer billsec = CdrValues.billableOr(CdrValues.seconds(get(f, this.billsec), "billsec"), answer, end);
        String uniqueId = CdrValues.blankToNull(get(f, this.uniqueId));
        String sequence = CdrValues.blankToNull(get(f, this.sequence));
        // The source's own id makes a re-export with other optional columns still a duplicate; without one, the
        // line's content is the identity.
        String identity = uniqueId != null
                ? format + '\u0000' + uniqueId + '\u0000' + (sequence == null ? "" : sequence)
                : format + "\u0000#" + line;
        return new CdrRow(
                start,
                values.recordId(identity),
                CdrValues.blankToNull(get(f, calling)),
                CdrValues.blankToNull(get(f, called)),
                CdrValues.blankToNull(get(f, callerId)),
                CdrValues.blankToNull(get(f, account)),
                CdrValues.blankToNull(get(f, context)),
                CdrValues.blankToNull(get(f, channel)),
                CdrValues.blankToNull(get(f, dstChannel)),
                answer,
                end,
                duration,
                billsec,
                CdrValues.blankToNull(get(f, disposition)),
                uniqueId);
    }

    private static String get(List<String> f, int index) {
        return index >= 0 && index < f.size() ? f.get(index) : null;
    }
}
