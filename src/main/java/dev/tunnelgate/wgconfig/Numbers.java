package dev.tunnelgate.wgconfig;

import java.util.regex.Pattern;

final class Numbers {
    // Five digits at most keeps Integer.parseInt safe; the records check the real range.
    private static final Pattern SMALL_NUMBER = Pattern.compile("0|[1-9][0-9]{0,4}");

    private Numbers() {}

    static int parse(String value, String key) {
        if (!SMALL_NUMBER.matcher(value).matches()) {
            throw new InvalidConfigException(key + " must be a whole number");
        }
        return Integer.parseInt(value);
    }
}
