package dev.tunnelgate.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromedriver (nothing is downloaded at test time).
 * Register with {@code @RegisterExtension}: a failing test leaves a screenshot under target/screenshots.
 * {@code new Browser(Browser.acceptLanguage("de"))} and the like add options to the defaults.
 */
public final class Browser implements AfterTestExecutionCallback, AutoCloseable {
    private final Path profile;
    public final ChromeDriver driver;

    public Browser() {
        this(options -> {});
    }

    /**
     * A phone: a 390×844 viewport (an iPhone 14's CSS pixels) at device pixel ratio 3, with touch events and
     * {@code (pointer: coarse)}, as Chromium's device emulation has them.
     */
    public static Browser phone() {
        return new Browser(options -> {
            options.addArguments("--window-size=390,844");
            options.setExperimentalOption(
                    "mobileEmulation",
                    Map.of("deviceMetrics", Map.of("width", 390, "height", 844, "pixelRatio", 3.0, "touch", true)));
        });
    }

    /** A browser with the default options and then {@code moreOptions} applied (e.g. {@link #acceptLanguage}). */
    public Browser(Consumer<ChromeOptions> moreOptions) {
        var chromium = executable("chromium");
        var chromedriver = executable("chromedriver");
        try {
            profile = Files.createTempDirectory("tunnelgate-chromium-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        var options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
                "--window-size=1280,900",
                "--user-data-dir=" + profile);
        // The console, CSP violations included, kept across navigations until read (consoleMessages).
        var logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        moreOptions.accept(options);
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver))
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    /** Signs in through the dev IdP's form (password = username) and waits for the app shell. */
    public void signIn(String baseUrl, String username) {
        driver.get(baseUrl + "/");
        waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(username);
        driver.findElement(By.id("sign-in")).click();
        waitUpTo(Duration.ofSeconds(30))
                .until(d -> !d.findElements(By.cssSelector("#navigation vaadin-side-nav-item"))
                        .isEmpty());
    }

    /** An option: the browser asks for pages in these languages (its Accept-Language), e.g. "de" or "de-DE,de". */
    public static Consumer<ChromeOptions> acceptLanguage(String languages) {
        return options -> {
            options.addArguments("--lang=" + languages.split(",")[0]);
            options.setExperimentalOption("prefs", Map.of("intl.accept_languages", languages));
        };
    }

    /**
     * Makes the page's {@code prefers-color-scheme} "dark" or "light" (as an operating system in that mode would), or
     * with null the browser's own again. Holds for this tab across navigations, and applies to an open page at once.
     */
    public void emulateColorScheme(@Nullable String scheme) {
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of(
                        "features",
                        List.of(Map.of("name", "prefers-color-scheme", "value", scheme == null ? "" : scheme))));
    }

    /** What the pages wrote to the console (CSP violations among it) since the last call, as "LEVEL message". */
    public List<String> consoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(entry -> entry.getLevel() + " " + entry.getMessage())
                .toList();
    }

    public WebDriverWait waitUpTo(Duration duration) {
        return new WebDriverWait(driver, duration);
    }

    public WebDriver driver() {
        return driver;
    }

    /** The browser is part of the test command's prerequisites: abort locally, fail in CI. */
    private static String executable(String name) {
        for (var dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            var file = new File(dir, name);
            if (file.canExecute()) {
                return file.getAbsolutePath();
            }
        }
        var message = name + " is not installed (Debian packages chromium and chromium-driver; .ci/run installs them)";
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(message);
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    @Override
    public void afterTestExecution(ExtensionContext context) throws IOException {
        if (context.getExecutionException().isPresent()) {
            var dir = Path.of("target/screenshots");
            Files.createDirectories(dir);
            var file = dir.resolve(context.getRequiredTestClass().getSimpleName() + "-"
                    + context.getRequiredTestMethod().getName() + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
