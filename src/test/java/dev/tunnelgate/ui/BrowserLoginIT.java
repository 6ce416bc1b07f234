package dev.tunnelgate.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.testing.Browser;
import dev.tunnelgate.testing.PortalIntegrationTest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** A real Chromium signs in through the IdP's form and uses the shell. */
@Tag("browser")
class BrowserLoginIT extends PortalIntegrationTest {
    @RegisterExtension
    final Browser browser = new Browser();

    @AfterEach
    void closeBrowser() throws IOException {
        browser.close();
    }

    private void signIn(String username) {
        browser.signIn(baseUrl(), username);
        assertThat(browser.driver.getCurrentUrl()).doesNotContain("/idp/");
    }

    private List<String> navigation() {
        return browser.driver.findElements(By.cssSelector("#navigation vaadin-side-nav-item")).stream()
                .map(WebElement::getText)
                .map(String::strip)
                .toList();
    }

    @Test
    void an_employee_signs_in_and_sees_my_devices_but_no_admin_entries() {
        signIn("bob");
        assertThat(navigation()).containsExactly("My devices", "API tokens");
        assertThat(browser.driver.findElement(By.tagName("h2")).getText()).isEqualTo("My devices");
        assertThat(browser.driver.findElement(By.id("user-menu")).getText()).contains("Bob Employee");

        browser.driver.get(baseUrl() + "/users");
        browser.waitUpTo(Duration.ofSeconds(20))
                .until(d -> d.findElement(By.tagName("body")).getText().length() > 0);
        assertThat(browser.driver.findElements(By.tagName("vaadin-grid"))).isEmpty();
    }

    @Test
    void an_admin_sees_the_admin_navigation_opens_users_and_signs_out_of_the_idp_too() {
        signIn("alice");
        assertThat(navigation())
                .containsExactly(
                        "Overview",
                        "My devices",
                        "Approvals",
                        "Devices",
                        "Networks",
                        "Access",
                        "Explain access",
                        "Gateways",
                        "Jobs",
                        "Users",
                        "Audit",
                        "API tokens");

        browser.driver
                .findElement(By.cssSelector("#navigation vaadin-side-nav-item[path='users']"))
                .click();
        browser.waitUpTo(Duration.ofSeconds(20))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("vaadin-grid"), "Alice Admin"));

        browser.driver
                .findElement(By.cssSelector("#user-menu vaadin-menu-bar-button"))
                .click();
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(
                        By.xpath("//vaadin-menu-bar-item[normalize-space()='Sign out']")))
                .click();
        browser.waitUpTo(Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));

        // The IdP session ended as well: opening the portal again asks for the password.
        browser.driver.get(baseUrl() + "/");
        browser.waitUpTo(Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertThat(browser.driver.getCurrentUrl()).contains("/idp/login");
    }
}
