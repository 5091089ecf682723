package nl.waarborg.traffic.internal;

import java.time.ZoneId;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Waarborg's JSON-lines format: one object per line with {@code start} (ISO-8601; without an offset read in the PBX
 * zone), {@code calling}, {@code called} and optionally {@code id}, {@code answer}, {@code end}, {@code duration},
 * {@code billsec}, {@code disposition}, {@code callerId}, {@code accountCode}, {@code context}, {@code channel},
 * {@code dstChannel}. See docs/traffic.md.
 */
final class JsonLinesCdrParser implements CdrLineParser {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ZoneId zone;
    private final CdrValues values = new CdrValues();

    JsonLinesCdrParser(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public CdrRow parse(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JacksonException e) {
            throw new MalformedCdrException("not a JSON object");
        }
        if (node == null || !node.isObject()) {
            throw new MalformedCdrException("not a JSON object");
        }
        var start = CdrValues.timestamp(text(node, "start"), zone, "start");
        if (start == null) {
            throw new MalformedCdrException("start is missing");
        }
        var answer = CdrValues.timestamp(text(node, "answer"), zone, "answer");
        var end = CdrValues.timestamp(text(node, "end"), zone, "end");
        Integer duration = CdrValues.durationOr(CdrValues.seconds(text(node, "duration"), "duration"), start, end);
        Integer billsec = CdrValues.billableOr(CdrValues.seconds(text(node, "billsec"), "billsec"), answer, end);
        String id = CdrValues.blankToNull(text(node, "id"));
        return new CdrRow(
                start,
                values.recordId(id != null ? "jsonl\u0000" + id : "jsonl\u0000#" + node),
                CdrValues.blankToNull(text(node, "calling")),
                CdrValues.blankToNull(text(node, "called")),
                CdrValues.blankToNull(text(node, "callerId")),
                CdrValues.blankToNull(text(node, "accountCode")),
                CdrValues.blankToNull(text(node, "context")),
                CdrValues.blankToNull(text(node, "channel")),
                CdrValues.blankToNull(text(node, "dstChannel")),
                answer,
                end,
                duration,
                billsec,
                CdrValues.blankToNull(text(node, "disposition")),
                id);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new MalformedCdrException(field + " must be a string or number");
        }
        return v.asString();
    }

    @Override
    public String variant() {
        return "jsonl";
    }
}
