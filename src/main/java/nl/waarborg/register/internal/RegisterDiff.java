package nl.waarborg.register.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import nl.waarborg.register.Register;
import nl.waarborg.register.Service;

/** Compares two registers item by item (by key) and field by field, on their canonical form. */
public final class RegisterDiff {

    private RegisterDiff() {}

    public static List<RegisterChange> between(Register before, Register after) {
        List<RegisterChange> changes = new ArrayList<>();
        if (before == null) {
            after.services().forEach(s -> changes.add(added("service", s.key())));
            after.categories().forEach(c -> changes.add(added("category", c.key())));
            after.recipients().forEach(r -> changes.add(added("recipient", r.key())));
            after.clients().forEach(c -> changes.add(added("client", c.key())));
            after.systems().forEach(x -> changes.add(added("system", x.key())));
            return changes;
        }
        compareFields(
                changes,
                "organisation",
                null,
                flatten(RegisterWriter.organisation(before.organisation())),
                flatten(RegisterWriter.organisation(after.organisation())));
        compareFields(changes, "rights", null, flatten(rights(before)), flatten(rights(after)));
        compareFields(changes, "promises", null, flatten(promises(before)), flatten(promises(after)));
        compareItems(changes, "service", services(before), services(after));
        compareItems(changes, "category", categories(before), categories(after));
        compareItems(
                changes,
                "recipient",
                keyed(before.recipients(), r -> r.key(), RegisterWriter::recipient),
                keyed(after.recipients(), r -> r.key(), RegisterWriter::recipient));
        compareItems(
                changes,
                "client",
                keyed(before.clients(), c -> c.key(), RegisterWriter::client),
                keyed(after.clients(), c -> c.key(), RegisterWriter::client));
        compareItems(
                changes,
                "system",
                keyed(before.systems(), x -> x.key(), RegisterWriter::system),
                keyed(after.systems(), x -> x.key(), RegisterWriter::system));
        return changes;
    }

    /** "3 categories added, 1 changed" — the default change summary. */
    public static String summary(List<RegisterChange> changes) {
        if (changes.isEmpty()) {
            return "no changes";
        }
        Map<String, Map<RegisterChange.Kind, Set<String>>> counts = new LinkedHashMap<>();
        for (RegisterChange change : changes) {
            counts.computeIfAbsent(change.scope(), s -> new LinkedHashMap<>())
                    .computeIfAbsent(change.kind(), k -> new LinkedHashSet<>())
                    .add(String.valueOf(change.key()));
        }
        return counts.entrySet().stream()
                .map(scope -> scope.getKey() + ": "
                        + scope.getValue().entrySet().stream()
                                .map(k -> k.getValue().size() + " "
                                        + k.getKey().name().toLowerCase())
                                .collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
    }

    private static Map<String, Object> rights(Register r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verification", r.rights().verification().key());
        if (r.rights().note() != null) {
            m.put("note", RegisterWriter.text(r.rights().note()));
        }
        m.put("portabilityTransmission", r.rights().portabilityTransmission());
        return m;
    }

    /** The promises as the writer writes them; empty when the register promises nothing. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> promises(Register r) {
        Object promises = RegisterWriter.tree(r).get("promises");
        return promises == null ? Map.of() : (Map<String, Object>) promises;
    }

    private static Map<String, Map<String, String>> services(Register r) {
        Map<String, Map<String, String>> items = new LinkedHashMap<>();
        for (Service s : r.services()) {
            Map<String, Object> tree = RegisterWriter.service(s);
            tree.remove("categories");
            items.put(s.key(), flatten(tree));
        }
        return items;
    }

    private static Map<String, Map<String, String>> categories(Register r) {
        Map<String, Map<String, String>> items = new LinkedHashMap<>();
        for (Service s : r.services()) {
            s.categories().forEach(c -> {
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("service", s.key());
                fields.putAll(flatten(RegisterWriter.category(c)));
                items.put(c.key(), fields);
            });
        }
        return items;
    }

    private static <T> Map<String, Map<String, String>> keyed(
            List<T> list, Function<T, String> key, Function<T, Map<String, Object>> tree) {
        Map<String, Map<String, String>> items = new LinkedHashMap<>();
        list.forEach(item -> items.put(key.apply(item), flatten(tree.apply(item))));
        return items;
    }

    private static void compareItems(
            List<RegisterChange> changes,
            String scope,
            Map<String, Map<String, String>> before,
            Map<String, Map<String, String>> after) {
        before.keySet().stream()
                .filter(k -> !after.containsKey(k))
                .forEach(k -> changes.add(new RegisterChange(RegisterChange.Kind.REMOVED, scope, k, null, null, null)));
        after.keySet().stream().filter(k -> !before.containsKey(k)).forEach(k -> changes.add(added(scope, k)));
        after.keySet().stream()
                .filter(before::containsKey)
                .forEach(k -> compareFields(changes, scope, k, before.get(k), after.get(k)));
    }

    private static void compareFields(
            List<RegisterChange> changes,
            String scope,
            String key,
            Map<String, String> before,
            Map<String, String> after) {
        Set<String> fields = new LinkedHashSet<>(before.keySet());
        fields.addAll(after.keySet());
        for (String field : fields) {
            String a = before.get(field);
            String b = after.get(field);
            if (!java.util.Objects.equals(a, b)) {
                RegisterChange.Kind kind = a == null
                        ? RegisterChange.Kind.ADDED
                        : b == null ? RegisterChange.Kind.REMOVED : RegisterChange.Kind.CHANGED;
                changes.add(new RegisterChange(kind, scope, key, field, a, b));
            }
        }
    }

    private static RegisterChange added(String scope, String key) {
        return new RegisterChange(RegisterChange.Kind.ADDED, scope, key, null, null, null);
    }

    /** Nested maps become dotted paths; lists of plain values one comma-separated value; lists of maps indexed. */
    static Map<String, String> flatten(Map<String, Object> tree) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", tree, flat);
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object value, Map<String, String> flat) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? k.toString() : prefix + "." + k, v, flat));
        } else if (value instanceof List<?> list) {
            if (list.stream().allMatch(v -> !(v instanceof Map) && !(v instanceof List))) {
                flat.put(prefix, list.stream().map(String::valueOf).collect(Collectors.joining(", ")));
            } else {
                for (int i = 0; i < list.size(); i++) {
                    flatten(prefix + "[" + i + "]", list.get(i), flat);
                }
            }
        } else if (value != null) {
            flat.put(prefix, value.toString());
        }
    }
}
