package dev.tunnelgate.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PromQL of a Grafana dashboard and the metric names it queries. Names are read the way PromQL reads them: an
 * identifier that is not a function or aggregation (followed by {@code (}), not a keyword, and not inside label
 * matchers ({@code {…}}), a range ({@code […]}), a string, or the label list of {@code by}, {@code without},
 * {@code on}, {@code ignoring}, {@code group_left} or {@code group_right}. Grafana variables ({@code $x},
 * {@code ${x}}) are skipped.
 */
final class DashboardQueries {
    private static final Set<String> LABEL_LISTS =
            Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "bool",
            "offset",
            "inf",
            "nan",
            "sum",
            "min",
            "max",
            "avg",
            "group",
            "stddev",
            "stdvar",
            "count",
            "count_values",
            "bottomk",
            "topk",
            "quantile",
            "limitk",
            "limit_ratio");
    private static final Pattern LABEL_VALUES =
            Pattern.compile("label_values\\((.*),\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*\\)");

    private DashboardQueries() {}

    /** Every query of the dashboard: the panels' expressions (rows' panels too) and the variables' queries. */
    static List<String> queries(Path dashboard) throws IOException {
        JsonNode root = JsonMapper.builder().build().readTree(Files.readString(dashboard));
        var queries = new ArrayList<String>();
        panels(root.path("panels"), queries);
        for (JsonNode variable : root.path("templating").path("list")) {
            if (variable.path("type").asString("").equals("query")) {
                var query = variable.path("query");
                var text = query.isObject() ? query.path("query").asString("") : query.asString("");
                var labelValues = LABEL_VALUES.matcher(text.strip());
                queries.add(labelValues.matches() ? labelValues.group(1) : text);
            }
        }
        return queries;
    }

    private static void panels(JsonNode panels, List<String> into) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                var expr = target.path("expr").asString("");
                if (!expr.isBlank()) {
                    into.add(expr);
                }
            }
            panels(panel.path("panels"), into);
        }
    }

    static Set<String> metricNames(Path dashboard) throws IOException {
        var names = new TreeSet<String>();
        for (var query : queries(dashboard)) {
            names.addAll(metricNames(query));
        }
        return names;
    }

    /** The metric names one PromQL expression selects. */
    static Set<String> metricNames(String expr) {
        var names = new TreeSet<String>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = afterString(expr, i);
            } else if (c == '{') {
                i = afterBlock(expr, i, '{', '}');
            } else if (c == '[') {
                i = afterBlock(expr, i, '[', ']');
            } else if (c == '$') {
                i++;
                if (i < n && expr.charAt(i) == '{') {
                    i = expr.indexOf('}', i) + 1;
                } else {
                    while (i < n && isIdentifierPart(expr.charAt(i))) {
                        i++;
                    }
                }
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
                // numbers, also 1e3 and durations such as 5m
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && isIdentifierPart(expr.charAt(i))) {
                    i++;
                }
                var word = expr.substring(start, i);
                int next = i;
                while (next < n && Character.isWhitespace(expr.charAt(next))) {
                    next++;
                }
                var lower = word.toLowerCase(Locale.ROOT);
                if (LABEL_LISTS.contains(lower)) {
                    if (next < n && expr.charAt(next) == '(') {
                        i = afterBlock(expr, next, '(', ')');
                    }
                } else if (KEYWORDS.contains(lower) || (next < n && expr.charAt(next) == '(')) {
                    // a keyword, or a function or aggregation: its arguments are read on
                } else {
                    names.add(word);
                }
            } else {
                i++;
            }
        }
        return names;
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }

    private static int afterString(String expr, int start) {
        char quote = expr.charAt(start);
        int i = start + 1;
        while (i < expr.length() && expr.charAt(i) != quote) {
            i += expr.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        if (i >= expr.length()) {
            throw new IllegalArgumentException("unterminated string in " + expr);
        }
        return i + 1;
    }

    private static int afterBlock(String expr, int start, char open, char close) {
        int depth = 0;
        int i = start;
        while (i < expr.length()) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = afterString(expr, i);
                continue;
            }
            if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        throw new IllegalArgumentException("unbalanced " + open + " in " + expr);
    }
}
