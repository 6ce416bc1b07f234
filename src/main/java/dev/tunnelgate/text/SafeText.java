package dev.tunnelgate.text;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Single-line user text that is safe to put into a config comment, a log line, an HTTP header or a
 * metrics label: nothing in it can start a new line or reorder or hide the text around it.
 */
public final class SafeText {
    private SafeText() {}

    /**
     * Returns the text without surrounding whitespace, or throws {@link InvalidInputException} naming
     * {@code field} when it is missing, contains a control, line-separator or invisible
     * formatting character, or has fewer than {@code min} or more than {@code max} code points.
     */
    public static String clean(@Nullable String raw, FieldKey field, int min, int max) {
        return clean(raw, field.label(), min, max, message -> new InvalidInputException(field, message));
    }

    /**
     * As {@link #clean(String, FieldKey, int, int)}, but the error names the field by label only: for text that no
     * form field holds, and for validators that do not name a {@link FieldKey} yet.
     */
    public static String clean(@Nullable String raw, String fieldLabel, int min, int max) {
        return clean(raw, fieldLabel, min, max, message -> new InvalidInputException(fieldLabel, message));
    }

    private static String clean(
            @Nullable String raw,
            String fieldLabel,
            int min,
            int max,
            Function<Message, InvalidInputException> refusal) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("Invalid length bounds %d..%d".formatted(min, max));
        }
        if (raw == null) {
            throw refusal.apply(Message.of("refusals.text.required", fieldLabel));
        }
        // Checked before trimming: a trailing newline or NUL means the text did not come from a plain form field.
        for (int offset = 0, index = 1; offset < raw.length(); index++) {
            int codePoint = raw.codePointAt(offset);
            String problem = problem(codePoint);
            if (problem != null) {
                throw refusal.apply(
                        Message.of("refusals.text." + problem, fieldLabel, "%04X".formatted(codePoint), index));
            }
            offset += Character.charCount(codePoint);
        }
        String text = raw.strip();
        int length = text.codePointCount(0, text.length());
        if (length == 0 && min > 0) {
            throw refusal.apply(Message.of("refusals.text.required", fieldLabel));
        }
        if (length < min) {
            throw refusal.apply(Message.of("refusals.text.too-short", fieldLabel, min));
        }
        if (length > max) {
            throw refusal.apply(Message.of("refusals.text.too-long", fieldLabel, max, length));
        }
        return text;
    }

    /** Whether a code point may stand in one line of text that is shown, logged or stored. */
    public static boolean isSafe(int codePoint) {
        return problem(codePoint) == null;
    }

    /**
     * Untrusted text (a claim, a provider's error text) made into one safe line: every unsafe
     * code point is replaced by {@code replacement} ("" drops it), and text longer than
     * {@code max} code points is cut, its last one becoming "…".
     */
    public static String oneLine(String text, int max, String replacement) {
        var sb = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (isSafe(cp)) {
                sb.appendCodePoint(cp);
            } else {
                sb.append(replacement);
            }
        });
        var line = sb.toString();
        var length = line.codePointCount(0, line.length());
        return length <= max ? line : line.substring(0, line.offsetByCodePoints(0, max - 1)) + "…";
    }

    /** The key suffix of the problem with a code point ({@code refusals.text.*}), or null when it is safe. */
    private static @Nullable String problem(int codePoint) {
        if (codePoint == '\n' || codePoint == '\r' || codePoint == 0x85 || codePoint == 0x2028 || codePoint == 0x2029) {
            return "line-break";
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL -> "control";
            // Zero-width and bidirectional controls can hide or visually reorder text ("Trojan Source").
            case Character.FORMAT -> "format";
            case Character.SURROGATE -> "surrogate";
            case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> "line-break";
            default -> null;
        };
    }
}
