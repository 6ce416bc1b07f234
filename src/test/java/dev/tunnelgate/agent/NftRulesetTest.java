package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.ip.IpPrefix;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.protocol.AccessRule;
import dev.tunnelgate.protocol.DriftEntry;
import dev.tunnelgate.protocol.GatewayState;
import dev.tunnelgate.protocol.Grant;
import dev.tunnelgate.protocol.InterfaceConfig;
import dev.tunnelgate.protocol.PeerSetHash;
import dev.tunnelgate.protocol.PeerSpec;
import dev.tunnelgate.protocol.PortRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The nftables text the agent writes and reads, and {@link NftFirewall}'s choices, against a scripted nft. */
class NftRulesetTest {
    static final InterfaceConfig CONFIG = new InterfaceConfig(51820, List.of("10.10.0.1/16"));
    static final Grant WEB = new Grant(List.of(new AccessRule(
            AccessProtocol.TCP,
            List.of(PortRange.single(443), new PortRange(8000, 8080)),
            List.of(IpPrefix.parse("10.1.0.0/16"), IpPrefix.parse("10.2.0.7/32"), IpPrefix.parse("fd00:1::/64")))));
    static final Grant PING_AND_ALL_V6 = new Grant(List.of(
            new AccessRule(AccessProtocol.ICMP, List.of(), List.of(IpPrefix.parse("10.1.0.0/16"))),
            new AccessRule(AccessProtocol.ANY, List.of(), List.of(IpPrefix.parse("::/0")))));
    static final PeerSpec A = new PeerSpec(WgDumpTest.A, null, List.of("10.10.0.2/32", "fd10::2/128"), WEB.key());
    static final PeerSpec B =
            new PeerSpec(WgDumpTest.B, null, List.of("10.10.0.3/32", "10.99.0.0/16"), PING_AND_ALL_V6.key());
    static final PeerSpec C = new PeerSpec(WgDumpTest.C, null, List.of("10.10.0.4/32"));

    final NftRuleset ruleset = new NftRuleset("wg0");

    static AccessTable table(PeerSpec... peers) {
        Map<String, Grant> grants = new HashMap<>();
        for (PeerSpec peer : peers) {
            for (Grant grant : List.of(WEB, PING_AND_ALL_V6)) {
                if (grant.key().equals(peer.grant())) {
                    grants.put(grant.key(), grant);
                }
            }
        }
        return AccessTable.of(GatewayState.snapshot(1, CONFIG, List.of(peers), grants));
    }

    @Test
    void a_grant_becomes_one_rule_per_family_in_nfts_own_spelling() {
        assertThat(NftRuleset.rules(WEB))
                .containsExactly(
                        "ip daddr { 10.1.0.0/16, 10.2.0.7 } tcp dport { 443, 8000-8080 } accept",
                        "ip6 daddr fd00:1::/64 tcp dport { 443, 8000-8080 } accept");
        assertThat(NftRuleset.rules(PING_AND_ALL_V6))
                .containsExactlyInAnyOrder("meta nfproto ipv6 accept", "meta l4proto icmp ip daddr 10.1.0.0/16 accept");
    }

    @Test
    void peers_without_a_grant_and_routed_subnets_get_no_element() {
        AccessTable table = table(A, B, C);

        assertThat(table.elements())
                .containsOnlyKeys("10.10.0.2", "fd10::2", "10.10.0.3")
                .containsEntry("10.10.0.3", PING_AND_ALL_V6.key());
        assertThat(table.owners()).containsEntry("10.10.0.4", C.publicKey());
        String text = ruleset.replace(table);
        assertThat(text)
                .startsWith("table inet tunnelgate_wg0\ndelete table inet tunnelgate_wg0\ntable inet tunnelgate_wg0 {")
                .contains("iifname \"wg0\" ip saddr vmap @peers_v4")
                .contains("iifname \"wg0\" counter name \"dropped\" drop")
                .doesNotContain("10.10.0.4")
                .doesNotContain("10.99.0.0");
        // No "ct state established accept" before the grants: every packet from a peer is checked as it is now.
        assertThat(text.indexOf("ct state")).isGreaterThan(text.indexOf("counter name \"dropped\" drop"));
    }

