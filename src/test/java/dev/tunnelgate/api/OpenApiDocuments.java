package dev.tunnelgate.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAPI documents made comparable: keys sorted at every level, pretty-printed, without the parts that depend on
 * where the portal runs ({@code servers}: its address and port). And a difference worth reading: which operations and
 * schemas were added, removed or changed, then the first lines that differ.
 */
final class OpenApiDocuments {
    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch");

    private OpenApiDocuments() {}

    static JsonNode parse(String json) {
        return JSON.readTree(json);
    }

    /** The document as docs/openapi.json holds it. */
    static String normalized(JsonNode document) {
        var copy = (ObjectNode) sorted(document);
        copy.remove("servers");
        return JSON.writeValueAsString(copy) + "\n";
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            var result = JsonNodeFactory.instance.objectNode();
            new TreeSet<>(node.propertyNames()).forEach(name -> result.set(name, sorted(node.get(name))));
            return result;
        }
        if (node.isArray()) {
            ArrayNode result = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> result.add(sorted(element)));
            return result;
        }
        return node;
    }

    /** A path as the document names it: {@code /x/{id:[0-9]+}} is {@code /x/{id}}. */
    static String withoutPatterns(String pattern) {
        var path = new StringBuilder();
        int depth = 0;
        boolean skipping = false;
        for (char c : pattern.toCharArray()) {
            if (c == '{') {
                depth++;
                if (depth == 1) {
                    path.append(c);
                    continue;
                }
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    skipping = false;
                    path.append(c);
                    continue;
                }
            } else if (c == ':' && depth == 1) {
                skipping = true;
            }
            if (!skipping) {
                path.append(c);
            }
        }
        return path.toString();
    }

    /** What changed from {@code expected} to {@code actual} (both normalized), for a failure message. */
    static String difference(String expected, String actual) {
        var before = parse(expected);
        var after = parse(actual);
        var report = new StringBuilder();
        compare(report, "operation", operations(before), operations(after));
        compare(
                report,
                "schema",
                children(before.at("/components/schemas")),
                children(after.at("/components/schemas")));
        var others = new TreeSet<String>();
        before.propertyNames().forEach(others::add);
        after.propertyNames().forEach(others::add);
        for (var key : others) {
            if (!key.equals("paths") && !key.equals("components") && !Objects.equals(before.get(key), after.get(key))) {
                report.append("  changed: ").append(key).append('\n');
            }
        }
        var beforeComponents = before.path("components").deepCopy();
        var afterComponents = after.path("components").deepCopy();
        if (beforeComponents instanceof ObjectNode b && afterComponents instanceof ObjectNode a) {
            b.remove("schemas");
            a.remove("schemas");
            if (!a.equals(b)) {
                report.append("  changed: components other than schemas\n");
            }
        }
        return "In docs/openapi.json → as the portal publishes it:\n" + report + firstDifferingLines(expected, actual);
    }

    private static void compare(
            StringBuilder report, String kind, Map<String, JsonNode> before, Map<String, JsonNode> after) {
        var names = new TreeSet<String>(before.keySet());
        names.addAll(after.keySet());
        for (var name : names) {
            var was = before.get(name);
            var is = after.get(name);
            if (was == null) {
                report.append("  added ").append(kind).append(": ").append(name).append('\n');
            } else if (is == null) {
                report.append("  removed ")
                        .append(kind)
                        .append(": ")
                        .append(name)
                        .append('\n');
            } else if (!was.equals(is)) {
                report.append("  changed ")
                        .append(kind)
                        .append(": ")
                        .append(name)
                        .append('\n');
            }
        }
    }

    private static Map<String, JsonNode> operations(JsonNode document) {
        var result = new TreeMap<String, JsonNode>();
        var paths = document.path("paths");
        for (var path : paths.propertyNames()) {
            for (var method : METHODS) {
                var operation = paths.get(path).get(method);
                if (operation != null) {
                    result.put(method.toUpperCase(java.util.Locale.ROOT) + " " + path, operation);
                }
            }
        }
        return result;
    }

    private static Map<String, JsonNode> children(JsonNode node) {
        var result = new TreeMap<String, JsonNode>();
        if (node.isObject()) {
            node.propertyNames().forEach(name -> result.put(name, node.get(name)));
        }
        return result;
    }

    private static String firstDifferingLines(String expected, String actual) {
        var was = expected.split("\n", -1);
        var is = actual.split("\n", -1);
        int first = 0;
        while (first < was.length && first < is.length && was[first].equals(is[first])) {
            first++;
        }
        var lines = new ArrayList<String>();
        lines.add("First difference at line " + (first + 1) + ":");
        for (int i = Math.max(0, first - 3); i < Math.min(was.length, first + 8); i++) {
            lines.add((i < first ? "   " : "-  ") + was[i]);
        }
        for (int i = first; i < Math.min(is.length, first + 8); i++) {
            lines.add("+  " + is[i]);
        }
        return String.join("\n", lines);
    }
}
