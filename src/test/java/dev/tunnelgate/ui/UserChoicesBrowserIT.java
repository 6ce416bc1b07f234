package dev.tunnelgate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.testing.Browser;
import dev.tunnelgate.testing.PortalProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The user menu's language and colour scheme in a real Chromium: they change the page, and they are remembered for
 * the user (a new browser that signs in shows them); without a choice the page follows the browser's language and
 * the operating system's colour scheme. A portal of its own, so these choices stay out of the other tests' way.
 */
@Tag("browser")
class UserChoicesBrowserIT {
    private static PortalProcess portal;

    private final List<Browser> browsers = new ArrayList<>();

    @BeforeAll
    static void startPortal() throws IOException, InterruptedException {
        portal = PortalProcess.start("user-choices", Map.of());
    }

    @AfterAll
    static void stopPortal() throws InterruptedException {
        if (portal != null) {
            portal.close();
        }
    }

    @AfterEach
    void closeBrowsers() throws IOException {
        for (var browser : browsers) {
            browser.close();
        }
    }

    private Browser open(Browser browser) {
        browsers.add(browser);
        return browser;
    }

    /** A new browser (fresh profile: nothing remembered in it) on a light operating system, signed in. */
    private Browser signedIn(String user, Browser browser) {
        open(browser);
        browser.emulateColorScheme("light");
        browser.signIn(portal.baseUrl(), user);
        return browser;
    }

    /** Opens the user menu, then its submenu {@code submenuText}, and clicks the item {@code id}. */
    private static void choose(Browser browser, String submenuText, String id) {
        openUserMenu(browser);
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(
                        By.xpath("//vaadin-menu-bar-item[normalize-space()='" + submenuText + "']")))
                .click();
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(By.id(id)))
                .click();
    }

    private static void openUserMenu(Browser browser) {
        browser.driver
                .findElement(By.cssSelector("#user-menu vaadin-menu-bar-button"))
                .click();
    }

    /** The text of the user menu's sign-out item. */
    private static String signOutText(Browser browser) {
        openUserMenu(browser);
        WebElement signOut = browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-out")));
        var text = signOut.getText().strip();
        new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
        browser.waitUpTo(Duration.ofSeconds(5))
                .until(ExpectedConditions.invisibilityOfElementLocated(By.id("sign-out")));
        return text;
    }

    private static void signOut(Browser browser) {
        openUserMenu(browser);
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(By.id("sign-out")))
                .click();
        browser.waitUpTo(Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    }

    /**
     * The relative luminance (0 black … 1 white) of what the page is painted on: the first of the app layout, body
     * and root element with a background. The browser's canvas turns any CSS colour syntax into sRGB bytes.
     */
    private static double backgroundLuminance(Browser browser) {
        var rgb = (List<?>) ((JavascriptExecutor) browser.driver).executeScript("""
                const candidates = [document.querySelector('vaadin-app-layout'), document.body, document.documentElement];
                let color = 'rgb(255, 255, 255)';
                for (const el of candidates) {
                  const c = el && getComputedStyle(el).backgroundColor;
                  if (c && c !== 'transparent' && !/^rgba\\(.*,\\s*0\\)$/.test(c)) { color = c; break; }
                }
                const ctx = document.createElement('canvas').getContext('2d');
                ctx.fillStyle = color;
                ctx.fillRect(0, 0, 1, 1);
                return Array.from(ctx.getImageData(0, 0, 1, 1).data).slice(0, 3);
                """);
        double[] linear = rgb.stream()
                .mapToDouble(v -> ((Number) v).doubleValue() / 255)
                .map(c -> c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4))
                .toArray();
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
    }

    private static void awaitDark(Browser browser, boolean dark) {
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(d -> dark ? backgroundLuminance(browser) < 0.2 : backgroundLuminance(browser) > 0.6);
    }

    @Test
    void dark_from_the_user_menu_darkens_the_page_and_is_remembered_across_reloads_and_sign_ins() {
        var browser = signedIn("bob", new Browser());
        choose(browser, "Appearance", "scheme-light");
        awaitDark(browser, false);

        choose(browser, "Appearance", "scheme-dark");
        awaitDark(browser, true);

        browser.driver.navigate().refresh();
        browser.waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("user-menu")));
        awaitDark(browser, true);

        signOut(browser);
        // Another browser, on a light operating system, with nothing of the first one's: the choice is bob's.
        var another = signedIn("bob", new Browser());
        awaitDark(another, true);

        choose(another, "Appearance", "scheme-system");
        awaitDark(another, false);
    }

    @Test
    void as_the_system_follows_the_operating_systems_dark_and_light_mode() {
        var browser = signedIn("bob", new Browser());
        choose(browser, "Appearance", "scheme-system");
        awaitDark(browser, false);

        browser.emulateColorScheme("dark");
        awaitDark(browser, true);
        browser.emulateColorScheme("light");
        awaitDark(browser, false);
    }

    @Test
    void deutsch_from_the_user_menu_shows_german_and_is_remembered_across_sign_ins() {
        var browser = signedIn("bob", new Browser(Browser.acceptLanguage("en-US,en")));
        choose(browser, "Language", "language-en");
        // The page loads again, in English.
        browser.waitUpTo(Duration.ofSeconds(20))
                .ignoring(WebDriverException.class)
                .until(d -> signOutText(browser).equals("Sign out"));

        choose(browser, "Language", "language-de");
        // The page loads again, in German.
        browser.waitUpTo(Duration.ofSeconds(20))
                .ignoring(WebDriverException.class)
                .until(d -> signOutText(browser).equals("Abmelden"));

        signOut(browser);
        var another = signedIn("bob", new Browser(Browser.acceptLanguage("en-US,en")));
        assertThat(signOutText(another)).isEqualTo("Abmelden");
        assertThat(another.driver.findElement(By.tagName("html")).getDomAttribute("lang"))
                .isEqualTo("de");

        choose(another, "Sprache", "language-browser");
        another.waitUpTo(Duration.ofSeconds(20))
                .ignoring(WebDriverException.class)
                .until(d -> signOutText(another).equals("Sign out"));
    }

    @Test
    void a_browser_that_asks_for_german_gets_german_without_a_choice() {
        // carol has never chosen a language here.
        var browser = signedIn("carol", new Browser(Browser.acceptLanguage("de-DE,de")));
        assertThat(signOutText(browser)).isEqualTo("Abmelden");
        assertThat(browser.driver.findElement(By.tagName("html")).getDomAttribute("lang"))
                .isEqualTo("de");
    }
}
