package dev.tunnelgate.addressing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fills a /16 one device transaction at a time and compares the first allocations with the last:
 * an allocator that scanned the leases would slow down as the pool fills. Not part of the default
 * build (tag "benchmark"); see docs/benchmarks.md for the command.
 */
@Tag("benchmark")
class AddressAllocationBenchmarkIT extends PortalIntegrationTest {
    private static final String POOL = "10.99.0.0/16";
    private static final int WINDOW = 1_000;
    private static final int WARM_UP = 3_000;

    @Autowired
    AddressAllocator allocator;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    Clock clock;

    private long network = -1;
    private long warmUpNetwork = -1;

    @AfterEach
    void deleteNetworks() {
        for (long id : new long[] {network, warmUpNetwork}) {
            if (id >= 0) {
                new TestNetworks(jdbc).delete(id);
            }
        }
    }

    @Test
    void allocation_costs_the_same_in_a_full_pool_as_in_an_empty_one() {
        network = new TestNetworks(jdbc).create(POOL);
        var pool = AddressPool.parse(POOL, "10.99.0.1");
        var transactions = new TransactionTemplate(transactionManager);
        int count = Math.toIntExact(pool.size() - pool.reservedIndexes());
        var nanos = new long[count];
        // Without it the first window would measure the JIT and the connection pool, not the pool of addresses.
        warmUpNetwork = new TestNetworks(jdbc).create("10.98.0.0/20");
        var warmUpPool = AddressPool.parse("10.98.0.0/20");
        for (int i = 0; i < WARM_UP; i++) {
            var holder = "warm-up:" + i;
            transactions.executeWithoutResult(status -> allocator.allocate(warmUpNetwork, warmUpPool, holder));
        }

        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            var holder = "device:" + i;
            long before = System.nanoTime();
            transactions.executeWithoutResult(status -> allocator.allocate(network, pool, holder));
            nanos[i] = System.nanoTime() - before;
        }
        long total = System.nanoTime() - started;

        // The reuse path on a full table: release 1,000 addresses long ago, then take them again.
        var longAgo = clock.instant().minus(Duration.ofDays(30));
        transactions.executeWithoutResult(status -> {
            for (int i = 0; i < WINDOW; i++) {
                allocator.release(network, "device:" + (i * 60), longAgo.plusSeconds(i));
            }
        });
        var reuseNanos = new long[WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            var holder = "device:new-" + i;
            long before = System.nanoTime();
            transactions.executeWithoutResult(status -> allocator.allocate(network, pool, holder));
            reuseNanos[i] = System.nanoTime() - before;
        }

        double first = meanMillis(Arrays.copyOfRange(nanos, 0, WINDOW));
        double last = meanMillis(Arrays.copyOfRange(nanos, count - WINDOW, count));
        System.out.printf(
                """
                Address allocation benchmark on %s: %,d allocations filling %s, one transaction each,
                after %,d warm-up allocations in another network
                  first %,d: %.3f ms per allocation
                  last  %,d: %.3f ms per allocation
                  all:       %.3f ms per allocation, %.1f s in total
                  reuse of %,d quarantined addresses in the full pool: %.3f ms per allocation
                """,
                TestDatabase.postgresUrl() == null ? "H2 (in memory)" : "PostgreSQL",
                count,
                POOL,
                WARM_UP,
                WINDOW,
                first,
                WINDOW,
                last,
                total / 1e6 / count,
                total / 1e9,
                WINDOW,
                meanMillis(reuseNanos));

        assertThat(jdbc.queryForObject(
                        "select count(distinct address) from address_lease where network_id = ?", Long.class, network))
                .isEqualTo(count);
        assertThatThrownBy(() ->
                        transactions.executeWithoutResult(status -> allocator.allocate(network, pool, "one-more")))
                .isInstanceOf(PoolExhaustedException.class)
                .hasMessageContaining("%,d in use".formatted(count).replace(",", ""));
        // Generous: a scan over the leases would make the last allocations many times slower than the first.
        assertThat(last).as("ms per allocation at the end vs. the start").isLessThan(Math.max(3 * first, first + 1));
    }

    private static double meanMillis(long[] nanos) {
        return Arrays.stream(nanos).average().orElseThrow() / 1e6;
    }
}
