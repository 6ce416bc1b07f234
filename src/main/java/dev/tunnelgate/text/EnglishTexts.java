package dev.tunnelgate.text;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The English texts of refusals ({@code i18n/refusals.properties}), for the exception messages that API clients and
 * logs read. Formatted as the views format them: a text with arguments is a {@link MessageFormat} pattern, a text
 * without is used as written.
 */
public final class EnglishTexts {
    private static final String BUNDLE = "i18n/refusals.properties";

    private EnglishTexts() {}

    /** The message in English; a key the bundle lacks is a programming error. */
    public static String format(Message message) {
        var text = Holder.TEXTS.get(message.key());
        if (text == null) {
            throw new IllegalStateException("No English text for key " + message.key() + " in " + BUNDLE);
        }
        return message.arguments().isEmpty()
                ? text
                : new MessageFormat(text, Locale.ENGLISH)
                        .format(message.arguments().toArray());
    }

    /** Loaded once, on first use. */
    private static final class Holder {
        static final Map<String, String> TEXTS = load();

        private static Map<String, String> load() {
            var stream = EnglishTexts.class.getClassLoader().getResourceAsStream(BUNDLE);
            if (stream == null) {
                throw new IllegalStateException("No " + BUNDLE + " on the class path");
            }
            var properties = new Properties();
            try (var reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            var texts = new HashMap<String, String>();
            properties.stringPropertyNames().forEach(key -> texts.put(key, properties.getProperty(key)));
            return Map.copyOf(texts);
        }
    }
}
