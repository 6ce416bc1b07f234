package dev.tunnelgate.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A cookie-keeping HTTP client that never follows redirects on its own, so tests can check
 * every hop of a login the way a browser would take it.
 */
public final class WebWalker {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    public final List<String> hops = new ArrayList<>();

    public HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    public HttpResponse<String> postForm(String url, Map<String, String> form) {
        var body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Follows redirects from {@code url} until a page that is not a redirect, or until {@code stopWhen} matches a location. */
    public HttpResponse<String> follow(String url, Pattern stopAt) {
        var response = get(url);
        for (int i = 0; i < 20 && isRedirect(response); i++) {
            var next = location(response);
            if (stopAt.matcher(next).find()) {
                return response;
            }
            response = get(next);
        }
        return response;
    }

    public HttpResponse<String> follow(String url) {
        return follow(url, Pattern.compile("(?!)"));
    }

    /** From the IdP's login form page, signs in and returns the IdP's answer (a redirect back to the authorize endpoint). */
    public HttpResponse<String> submitIdpLogin(HttpResponse<String> loginPage, String username, String password) {
        var matcher = CSRF.matcher(loginPage.body());
        if (!matcher.find()) {
            throw new AssertionError("No CSRF field on the IdP login page: " + loginPage.body());
        }
        return postForm(loginPage.uri().toString(), Map.of("username", username, "password", password,
                "_csrf", matcher.group(1)));
    }

    public static boolean isRedirect(HttpResponse<?> response) {
        return response.statusCode() >= 300 && response.statusCode() < 400;
    }

    public static String location(HttpResponse<?> response) {
        var location = response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("Redirect without Location: " + response.uri()));
        return response.uri().resolve(location).toString();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            var response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            hops.add(response.request().method() + " " + response.uri() + " -> " + response.statusCode()
                    + response.headers().firstValue("Location").map(l -> " " + l).orElse(""));
            return response;
        } catch (IOException e) {
            throw new AssertionError("Request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
