package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.tunnelgate.agent.PeerChange.Remove;
import dev.tunnelgate.agent.PeerChange.Upsert;
import dev.tunnelgate.agent.WgCommandInterface.Invocation;
import dev.tunnelgate.protocol.PeerSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WgCommandInterfaceTest {
    static final String A = WgDumpTest.A;
    static final String B = WgDumpTest.B;
    static final String C = WgDumpTest.C;
    static final String PSK = WgDumpTest.PSK;
    static final String OTHER_PSK = ReconcilerTest.OTHER_PSK;

    @Test
    void one_upsert_is_one_wg_set_with_the_preshared_key_on_stdin_and_not_in_argv() {
        var plan = WgCommandInterface.plan(
                "wg0", List.of(new Upsert(new PeerSpec(A, PSK, List.of("10.0.0.2/32", "fd00::2/128")))));

        assertThat(plan).hasSize(1);
        assertThat(plan.get(0).command())
                .containsExactly(
                        "wg",
                        "set",
                        "wg0",
                        "peer",
                        A,
                        "preshared-key",
                        "/dev/stdin",
                        "allowed-ips",
                        "10.0.0.2/32,fd00::2/128");
        assertThat(stdin(plan.get(0))).isEqualTo(PSK + "\n");
        assertThat(plan.toString()).doesNotContain(PSK);
    }

    @Test
    void an_upsert_without_preshared_key_clears_any_old_one_and_sends_nothing_on_stdin() {
        var plan = WgCommandInterface.plan("wg0", List.of(new Upsert(new PeerSpec(A, null, List.of("10.0.0.2/32")))));

        assertThat(plan.get(0).command()).containsSequence("preshared-key", "/dev/null");
        assertThat(plan.get(0).stdin()).isNull();
    }

    @Test
    void removals_and_a_keyless_update_share_one_wg_set() {
        var plan = WgCommandInterface.plan(
                "wg0", List.of(new Remove(B), new Upsert(new PeerSpec(A, PSK, List.of("10.0.0.2/32"))), new Remove(C)));

        assertThat(plan).hasSize(1);
        assertThat(plan.get(0).command())
                .containsExactly(
                        "wg",
                        "set",
                        "wg0",
                        "peer",
                        B,
                        "remove",
                        "peer",
                        C,
                        "remove",
                        "peer",
                        A,
                        "preshared-key",
                        "/dev/stdin",
                        "allowed-ips",
                        "10.0.0.2/32");
    }

    @Test
    void several_preshared_keys_go_through_addconf_on_stdin_because_wg_set_reads_stdin_only_once() {
        var plan = WgCommandInterface.plan(
                "wg0",
                List.of(
                        new Remove(C),
                        new Upsert(new PeerSpec(A, PSK, List.of("10.0.0.2/32"))),
                        new Upsert(new PeerSpec(B, OTHER_PSK, List.of("10.0.0.3/32", "fd00::3/128")))));

        assertThat(plan)
                .extracting(Invocation::command)
                .containsExactly(
                        List.of("wg", "set", "wg0", "peer", C, "remove"),
                        List.of("wg", "addconf", "wg0", "/dev/stdin"));
        assertThat(stdin(plan.get(1))).isEqualTo("""
                [Peer]
                PublicKey = %s
                PresharedKey = %s
                AllowedIPs = 10.0.0.2/32

                [Peer]
                PublicKey = %s
                PresharedKey = %s
                AllowedIPs = 10.0.0.3/32, fd00::3/128

                """.formatted(A, PSK, B, OTHER_PSK));
        assertThat(plan).allSatisfy(i -> assertThat(i.command()).doesNotContain(PSK, OTHER_PSK));
    }

    @Test
    void a_keyless_peer_in_an_addconf_batch_gets_the_zero_key_because_omitting_it_keeps_the_old_key() {
        var plan = WgCommandInterface.plan(
                "wg0",
                List.of(
                        new Upsert(new PeerSpec(A, PSK, List.of("10.0.0.2/32"))),
                        new Upsert(new PeerSpec(B, OTHER_PSK, List.of("10.0.0.3/32"))),
                        new Upsert(new PeerSpec(C, null, List.of("10.0.0.4/32")))));

        assertThat(stdin(plan.get(0)))
                .contains("PublicKey = " + C + "\nPresharedKey = AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
    }

    @Test
    void only_the_last_change_per_key_is_applied() {
        var plan = WgCommandInterface.plan(
                "wg0", List.of(new Upsert(new PeerSpec(A, null, List.of("10.0.0.2/32"))), new Remove(A)));

        assertThat(plan)
                .extracting(Invocation::command)
                .containsExactly(List.of("wg", "set", "wg0", "peer", A, "remove"));
    }

    @Test
    void many_removals_are_split_into_bounded_wg_set_calls_and_lose_no_peer() {
        var changes = new ArrayList<PeerChange>();
        for (int i = 0; i < 1000; i++) {
            changes.add(new Remove(TestKeys.publicKey()));
        }

        var plan = WgCommandInterface.plan("wg0", changes);

        assertThat(plan).hasSizeGreaterThan(1).allSatisfy(i -> {
            assertThat(i.command().stream().mapToInt(arg -> arg.length() + 1).sum())
                    .isLessThanOrEqualTo(WgCommandInterface.MAX_ARGV_CHARS + 32);
            assertThat(i.command().stream().filter("peer"::equals).count())
                    .isLessThanOrEqualTo(WgCommandInterface.MAX_PEERS_PER_SET);
        });
        assertThat(plan.stream()
                        .flatMap(i -> i.command().stream())
                        .filter("remove"::equals)
                        .count())
                .isEqualTo(1000);
    }

    @Test
    void a_batch_of_keyless_upserts_too_big_for_one_wg_set_goes_through_one_addconf() {
        var changes = new ArrayList<PeerChange>();
        for (int i = 0; i < 1000; i++) {
            changes.add(new Upsert(
                    new PeerSpec(TestKeys.publicKey(), null, List.of("10.1.%d.%d/32".formatted(i / 256, i % 256)))));
        }

        var plan = WgCommandInterface.plan("wg0", changes);

        assertThat(plan).extracting(Invocation::command).containsExactly(List.of("wg", "addconf", "wg0", "/dev/stdin"));
        assertThat(stdin(plan.get(0)).split("\\[Peer]", -1)).hasSize(1001);
    }

    @Test
    void nothing_to_change_runs_nothing() {
        assertThat(WgCommandInterface.plan("wg0", List.of())).isEmpty();
    }

    @Test
    void an_interface_name_that_could_be_read_as_an_option_or_path_is_refused() {
        for (String name : List.of("-h", "wg0 x", "a/b", "..", "wg0\n", "abcdefghijklmnop", "")) {
            assertThatIllegalArgumentException().as(name).isThrownBy(() -> new WgCommandInterface(name));
        }
    }

    @Test
    void commands_run_behind_the_given_prefix() {
        var runner = new ProcessRunner(List.of("ip", "netns", "exec", "ns1"), WgCommandInterface.DEFAULT_TIMEOUT);

        assertThat(runner.argv(List.of("wg", "show"))).containsExactly("ip", "netns", "exec", "ns1", "wg", "show");
    }

    private static String stdin(Invocation invocation) {
        return new String(invocation.stdin(), StandardCharsets.US_ASCII);
    }
}
