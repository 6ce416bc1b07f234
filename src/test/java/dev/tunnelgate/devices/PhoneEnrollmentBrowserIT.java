package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.Browser;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestNetworks;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Bob adds a device on a phone (390×844, touch) in a real Chromium: the file comes first, the QR code second, the
 * QR code fits the screen, and the code read back from a screenshot is exactly the downloaded file.
 */
@Tag("browser")
class PhoneEnrollmentBrowserIT extends PortalIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    final Browser browser = Browser.phone();

    @Autowired
    NetworkService networks;

    @AfterEach
    void closeBrowser() throws IOException {
        browser.close();
    }

    @Test
    void bob_adds_a_device_on_a_phone_and_the_qr_code_fits_the_screen_and_decodes_to_the_downloaded_file()
            throws Exception {
        var network = createNetwork();
        var driver = browser.driver;
        browser.signIn(baseUrl(), "bob");
        assertThat(driver.executeScript("return [innerWidth, matchMedia('(pointer: coarse)').matches]"))
                .as("a phone-sized touch screen")
                .isEqualTo(List.of(390L, true));

        driver.findElement(By.id("add-device")).click();
        browser.waitUpTo(WAIT)
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector("#device-name input")))
                .sendKeys("Bob phone " + UUID.randomUUID().toString().substring(0, 4));
        driver.findElement(By.cssSelector("#device-network input")).sendKeys(Keys.chord(Keys.CONTROL, "a"), network);
        var match = browser.waitUpTo(WAIT).until(d -> {
            var shown = d.findElements(By.cssSelector("vaadin-combo-box-item")).stream()
                    .filter(WebElement::isDisplayed)
                    .toList();
            return shown.size() == 1 && shown.getFirst().getText().strip().equals(network) ? shown.getFirst() : null;
        });
        match.click();
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("device-network")).getDomAttribute("opened") == null);
        driver.findElement(By.xpath("//vaadin-radio-button[contains(., 'on the server')]"))
                .click();
        driver.findElement(By.id("enroll")).click();

        var qr = browser.waitUpTo(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("config-qr")));
        var download = driver.findElement(By.id("config-download"));
        assertThat(download.getRect().getY())
                .as("on a touch screen the file comes first")
                .isLessThan(qr.getRect().getY());

        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", qr);
        // Every corner and the centre of the code are the code itself: inside the viewport, not clipped by the
        // dialog, not covered by anything.
        @SuppressWarnings("unchecked")
        var seen = (Map<String, Object>) driver.executeScript("""
                const qr = arguments[0];
                const r = qr.getBoundingClientRect();
                const deepest = (x, y) => {
                  let e = document.elementFromPoint(x, y);
                  while (e && e.shadowRoot && e.shadowRoot.elementFromPoint(x, y) && e.shadowRoot.elementFromPoint(x, y) !== e) {
                    e = e.shadowRoot.elementFromPoint(x, y);
                  }
                  return e;
                };
                const points = [[r.left + 1, r.top + 1], [r.right - 1, r.top + 1], [r.left + 1, r.bottom - 1],
                                [r.right - 1, r.bottom - 1], [(r.left + r.right) / 2, (r.top + r.bottom) / 2]];
                return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
                        width: innerWidth, height: innerHeight, ratio: devicePixelRatio,
                        visible: points.every(([x, y]) => deepest(x, y) === qr)};
                """, qr);
        assertThat(number(seen, "left")).isGreaterThanOrEqualTo(0);
        assertThat(number(seen, "top")).isGreaterThanOrEqualTo(0);
        assertThat(number(seen, "right")).isLessThanOrEqualTo(number(seen, "width"));
        assertThat(number(seen, "bottom")).isLessThanOrEqualTo(number(seen, "height"));
        assertThat(number(seen, "right") - number(seen, "left"))
                .as("still large enough to scan")
                .isGreaterThan(250);
        assertThat(seen.get("visible"))
                .as("the whole code is visible: %s", seen)
                .isEqualTo(true);

        var screenshot = driver.getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(Path.of("target/screenshots"));
        Files.write(Path.of("target/screenshots/PhoneEnrollmentBrowserIT-qr.png"), screenshot);
        var decoded = new MultiFormatReader()
                .decode(
                        new BinaryBitmap(new HybridBinarizer(
                                new BufferedImageLuminanceSource(ImageIO.read(new ByteArrayInputStream(screenshot))))),
                        Map.of(
                                DecodeHintType.POSSIBLE_FORMATS,
                                List.of(BarcodeFormat.QR_CODE),
                                DecodeHintType.TRY_HARDER,
                                Boolean.TRUE))
                .getText();

        var href = download.getDomAttribute("href");
        var prefix = "data:text/plain;charset=utf-8;base64,";
        assertThat(href).startsWith(prefix);
        var downloaded =
                new String(Base64.getDecoder().decode(href.substring(prefix.length())), StandardCharsets.UTF_8);
        assertThat(downloaded).contains("[Interface]").contains("PrivateKey = ");
        assertThat(decoded).isEqualTo(downloaded);
        assertThat(driver.findElement(By.id("config-text")).getDomProperty("value"))
                .isEqualTo(downloaded);
    }

    private static double number(Map<String, Object> values, String key) {
        return ((Number) values.get(key)).doubleValue();
    }

    private String createNetwork() {
        var name = "phone-" + UUID.randomUUID().toString().substring(0, 6);
        SecurityContextHolder.getContext().setAuthentication(TestLogins.as(1, "Admin", Roles.USER, Roles.ADMIN));
        try {
            networks.create(TestNetworks.network(
                    name,
                    "10.87.0.0/24",
                    b -> b.approvalMode(ApprovalMode.AUTOMATIC).gatewayPublicKey(TestNetworks.newGatewayKey())));
        } finally {
            SecurityContextHolder.clearContext();
        }
        return name;
    }
}
