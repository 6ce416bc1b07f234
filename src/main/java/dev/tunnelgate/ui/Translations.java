package dev.tunnelgate.ui;

import com.vaadin.flow.i18n.I18NProvider;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Every text the portal shows, in English and German, from the bundles under {@code i18n/}: one bundle per feature
 * ({@code devices.properties} and {@code devices_de.properties}, ...), keys prefixed with the feature so that no two
 * bundles share a key. A text with arguments is a {@link MessageFormat} pattern formatted in the user's locale (so
 * dates and numbers follow it); a text without arguments is shown as written. A key missing in German falls back
 * to English; a key missing everywhere shows as {@code !key!} (the bundle test keeps both complete).
 */
@Component
public class Translations implements I18NProvider {
    private static final Logger log = LoggerFactory.getLogger(Translations.class);

    /** The languages the portal speaks, English first (the fallback). */
    public static final List<Locale> LOCALES = List.of(Locale.ENGLISH, Locale.GERMAN);

    private final Map<String, Map<String, String>> byLanguage;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public Translations() {
        this.byLanguage = load();
    }

    @Override
    public List<Locale> getProvidedLocales() {
        return LOCALES;
    }

    @Override
    public String getTranslation(String key, Locale locale, Object... params) {
        var language = locale == null ? "en" : locale.getLanguage();
        var text = byLanguage.getOrDefault(language, Map.of()).get(key);
        if (text == null) {
            text = byLanguage.getOrDefault("en", Map.of()).get(key);
            if (text == null) {
                if (reported.add(key)) {
                    log.warn("No text for key {}", key);
                }
                return "!" + key + "!";
            }
        }
        return params.length == 0
                ? text
                : new MessageFormat(text, locale == null ? Locale.ENGLISH : locale).format(params);
    }

    /** Every key and text of one language, per bundle file name; for the bundle test. */
    public static Map<String, Map<String, String>> bundles(String language) {
        var result = new TreeMap<String, Map<String, String>>();
        for (var resource : resources()) {
            var name = resource.getFilename();
            if (name == null) {
                continue;
            }
            var base = name.substring(0, name.length() - ".properties".length());
            var underscore = base.indexOf('_');
            var bundleLanguage = underscore < 0 ? "en" : base.substring(underscore + 1);
            if (bundleLanguage.equals(language)) {
                result.put(underscore < 0 ? base : base.substring(0, underscore), read(resource));
            }
        }
        return result;
    }

    private static Map<String, Map<String, String>> load() {
        var result = new HashMap<String, Map<String, String>>();
        for (var locale : LOCALES) {
            var merged = new HashMap<String, String>();
            bundles(locale.getLanguage())
                    .forEach((bundle, texts) -> texts.forEach((key, text) -> {
                        if (merged.put(key, text) != null) {
                            throw new IllegalStateException("Text key " + key + " is in two bundles (" + bundle + ")");
                        }
                    }));
            result.put(locale.getLanguage(), Map.copyOf(merged));
        }
        return Map.copyOf(result);
    }

    private static Resource[] resources() {
        try {
            return new PathMatchingResourcePatternResolver().getResources("classpath*:i18n/*.properties");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> read(Resource resource) {
        var properties = new Properties();
        try (var reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var texts = new TreeMap<String, String>();
        properties.stringPropertyNames().forEach(key -> texts.put(key, properties.getProperty(key)));
        return texts;
    }
}
