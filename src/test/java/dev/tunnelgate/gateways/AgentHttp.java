package dev.tunnelgate.gateways;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The agent API as a gateway calls it, over real HTTP. */
public final class AgentHttp {
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public AgentHttp(String baseUrl) {
        this.baseUrl = baseUrl + "/api/agent/v1";
    }

    public HttpResponse<String> state(String token, String query) throws IOException, InterruptedException {
        return client.send(get(token, query), HttpResponse.BodyHandlers.ofString());
    }

    public CompletableFuture<HttpResponse<String>> stateAsync(String token, String query) {
        return client.sendAsync(get(token, query), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code GET /endpoints}; {@code query} empty for none. */
    public HttpResponse<String> endpoints(String token, String query) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + "/endpoints" + (query.isEmpty() ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .GET();
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> status(String token, String body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + "/status"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/plain;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest get(String token, String query) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + "/state" + (query.isEmpty() ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(45))
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }
}
