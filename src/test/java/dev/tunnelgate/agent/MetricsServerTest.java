package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code --metrics-listen} over real HTTP on loopback: GET and HEAD of /metrics, nothing else. */
class MetricsServerTest {
    final AtomicReference<String> exposition = new AtomicReference<>("# TYPE x gauge\nx 1\n");
    final AtomicBoolean broken = new AtomicBoolean();
    final HttpClient http = HttpClient.newHttpClient();
    MetricsServer server;

    @BeforeEach
    void start() throws Exception {
        server = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), () -> {
            if (broken.get()) {
                throw new IllegalStateException("broken");
            }
            return exposition.get();
        });
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + server.address().getPort() + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void get_serves_the_exposition_in_prometheus_text_format() throws Exception {
        var response = send("GET", "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).isEqualTo("# TYPE x gauge\nx 1\n");
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void head_answers_without_a_body() throws Exception {
        var response = send("HEAD", "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void other_methods_and_paths_are_refused() throws Exception {
        var post = send("POST", "/metrics");
        var other = send("GET", "/metrics/../state");
        var root = send("GET", "/");

        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(root.statusCode()).isEqualTo(404);
    }

    @Test
    void a_failing_rendering_is_a_500_and_the_next_scrape_works() throws Exception {
        broken.set(true);
        assertThat(send("GET", "/metrics").statusCode()).isEqualTo(500);

        broken.set(false);
        exposition.set("y 2\n");
        assertThat(send("GET", "/metrics").body()).isEqualTo("y 2\n");
    }
}
