package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.networks.NetworkSpec;
import dev.tunnelgate.networks.TunnelMode;
import dev.tunnelgate.testing.Browser;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.wgconfig.PrivateKeyEntry;
import dev.tunnelgate.wgconfig.WgConfigParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
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
            networks.create(new NetworkSpec(name, "10.88.0.0/24", null, List.of("10.88.0.1"), List.of("10.88.0.1"), 1420,
                    25, "127.0.0.1:51820", TunnelMode.SPLIT, List.of("10.88.0.0/24"), ApprovalMode.AUTOMATIC, List.of(), 5,
                    WgKeyPair.generate(new SecureRandom()).publicKey().toBase64()));
        } finally {
            SecurityContextHolder.clearContext();
        }
        return name;
    }

    @Test
    void the_downloaded_private_key_belongs_to_the_stored_public_key_and_no_table_holds_it() throws Exception {
        var network = createNetwork();
        var driver = browser.driver;
        browser.signIn(baseUrl(), "bob");
        driver.findElement(By.id("add-device")).click();
        var deviceName = "Bob laptop " + UUID.randomUUID().toString().substring(0, 4);
        browser.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(By.cssSelector("#device-name input")))
                .sendKeys(deviceName);
        var networkInput = driver.findElement(By.cssSelector("#device-network input"));
        networkInput.sendKeys(Keys.chord(Keys.CONTROL, "a"), network);
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> !d.findElements(By.cssSelector("vaadin-combo-box-item")).isEmpty());
        networkInput.sendKeys(Keys.ENTER);
        driver.findElement(By.id("enroll")).click();

        var configArea = browser.waitUpTo(Duration.ofSeconds(20))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("config-text")));
        assertThat(driver.findElement(By.id("enrollment-status")).getText()).startsWith("Active");
        assertThat(driver.findElement(By.id("config-qr")).getDomAttribute("src")).startsWith("data:image/png;base64,");
        assertThat(driver.findElement(By.id("config-download")).getDomAttribute("download")).endsWith(".conf");
        var configText = configArea.getDomProperty("value");
        var privateKey = ((PrivateKeyEntry.Included) WgConfigParser.parse(configText).iface().privateKey()).key().toBase64();

        var stored = jdbc.queryForObject("select d.public_key from device d join network n on n.id = d.network_id"
                + " where n.name = ? and d.name = ?", String.class, network, deviceName);
        assertThat(wgPubkey(privateKey)).isEqualTo(stored);
        assertThat(tablesContaining(privateKey)).isEmpty();
        // The same search does find what is stored: the public key, in device.public_key.
        assertThat(tablesContaining(stored)).anyMatch(place -> place.equalsIgnoreCase("device.public_key"));
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
        return row.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(label)).findFirst().orElseThrow().getValue();
    }

    /** Every text column of every table of the application's schema, searched for the value. */
    private List<String> tablesContaining(String value) {
        var columns = jdbc.queryForList("select table_name, column_name from information_schema.columns"
                + " where lower(table_schema) = lower(current_schema()) and lower(data_type) like '%char%'");
        assertThat(columns).hasSizeGreaterThan(10);
        return columns.stream()
                .filter(c -> jdbc.queryForObject("select count(*) from \"%s\" where \"%s\" like ?".formatted(
                        column(c, "table_name"), column(c, "column_name")), Integer.class, "%" + value + "%") > 0)
                .map(c -> column(c, "table_name") + "." + column(c, "column_name"))
                .toList();
    }
}
