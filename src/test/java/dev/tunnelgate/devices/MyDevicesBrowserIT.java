package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.gateways.GatewayService;
import dev.tunnelgate.gateways.GroupSpec;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.Browser;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.testing.TestUsers;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * My devices in a real Chromium: a pending device turns approved, then delivered, while bob looks at it (server push,
 * no reload); every action of a row is in sight at 1280 px; at phone size the rows are cards and nothing is clipped.
 */
@Tag("browser")
class MyDevicesBrowserIT extends PortalIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final Browser browser = new Browser();

    @Autowired
    NetworkService networks;

    @Autowired
    GatewayService gateways;

    @Autowired
    DeviceService devices;

    @Autowired
    JdbcTemplate jdbc;

    final String suffix = UUID.randomUUID().toString().substring(0, 6);
    long admin;
    long network;
    long group;
    String member;

    @BeforeEach
    void aManualNetworkServedByOneGatewayMember() {
        admin = TestUsers.insert(jdbc, "Live admin " + suffix);
        int n = ThreadLocalRandom.current().nextInt(20, 250);
        network = asAdmin(() -> networks.create(TestNetworks.network(
                "live-" + suffix,
                "10.%d.0.0/16".formatted(n),
                b -> b.gatewayAddresses("10.%d.0.1".formatted(n))
                        .split("10.%d.0.0/16".formatted(n))
                        .approvalMode(ApprovalMode.MANUAL))));
        group = asAdmin(() -> gateways.createGroup(
                new GroupSpec("live-" + suffix, "vpn.example.test:51820", 51820, List.of(network), null)));
        member = "gw-" + suffix;
        asAdmin(() -> gateways.addMember(group, member));
    }

    @AfterEach
    void closeBrowser() throws IOException {
        browser.close();
    }

    private <T> T asAdmin(java.util.function.Supplier<T> action) {
        return TestUsers.as(admin, action, Roles.USER, Roles.ADMIN, Roles.APPROVER);
    }

    /** Signs bob in and enrolls a pending device of his (as Add device does); returns its id. */
    private long bobWithAPendingDevice(String name) {
        browser.signIn(baseUrl(), "bob");
        long bob = Objects.requireNonNull(jdbc.queryForObject(
                "select id from app_user where issuer = ? and subject = 'bob'", Long.class, baseUrl()));
        var key = WgKeyPair.generate(new SecureRandom()).publicKey().toBase64();
        return TestUsers.as(
                bob,
                () -> devices.enroll(new EnrollmentRequest(name, Platform.LINUX, network, KeyOrigin.USER, key))
                        .device()
                        .id(),
                Roles.USER);
    }

    private Object script(String script, Object... args) {
        return ((JavascriptExecutor) browser.driver).executeScript(script, args);
    }

    /** The texts of the grid row whose Name cell reads {@code name} (empty while it is not rendered). */
    @SuppressWarnings("unchecked")
    private List<String> row(String name) {
        return (List<String>) script("""
                const grid = document.querySelector('vaadin-grid.device-grid');
                const cell = grid && [...grid.querySelectorAll('vaadin-grid-cell-content')]
                    .find(c => c.textContent.trim() === arguments[0]);
                if (!cell) return [];
                const tr = grid.shadowRoot.querySelector('slot[name="' + cell.getAttribute('slot') + '"]').closest('tr');
                return [...tr.querySelectorAll('slot')]
                    .map(s => s.assignedElements().map(e => e.textContent.trim()).join(''));
                """, name);
    }

    @Test
    void an_approval_by_an_admin_and_the_gateways_acknowledgement_show_without_a_reload() {
        var name = "Bob live " + suffix;
        long device = bobWithAPendingDevice(name);
        browser.driver.get(baseUrl() + "/");
        browser.waitUpTo(WAIT).until(d -> row(name).contains("pending approval"));
        script("window.tgNoReload = 'still the same page';");

        asAdmin(() -> {
            devices.approve(device);
            return null;
        });
        browser.waitUpTo(WAIT).until(d -> row(name).contains("active"));
        assertThat(row(name)).contains("pending on %s (0/1)".formatted(member));

        // The member acknowledges the group's revision, as its agent's status report records it.
        jdbc.update(
                "update gateway_member set applied_revision = (select revision from gateway_group where id = ?)"
                        + " where group_id = ?",
                group,
                group);
        browser.waitUpTo(WAIT).until(d -> row(name).contains("active on 1/1 gateways"));

        assertThat(script("return window.tgNoReload;"))
                .as("the page was updated in place, never reloaded")
                .isEqualTo("still the same page");
    }

    @Test
    void at_1280_px_every_action_of_a_row_is_in_sight() {
        var name = "Bob wide " + suffix;
        bobWithAPendingDevice(name);
        browser.driver.get(baseUrl() + "/");
        browser.waitUpTo(WAIT).until(d -> row(name).contains("pending approval"));
        assertThat(script("return window.innerWidth;")).isEqualTo(1280L);

        // Nothing to scroll sideways: every column fits.
        assertThat(script("const t = document.querySelector('vaadin-grid.device-grid').$.table;"
                        + " return t.scrollWidth <= t.clientWidth;"))
                .isEqualTo(true);
        // and no cell hides part of its text behind an ellipsis.
        assertThat(script("return [...document.querySelectorAll('vaadin-grid.device-grid vaadin-grid-cell-content')]"
                        + ".filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent.trim());"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .isEmpty();
        var actions = browser.driver.findElements(
                By.cssSelector("vaadin-grid.device-grid .device-config, vaadin-grid.device-grid .device-menu"));
        assertThat(actions).hasSizeGreaterThanOrEqualTo(2);
        for (var action : actions) {
            assertInSight(action);
        }
        assertInSight(browser.driver.findElement(By.id("add-device")));

        // The row menu opens with its actions, in sight too.
        var menu = browser.driver.findElement(
                By.cssSelector("vaadin-grid.device-grid .device-menu vaadin-menu-bar-button"));
        menu.click();
        var items = browser.waitUpTo(WAIT).until(d -> {
            var shown = openMenuItems();
            return shown.isEmpty() ? null : shown;
        });
        assertThat(items.stream().map(i -> i.getText().strip()).toList()).containsExactly("Rename", "Revoke");
        for (var item : items) {
            assertInSight(item);
        }
    }

    /** The items of the open sub-menu, wherever the menu bar renders them (a root button holds an item too). */
    @SuppressWarnings("unchecked")
    private List<WebElement> openMenuItems() {
        return (List<WebElement>) script("""
                const found = [];
                const walk = root => root.querySelectorAll('*').forEach(e => {
                    if (e.localName === 'vaadin-menu-bar-item' && !e.closest('vaadin-menu-bar-button')
                            && e.getClientRects().length > 0) found.push(e);
                    if (e.shadowRoot) walk(e.shadowRoot);
                });
                walk(document);
                return found;
                """);
    }

    @Test
    void at_phone_size_the_devices_are_cards_and_nothing_is_clipped() {
        var name = "Bob phone " + suffix;
        bobWithAPendingDevice(name);
        // A phone: 390 x 844 CSS pixels, touch, mobile viewport.
        browser.driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 3, "mobile", true));
        browser.driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true));
        browser.driver.get(baseUrl() + "/");

        var card = browser.waitUpTo(WAIT)
                .until(d -> d.findElements(By.cssSelector(".device-card")).stream()
                        .filter(c -> c.isDisplayed() && c.getText().contains(name))
                        .findFirst()
                        .orElse(null));
        assertThat(script("return window.innerWidth;")).isEqualTo(390L);
        assertThat(card.getText()).contains("pending approval");
        assertThat(browser.driver
                        .findElement(By.cssSelector("vaadin-grid.device-grid"))
                        .isDisplayed())
                .isFalse();
        assertInSight(card);
        assertInSight(card.findElement(By.cssSelector(".device-config")));
        assertInSight(card.findElement(By.cssSelector(".device-menu")));
        assertThat(card.findElement(By.cssSelector(".device-config")).getDomAttribute("download"))
                .isNotNull();
        assertThat(script("return document.documentElement.scrollWidth <= window.innerWidth;"))
                .as("nothing sticks out sideways")
                .isEqualTo(true);
    }

    private void assertInSight(WebElement element) {
        @SuppressWarnings("unchecked")
        var box = (Map<String, Object>) script(
                "const r = arguments[0].getBoundingClientRect();"
                        + " return {left: r.left, right: r.right, width: r.width, inner: window.innerWidth};",
                element);
        var right = ((Number) box.get("right")).doubleValue();
        var left = ((Number) box.get("left")).doubleValue();
        assertThat(((Number) box.get("width")).doubleValue())
                .as("width of %s", element.getText())
                .isPositive();
        assertThat(left).as("left edge of %s", element.getText()).isGreaterThanOrEqualTo(0);
        assertThat(right)
                .as("right edge of %s", element.getText())
                .isLessThanOrEqualTo(((Number) box.get("inner")).doubleValue());
    }
}