    @Test
    void the_definition_reads_back_as_the_elements_it_was_made_of() {
        AccessTable table = table(A, B, C);

        NftRuleset.Listing listing = NftRuleset.parse(ruleset.definition(table));

        assertThat(listing.elements())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "10.10.0.2", "jump g_" + WEB.key(),
                        "fd10::2", "jump g_" + WEB.key(),
                        "10.10.0.3", "jump g_" + PING_AND_ALL_V6.key()));
        assertThat(listing.blocks())
                .containsOnlyKeys(
                        "counter dropped",
                        "map peers_v4",
                        "map peers_v6",
                        "chain forward",
                        "chain g_" + WEB.key(),
                        "chain g_" + PING_AND_ALL_V6.key());
    }

    @Test
    void counter_values_are_no_drift_but_an_added_rule_is() {
        String listed = ruleset.definition(table(A))
                .replace("packets 0 bytes 0", "packets 12 bytes 3400")
                .replace("counter name \"dropped\"", "counter packets 3 bytes 120 name \"dropped\"");
        String ours = ruleset.definition(table(A));

        assertThat(NftRuleset.parse(listed)).isEqualTo(NftRuleset.parse(ours));
        String handMade = ours.replace("\t\toifname \"wg0\" drop\n", "\t\toifname \"wg0\" drop\n\t\taccept\n");
        assertThat(NftRuleset.parse(handMade).blocks())
                .isNotEqualTo(NftRuleset.parse(ours).blocks());
    }

    @Test
    void a_delta_names_only_the_elements_that_change_and_the_chains_that_come_or_go() {
        var bWeb = B.withGrant(WEB.key());

        String batch = ruleset.delta(table(A, B, C), table(A, bWeb, C.withGrant(WEB.key())));

        assertThat(batch)
                .isEqualTo("delete element inet tunnelgate_wg0 peers_v4 { 10.10.0.3 }\n"
                        + "add element inet tunnelgate_wg0 peers_v4 { 10.10.0.3 : jump g_" + WEB.key()
                        + ", 10.10.0.4 : jump g_" + WEB.key() + " }\n"
                        + "delete chain inet tunnelgate_wg0 g_" + PING_AND_ALL_V6.key() + "\n");
        assertThat(ruleset.delta(table(A), table(A, B)))
                .startsWith("add chain inet tunnelgate_wg0 g_" + PING_AND_ALL_V6.key() + "\n"
                        + "add rule inet tunnelgate_wg0 g_" + PING_AND_ALL_V6.key() + " ")
                .endsWith("add element inet tunnelgate_wg0 peers_v4 { 10.10.0.3 : jump g_" + PING_AND_ALL_V6.key()
                        + " }\n");
        assertThat(ruleset.delta(table(A, B), table(A, B))).isEmpty();
    }

    @Test
    void interface_names_nft_would_not_take_are_escaped_in_the_table_name() {
        assertThat(NftRuleset.tableName("wg0")).isEqualTo("tunnelgate_wg0");
        assertThat(NftRuleset.tableName("wg-a.b")).isEqualTo("tunnelgate_wg_2da_2eb");
        assertThatThrownBy(() -> NftRuleset.tableName("wg0;drop")).isInstanceOf(IllegalArgumentException.class);
    }

    /** nft as a script: each call is recorded; answers come from the queue, an exception fails the call. */
    static final class ScriptedNft implements NftFirewall.Nft {
        final List<String> calls = new ArrayList<>();
        final List<Object> answers = new ArrayList<>();

        @Override
        public String run(List<String> command, byte @Nullable [] stdin) throws IOException {
            calls.add(String.join(" ", command)
                    + (stdin == null ? "" : "\n" + new String(stdin, StandardCharsets.US_ASCII)));
            Object answer = answers.isEmpty() ? "" : answers.removeFirst();
            if (answer instanceof IOException e) {
                throw e;
            }
            return (String) answer;
        }
    }

    @Test
    void an_update_without_knowing_the_table_replaces_it_and_a_failed_delta_falls_back_to_a_replace()
            throws IOException {
        var nft = new ScriptedNft();
        var firewall = new NftFirewall("wg0", nft);
        var warnings = new ArrayList<String>();

        firewall.update(table(A), warnings::add);
        assertThat(nft.calls.getLast()).startsWith("nft -f -\ntable inet tunnelgate_wg0\ndelete table");

        nft.answers.add(new IOException("`nft -f` exited with 1: Error: Could not process rule: No such file"));
        firewall.update(table(A, B), warnings::add);

        assertThat(nft.calls).hasSize(3);
        assertThat(nft.calls.get(1)).startsWith("nft -f -\nadd chain");
        assertThat(nft.calls.get(2)).startsWith("nft -f -\ntable inet tunnelgate_wg0\ndelete table");
        assertThat(warnings).singleElement().asString().contains("the whole table is replaced");
        assertThat(firewall.notEnforcing()).isEmpty();
    }

    @Test
    void without_nft_the_firewall_says_access_is_not_enforced_until_an_apply_works() throws IOException {
        var nft = new ScriptedNft();
        var firewall = new NftFirewall("wg0", nft);
        nft.answers.add(new IOException("Cannot run program \"nft\": error=2, No such file or directory"));

        firewall.probe();

        assertThat(firewall.notEnforcing())
                .hasValueSatisfying(text -> assertThat(text)
                        .startsWith("nftables not available: access policies are NOT enforced on this gateway: ")
                        .contains("Cannot run program"));
        firewall.replace(table(A));
        assertThat(firewall.notEnforcing()).isEmpty();
    }

    @Test
    void a_table_set_dormant_by_hand_is_drift_of_the_rules_and_is_replaced() throws IOException {
        var nft = new ScriptedNft();
        var firewall = new NftFirewall("wg0", nft);
        // "flags dormant" unhooks every chain of the table: nothing would be filtered any more.
        nft.answers.add(ruleset.definition(table(A))
                .replace("table inet tunnelgate_wg0 {\n", "table inet tunnelgate_wg0 {\n\tflags dormant\n"));

        assertThat(firewall.repair(table(A))).containsExactly(DriftEntry.rules());
        assertThat(nft.calls.getLast()).startsWith("nft -f -\ntable inet tunnelgate_wg0\ndelete table");
    }

    @Test
    void a_missing_table_is_drift_of_the_rules_and_is_put_back() throws IOException {
        var nft = new ScriptedNft();
        var firewall = new NftFirewall("wg0", nft);
        nft.answers.add(new IOException(
                "`nft list` exited with 1: Error: No such file or directory list table inet tunnelgate_wg0"));

        assertThat(firewall.repair(table(A))).containsExactly(DriftEntry.rules());

        assertThat(nft.calls.getLast()).startsWith("nft -f -\ntable inet tunnelgate_wg0\ndelete table");
    }

    @Test
    void a_changed_element_is_repaired_by_elements_alone_and_names_its_peer() throws IOException {
        var nft = new ScriptedNft();
        var firewall = new NftFirewall("wg0", nft);
        // As listed: A's IPv6 element gone, B's pointing somewhere else, one element for nobody.
        nft.answers.add(ruleset.definition(table(A, B))
                .replace("{ fd10::2 : jump g_" + WEB.key() + " }", "{ fd10::99 : accept }")
                .replace("10.10.0.3 : jump g_" + PING_AND_ALL_V6.key(), "10.10.0.3 : accept"));

        List<DriftEntry> drift = firewall.repair(table(A, B));

        assertThat(drift)
                .containsExactlyInAnyOrder(
                        new DriftEntry(DriftEntry.Kind.ACCESS, A.publicKey()),
                        new DriftEntry(DriftEntry.Kind.ACCESS, B.publicKey()),
                        DriftEntry.rules());
        assertThat(nft.calls.getLast())
                .isEqualTo("nft -f -\n"
                        + "delete element inet tunnelgate_wg0 peers_v4 { 10.10.0.3 }\n"
                        + "delete element inet tunnelgate_wg0 peers_v6 { fd10::99 }\n"
                        + "add element inet tunnelgate_wg0 peers_v4 { 10.10.0.3 : jump g_" + PING_AND_ALL_V6.key()
                        + " }\n"
                        + "add element inet tunnelgate_wg0 peers_v6 { fd10::2 : jump g_" + WEB.key() + " }\n");
    }

    static Map<String, Grant> grantsOf(PeerSpec... peers) {
        Map<String, Grant> grants = new HashMap<>();
        for (PeerSpec peer : peers) {
            for (Grant grant : List.of(WEB, PING_AND_ALL_V6)) {
                if (grant.key().equals(peer.grant())) {
                    grants.put(grant.key(), grant);
                }
            }
        }
        return grants;
    }

    /** A delta from {@code current}: {@code changed} peers added or replaced, {@code removed} ones gone. */
    static GatewayState delta(GatewayState current, List<PeerSpec> changed, List<PeerSpec> removed) {
        String hash = current.hash();
        for (PeerSpec gone : removed) {
            hash = PeerSetHash.remove(hash, gone);
        }
        for (PeerSpec peer : changed) {
            for (PeerSpec old : current.peers()) {
                if (old.publicKey().equals(peer.publicKey())) {
                    hash = PeerSetHash.remove(hash, old);
                }
            }
            hash = PeerSetHash.add(hash, peer);
        }
        return new GatewayState(
                current.revision() + 1,
                GatewayState.Kind.DELTA,
                current.revision(),
                hash,
                CONFIG,
                changed,
                removed.stream().map(PeerSpec::publicKey).toList(),
                grantsOf(changed.toArray(PeerSpec[]::new)));
    }

    @Test
    void icmp_to_everywhere_matches_only_its_own_family() {
        var pingAnywhere = new Grant(List.of(new AccessRule(
                AccessProtocol.ICMP, List.of(), List.of(IpPrefix.parse("0.0.0.0/0"), IpPrefix.parse("::/0")))));

        // "meta l4proto icmp" alone would also pass IPv6 packets whose next header is 1, to any address.
        assertThat(NftRuleset.rules(pingAnywhere))
                .containsExactlyInAnyOrder("ip protocol icmp accept", "ip6 nexthdr ipv6-icmp accept");
    }

    @Test
    void an_address_handed_to_another_peer_keeps_that_peers_element_whatever_order_the_delta_names_them()
            throws IOException {
        GatewayState state = GatewayState.snapshot(1, CONFIG, List.of(A, C), grantsOf(A, C));
        AccessTable table = AccessTable.of(state);
        // C takes A's IPv4 address with A's grant; A moves to another address. C is named first.
        var taker = new PeerSpec(C.publicKey(), null, List.of("10.10.0.2/32"), WEB.key());
        var moved = new PeerSpec(A.publicKey(), null, List.of("10.10.0.9/32", "fd10::2/128"), PING_AND_ALL_V6.key());
        GatewayState delta = delta(state, List.of(taker, moved), List.of());
        GatewayState next = Deltas.merge(state, delta);

        table.apply(delta, next);

        AccessTable rebuilt = AccessTable.of(next);
        assertThat(table.elements()).isEqualTo(rebuilt.elements());
        assertThat(table.owners()).isEqualTo(rebuilt.owners());
        assertThat(table.elements()).containsEntry("10.10.0.2", WEB.key());
    }

    @Test
    void a_delta_changes_the_table_in_place_and_the_firewall_sends_only_what_the_named_peers_changed()
            throws IOException {
        var nft = new ScriptedNft();
        var firewall = new NftFirewall("wg0", nft);
        GatewayState state = GatewayState.snapshot(1, CONFIG, List.of(A, B, C), grantsOf(A, B, C));
        AccessTable table = AccessTable.of(state);
        firewall.replace(table);
        GatewayState delta = delta(state, List.of(B.withGrant(WEB.key())), List.of(C));
        GatewayState next = Deltas.merge(state, delta);

        table.apply(delta, next);
        firewall.update(table, warning -> {
            throw new AssertionError(warning);
        });

        AccessTable rebuilt = AccessTable.of(next);
        assertThat(table.version()).isEqualTo(1);
        assertThat(table.elements()).isEqualTo(rebuilt.elements());
        assertThat(table.owners()).isEqualTo(rebuilt.owners());
        assertThat(table.grants()).isEqualTo(rebuilt.grants());
        assertThat(table.changedSince(0)).containsExactlyInAnyOrder("10.10.0.3", "10.10.0.4");
        assertThat(table.changedSince(1)).isEmpty();
        String batch = "delete element inet tunnelgate_wg0 peers_v4 { 10.10.0.3 }\n"
                + "add element inet tunnelgate_wg0 peers_v4 { 10.10.0.3 : jump g_" + WEB.key() + " }\n"
                + "delete chain inet tunnelgate_wg0 g_" + PING_AND_ALL_V6.key() + "\n";
        assertThat(nft.calls.getLast()).isEqualTo("nft -f -\n" + batch);
        // The same batch a comparison of every element makes.
        assertThat(ruleset.delta(AccessTable.of(state), rebuilt)).isEqualTo(batch);

        // A peer gone and back with its grant: the firewall still knows what it applied.
        GatewayState again = delta(next, List.of(C.withGrant(WEB.key())), List.of());
        table.apply(again, Deltas.merge(next, again));
        firewall.update(table, warning -> {});
        assertThat(nft.calls.getLast())
                .isEqualTo("nft -f -\nadd element inet tunnelgate_wg0 peers_v4 { 10.10.0.4 : jump g_" + WEB.key()
                        + " }\n");
    }

    @Test
    void a_delta_naming_an_unknown_grant_leaves_the_table_as_it_was() {
        GatewayState state = GatewayState.snapshot(1, CONFIG, List.of(A, C), grantsOf(A, C));
        AccessTable table = AccessTable.of(state);
        var before = new HashMap<>(table.elements());
        GatewayState delta = delta(state, List.of(C.withGrant(PING_AND_ALL_V6.key())), List.of());

        assertThatThrownBy(() -> table.apply(delta, state)).isInstanceOf(IllegalArgumentException.class);

        assertThat(table.elements()).isEqualTo(before);
        assertThat(table.version()).isZero();
        assertThat(table.changedSince(0)).isEmpty();
    }

    @Test
    void changes_older_than_the_log_are_not_named_so_the_firewall_compares_everything() throws IOException {
        GatewayState state = GatewayState.snapshot(1, CONFIG, List.of(A, C), grantsOf(A, C));
        AccessTable table = AccessTable.of(state);
        var nft = new ScriptedNft();
        var firewall = new NftFirewall("wg0", nft);
        firewall.replace(table);
        GatewayState current = state;
        for (int i = 0; i <= AccessTable.LOG_LIMIT; i++) {
            GatewayState delta = delta(current, List.of(C.withGrant(i % 2 == 0 ? WEB.key() : null)), List.of());
            current = Deltas.merge(current, delta);
            table.apply(delta, current);
        }

        assertThat(table.changedSince(0)).isNull();
        assertThat(table.changedSince(1)).containsExactly("10.10.0.4");
        assertThat(table.changedSince(-1)).isNull();
        assertThat(table.changedSince(table.version() + 1)).isNull();
        firewall.update(table, warning -> {});
        // The last of 65 changes gave C the grant: one element to add, found by comparing every element.
        assertThat(nft.calls.getLast())
                .isEqualTo("nft -f -\nadd element inet tunnelgate_wg0 peers_v4 { 10.10.0.4 : jump g_" + WEB.key()
                        + " }\n");
    }

    @Test
    void tunnel_addresses_are_the_host_prefixes_read_from_the_canonical_text() {
        var peer = new PeerSpec(
                WgDumpTest.A, null, List.of("10.10.0.0/24", "10.10.1.9/32", "fd10::/32", "FD10:0::5/128"), null);

        assertThat(AccessTable.addresses(peer)).containsExactly("10.10.1.9", "fd10::5");
    }

    @Test
    void an_element_nft_spells_differently_is_read_canonically_and_is_no_drift() throws IOException {
        String listed = ruleset.definition(table(A)).replace("fd10::2 :", "FD10:0:0:0:0:0:0:2 :");
        assertThat(listed).contains("FD10:0:0:0:0:0:0:2 :");

        assertThat(NftRuleset.parse(listed).elements()).containsKey("fd10::2");
        assertThat(NftRuleset.parse(listed, "fd10::2"::equals).elements()).containsKey("fd10::2");
        var nft = new ScriptedNft();
        var firewall = new NftFirewall("wg0", nft);
        nft.answers.add(listed);
        assertThat(firewall.repair(table(A))).isEmpty();
        assertThat(nft.calls).hasSize(1);
    }
}
