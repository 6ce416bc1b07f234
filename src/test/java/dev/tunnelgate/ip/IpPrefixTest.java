package dev.tunnelgate.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import inet.ipaddr.IPAddress;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpPrefixTest {
    @ParameterizedTest
    @CsvSource({
        "10.0.0.2/32, 10.0.0.2/32",
        "0.0.0.0/0, 0.0.0.0/0",
        "::/0, ::/0",
        "FD00:0:0:0:0:0:0:2/128, fd00::2/128", // lower case, the zero run as ::
        "fd00:0002::1/128, fd00:2::1/128", // no leading zeros in a group
        "2001:db8:0:0:1:0:0:0/80, 2001:db8:0:0:1::/80", // the longest run of zero groups
        "1:0:0:1:1:0:0:1/128, 1::1:1:0:0:1/128", // of two equally long runs, the first
        "2001:db8:0:1:1:1:1:1/128, 2001:db8:0:1:1:1:1:1/128", // a single zero group stays
        "::1.2.3.4/128, ::102:304/128", // the dotted tail wg show may print
        "::1/128, ::1/128"
    })
    void prints_what_wg_show_prints(String text, String printed) {
        assertThat(IpPrefix.parseNetwork(text)).hasToString(printed);
        assertThat(IpPrefix.parseNetwork(printed)).isEqualTo(IpPrefix.parseNetwork(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:10.0.0.2/128", "::ffff:a00:2/128", "::ffff:0:0/96"})
    void refuses_ipv4_mapped_addresses_which_wireguard_keeps_apart_from_ipv4(String text) {
        assertThatThrownBy(() -> IpPrefix.parse(text))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("IPv4-mapped");
    }

    @Test
    void a_network_has_no_host_bits_but_an_interface_address_may() {
        assertThat(IpPrefix.parse("10.8.0.1/24")).hasToString("10.8.0.1/24");
        assertThatThrownBy(() -> IpPrefix.parseNetwork("10.8.0.1/24"))
                .isInstanceOf(InvalidAddressException.class)
                .hasMessageNotContaining("10.8");
        assertThat(IpPrefix.parse("10.8.0.1/24").network()).isEqualTo(IpPrefix.parseNetwork("10.8.0.0/24"));
    }

    @Test
    void a_host_is_a_full_length_prefix_of_its_family() {
        assertThat(IpPrefix.host(IpAddresses.parse("10.8.0.5", "Address"))).hasToString("10.8.0.5/32");
        assertThat(IpPrefix.host(IpAddresses.parse("FD00::5", "Address"))).hasToString("fd00::5/128");
    }

    @Test
    void containment_and_overlap_respect_the_family() {
        var pool = IpPrefix.parseNetwork("10.8.0.0/16");
        assertThat(pool.contains(IpAddresses.parse("10.8.255.1", "Address"))).isTrue();
        assertThat(pool.contains(IpAddresses.parse("10.9.0.1", "Address"))).isFalse();
        assertThat(IpPrefix.parseNetwork("::/0").contains(IpAddresses.parse("10.8.0.1", "Address")))
                .isFalse();
        assertThat(pool.overlaps(IpPrefix.parseNetwork("10.8.128.0/17"))).isTrue();
        assertThat(IpPrefix.parseNetwork("10.8.128.0/17").overlaps(pool)).isTrue();
        assertThat(pool.overlaps(IpPrefix.parseNetwork("10.9.0.0/16"))).isFalse();
        assertThat(IpPrefix.ALL_IPV4.overlaps(IpPrefix.ALL_IPV6)).isFalse();
    }

    @Test
    void parse_of_the_printed_text_gives_back_every_prefix_and_the_text_is_the_rfc_5952_one() {
        var random = new Random(5952);
        for (int i = 0; i < 5000; i++) {
            byte[] bytes = new byte[random.nextBoolean() ? 4 : 16];
            random.nextBytes(bytes);
            // Most IPv6 addresses get zero groups, the case RFC 5952 is about.
            if (bytes.length == 16 && i % 4 != 0) {
                for (int group = 0; group < 8; group++) {
                    if (random.nextInt(3) > 0) {
                        bytes[2 * group] = 0;
                        bytes[2 * group + 1] = 0;
                    }
                }
            }
            IPAddress address = bytes.length == 4 ? new IPv4Address(bytes) : new IPv6Address(bytes);
            if (address instanceof IPv6Address v6 && v6.isIPv4Mapped()) {
                continue;
            }
            var prefix = new IpPrefix(address, random.nextInt(address.getBitCount() + 1));
            assertThat(IpPrefix.parse(prefix.toString())).isEqualTo(prefix);
            assertThat(prefix.toString())
                    .isEqualTo((bytes.length == 4 ? formatV4(bytes) : formatV6(bytes)) + "/" + prefix.prefixLength());
        }
    }

    private static String formatV4(byte[] b) {
        return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }

    /** The hand-written formatter this type replaced: lower case, no leading zeros, the first longest zero run as ::. */
    private static String formatV6(byte[] b) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        if (bestLength < 2) {
            bestStart = -1;
        }
        var out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
