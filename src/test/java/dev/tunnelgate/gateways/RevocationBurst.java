package dev.tunnelgate.gateways;

import dev.tunnelgate.testing.ApiClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Revokes devices through the REST API ({@code POST /api/v1/fleet/devices/{id}/revoke}) from a few threads, as a
 * script would: a call that fails (no answer, 502, 503) is retried, and a 409 to a retry means an earlier attempt
 * had committed. Midway, after a given number of calls were answered, it runs an action (the kill).
 */
final class RevocationBurst {
    private static final int TRIES = 30;

    /** How the calls for one device ended; {@code server} answered the last one, {@code afterKill} began after it. */
    record Outcome(int status, int tries, @Nullable String server, boolean afterKill, List<String> failures) {
        /** 204 at once or after failures; 409 ("already revoked") only to a retry. */
        boolean committed() {
            return status == 204 || (status == 409 && tries > 1);
        }
    }

    private final ApiClient api;
    private final String token;
    private final int threads;
    private final Map<Long, Outcome> outcomes = new ConcurrentHashMap<>();
    private volatile boolean killed;

    RevocationBurst(String proxyUrl, String token, int threads) {
        this.api = new ApiClient(proxyUrl);
        this.token = token;
        this.threads = threads;
    }

    /** Revokes every device; runs {@code midway} once {@code killAfter} calls were answered; returns its time. */
    Instant run(List<Long> deviceIds, int killAfter, Runnable midway) throws InterruptedException {
        var queue = new ConcurrentLinkedQueue<>(deviceIds);
        var answered = new AtomicInteger();
        var half = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                for (Long id = queue.poll(); id != null; id = queue.poll()) {
                    outcomes.put(id, revoke(id));
                    if (answered.incrementAndGet() >= killAfter) {
                        half.countDown();
                    }
                }
            });
        }
        half.await();
        var at = new AtomicReference<Instant>(Instant.now());
        midway.run();
        at.set(Instant.now());
        killed = true;
        pool.shutdown();
        if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
            pool.shutdownNow();
            throw new AssertionError("the burst did not end within 5 minutes: " + summary());
        }
        return at.get();
    }

    private Outcome revoke(long id) {
        boolean afterKill = killed;
        var failures = new java.util.ArrayList<String>();
        for (int tries = 1; ; tries++) {
            try {
                var response =
                        api.send("POST", "/api/v1/fleet/devices/" + id + "/revoke", token, "{\"reason\":\"burst\"}");
                if (response.status() < 500 || tries == TRIES) {
                    return new Outcome(
                            response.status(), tries, response.header(PortalPairLab.SERVED_BY), afterKill, failures);
                }
                failures.add(response.status() + " from " + response.header(PortalPairLab.SERVED_BY));
            } catch (AssertionError noAnswer) {
                failures.add(String.valueOf(noAnswer.getCause()));
                if (tries == TRIES) {
                    return new Outcome(0, tries, null, afterKill, failures);
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(0, tries, null, afterKill, failures);
            }
        }
    }

    Map<Long, Outcome> outcomes() {
        return outcomes;
    }

    /** Calls answered by {@code server} that began before ({@code beforeKill}) or after the kill. */
    long servedBy(String server, boolean beforeKill) {
        return outcomes.values().stream()
                .filter(o -> server.equals(o.server()) && o.afterKill() != beforeKill)
                .count();
    }

    /** Calls that were not committed. */
    long lost() {
        return outcomes.values().stream().filter(o -> !o.committed()).count();
    }

    String summary() {
        var byStatus = outcomes.values().stream()
                .collect(Collectors.groupingBy(o -> o.status() + "@" + o.server(), Collectors.counting()));
        var failed = outcomes.values().stream()
                .flatMap(o -> o.failures().stream())
                .collect(Collectors.groupingBy(f -> f, Collectors.counting()));
        return outcomes.size() + " calls, final answers " + byStatus + ", failed attempts " + failed;
    }
}
