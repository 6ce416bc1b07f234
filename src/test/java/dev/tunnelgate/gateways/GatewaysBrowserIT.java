package dev.tunnelgate.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.protocol.AgentWire;
import dev.tunnelgate.protocol.StatusReport;
import dev.tunnelgate.testing.Browser;
import dev.tunnelgate.testing.TestNetworks;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The Gateways view in a real Chromium at 1280x900, next to the navigation: every health column of the member grid
 * and each member's actions are on screen at once, with nothing to scroll sideways and nothing pinned over them.
 */
@Tag("browser")
class GatewaysBrowserIT extends GatewayIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> HEALTH = List.of(
            "Member", "Status", "Last contact", "Applied / desired", "Sync", "Handshaking / peers", "Last error");

    @RegisterExtension
    final Browser browser = new Browser();

    @AfterEach
    void closeBrowser() throws IOException {
        browser.close();
    }

    @Test
    void at_1280_px_every_health_column_and_the_actions_of_each_member_are_on_screen() throws Exception {
        long network = fixture.network(ApprovalMode.MANUAL, 5);
        long group = fixture.group("fit-" + fixture.suffix + ".example.com:51820", 51820, network);
        var http = new AgentHttp(baseUrl());
        // Long texts where they can be: a long member name, a version, an error message.
        for (var name : List.of("gw-a", "gateway-host-with-a-long-name-" + fixture.suffix)) {
            var token = fixture.member(group, name).token();
            var report = new StatusReport(
                    "1.2.3-SNAPSHOT",
                    TestNetworks.newGatewayKey(),
                    0,
                    null,
                    List.of(),
                    List.of(),
                    List.of("wg set failed: RTNETLINK answers: Operation not permitted while applying 12 peers"));
            assertThat(http.status(token, AgentWire.encode(report)).statusCode())
                    .isEqualTo(204);
        }
        // One that has not reported yet: it turns online on the open page, pushed by the portal.
        var late = fixture.member(group, "gw-late").token();
        var groupName = fixture.asAdmin(() -> gateways.groups()).stream()
                .filter(g -> g.id() == group)
                .findFirst()
                .orElseThrow()
                .name();

        browser.signIn(baseUrl(), "alice");
        var driver = browser.driver;
        driver.get(baseUrl() + "/gateways");
        browser.waitUpTo(WAIT).until(d -> groupCell(groupName) != null);
        script("arguments[0].click();", groupCell(groupName));
        browser.waitUpTo(WAIT).until(d -> memberMenus().size() == 3);

        @SuppressWarnings("unchecked")
        var layout = (Map<String, Object>) script("""
                const grid = document.getElementById('members');
                const headers = Array.from(grid.shadowRoot.querySelectorAll('thead th'))
                    .filter(th => !th.hidden && th.getBoundingClientRect().width > 0)
                    .map(th => {
                        const slot = th.querySelector('slot');
                        const content = slot ? slot.assignedElements()[0] : null;
                        const r = th.getBoundingClientRect();
                        return {text: content ? content.textContent.trim() : '', left: r.left, right: r.right};
                    });
                const table = grid.shadowRoot.querySelector('#table');
                const menus = Array.from(grid.querySelectorAll('vaadin-menu-bar')).map(m => {
                    const r = m.getBoundingClientRect();
                    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
                });
                return {headers, menus, viewport: window.innerWidth, height: window.innerHeight,
                        tableScroll: table.scrollWidth - table.clientWidth,
                        groupScroll: (t => t.scrollWidth - t.clientWidth)(
                            document.getElementById('groups').shadowRoot.querySelector('#table')),
                        pageScroll: document.documentElement.scrollWidth - window.innerWidth};
                """);
        @SuppressWarnings("unchecked")
        var headers = (List<Map<String, Object>>) layout.get("headers");
        double viewport = number(layout.get("viewport"));
        assertThat(viewport).as("window width").isGreaterThanOrEqualTo(1260);
        assertThat(headers).extracting(h -> h.get("text")).containsAll(HEALTH);
        assertThat(number(layout.get("tableScroll")))
                .as("the member grid scrolls sideways")
                .isLessThanOrEqualTo(0);
        assertThat(number(layout.get("groupScroll")))
                .as("the group grid scrolls sideways")
                .isLessThanOrEqualTo(0);
        assertThat(number(layout.get("pageScroll")))
                .as("the page scrolls sideways")
                .isLessThanOrEqualTo(0);
        var actions = headers.getLast();
        assertThat(actions.get("text")).isEqualTo("");
        for (var header : headers) {
            assertThat(number(header.get("left")))
                    .as("left of %s", header.get("text"))
                    .isGreaterThanOrEqualTo(0);
            assertThat(number(header.get("right")))
                    .as("right of %s", header.get("text"))
                    .isLessThanOrEqualTo(viewport);
            if (header != actions) {
                // Nothing pinned over it: the actions column starts where it ends, or later.
                assertThat(number(header.get("right")))
                        .as("%s under the actions column", header.get("text"))
                        .isLessThanOrEqualTo(number(actions.get("left")) + 0.5);
            }
        }
        @SuppressWarnings("unchecked")
        var menus = (List<Map<String, Object>>) layout.get("menus");
        assertThat(menus).hasSize(3).allSatisfy(menu -> {
            assertThat(number(menu.get("left"))).isGreaterThanOrEqualTo(0);
            assertThat(number(menu.get("right"))).isLessThanOrEqualTo(viewport);
            assertThat(number(menu.get("bottom"))).isGreaterThan(0);
        });

        // The row menu opens and offers what the buttons did.
        // Below a long list of groups the members may start under the fold: bring the row into view first.
        var menuButton = memberMenus().getFirst().findElement(By.tagName("vaadin-menu-bar-button"));
        script("arguments[0].scrollIntoView({block: 'center'});", menuButton);
        browser.waitUpTo(WAIT).until(d -> {
            try {
                menuButton.click();
                return true;
            } catch (org.openqa.selenium.ElementClickInterceptedException covered) {
                return false; // a notification or an animation still over it
            }
        });
        browser.waitUpTo(WAIT)
                .until(d -> !d.findElements(By.xpath("//vaadin-menu-bar-item[normalize-space()='Rotate credential']"))
                        .isEmpty());
        assertThat(driver.findElements(By.xpath("//vaadin-menu-bar-item[normalize-space()='Revoke']")))
                .isNotEmpty();
        new Actions(driver).sendKeys(Keys.ESCAPE).perform();

        // Live: the member that reports now shows online without a reload.
        assertThat(memberStatus("gw-late")).isEqualTo("offline");
        var report = new StatusReport("1.2.3", TestNetworks.newGatewayKey(), 0, null, List.of(), List.of(), List.of());
        assertThat(http.status(late, AgentWire.encode(report)).statusCode()).isEqualTo(204);
        browser.waitUpTo(WAIT).until(d -> "online".equals(memberStatus("gw-late")));
        assertThat(browser.consoleMessages()).noneMatch(m -> m.startsWith("SEVERE") && !m.contains("/favicon.ico"));
    }

    private Object script(String script, Object... args) {
        return ((JavascriptExecutor) browser.driver).executeScript(script, args);
    }

    private @Nullable WebElement groupCell(String name) {
        return browser.driver.findElements(By.cssSelector("vaadin-grid-cell-content")).stream()
                .filter(cell -> cell.getText().trim().equals(name))
                .findFirst()
                .orElse(null);
    }

    /** The status badge's text in the row of the member named {@code name}. */
    private @Nullable String memberStatus(String name) {
        return (String) script("""
                const grid = document.getElementById('members');
                const cells = Array.from(grid.querySelectorAll('vaadin-grid-cell-content'));
                // The name is the cell's first span (a warning sign may follow it).
                const nameCell = cells.find(c => (c.querySelector('span') || c).textContent.trim() === arguments[0]);
                if (!nameCell) return null;
                const row = nameCell.assignedSlot.closest('tr');
                const badge = Array.from(row.querySelectorAll('slot'))
                    .map(s => s.assignedElements()[0])
                    .map(c => c && c.querySelector('vaadin-badge'))
                    .find(b => b);
                return badge ? badge.textContent.trim() : null;
                """, name);
    }

    private List<WebElement> memberMenus() {
        return browser.driver.findElements(By.cssSelector("#members vaadin-menu-bar"));
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }
}
