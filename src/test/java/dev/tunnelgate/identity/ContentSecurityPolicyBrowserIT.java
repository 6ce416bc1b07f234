package dev.tunnelgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.Browser;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestNetworks;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Chromium walks every page an admin can reach, adds devices with keys made in the browser and on
 * the server (QR codes as canvas and as data: image), signs out through the IdP, and its console
 * shows no Content-Security-Policy violation.
 */
@Tag("browser")
class ContentSecurityPolicyBrowserIT extends PortalIntegrationTest {
    private static final String PROBE = "tunnelgate-console-probe";

    @RegisterExtension
    final Browser browser = new Browser();

    @Autowired
    NetworkService networks;

    /** Everything the pages wrote to the console, read after each step. */
    private final List<String> console = new ArrayList<>();

    @AfterEach
    void closeBrowser() throws IOException {
        browser.close();
    }

    private String createNetwork() {
        var name = "csp-" + UUID.randomUUID().toString().substring(0, 6);
        SecurityContextHolder.getContext().setAuthentication(TestLogins.as(1, "Admin", Roles.USER, Roles.ADMIN));
        try {
            networks.create(TestNetworks.network(
                    name,
                    "10.89.0.0/24",
                    b -> b.gatewayAddresses("10.89.0.1")
                            .dnsServers("10.89.0.1")
                            .split("10.89.0.0/24")
                            .approvalMode(ApprovalMode.AUTOMATIC)
                            .gatewayPublicKey(TestNetworks.newGatewayKey())));
        } finally {
            SecurityContextHolder.clearContext();
        }
        return name;
    }

    private void readConsole() {
        console.addAll(browser.consoleMessages());
    }

    /** Until the page's Vaadin client has no request under way, i.e. the view is rendered. */
    private void waitForVaadin() {
        browser.waitUpTo(Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(browser.driver.executeScript("""
                const clients = window.Vaadin && window.Vaadin.Flow && window.Vaadin.Flow.clients;
                return !!clients && Object.keys(clients).length > 0
                    && Object.values(clients).every(c => !c.isActive || !c.isActive());""")));
    }

    private void open(String path) {
        browser.driver.get(baseUrl() + "/" + path);
        browser.waitUpTo(Duration.ofSeconds(20))
                .until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#navigation vaadin-side-nav-item[path='" + path + "'][current]")));
        waitForVaadin();
        readConsole();
    }

    private void addDevice(String network, String method, By result) {
        var driver = browser.driver;
        driver.findElement(By.id("add-device")).click();
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector("#device-name input")))
                .sendKeys("CSP " + method + " " + UUID.randomUUID().toString().substring(0, 4));
        driver.findElement(By.cssSelector("#device-network input")).sendKeys(Keys.chord(Keys.CONTROL, "a"), network);
        var match = browser.waitUpTo(Duration.ofSeconds(10)).until(d -> {
            var shown = d.findElements(By.cssSelector("vaadin-combo-box-item")).stream()
                    .filter(i -> i.isDisplayed())
                    .toList();
            return shown.size() == 1 && shown.getFirst().getText().strip().equals(network) ? shown.getFirst() : null;
        });
        match.click();
        browser.waitUpTo(Duration.ofSeconds(5))
                .until(d -> d.findElement(By.id("device-network")).getDomAttribute("opened") == null);
        driver.findElement(By.xpath("//vaadin-radio-button[contains(., '" + method + "')]"))
                .click();
        driver.findElement(By.id("enroll")).click();
        var qr = browser.waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(result));
        assertThat(qr.getSize().getWidth()).as("QR code %s", result).isGreaterThan(100);
        waitForVaadin();
        readConsole();
        driver.findElement(By.xpath("//vaadin-button[normalize-space()='Close']"))
                .click();
        // The result holds a private key shown only once: closing asks first.
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(By.id("close-anyway")))
                .click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.invisibilityOfElementLocated(result));
    }

    @Test
    void every_view_the_dialogs_with_qr_codes_and_the_idp_pages_run_without_a_csp_violation() {
        var network = createNetwork();
        try {
            walkEverything(network);
        } catch (RuntimeException | AssertionError e) {
            // A blocked script shows as a page that never renders: say what the console said.
            readConsole();
            e.addSuppressed(new AssertionError("The browser console:\n" + String.join("\n", console)));
            throw e;
        }
        assertThat(console)
                .as("the browser console")
                .noneMatch(message -> message.contains("Content Security Policy") || message.contains("CSP violation"));
    }

    private void walkEverything(String network) {
        var driver = browser.driver;
        // Chromium writes some violations (a blocked eval) only to DevTools' issues, not to the console:
        // every document reports each violation event to the console as well.
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                document.addEventListener('securitypolicyviolation', e => console.error('CSP violation: '
                    + e.effectiveDirective + ' blocked ' + e.blockedURI + ' in ' + e.sourceFile + ':' + e.lineNumber));"""));

        // The console is really read: a message of the page arrives here.
        driver.get(baseUrl() + "/");
        browser.waitUpTo(Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        driver.executeScript("console.error(arguments[0])", PROBE);
        readConsole();
        assertThat(console).anyMatch(message -> message.contains(PROBE));

        browser.signIn(baseUrl(), "alice");
        waitForVaadin();
        readConsole();
        var paths = driver.findElements(By.cssSelector("#navigation vaadin-side-nav-item")).stream()
                .map(item -> item.getDomAttribute("path"))
                .toList();
        assertThat(paths).contains("", "approvals", "networks", "gateways", "jobs", "users", "audit");
        for (var path : paths) {
            open(path);
        }

        open("");
        addDevice(network, "in this browser", By.id("browser-config-qr"));
        addDevice(network, "on the server", By.id("config-qr"));

        driver.findElement(By.cssSelector("#user-menu vaadin-menu-bar-button")).click();
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(
                        By.xpath("//vaadin-menu-bar-item[normalize-space()='Sign out']")))
                .click();
        browser.waitUpTo(Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        readConsole();

        driver.get(baseUrl() + LoginErrorController.PATH + "?error=access_denied");
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("explanation")));
        readConsole();
    }
}
