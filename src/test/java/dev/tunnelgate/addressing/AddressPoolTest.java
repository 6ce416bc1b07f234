package dev.tunnelgate.addressing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import inet.ipaddr.IPAddressString;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPoolTest {
    @Test
    void a_slash_16_numbers_its_hosts_between_network_and_broadcast_address() {
        var pool = AddressPool.parse("10.8.0.0/16", "10.8.0.1");

        assertThat(pool.family()).isEqualTo(AddressFamily.IPV4);
        assertThat(pool.size()).isEqualTo(65_534);
        assertThat(pool.addressAt(0).toCanonicalString()).isEqualTo("10.8.0.1");
        assertThat(pool.addressAt(255).toCanonicalString()).isEqualTo("10.8.1.0");
        assertThat(pool.addressAt(65_533).toCanonicalString()).isEqualTo("10.8.255.254");
        assertThat(pool.isReserved(0)).isTrue();
        assertThat(pool.isReserved(1)).isFalse();
        assertThat(pool.reservedIndexes()).isEqualTo(1);
    }

    @Test
    void index_and_address_are_inverse_across_the_pool() {
        var pool = AddressPool.parse("10.8.0.0/16");
        for (long index = 0; index < pool.size(); index += 97) {
            assertThat(pool.indexOf(pool.addressAt(index))).isEqualTo(index);
        }
        assertThat(pool.indexOf(address("10.8.3.7"))).isEqualTo(3 * 256 + 6);
    }

    @Test
    void a_slash_30_has_two_hosts() {
        var pool = AddressPool.parse("192.168.5.4/30", "192.168.5.5");

        assertThat(pool.size()).isEqualTo(2);
        assertThat(pool.addressAt(0).toCanonicalString()).isEqualTo("192.168.5.5");
        assertThat(pool.addressAt(1).toCanonicalString()).isEqualTo("192.168.5.6");
        assertThatThrownBy(() -> pool.addressAt(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> pool.addressAt(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void network_and_broadcast_addresses_have_no_index() {
        var pool = AddressPool.parse("192.168.5.4/30");

        assertThatThrownBy(() -> pool.indexOf(address("192.168.5.4"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.indexOf(address("192.168.5.7"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pool.indexOf(address("192.168.5.8")))
                .hasMessage("192.168.5.8 is not an address in pool 192.168.5.4/30");
    }

    @Test
    void an_ipv6_slash_64_is_capped_at_two_to_the_32_hosts() {
        var pool = AddressPool.parse("fd00:8::/64", "fd00:8::1", "fd00:8::ffff:ffff:ffff:fffe");

        assertThat(pool.family()).isEqualTo(AddressFamily.IPV6);
        assertThat(pool.size()).isEqualTo(AddressPool.MAX_HOSTS).isEqualTo(4_294_967_296L);
        assertThat(pool.addressAt(0).toCanonicalString()).isEqualTo("fd00:8::1");
        assertThat(pool.addressAt(pool.size() - 1).toCanonicalString()).isEqualTo("fd00:8::1:0:0");
        assertThat(pool.indexOf(address("fd00:8::1:0:0"))).isEqualTo(pool.size() - 1);
        assertThatThrownBy(() -> pool.indexOf(address("fd00:8::1:0:1"))).hasMessageContaining("beyond the first");
        // Inside the /64 but beyond the cap: accepted, and no index to skip.
        assertThat(pool.reservedIndexes()).isEqualTo(1);
    }

    @Test
    void an_ipv6_slash_126_has_no_broadcast_address() {
        var pool = AddressPool.parse("fd00:8::/126");

        assertThat(pool.size()).isEqualTo(3);
        assertThat(pool.addressAt(2).toCanonicalString()).isEqualTo("fd00:8::3");
    }

    @Test
    void addresses_are_rendered_canonically() {
        var pool = AddressPool.parse("FD00:0008:0:0::/64");

        assertThat(pool.toString()).isEqualTo("fd00:8::/64");
        assertThat(pool.addressAt(9).toCanonicalString()).isEqualTo("fd00:8::a");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "10.8.0.5/16    | Pool '10.8.0.5/16' has host bits set; did you mean 10.8.0.0/16?",
                "10.8.0.0       | Pool '10.8.0.0' has no prefix length; write it as 10.8.0.0/24 or similar",
                "10.0.0.0/7     | Pool 10.0.0.0/7 is too large: an IPv4 pool's prefix length must be /8 to /30",
                "10.8.0.0/31    | Pool 10.8.0.0/31 is too small: an IPv4 pool's prefix length must be /8 to /30",
                "fd00::/63      | Pool fd00::/63 is too large: an IPv6 pool's prefix length must be /64 to /126",
                "fd00::/127     | Pool fd00::/127 is too small: an IPv6 pool's prefix length must be /64 to /126",
                "010.8.0.0/16   | Pool '010.8.0.0/16' is not an IPv4 or IPv6 address such as 10.8.0.0/16 or fd00:8::/64",
            })
    void bad_pools_are_refused_with_a_message_saying_why(String cidr, String message) {
        assertThatThrownBy(() -> AddressPool.parse(cidr))
                .isInstanceOf(InvalidPoolException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "10.8/16",
                "10.8.0.0/255.255.0.0",
                "10.8.0.*/24",
                "10.8.0.0-255/24",
                "0xa.8.0.0/16",
                "10.8.0.0/016",
                "fd00::%eth0/64",
                "[fd00::]/64",
                "vpn.example.com/24",
                "10.8.0.0/16 ",
                " 10.8.0.0/16",
                "*",
                "fd00:00008::/64"
            })
    void only_one_spelling_of_a_prefix_is_accepted(String cidr) {
        assertThatThrownBy(() -> AddressPool.parse(cidr)).isInstanceOf(InvalidPoolException.class);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "10.9.0.1     | Reserved address 10.9.0.1 is not inside pool 10.8.0.0/16",
                "fd00::1      | Reserved address fd00::1 is not inside pool 10.8.0.0/16",
                "10.8.0.0     | Reserved address 10.8.0.0 is the network address of pool 10.8.0.0/16, not a host",
                "10.8.255.255 | Reserved address 10.8.255.255 is the broadcast address of pool 10.8.0.0/16, not a host",
                "10.8.0.1/16  | Reserved address '10.8.0.1/16' must be a single address without a prefix length",
                "gateway      | Reserved address 'gateway' is not an IPv4 or IPv6 address such as 10.8.0.0/16 or fd00:8::/64",
            })
    void reserved_addresses_must_be_hosts_of_the_pool(String reserved, String message) {
        assertThatThrownBy(() -> AddressPool.parse("10.8.0.0/16", reserved))
                .isInstanceOf(InvalidPoolException.class)
                .hasMessage(message);
    }

    @Test
    void a_pool_built_without_parse_is_checked_too() {
        assertThatThrownBy(() -> new AddressPool(address("10.8.0.5/16"), java.util.Set.of()))
                .isInstanceOf(InvalidPoolException.class);
        assertThatThrownBy(() -> new AddressPool(address("10.8.0.0/16"), java.util.Set.of(address("10.9.0.1"))))
                .isInstanceOf(InvalidPoolException.class);
    }

    @Test
    void equal_spellings_give_equal_pools() {
        assertThat(AddressPool.parse("fd00:8:0::/64", List.of("fd00:8::0:1")))
                .isEqualTo(AddressPool.parse("fd00:8::/64", "fd00:8::1"));
    }

    private static inet.ipaddr.IPAddress address(String text) {
        return new IPAddressString(text).getAddress();
    }
}
