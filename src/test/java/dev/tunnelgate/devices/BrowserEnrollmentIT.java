package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.Browser;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.wgconfig.PrivateKeyEntry;
import dev.tunnelgate.wgconfig.WgConfigParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;

/** An employee adds a device in a real Chromium, with keys made on the server. */
@Tag("browser")
class BrowserEnrollmentIT extends PortalIntegrationTest {
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

    private String createNetwork() {
        var name = "browser-" + UUID.randomUUID().toString().substring(0, 6);
        SecurityContextHolder.getContext().setAuthentication(TestLogins.as(1, "Admin", Roles.USER, Roles.ADMIN));
        try {
            networks.create(TestNetworks.network(
                    name,
                    "10.88.0.0/24",
                    b -> b.gatewayAddresses("10.88.0.1")
                            .dnsServers("10.88.0.1")
                            .split("10.88.0.0/24")
                            .approvalMode(ApprovalMode.AUTOMATIC)
                            .gatewayPublicKey(TestNetworks.newGatewayKey())));
        } finally {
            SecurityContextHolder.clearContext();
        }
        return name;
    }

    /** Opens "Add device", fills it in (choosing the key method whose label contains {@code method}) and submits. */
    private void addDevice(String network, String deviceName, String method) {
        var driver = browser.driver;
        driver.findElement(By.id("add-device")).click();
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector("#device-name input")))
                .sendKeys(deviceName);
        var networkInput = driver.findElement(By.cssSelector("#device-network input"));
        networkInput.sendKeys(Keys.chord(Keys.CONTROL, "a"), network);
        // The filter is applied on the server: wait until only matching items are listed (with many networks in the
        // shared test database, the unfiltered first page shows up first), then pick it and let the list close.
        var match = browser.waitUpTo(Duration.ofSeconds(10)).until(d -> {
            var shown = d.findElements(By.cssSelector("vaadin-combo-box-item")).stream()
                    .filter(item -> item.isDisplayed())
                    .toList();
            return shown.size() == 1 && shown.getFirst().getText().strip().equals(network) ? shown.getFirst() : null;
        });
        match.click();
        browser.waitUpTo(Duration.ofSeconds(5))
                .until(d -> d.findElement(By.id("device-network")).getDomAttribute("opened") == null);
        driver.findElement(By.xpath("//vaadin-radio-button[contains(., '" + method + "')]"))
                .click();
        driver.findElement(By.id("enroll")).click();
    }

    private String storedPublicKey(String network, String deviceName) {
        return jdbc.queryForObject(
                "select d.public_key from device d join network n on n.id = d.network_id"
                        + " where n.name = ? and d.name = ?",
                String.class,
                network,
                deviceName);
    }

    private void assertStoredNowhereButBelongsTo(String privateKey, String storedPublicKey) throws Exception {
        assertThat(wgPubkey(privateKey)).isEqualTo(storedPublicKey);
        assertThat(tablesContaining(privateKey)).isEmpty();
        // The same search does find what is stored: the public key, in device.public_key.
        assertThat(tablesContaining(storedPublicKey)).anyMatch(place -> place.equalsIgnoreCase("device.public_key"));
    }

    @Test
    void keys_made_in_the_browser_give_a_config_assembled_in_the_page_and_the_server_never_has_the_private_key()
            throws Exception {
        var network = createNetwork();
        browser.signIn(baseUrl(), "bob");
        var deviceName = "Bob phone " + UUID.randomUUID().toString().substring(0, 4);
        addDevice(network, deviceName, "in this browser");

        var configArea = browser.waitUpTo(Duration.ofSeconds(20))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("browser-config-text")));
        var driver = browser.driver;
        assertThat(driver.findElement(By.id("enrollment-status")).getText()).startsWith("Active");
        assertThat(driver.findElement(By.id("browser-config-download")).getDomAttribute("href"))
                .startsWith("blob:");
        assertThat(driver.findElement(By.id("browser-config-qr")).getSize().getWidth())
                .isGreaterThan(100);
        var configText = configArea.getDomProperty("value");
        var privateKey = ((PrivateKeyEntry.Included)
                        WgConfigParser.parse(configText).iface().privateKey())
                .key()
                .toBase64();
        assertThat(jdbc.queryForObject(
                        "select d.key_origin from device d join network n on n.id = d.network_id"
                                + " where n.name = ? and d.name = ?",
                        String.class,
                        network,
                        deviceName))
                .isEqualTo("BROWSER");
        assertStoredNowhereButBelongsTo(privateKey, storedPublicKey(network, deviceName));

        assertThat(driver.findElement(By.id("config-once")).getText())
                .isEqualTo("This private key is shown only now; download or scan it before closing.");
        assertThat(driver.findElement(By.id("config-redownload")).getText())
                .startsWith("Your browser made this key, and the server never had the private key.");
        // Escape would throw the key away: it asks first, and "Close anyway" closes.
        new Actions(driver).sendKeys(Keys.ESCAPE).perform();
        var closeAnyway = browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.elementToBeClickable(By.id("close-anyway")));
        assertThat(configArea.isDisplayed()).isTrue();
        closeAnyway.click();
        browser.waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.invisibilityOfElementLocated(By.id("browser-config-text")));
    }

    @Test
    void keys_made_on_the_server_are_shown_once_with_a_qr_code_and_stored_nowhere() throws Exception {
        var network = createNetwork();
        browser.signIn(baseUrl(), "bob");
        var deviceName = "Bob laptop " + UUID.randomUUID().toString().substring(0, 4);
        addDevice(network, deviceName, "on the server");

        var configArea = browser.waitUpTo(Duration.ofSeconds(20))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("config-text")));
        var driver = browser.driver;
        assertThat(driver.findElement(By.id("enrollment-status")).getText()).startsWith("Active");
        assertThat(driver.findElement(By.id("config-qr")).getDomAttribute("src"))
                .startsWith("data:image/png;base64,");
        assertThat(driver.findElement(By.id("config-download")).getDomAttribute("download"))
                .endsWith(".conf");
        var configText = configArea.getDomProperty("value");
        var privateKey = ((PrivateKeyEntry.Included)
                        WgConfigParser.parse(configText).iface().privateKey())
                .key()
                .toBase64();
        assertStoredNowhereButBelongsTo(privateKey, storedPublicKey(network, deviceName));
    }

    private static String wgPubkey(String privateKey) throws IOException, InterruptedException {
        var process = new ProcessBuilder("wg", "pubkey").start();
        process.getOutputStream().write((privateKey + "\n").getBytes(StandardCharsets.US_ASCII));
        process.getOutputStream().close();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return out;
    }

    /** Map keys of the JDBC row; H2 and PostgreSQL spell the catalogue's column labels differently. */
    private static Object column(java.util.Map<String, Object> row, String label) {
        return row.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(label))
                .findFirst()
                .orElseThrow()
                .getValue();
    }

    /** Every text column of every table of the application's schema, searched for the value. */
    private List<String> tablesContaining(String value) {
        var columns = jdbc.queryForList("select table_name, column_name from information_schema.columns"
                + " where lower(table_schema) = lower(current_schema()) and lower(data_type) like '%char%'");
        assertThat(columns).hasSizeGreaterThan(10);
        return columns.stream()
                .filter(c -> jdbc.queryForObject(
                                "select count(*) from \"%s\" where \"%s\" like ?"
                                        .formatted(column(c, "table_name"), column(c, "column_name")),
                                Integer.class,
                                "%" + value + "%")
                        > 0)
                .map(c -> column(c, "table_name") + "." + column(c, "column_name"))
                .toList();
    }
}
