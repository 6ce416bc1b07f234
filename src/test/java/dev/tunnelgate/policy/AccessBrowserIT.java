package dev.tunnelgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.devices.DeviceService;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.Browser;
import dev.tunnelgate.testing.PortalIntegrationTest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** An admin answers "who can reach 10.1.2.3:443, and why?" in a real Chromium, and sees the policies. */
@Tag("browser")
class AccessBrowserIT extends PortalIntegrationTest {
    @RegisterExtension
    final Browser browser = new Browser();

    @Autowired
    NetworkService networks;

    @Autowired
    DeviceService devices;

    @Autowired
    JdbcTemplate jdbc;

    private ExplainFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ExplainFixture(networks, devices, jdbc);
    }

    @AfterEach
    void tearDown() throws IOException {
        fx.cleanUp();
        browser.close();
    }

    @Test
    void an_admin_sees_who_can_reach_an_address_and_port_and_through_which_policy() {
        long network = fx.network("10.1.2.0/24");
        long erin = fx.user("erin");
        fx.groups(erin, "web-team");
        fx.device(erin, network, "erin-laptop");
        long https = fx.destination("intranet", "10.1.2.3/32", "TCP", "443");
        fx.policy("web", true, network, List.of(https), List.of("web-team"), List.of());

        browser.signIn(baseUrl(), "alice");
        browser.driver.get(baseUrl() + "/access/explain");
        var address = browser.waitUpTo(Duration.ofSeconds(20))
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector("#explain-address input")));
        address.sendKeys("10.1.2.3");
        browser.driver.findElement(By.cssSelector("#explain-port input")).sendKeys("443");
        browser.driver.findElement(By.id("explain-ask")).click();

        browser.waitUpTo(Duration.ofSeconds(20)).until(d -> cells().contains("erin-laptop"));
        var cells = cells();
        assertThat(cells).contains(fx.name(erin), fx.destinationName("intranet"), "tcp 443", fx.policyName("web"));

        browser.driver.get(baseUrl() + "/access");
        browser.waitUpTo(Duration.ofSeconds(20)).until(d -> cells().contains(fx.policyName("web")));
        assertThat(cells()).contains("group web-team");
        // No favicon yet (issue #11); anything else severe is a defect of these views.
        assertThat(browser.consoleMessages()).noneMatch(m -> m.startsWith("SEVERE") && !m.contains("/favicon.ico"));
    }

    /** The text of every grid cell on the page (Vaadin renders them as light-DOM children of the grids). */
    @SuppressWarnings("unchecked")
    private List<String> cells() {
        return (List<String>) ((JavascriptExecutor) browser.driver)
                .executeScript("return Array.from(document.querySelectorAll('vaadin-grid-cell-content'))"
                        + ".map(c => c.textContent.trim());");
    }
}
