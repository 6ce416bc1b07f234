package dev.tunnelgate.addressing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.PortalIntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The allocator as device enrollment uses it: one transaction per device, many devices at once. */
class AddressAllocatorIT extends PortalIntegrationTest {
    private static final Duration QUARANTINE = Duration.ofDays(7);

    @Autowired
    AddressAllocator allocator;

    @Autowired
    NetworkService networkService;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    Clock clock;

    private final List<Long> networks = new ArrayList<>();

    @AfterEach
    void deleteNetworks() {
        var rows = new TestNetworks(jdbc);
        networks.forEach(rows::delete);
    }

    @Test
    void addresses_are_handed_out_in_order_skipping_network_gateway_and_broadcast() {
        long network = network("10.20.0.0/29");
        var pool = AddressPool.parse("10.20.0.0/29", "10.20.0.1");

        var addresses = IntStream.rangeClosed(1, 5)
                .mapToObj(i -> allocate(network, pool, "device:" + i).address())
                .toList();

        assertThat(addresses).containsExactly("10.20.0.2", "10.20.0.3", "10.20.0.4", "10.20.0.5", "10.20.0.6");
        assertThatThrownBy(() -> allocate(network, pool, "device:6")).isInstanceOf(PoolExhaustedException.class);
    }

    @Test
    void ipv6_addresses_come_from_their_own_pool_and_skip_the_gateway() {
        long network = network("10.21.0.0/24");
        var v4 = AddressPool.parse("10.21.0.0/24", "10.21.0.1");
        var v6 = AddressPool.parse("fd00:21::/126", "fd00:21::1");

        var first = inTransaction(() ->
                List.of(allocator.allocate(network, v4, "device:1"), allocator.allocate(network, v6, "device:1")));
        var second = allocate(network, v6, "device:2");

        assertThat(first).extracting(Lease::address).containsExactly("10.21.0.2", "fd00:21::2");
        assertThat(second.address()).isEqualTo("fd00:21::3");
        assertThat(second.family()).isEqualTo(AddressFamily.IPV6);
        assertThatThrownBy(() -> allocate(network, v6, "device:3")).hasMessageContaining("no free IPv6 addresses");
    }

