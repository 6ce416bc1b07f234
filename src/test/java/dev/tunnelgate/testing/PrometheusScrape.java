package dev.tunnelgate.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Prometheus text exposition (format 0.0.4) read back strictly, as Prometheus reads it: a line that is not a comment,
 * a {@code # HELP}/{@code # TYPE} line or a well-formed sample fails the parse, naming the line.
 */
public final class PrometheusScrape {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples;
    private final Map<String, String> types;

    private PrometheusScrape(List<Sample> samples, Map<String, String> types) {
        this.samples = List.copyOf(samples);
        this.types = Map.copyOf(types);
    }

    public static PrometheusScrape parse(String text) {
        var samples = new ArrayList<Sample>();
        var types = new LinkedHashMap<String, String>();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            try {
                if (line.startsWith("# TYPE ")) {
                    var parts = line.substring("# TYPE ".length()).split(" ");
                    if (parts.length != 2 || !NAME.matcher(parts[0]).matches() || !TYPES.contains(parts[1])) {
                        throw new IllegalArgumentException("bad TYPE line");
                    }
                    if (types.put(parts[0], parts[1]) != null) {
                        throw new IllegalArgumentException("a second TYPE for " + parts[0]);
                    }
                } else if (line.startsWith("# HELP ")) {
                    var name = line.substring("# HELP ".length()).split(" ", 2)[0];
                    if (!NAME.matcher(name).matches()) {
                        throw new IllegalArgumentException("bad HELP line");
                    }
                } else if (!line.startsWith("#")) {
                    samples.add(sample(line));
                }
            } catch (RuntimeException e) {
                throw new AssertionError(
                        "line " + number + " is not valid exposition (" + e.getMessage() + "): " + line);
            }
        }
        return new PrometheusScrape(samples, types);
    }

    private static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        var name = line.substring(0, i);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad metric name");
        }
        var labels = new LinkedHashMap<String, String>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                var label = line.substring(i, eq);
                if (!LABEL_NAME.matcher(label).matches()) {
                    throw new IllegalArgumentException("bad label name '" + label + "'");
                }
                if (line.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException("label value without quotes");
                }
                var value = new StringBuilder();
                int j = eq + 2;
                while (line.charAt(j) != '"') {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(
                                switch (next) {
                                    case '\\' -> '\\';
                                    case '"' -> '"';
                                    case 'n' -> '\n';
                                    default -> throw new IllegalArgumentException("bad escape \\" + next);
                                });
                    } else {
                        value.append(c);
                    }
                    j++;
                }
                if (labels.put(label, value.toString()) != null) {
                    throw new IllegalArgumentException("label " + label + " twice");
                }
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new IllegalArgumentException("no value");
        }
        var rest = line.substring(i + 1).split(" ");
        if (rest.length > 2) {
            throw new IllegalArgumentException("more than a value and a timestamp");
        }
        return new Sample(name, labels, value(rest[0]));
    }

    private static double value(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The declared type of each family. */
    public Map<String, String> types() {
        return types;
    }

    /** Every name a sample has ({@code _bucket}, {@code _sum} and {@code _count} of histograms included). */
    public Set<String> names() {
        return samples.stream().map(Sample::name).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The samples of this name whose labels include all of {@code labels} (name and value, alternately). */
    public List<Sample> find(String name, String... labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name))
                .filter(s -> {
                    for (int k = 0; k + 1 < labels.length; k += 2) {
                        if (!labels[k + 1].equals(s.labels().get(labels[k]))) {
                            return false;
                        }
                    }
                    return true;
                })
                .toList();
    }

    /** The value of the one sample of this name with these labels; fails unless there is exactly one. */
    public double value(String name, String... labels) {
        var found = find(name, labels);
        if (found.size() != 1) {
            throw new AssertionError("%d samples of %s %s".formatted(found.size(), name, List.of(labels)));
        }
        return found.getFirst().value();
    }
}
