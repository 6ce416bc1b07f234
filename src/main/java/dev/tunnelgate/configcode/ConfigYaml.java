package dev.tunnelgate.configcode;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.SafeText;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Reads a configuration file strictly and writes one in a stable shape. Refused: more than {@link #MAX_BYTES}, more
 * than {@link #MAX_DEPTH} levels, aliases and tags (so no "billion laughs" and no type tricks), duplicate keys,
 * unknown keys, values of the wrong type, empty list items, more than one document. Every refusal names the place
 * (path and line) and never repeats a value of the file.
 */
final class ConfigYaml {
    /** The largest file taken: 1 MiB of UTF-8. */
    static final int MAX_BYTES = 1024 * 1024;

    static final int MAX_DEPTH = 16;

    private static final String HEADER = """
            # Tunnelgate configuration: networks, destinations, access policies and gateway groups (no secrets).
            # Compare with the portal: tunnelgate config diff FILE --portal URL --token-file TOKEN_FILE
            """;

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]{1,64})\"");

    private static final YAMLMapper READER = YAMLMapper.builder(YAMLFactory.builder()
                    .loadSettings(LoadSettings.builder()
                            .setAllowDuplicateKeys(false)
                            .setAllowRecursiveKeys(false)
                            .setMaxAliasesForCollections(0)
                            .setAllowNonScalarKeys(false)
                            .setCodePointLimit(MAX_BYTES)
                            .build())
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxStringLength(MAX_BYTES)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(
                    DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                    DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                    DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            // "- " (an empty item) in any list is refused with its position, never passed on as null.
            .changeDefaultNullHandling(handling -> JsonSetter.Value.forContentNulls(Nulls.FAIL))
            .build();

    private static final YAMLMapper WRITER = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLWriteFeature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private ConfigYaml() {}

    /** The document as a file: a comment line, then the keys in a stable order. */
    static String render(ConfigFile file) {
        return HEADER + WRITER.writeValueAsString(file.tree());
    }

    /** Reads a file; {@link InvalidInputException} (field: the path in the file) says what is wrong and where. */
    static ConfigFile parse(String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw FilePath.ROOT.invalid("the file is larger than 1 MiB");
        }
        try {
            refuseAliasesAndTags(text);
            var file = READER.readValue(text, ConfigFile.class);
            if (file == null) {
                throw FilePath.ROOT.invalid("the file is empty");
            }
            return file;
        } catch (StreamConstraintsException e) {
            throw FilePath.ROOT.invalid("the file is nested deeper than %d levels or holds a value that is too long%s"
                    .formatted(MAX_DEPTH, line(e)));
        } catch (UnrecognizedPropertyException e) {
            var known = e.getKnownPropertyIds() == null
                    ? ""
                    : "; known keys: "
                            + e.getKnownPropertyIds().stream()
                                    .map(String::valueOf)
                                    .sorted()
                                    .collect(Collectors.joining(", "));
            // No line: the reader reports unknown keys once it has read the whole object they are in.
            throw path(e, 1).invalid("unknown key \"%s\"%s".formatted(shown(e.getPropertyName()), known));
        } catch (InvalidNullException e) {
            throw path(e, 0).invalid("an empty item is not allowed here" + line(e));
        } catch (InvalidFormatException e) {
            var target = e.getTargetType();
            var expected = target != null && target.isEnum()
                    ? "one of "
                            + Arrays.stream(target.getEnumConstants())
                                    .map(String::valueOf)
                                    .collect(Collectors.joining(", "))
                    : expected(target);
            throw path(e, 0).invalid("must be " + expected + line(e));
        } catch (MismatchedInputException e) {
            if (e.getPath().isEmpty()) {
                var message = String.valueOf(e.getOriginalMessage());
                if (message.startsWith("No content")) {
                    throw FilePath.ROOT.invalid("the file is empty");
                }
                if (message.startsWith("Trailing token")) {
                    throw FilePath.ROOT.invalid("the file holds more than one YAML document" + line(e));
                }
                throw FilePath.ROOT.invalid(
                        "the file must be a mapping with the keys schemaVersion, prune, networks, destinations,"
                                + " policies and gatewayGroups" + line(e));
            }
            throw path(e, 0).invalid("must be " + expected(e.getTargetType()) + line(e));
        } catch (JacksonException e) {
            var message = String.valueOf(e.getOriginalMessage());
            if (message.startsWith("Duplicate")) {
                var key = QUOTED.matcher(message);
                throw path(e, 0)
                        .invalid("the key \"%s\" appears twice%s"
                                .formatted(key.find() ? shown(key.group(1)) : "?", line(e)));
            }
            if (e instanceof InputCoercionException) {
                throw path(e, 0).invalid("the number is out of range" + line(e));
            }
            // The YAML library's problem, without the excerpt of the file it adds on later lines.
            var problem = message.lines().findFirst().orElse("");
            throw FilePath.ROOT.invalid("not valid YAML: %s%s".formatted(shown(problem), line(e)));
        }
    }

    /**
     * Aliases would make the reader see a value twice (and an alias of an alias, a billion times); tags would ask for
     * types of the YAML library's choosing. A configuration file needs neither.
     */
    private static void refuseAliasesAndTags(String text) {
        try (var parser = READER.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (parser instanceof YAMLParser yaml) {
                    if (yaml.isCurrentAlias() || yaml.getObjectId() != null) {
                        throw FilePath.ROOT.invalid("anchors and aliases (&name, *name) are not allowed" + line(yaml));
                    }
                    if (yaml.getTypeId() != null) {
                        throw FilePath.ROOT.invalid("tags (!name, !!type) are not allowed" + line(yaml));
                    }
                }
            }
        }
    }

    /** The path of the value the reader refused; {@code dropLast} leaves out the key the path ends with. */
    private static FilePath path(JacksonException e, int dropLast) {
        var path = FilePath.ROOT;
        List<JacksonException.Reference> references = e.getPath();
        for (int i = 0; i < references.size() - dropLast; i++) {
            var reference = references.get(i);
            path = reference.getPropertyName() != null
                    ? path.key(shown(reference.getPropertyName()))
                    : path.item(reference.getIndex());
        }
        return path;
    }

    private static String expected(@Nullable Class<?> target) {
        if (target == null) {
            return "another kind of value";
        }
        if (target == Integer.class || target == int.class) {
            return "a whole number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (target == String.class) {
            return "a single value (text)";
        }
        if (List.class.isAssignableFrom(target)) {
            return "a list";
        }
        return "a mapping of keys";
    }

    private static String line(JacksonException e) {
        var location = e.getLocation();
        return location == null || location.getLineNr() < 1 ? "" : " (line %d)".formatted(location.getLineNr());
    }

    private static String line(YAMLParser parser) {
        var location = parser.currentTokenLocation();
        return location.getLineNr() < 1 ? "" : " (line %d)".formatted(location.getLineNr());
    }

    /** A key or library text as one safe line. */
    private static String shown(@Nullable String text) {
        return SafeText.oneLine(String.valueOf(text), 64, "?");
    }
}