    @Test
    void parallel_allocations_never_share_an_address() throws Exception {
        long network = network("10.22.0.0/16");
        var pool = AddressPool.parse("10.22.0.0/16", "10.22.0.1");
        int threads = 8;
        int perThread = 50;

        var executor = Executors.newFixedThreadPool(threads);
        var results = new ArrayList<Future<List<String>>>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(executor.submit(() -> {
                    var mine = new ArrayList<String>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(allocate(network, pool, "device:%d-%d".formatted(thread, i))
                                .address());
                    }
                    return mine;
                }));
            }
            var addresses = new ArrayList<String>();
            for (var result : results) {
                addresses.addAll(result.get());
            }

            assertThat(addresses)
                    .hasSize(threads * perThread)
                    .doesNotHaveDuplicates()
                    .doesNotContain("10.22.0.1");
            assertThat(jdbc.queryForObject(
                            "select count(distinct address) from address_lease where network_id = ?",
                            Long.class,
                            network))
                    .isEqualTo(threads * perThread);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void a_transaction_holding_the_network_lock_does_not_hold_up_allocations_from_a_started_pool() throws Exception {
        long network = network("10.29.0.0/24");
        var pool = AddressPool.parse("10.29.0.0/24");
        allocate(network, pool, "device:1"); // the pool's cursor exists: the next allocation takes no network lock
        var locked = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var executor = Executors.newFixedThreadPool(2);
        try {
            var holder = executor.submit(() -> inTransaction(() -> {
                networkService.lock(List.of(network));
                locked.countDown();
                return release.await(60, TimeUnit.SECONDS);
            }));
            assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();

            // The lease insert checks its foreign key to the locked row (KEY SHARE on PostgreSQL); the lock is
            // FOR NO KEY UPDATE, which lets that through. FOR UPDATE would make the insert wait for the holder.
            var lease = executor.submit(() -> allocate(network, pool, "device:2"));
            assertThat(lease.get(20, TimeUnit.SECONDS).address()).isEqualTo("10.29.0.2");
            release.countDown();
            assertThat(holder.get(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            release.countDown();
            executor.shutdownNow();
        }
    }

    @Test
    void an_exhausted_pool_says_so_and_changes_nothing() {
        long network = network("10.23.0.0/30");
        var pool = AddressPool.parse("10.23.0.0/30", "10.23.0.1");
        var only = allocate(network, pool, "device:1");
        var before = leaseRows(network);

        assertThatThrownBy(() -> allocate(network, pool, "device:2"))
                .isInstanceOf(PoolExhaustedException.class)
                .hasMessage(
                        "Network %d has no free IPv4 addresses in 10.23.0.0/30: 1 in use, 1 reserved for gateways,"
                                + " none in quarantine",
                        network);

        assertThat(only.address()).isEqualTo("10.23.0.2");
        assertThat(leaseRows(network)).isEqualTo(before);
        assertThat(jdbc.queryForObject(
                        "select next_index from address_cursor where network_id = ?", Long.class, network))
                .isEqualTo(2);
    }

    @Test
    void an_exhausted_pool_says_when_the_first_quarantined_address_is_free_again() {
        long network = network("10.24.0.0/30");
        var pool = AddressPool.parse("10.24.0.0/30", "10.24.0.1");
        allocate(network, pool, "device:1");
        var releasedAt = clock.instant().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MICROS);
        inTransaction(() -> {
            allocator.release(network, "device:1", releasedAt);
            return null;
        });

        assertThatThrownBy(() -> allocate(network, pool, "device:2"))
                .isInstanceOfSatisfying(PoolExhaustedException.class, e -> {
                    assertThat(e.inUse()).isZero();
                    assertThat(e.inQuarantine()).isEqualTo(1);
                    assertThat(e.nextFreeAt()).isEqualTo(releasedAt.plus(QUARANTINE));
                })
                .hasMessageEndingWith(
                        "0 in use, 1 reserved for gateways, 1 in quarantine until %s (the first of them)",
                        releasedAt.plus(QUARANTINE));
    }

    @Test
    void a_released_address_rests_for_the_quarantine_before_it_is_reused() {
        long network = network("10.25.0.0/24");
        var pool = AddressPool.parse("10.25.0.0/24", "10.25.0.1");
        var now = clock.instant();
        var justReleased = allocate(network, pool, "device:1");
        var longReleased = allocate(network, pool, "device:2");
        inTransaction(() -> {
            allocator.release(network, "device:1", now);
            allocator.release(network, "device:2", now.minus(QUARANTINE).minusSeconds(60));
            return null;
        });

        var reused = allocate(network, pool, "device:3");
        var fresh = allocate(network, pool, "device:4");

        assertThat(reused.address()).isEqualTo(longReleased.address()).isEqualTo("10.25.0.3");
        assertThat(reused.holder()).isEqualTo("device:3");
        assertThat(fresh.address()).isEqualTo("10.25.0.4").isNotEqualTo(justReleased.address());
        assertThat(jdbc.queryForObject("select count(*) from address_lease where network_id = ?", Long.class, network))
                .as("a reused address keeps its one row")
                .isEqualTo(3);
    }

    @Test
    void a_device_keeps_its_address_for_as_long_as_it_holds_it() {
        long network = network("10.26.0.0/24");
        var pool = AddressPool.parse("10.26.0.0/24", "10.26.0.1");
        var first = allocate(network, pool, "device:1");
        allocate(network, pool, "device:2");
        inTransaction(() -> {
            allocator.release(network, "device:2", clock.instant().minus(QUARANTINE.multipliedBy(2)));
            return null;
        });
        allocate(network, pool, "device:3");

        var again = allocate(network, pool, "device:1");

        assertThat(again).isEqualTo(first);
        assertThat(again.address()).isEqualTo("10.26.0.2");
    }

    @Test
    void allocation_outside_a_transaction_is_refused() {
        long network = network("10.27.0.0/24");
        var pool = AddressPool.parse("10.27.0.0/24");

        assertThatThrownBy(() -> allocator.allocate(network, pool, "device:1"))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void an_unknown_network_is_named_in_the_error() {
        var pool = AddressPool.parse("10.28.0.0/24");

        assertThatThrownBy(() -> allocate(-1, pool, "device:1")).hasMessage("Network -1 does not exist");
    }

    private long network(String ipv4Pool) {
        long id = new TestNetworks(jdbc).create(ipv4Pool);
        networks.add(id);
        return id;
    }

    private Lease allocate(long network, AddressPool pool, String holder) {
        return inTransaction(() -> allocator.allocate(network, pool, holder));
    }

    private <T> T inTransaction(Callable<T> work) {
        return new TransactionTemplate(transactionManager).execute(status -> {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private List<Map<String, Object>> leaseRows(long network) {
        return jdbc.queryForList("select * from address_lease where network_id = ? order by id", network);
    }
}
