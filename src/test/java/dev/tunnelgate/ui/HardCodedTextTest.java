package dev.tunnelgate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fails on a user-visible text written into a view instead of taken from the bundles: in every class that builds
 * Vaadin components, a string literal that reads like words ("Revoke", "No devices yet") is a finding, unless it is
 * a text key, or it only goes where no user reads it (ids, class names, styles, themes, routes, logs, exceptions
 * that a user never sees). A line that must keep a literal says why with a trailing {@code // not shown: ...}.
 */
class HardCodedTextTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** Words: a capitalized word, or two words with a space between them. */
    private static final Pattern PROSE = Pattern.compile("\\b[A-Z][a-z]{2,}|[A-Za-z]{2,} [A-Za-z]{2,}");

    private static final Pattern KEY = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)+");
    /** Calls whose string arguments no user reads. */
    private static final List<String> UNSEEN = List.of(
            "setId(",
            "addClassName",
            "removeClassName",
            "setClassName",
            "getStyle()",
            "getThemeList()",
            "setThemeName",
            "setKey(",
            "getColumnByKey(",
            "log.",
            "LoggerFactory",
            "@Route",
            "@RouteAlias",
            "@JsModule",
            "@NpmPackage",
            "@StyleSheet",
            "@CssImport",
            "@Meta",
            "executeJs(",
            "callJsFunction(",
            "addEventListener(",
            "IllegalStateException(",
            "IllegalArgumentException(",
            "UnsupportedOperationException(",
            "requireNonNull(",
            "setQueryParameter",
            "QueryParameters",
            "getElement().setProperty(\"",
            "// not shown");

    @Test
    void views_take_every_visible_text_from_the_bundles() throws IOException {
        var findings = new ArrayList<String>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (var file :
                    files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                var source = Files.readString(file);
                if (!source.contains("import com.vaadin.flow.component.")) {
                    continue;
                }
                findings.addAll(findingsIn(file, source));
            }
        }
        assertThat(findings)
                .as("hard-coded user-visible texts (use getTranslation with a bundle key)")
                .isEmpty();
    }

    @Test
    void the_scanner_finds_a_label_and_lets_ids_keys_and_marked_lines_pass() {
        var source = """
                import com.vaadin.flow.component.button.Button;
                class X {
                    Button a = new Button("Revoke device");
                    Button b = new Button(getTranslation("devices.revoke"));
                    void c() { b.setId("revoke-all"); b.addClassName("Danger zone"); }
                    String d = "Tunnelgate"; // not shown: the product name in a log line
                    void e() { return; } // "Words in a comment" are no finding
                    String f = "http://x"; String g = "Visible text"; // after a URL
                    /** "Javadoc Words" are no finding. */
                }
                """;
        assertThat(findingsIn(Path.of("X.java"), source))
                .hasSize(2)
                .anySatisfy(finding -> assertThat(finding).contains("X.java:3").contains("Revoke device"))
                .anySatisfy(finding -> assertThat(finding).contains("X.java:8").contains("Visible text"));
    }

    static List<String> findingsIn(Path file, String source) {
        var findings = new ArrayList<String>();
        var lines = source.split("\n", -1);
        var inComment = false;
        for (int i = 0; i < lines.length; i++) {
            var line = lines[i];
            var code = line;
            if (inComment) {
                var end = code.indexOf("*/");
                if (end < 0) {
                    continue;
                }
                code = code.substring(end + 2);
                inComment = false;
            }
            var start = code.indexOf("/*");
            if (start >= 0) {
                var end = code.indexOf("*/", start);
                if (end < 0) {
                    inComment = true;
                    code = code.substring(0, start);
                } else {
                    code = code.substring(0, start) + code.substring(end + 2);
                }
            }
            var trimmed = code.strip();
            if (trimmed.startsWith("//") || trimmed.startsWith("*") || trimmed.startsWith("import ")) {
                continue;
            }
            if (UNSEEN.stream().anyMatch(line::contains)) {
                continue;
            }
            var matcher = LITERAL.matcher(withoutLineComment(code));
            while (matcher.find()) {
                var text = matcher.group(1);
                if (KEY.matcher(text).matches() || !PROSE.matcher(text).find()) {
                    continue;
                }
                findings.add(name(file) + ":" + (i + 1) + " \"" + text + "\"");
            }
        }
        return findings;
    }

    /** The code before a trailing {@code //} comment (one outside a string literal). */
    static String withoutLineComment(String code) {
        var inString = false;
        for (int i = 0; i < code.length() - 1; i++) {
            var c = code.charAt(i);
            if (inString && c == '\\') {
                i++;
            } else if (c == '"') {
                inString = !inString;
            } else if (!inString && c == '/' && code.charAt(i + 1) == '/') {
                return code.substring(0, i);
            }
        }
        return code;
    }

    private static String name(Path file) {
        return file.getFileName().toString();
    }
}
