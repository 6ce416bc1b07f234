package dev.tunnelgate.apitokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.api.OpenApiConfiguration;
import dev.tunnelgate.testing.Accessibility;
import dev.tunnelgate.testing.Browser;
import dev.tunnelgate.testing.PortalIntegrationTest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * In Chromium: a token made on the API tokens page, copied with its button, is accepted by Swagger UI, whose "Try it
 * out" then answers from the API; the portal's Content-Security-Policy blocks nothing on the way, and axe-core finds
 * nothing serious on the page and its dialog, light or dark.
 */
@Tag("browser")
class ApiTokensBrowserIT extends PortalIntegrationTest {
    @RegisterExtension
    final Browser browser = new Browser();

    private final List<String> console = new ArrayList<>();
    private final List<String> findings = new ArrayList<>();

    @AfterEach
    void closeBrowser() throws IOException {
        browser.close();
    }

    /** axe in both colour schemes, findings collected. */
    private void checkAccessibility(String page) {
        for (var scheme : List.of("light", "dark")) {
            browser.emulateColorScheme(scheme);
            Accessibility.seriousFindings(browser.driver)
                    .forEach(finding -> findings.add(page + ", " + scheme + ": " + finding));
        }
        browser.emulateColorScheme(null);
    }

    @Test
    void a_copied_token_works_in_swagger_ui_without_a_csp_violation() {
        try {
            walk();
        } catch (RuntimeException | AssertionError e) {
            console.addAll(browser.consoleMessages());
            e.addSuppressed(new AssertionError("The browser console:\n" + String.join("\n", console)));
            throw e;
        }
        console.addAll(browser.consoleMessages());
        assertThat(console)
                .as("the browser console")
                .noneMatch(message -> message.contains("Content Security Policy") || message.contains("CSP violation"));
        assertThat(findings).as("axe-core findings (serious or critical)").isEmpty();
    }

    private void walk() {
        var driver = browser.driver;
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                document.addEventListener('securitypolicyviolation', e => console.error('CSP violation: '
                    + e.effectiveDirective + ' blocked ' + e.blockedURI + ' in ' + e.sourceFile + ':' + e.lineNumber));"""));
        driver.executeCdpCommand(
                "Browser.grantPermissions",
                Map.of("origin", baseUrl(), "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        browser.signIn(baseUrl(), "bob");

        driver.get(baseUrl() + "/tokens");
        var wait = browser.waitUpTo(Duration.ofSeconds(20));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-tokens")));
        checkAccessibility("API tokens, none yet");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("new-token"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#token-name input")))
                .sendKeys("swagger");
        checkAccessibility("New token, the form");
        driver.findElement(By.id("create-token")).click();
        var secret = wait.until(d -> {
            var value = (String) browser.driver.executeScript(
                    "const f = document.querySelector('#token-secret'); return f ? f.value : null;");
            return value == null || value.isEmpty() ? null : value;
        });
        assertThat(secret).startsWith("tgp1.");
        checkAccessibility("New token, the token shown");

        driver.findElement(By.id("copy-token")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.tagName("vaadin-notification-card"), "Token copied"));
        var copied = (String)
                driver.executeAsyncScript(
                        "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('' + e));");
        assertThat(copied).as("the clipboard").isEqualTo(secret);
        driver.findElement(By.id("token-done")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("api-tokens"), "swagger"));
        // The closing dialog fades out; axe would measure its half-transparent texts.
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("token-once")));
        checkAccessibility("API tokens, one");

        driver.get(baseUrl() + "/" + OpenApiConfiguration.SWAGGER_UI);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".swagger-ui .info .title"), "Tunnelgate REST API"));
        driver.findElement(By.cssSelector(".swagger-ui .btn.authorize")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".auth-container input")))
                .sendKeys(copied);
        driver.findElement(By.cssSelector(".auth-container .auth-btn-wrapper .authorize"))
                .click();
        driver.findElement(By.cssSelector(".auth-container .auth-btn-wrapper .btn-done"))
                .click();

        var me = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#operations-api-tokens-api-me .opblock-summary")));
        me.click();
        wait.until(ExpectedConditions.elementToBeClickable(
                        By.cssSelector("#operations-api-tokens-api-me .try-out__btn")))
                .click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#operations-api-tokens-api-me .execute")))
                .click();
        var status = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#operations-api-tokens-api-me .live-responses-table .response .response-col_status")));
        assertThat(status.getText()).startsWith("200");
        assertThat(driver.findElement(By.cssSelector("#operations-api-tokens-api-me .live-responses-table"))
                        .getText())
                .contains("\"displayName\": \"Bob Employee\"")
                .contains("\"scope\": \"READ_ONLY\"");
    }
}
