package dev.tunnelgate.wgconfig;

import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The download name of a config. wg-quick names the interface after the file, so the stem must be a
 * valid interface name: 1 to 15 characters of {@code [a-zA-Z0-9_=+.-]}.
 */
public final class ConfigFileName {
    public static final String FALLBACK = "tunnelgate";
    private static final int MAX_STEM = 15;
    private static final Set<String> WINDOWS_RESERVED = Set.of(
            "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1",
            "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    private ConfigFileName() {}

    public static String forDevice(@Nullable String deviceName) {
        return stem(deviceName == null ? "" : deviceName) + ".conf";
    }

    static String stem(String deviceName) {
        StringBuilder stem = new StringBuilder();
        deviceName.codePoints().forEach(c -> {
            boolean allowed = c < 0x80 && (Character.isLetterOrDigit(c) || "_=+.-".indexOf(c) >= 0);
            char mapped = allowed ? (char) c : '-';
            if (mapped != '-' || stem.isEmpty() || stem.charAt(stem.length() - 1) != '-') {
                stem.append(mapped);
            }
        });
        String result = trimDotsAndDashes(stem.toString());
        result = trimDotsAndDashes(result.substring(0, Math.min(MAX_STEM, result.length())));
        if (result.isEmpty()) {
            return FALLBACK;
        }
        // Windows refuses these names whatever the extension, so the download would fail there.
        if (WINDOWS_RESERVED.contains(result.toLowerCase(Locale.ROOT))) {
            return result + "_";
        }
        return result;
    }

    // A leading dot hides the file on Unix and Linux rejects "." and ".." as interface names; dashes at the ends are
    // noise.
    private static String trimDotsAndDashes(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && (text.charAt(start) == '.' || text.charAt(start) == '-')) {
            start++;
        }
        while (end > start && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
            end--;
        }
        return text.substring(start, end);
    }
}
