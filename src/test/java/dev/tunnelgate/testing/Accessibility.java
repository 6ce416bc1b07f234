package dev.tunnelgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.Assertions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * axe-core run on the page a browser shows. axe.min.js comes from the test classpath (Deque's axe-core jar), so
 * nothing is fetched at test time; it sees into open shadow roots, so Vaadin's components are checked inside too.
 */
public final class Accessibility {
    /** The impacts that fail a test: axe's "serious" and "critical". */
    public static final Set<String> BLOCKING = Set.of("serious", "critical");

    private static final String AXE = load("/axe.min.js");

    /** Runs axe-core and keeps, per rule, the elements whose own impact is serious or critical. */
    private static final String RUN = """
            const done = arguments[arguments.length - 1];
            const blocking = arguments[0];
            axe.run(document, {resultTypes: ['violations']})
              .then(results => done(results.violations
                .map(v => ({
                  rule: v.id,
                  impact: v.impact,
                  help: v.help,
                  targets: v.nodes
                    .filter(n => blocking.includes(n.impact))
                    .map(n => n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(' >>> ')
                      + ' (' + (n.failureSummary || '').replace(/\\s+/g, ' ').trim() + ')')
                }))
                .filter(v => v.targets.length > 0)))
              .catch(e => done('axe failed: ' + e));
            """;

    private Accessibility() {}

    /** An axe rule the page breaks, with the elements that break it ({@code shadow host >>> inner element}). */
    public record Finding(String rule, String impact, String help, List<String> targets) {
        @Override
        public String toString() {
            return rule + " [" + impact + "] " + help + "\n    " + String.join("\n    ", targets);
        }
    }

    /** The serious and critical findings on the page as it is now (after Vaadin and animations have settled). */
    @SuppressWarnings("unchecked")
    public static List<Finding> seriousFindings(WebDriver driver) {
        settle(driver);
        var js = (JavascriptExecutor) driver;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object'"))) {
            js.executeScript(AXE);
        }
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        Object result = js.executeAsyncScript(RUN, List.copyOf(BLOCKING));
        if (result instanceof String failure) {
            throw new AssertionError(failure);
        }
        return ((List<Map<String, Object>>) result)
                .stream()
                        .map(v -> new Finding(
                                (String) v.get("rule"),
                                String.valueOf(v.get("impact")),
                                (String) v.get("help"),
                                ((List<Object>) v.get("targets"))
                                        .stream().map(Objects::toString).toList()))
                        .toList();
    }

    /** Fails, listing rule, impact and elements, when the page has a serious or critical finding. */
    public static void assertNoSeriousFindings(WebDriver driver, String page) {
        var findings = seriousFindings(driver);
        if (!findings.isEmpty()) {
            Assertions.fail("axe-core: serious or critical findings on " + page + ":\n"
                    + findings.stream().map(Finding::toString).collect(Collectors.joining("\n")));
        }
    }

    /** Waits until Vaadin has no request in flight and no animation (an opening dialog fades in) is running. */
    public static void settle(WebDriver driver) {
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("""
                        const clients = window.Vaadin && window.Vaadin.Flow && window.Vaadin.Flow.clients;
                        const busy = clients && Object.values(clients).some(c => c.isActive && c.isActive());
                        const animating = document.getAnimations().some(a => a.playState === 'running'
                            && a.effect && a.effect.getComputedTiming().iterations !== Infinity);
                        return !busy && !animating;
                        """)));
    }

    private static String load(String resource) {
        try (var in = Accessibility.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath (com.deque.html.axe-core)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
