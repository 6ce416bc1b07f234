package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.Browser;
import dev.tunnelgate.testing.PortalIntegrationTest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Devices view in a real Chromium: filters from a shared URL, a bulk revocation whose progress bar reaches the
 * end while the view stays usable, and an auditor who sees the same devices with no way to act.
 */
@Tag("browser")
class FleetBrowserIT extends PortalIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final Browser browser = new Browser();

    @Autowired
    NetworkService networks;

    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void closeBrowser() throws IOException {
        browser.close();
    }

    @Test
    void an_admin_filters_by_url_and_bulk_revokes_and_an_auditor_only_looks() {
        var fx = new FleetFixture(jdbc);
        long network = fx.network(networks, "browser");
        long erin = fx.user("Erin " + fx.suffix, "erin." + fx.suffix + "@example.com");
        int active = 130; // more than one chunk, so the progress bar has steps
        for (int i = 0; i < active; i++) {
            fx.device(FleetFixture.spec(erin, network, "erin-" + i));
        }
        fx.device(FleetFixture.spec(erin, network, "erin-gone").status(DeviceStatus.REVOKED));

        browser.signIn(baseUrl(), "alice");
        var driver = browser.driver;
        driver.get(baseUrl() + "/fleet?network=" + network + "&status=active&silent=abc");
        // Newest first.
        browser.waitUpTo(WAIT).until(d -> cells().contains("erin-129"));
        assertThat(cells()).doesNotContain("erin-gone");
        assertThat(driver.findElement(By.id("fleet-total")).getText()).isEqualTo(active + " devices");
        assertThat(driver.findElement(By.id("fleet-notes")).getText()).contains("no handshake");
        assertThat(driver.findElement(By.cssSelector("#fleet-status input")).getDomProperty("value"))
                .isEqualTo("active");
        assertThat(driver.findElement(By.cssSelector("#fleet-network input")).getDomProperty("value"))
                .isEqualTo("browser-" + fx.suffix);
        // The ignored parameter is gone from the address; the valid ones stay, and a new filter joins them.
        assertThat(driver.getCurrentUrl()).doesNotContain("silent=").contains("status=active");
        driver.findElement(By.cssSelector("#fleet-owner input")).sendKeys("ERIN." + fx.suffix);
        browser.waitUpTo(WAIT)
                .until(d -> Objects.requireNonNull(d.getCurrentUrl()).contains("owner=ERIN." + fx.suffix));
        assertThat(driver.findElement(By.cssSelector("#fleet-export")).getDomAttribute("href"))
                .isNotBlank();

        driver.findElement(By.id("fleet-revoke-matching")).click();
        var confirm = browser.waitUpTo(WAIT).until(ExpectedConditions.elementToBeClickable(By.id("fleet-confirm")));
        assertThat(confirm.getText()).isEqualTo("Revoke " + active + " devices");
        driver.findElement(By.cssSelector("#fleet-reason input")).sendKeys("laptop refresh");
        confirm.click();
        browser.waitUpTo(WAIT)
                .until(d ->
                        d.findElement(By.id("fleet-progress-text")).getText().startsWith("Done"));
        assertThat(driver.findElement(By.id("fleet-progress-text")).getText())
                .contains("Revoked %d of %d devices".formatted(active, active));
        assertThat(driver.findElement(By.id("fleet-progress")).getDomProperty("value"))
                .isEqualTo("1");
        assertThat(jdbc.queryForObject(
                        "select count(*) from device where network_id = ? and status = 'REVOKED'"
                                + " and revoke_reason = 'laptop refresh'",
                        Long.class,
                        network))
                .isEqualTo((long) active);
        // The grid followed: no active device of the filter is left.
        browser.waitUpTo(WAIT)
                .until(d -> d.findElement(By.id("fleet-total")).getText().equals("0 devices"));

        driver.manage().deleteAllCookies();
        browser.signIn(baseUrl(), "dave");
        driver.get(baseUrl() + "/fleet?network=" + network);
        browser.waitUpTo(WAIT).until(d -> cells().contains("erin-gone"));
        assertThat(cells()).contains("erin-129", "revoked: laptop refresh");
        assertThat(driver.findElements(By.id("fleet-revoke-matching"))).isEmpty();
        assertThat(driver.findElements(By.id("fleet-revoke-selected"))).isEmpty();
        assertThat(driver.findElements(By.xpath("//vaadin-button[normalize-space()='Revoke']")))
                .isEmpty();
        assertThat(driver.findElements(By.cssSelector("#fleet-grid vaadin-checkbox")))
                .isEmpty();
        // The export is the auditor's too: every device of the filter, as CSV.
        var href = driver.findElement(By.id("fleet-export")).getDomAttribute("href");
        var csv = (String) ((JavascriptExecutor) driver)
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + " fetch(arguments[0]).then(r => r.text()).then(done, e => done('failed: ' + e));",
                        href);
        assertThat(csv).startsWith("\"id\",\"owner\"").contains("\"erin-0\"", "\"erin-gone\"", "\"laptop refresh\"");
        // (WebDriver hands the script's string back with plain line feeds.)
        assertThat(csv.split("\r?\n")).hasSize(1 + active + 1);
    }

    /** The text of every grid cell on the page (Vaadin renders them as light-DOM children of the grids). */
    @SuppressWarnings("unchecked")
    private List<String> cells() {
        return (List<String>) ((JavascriptExecutor) browser.driver)
                .executeScript("return Array.from(document.querySelectorAll('vaadin-grid-cell-content'))"
                        + ".map(c => c.textContent.trim());");
    }
}
