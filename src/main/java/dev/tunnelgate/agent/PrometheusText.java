package dev.tunnelgate.agent;

import java.math.BigDecimal;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Prometheus' text exposition format (0.0.4), written by hand: the agent carries no metrics library. Names and label
 * names are the agent's own constants (checked here); label values are escaped, so no value can start a line.
 */
final class PrometheusText {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final StringBuilder out = new StringBuilder(4096);

    /** Starts a metric family: {@code type} is counter, gauge or histogram. */
    PrometheusText family(String name, String type, String help) {
        out.append("# HELP ")
                .append(name(name))
                .append(' ')
                .append(escapeHelp(help))
                .append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** One sample; {@code labels} are name and value, alternately. */
    PrometheusText sample(String name, double value, String... labels) {
        out.append(name(name));
        labels(labels, null);
        out.append(' ').append(number(value)).append('\n');
        return this;
    }

    /** A histogram's samples: cumulative buckets up to {@code +Inf}, then its sum and count. */
    PrometheusText histogram(String name, Histogram histogram, String... labels) {
        long cumulative = 0;
        var bounds = histogram.bounds();
        var counts = histogram.counts();
        for (int i = 0; i <= bounds.length; i++) {
            cumulative += counts[i];
            out.append(name(name)).append("_bucket");
            labels(labels, i < bounds.length ? number(bounds[i]) : "+Inf");
            out.append(' ').append(cumulative).append('\n');
        }
        out.append(name).append("_sum");
        labels(labels, null);
        out.append(' ').append(number(histogram.sum())).append('\n');
        out.append(name).append("_count");
        labels(labels, null);
        out.append(' ').append(histogram.count()).append('\n');
        return this;
    }

    String text() {
        return out.toString();
    }

    private void labels(String[] labels, @Nullable String le) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name and value pairs");
        }
        if (labels.length == 0 && le == null) {
            return;
        }
        out.append('{');
        for (int i = 0; i < labels.length; i += 2) {
            if (!LABEL_NAME.matcher(labels[i]).matches() || labels[i].startsWith("__")) {
                throw new IllegalArgumentException("not a label name: " + labels[i]);
            }
            if (i > 0) {
                out.append(',');
            }
            out.append(labels[i])
                    .append("=\"")
                    .append(escapeLabel(labels[i + 1]))
                    .append('"');
        }
        if (le != null) {
            out.append(labels.length > 0 ? "," : "").append("le=\"").append(le).append('"');
        }
        out.append('}');
    }

    private static String name(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a metric name: " + name);
        }
        return name;
    }

    /** A sample value: whole numbers without a fraction, NaN and infinities as Prometheus spells them. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        // Plain digits (1796505758.451, not 1.796505758451E9): what a reader of the page expects, and exact.
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
