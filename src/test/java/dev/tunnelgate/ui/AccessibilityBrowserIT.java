package dev.tunnelgate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.testing.Accessibility;
import dev.tunnelgate.testing.Browser;
import dev.tunnelgate.testing.PortalProcess;
import dev.tunnelgate.testing.TestNetworks;
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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * axe-core on every page an employee meets, in the light and the dark colour scheme: no serious or critical finding.
 * A portal of its own (its own in-memory database), so that bob starts with no device and the empty state is seen.
 */
@Tag("browser")
class AccessibilityBrowserIT {
    private static PortalProcess portal;

    @RegisterExtension
    final Browser browser = new Browser();

    private final List<String> failures = new ArrayList<>();

    @BeforeAll
    static void startPortal() throws IOException, InterruptedException {
        portal = PortalProcess.start("accessibility", Map.of());
    }

    @AfterAll
    static void stopPortal() throws InterruptedException {
        if (portal != null) {
            portal.close();
        }
    }

    @AfterEach
    void closeBrowser() throws IOException {
        browser.close();
    }

    /** axe in both colour schemes (the operating system's, emulated: the page follows it), findings collected. */
    private void check(String page) {
        for (var scheme : List.of("light", "dark")) {
            browser.emulateColorScheme(scheme);
            var findings = Accessibility.seriousFindings(browser.driver);
            findings.forEach(f -> failures.add(page + ", " + scheme + ": " + f));
        }
        browser.emulateColorScheme(null);
    }

    @Test
    void an_employees_pages_and_the_add_device_dialog_have_no_serious_findings_in_light_and_dark() {
        var driver = browser.driver;
        browser.signIn(portal.baseUrl(), "bob");
        browser.waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.elementToBeClickable(By.id("add-device")));
        check("My devices with no device");

        driver.findElement(By.id("add-device")).click();
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector("#device-name input")))
                .sendKeys("Bob laptop");
        check("Add device, the form");

        // The default network has no gateway key yet, so keys made on the server are refused (the form says so):
        // bob brings his own key, and gets his config with a placeholder for it.
        driver.findElement(By.xpath("//vaadin-radio-button[contains(., 'own key')]"))
                .click();
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector("#device-public-key textarea")))
                .sendKeys(TestNetworks.newGatewayKey());
        driver.findElement(By.id("enroll")).click();
        browser.waitUpTo(Duration.ofSeconds(20))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("enrollment-status")));
        check("Add device, the result");

        driver.navigate().refresh();
        browser.waitUpTo(Duration.ofSeconds(20))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("vaadin-grid"), "Bob laptop"));
        check("My devices with a device");

        driver.get(portal.baseUrl() + "/no-such-page");
        browser.waitUpTo(Duration.ofSeconds(20))
                .until(d -> !d.findElement(By.tagName("body")).getText().isBlank());
        check("an unknown address (/no-such-page)");

        assertThat(failures).as("axe-core findings (serious or critical)").isEmpty();
    }
}
