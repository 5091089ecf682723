package nl.waarborg.traffic.internal;

import java.time.ZoneId;
import java.util.Set;
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
    private static final Set<String> FIELDS = Set.of(
            "id",
            "start",
            "calling",
            "called",
            "answer",
            "end",
            "duration",
            "billsec",
            "disposition",
            "callerId",
            "accountCode",
            "context",
            "channel",
            "dstChannel");
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
            throw new MalformedCdrException(
                    CdrValues.wellFormed(line) ? "not a JSON object" : "not a JSON object (and not valid UTF-8)");
        }
        if (node == null || !node.isObject()) {
            throw new MalformedCdrException(
                    CdrValues.wellFormed(line) ? "not a JSON object" : "not a JSON object (and not valid UTF-8)");
        }
        if (!CdrValues.wellFormed(line)) {
            throw new MalformedCdrException(notUtf8(node));
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
        if (CdrValues.blankToNull(text(node, "calling")) == null
                && CdrValues.blankToNull(text(node, "called")) == null) {
            // Stored, it could never be found for the person it is about, nor deleted on their request.
            throw new MalformedCdrException(
                    "calling and called are both missing: a call without a number is of no one");
        }
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
        String text = v.asString();
        CdrValues.checkText(text, field, FieldLayout.MAX_VALUE_CHARS);
        return text;
    }

    /**
     * Names the field with the bytes that were not UTF-8 (or a JSON escape of a lone surrogate). Only names Waarborg
     * reads are repeated: any other name is the file's content and may be personal data.
     */
    private static String notUtf8(JsonNode node) {
        for (var property : node.properties()) {
            if (!CdrValues.wellFormed(property.getKey())) {
                return "a field name is not valid UTF-8";
            }
            if (!wellFormed(property.getValue())) {
                return (FIELDS.contains(property.getKey()) ? property.getKey() : "a field Waarborg does not read")
                        + " is not valid UTF-8";
            }
        }
        return "not valid UTF-8";
    }

    private static boolean wellFormed(JsonNode value) {
        if (value.isObject()) {
            for (var property : value.properties()) {
                if (!CdrValues.wellFormed(property.getKey()) || !wellFormed(property.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (!wellFormed(element)) {
                    return false;
                }
            }
            return true;
        }
        return CdrValues.wellFormed(value.asString());
    }

    @Override
    public String variant() {
        return "jsonl";
    }
}
