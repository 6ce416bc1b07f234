package dev.tunnelgate.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A cookie-keeping HTTP client that never follows redirects on its own, so tests can check
 * every hop of a login the way a browser would take it.
 */
public final class WebWalker {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** Host-only cookies per host name, as a browser keeps the portal's and the IdP's apart. */
    private final Map<String, Map<String, String>> cookies = new HashMap<>();

    private final HttpClient client = HttpClient.newBuilder()
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
        return postForm(
                loginPage.uri().toString(),
                Map.of("username", username, "password", password, "_csrf", matcher.group(1)));
    }

    public static boolean isRedirect(HttpResponse<?> response) {
        return response.statusCode() >= 300 && response.statusCode() < 400;
    }

    public static String location(HttpResponse<?> response) {
        var location = response.headers()
                .firstValue("Location")
                .orElseThrow(() -> new AssertionError("Redirect without Location: " + response.uri()));
        return response.uri().resolve(location).toString();
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            var request = builder.timeout(Duration.ofSeconds(30)).build();
            var jar = cookies.computeIfAbsent(request.uri().getHost(), host -> new LinkedHashMap<>());
            if (!jar.isEmpty()) {
                request = HttpRequest.newBuilder(request, (name, value) -> true)
                        .header(
                                "Cookie",
                                jar.entrySet().stream()
                                        .map(e -> e.getKey() + "=" + e.getValue())
                                        .collect(Collectors.joining("; ")))
                        .build();
            }
            var response = client.send(request, HttpResponse.BodyHandlers.ofString());
            for (var header : response.headers().allValues("Set-Cookie")) {
                var pair = header.split(";", 2)[0];
                var eq = pair.indexOf('=');
                if (eq > 0) {
                    var expired = header.toLowerCase(Locale.ROOT).contains("max-age=0");
                    if (expired) {
                        jar.remove(pair.substring(0, eq).strip());
                    } else {
                        jar.put(
                                pair.substring(0, eq).strip(),
                                pair.substring(eq + 1).strip());
                    }
                }
            }
            hops.add(response.request().method() + " " + response.uri() + " -> " + response.statusCode()
                    + response.headers()
                            .firstValue("Location")
                            .map(l -> " " + l)
                            .orElse(""));
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
