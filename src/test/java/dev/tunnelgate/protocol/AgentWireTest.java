package dev.tunnelgate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.ip.IpPrefix;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentWireTest {
    static final String A = "wbsIjWAYGPLVouGun0ms+c23qyu9hlUdmTL7+xkfdSg=";
    static final String B = "AZZdicTC5TDC7x1aSXbo5eI7lv9WxqWdP6+KPD6lXVg=";
    static final String C = "YKo4f6HLK0YyJf+Dcin7E6YrBc0OLuarFzEYZyIDZRs=";
    static final String SELF = "/vw0vE0vBQ4BXvf1Y/ERdY/dFxGaDuz1M/iB/+kvS2k=";
    static final String PSK = "F/1btqSG5+THxuY1QNqaSqsZ8l7EwR2EU48ou5IQkv4=";
    static final InterfaceConfig CONFIG = new InterfaceConfig(51820, List.of("10.10.0.1/16", "fd10::1/64"));
    static final List<PeerSpec> PEERS = List.of(
            new PeerSpec(A, PSK, List.of("10.10.0.2/32", "fd10::2/128")),
            new PeerSpec(B, null, List.of("10.10.0.3/32")));

    static GatewayState snapshot() {
        return GatewayState.snapshot(42, CONFIG, PEERS);
    }

    static GatewayState delta() {
        var after = List.of(PEERS.get(1), new PeerSpec(C, PSK, List.of("10.10.0.4/32")));
        return new GatewayState(
                43,
                GatewayState.Kind.DELTA,
                42,
                PeerSetHash.of(after),
                CONFIG,
                List.of(new PeerSpec(C, PSK, List.of("10.10.0.4/32"))),
                List.of(A));
    }

    static StatusReport status() {
        return new StatusReport(
                "0.1.0-SNAPSHOT",
                SELF,
                43,
                PeerSetHash.of(PEERS),
                List.of(
                        new PeerStats(A, Instant.ofEpochSecond(1763790000), 1234, 5678, "192.0.2.7:40001"),
                        new PeerStats(B, null, 0, 0, null),
                        new PeerStats(C, null, 0, 0, "[2001:db8::9]:51820")),
                List.of(
                        new DriftEntry(DriftEntry.Kind.EXTRA, C),
                        new DriftEntry(DriftEntry.Kind.MISSING, A),
                        new DriftEntry(DriftEntry.Kind.CHANGED, B),
                        new DriftEntry(DriftEntry.Kind.ACCESS, A),
                        DriftEntry.rules()),
                List.of("wg set exited with 1: Unable to modify interface", "a second error: with colons and spaces"));
    }

    /** A valid body with one line swapped for another. */
    static String replacing(String body, String line, String replacement) {
        assertThat(body).contains(line + "\n");
        return body.replace(line + "\n", replacement.isEmpty() ? "" : replacement + "\n");
    }

    @Test
    void a_snapshot_survives_encode_and_decode() {
        assertThat(AgentWire.decodeState(AgentWire.encode(snapshot()))).isEqualTo(snapshot());
    }

    @Test
    void a_delta_survives_encode_and_decode() {
        assertThat(AgentWire.decodeState(AgentWire.encode(delta()))).isEqualTo(delta());
    }

    @Test
    void a_status_report_survives_encode_and_decode() {
        assertThat(AgentWire.decodeStatus(AgentWire.encode(status()))).isEqualTo(status());
    }

    @Test
    void keywords_survive_encode_and_decode_under_a_turkish_default_locale() {
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            assertThat("MISSING".toLowerCase())
                    .as("this locale lower-cases I to a dotless i")
                    .isEqualTo("m\u0131ss\u0131ng");
            var ack = new StatusReport("dev", SELF, 7, PeerSetHash.EMPTY, List.of(), List.of(), List.of(), false);

            String report = AgentWire.encode(status());

            assertThat(report)
                    .contains(
                            "\ndrift extra " + C + "\n", "\ndrift missing " + A + "\n", "\ndrift changed " + B + "\n");
            assertThat(AgentWire.decodeStatus(report)).isEqualTo(status());
            assertThat(AgentWire.decodeStatus(AgentWire.encode(ack))).isEqualTo(ack);
            assertThat(AgentWire.encode(delta())).contains("\nkind delta\n");
            assertThat(AgentWire.decodeState(AgentWire.encode(delta()))).isEqualTo(delta());
            assertThat(AgentWire.decodeState(AgentWire.encode(snapshot()))).isEqualTo(snapshot());
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void drift_kinds_are_written_as_their_names_in_lower_case() {
        assertThat(List.of(DriftEntry.Kind.values()))
                .extracting(AgentWire::word)
                .containsExactly("extra", "missing", "changed", "access", "rules");
    }

    @Test
    void only_drift_of_the_rules_names_no_peer() {
        assertThat(AgentWire.encode(status())).contains("\ndrift rules\n").contains("\ndrift access " + A + "\n");
        assertThatThrownBy(() -> new DriftEntry(DriftEntry.Kind.RULES, A)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DriftEntry(DriftEntry.Kind.ACCESS, null))
                .isInstanceOf(IllegalArgumentException.class);
        String body = AgentWire.encode(status());
        assertThatThrownBy(() -> AgentWire.decodeStatus(replacing(body, "drift access " + A, "drift access")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AgentWire.decodeStatus(replacing(body, "drift rules", "drift rules " + A)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_acknowledgement_without_statistics_says_so_and_may_not_carry_any() {
        var ack = new StatusReport("dev", SELF, 7, PeerSetHash.EMPTY, List.of(), List.of(), List.of(), false);

        var text = AgentWire.encode(ack);
        assertThat(text).contains("\nstats omitted\n");
        assertThat(AgentWire.decodeStatus(text)).isEqualTo(ack);
        assertThat(AgentWire.decodeStatus(AgentWire.encode(status())).statsIncluded())
                .isTrue();
        var withStat = AgentWire.encode(status()).replace("end\n", "stats omitted\nend\n");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeStatus(withStat))
                .withMessageContaining("names no peers");
        var unknownValue = text.replace("stats omitted", "stats maybe");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeStatus(unknownValue))
                .withMessageContaining("included or omitted");
    }

    @Test
    void a_first_status_report_without_applied_state_survives_encode_and_decode() {
        var empty = new StatusReport("dev", SELF, 0, null, List.of(), List.of(), List.of());

        assertThat(AgentWire.decodeStatus(AgentWire.encode(empty))).isEqualTo(empty);
    }

    @Test
    void the_encoding_is_the_documented_one_line_per_record_text() {
        assertThat(AgentWire.encode(delta())).isEqualTo("""
                tunnelgate-state 1
                revision 43
                kind delta
                since 42
                hash %s
                listen-port 51820
                address 10.10.0.1/16
                address fd10::1/64
                peer %s %s 10.10.0.4/32 -
                remove %s
                end
                """.formatted(delta().hash(), C, PSK, A));
    }

    @Test
    void grants_travel_with_their_peers_and_must_hash_to_their_keys() {
        var web = new AccessRule(
                AccessProtocol.TCP,
                List.of(PortRange.single(443), PortRange.parse("8000-8080")),
                List.of(IpPrefix.parseNetwork("10.1.0.0/25"), IpPrefix.parseNetwork("10.1.0.128/25")));
        var ping = new AccessRule(AccessProtocol.ICMP, List.of(), List.of(IpPrefix.parseNetwork("fd00:1::/64")));
        var grant = new Grant(List.of(web, ping));
        var peer = new PeerSpec(C, PSK, List.of("10.10.0.4/32"), grant.key());
        var state = GatewayState.snapshot(
                7, new InterfaceConfig(51820, List.of("10.10.0.1/16")), List.of(peer), Map.of(grant.key(), grant));

        String body = AgentWire.encode(state);

        assertThat(body)
                .contains("grant " + grant.key() + " tcp 443,8000-8080 10.1.0.0/24\n")
                .contains("grant " + grant.key() + " icmp - fd00:1::/64\n");
        assertThat(AgentWire.decodeState(body)).isEqualTo(state);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeState(body.replace("tcp 443,", "tcp 444,")))
                .withMessageContaining("does not match its rules");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> AgentWire.decodeState(body.replace(" 10.10.0.4/32 " + grant.key(), " 10.10.0.4/32 -")))
                .withMessageContaining("named by no peer");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeState(body.replace("tcp 443,8000-8080", "tcp 0,8000-8080")))
                .withMessageContaining("line");
    }

    @Test
    void a_body_cut_off_before_end_is_rejected_even_where_a_record_ends() {
        String body = AgentWire.encode(delta());
        String cutAfterRemove = body.substring(0, body.indexOf("end\n"));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeState(cutAfterRemove))
                .withMessageContaining("incomplete");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeState(body.substring(0, body.length() - 1)));
        assertThatIllegalArgumentException().isThrownBy(() -> AgentWire.decodeState(""));
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> AgentWire.decodeStatus(AgentWire.encode(status()).replace("end\n", "")));
    }

    @Test
    void anything_after_end_is_rejected() {
        String body = AgentWire.encode(snapshot());

        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeState(body + "end\n"))
                .withMessageContaining("'end' before");
        assertThatIllegalArgumentException().isThrownBy(() -> AgentWire.decodeState(body + "\n"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"tunnelgate-state 2", "tunnelgate-status 1", "tunnelgate-state  1", "TUNNELGATE-STATE 1", ""})
    void a_wrong_header_is_rejected(String header) {
        String body = replacing(AgentWire.encode(snapshot()), "tunnelgate-state 1", header);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeState(body))
                .withMessageContaining("must start with");
    }

    @Test
    void a_body_with_crlf_line_ends_is_rejected() {
        String body = AgentWire.encode(snapshot()).replace("\n", "\r\n").replace("end\r\n", "end\n");

        assertThatIllegalArgumentException().isThrownBy(() -> AgentWire.decodeState(body));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "revision 41",
                "kind snapshot",
                "hash 0000000000000000000000000000000000000000000000000000000000000000",
                "listen-port 51821"
            })
    void a_singleton_record_twice_is_rejected(String duplicate) {
        String body = replacing(AgentWire.encode(snapshot()), "listen-port 51820", "listen-port 51820\n" + duplicate);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeState(body))
                .withMessageContaining("appears twice");
    }

    @Test
    void a_status_singleton_twice_is_rejected() {
        String body = replacing(
                AgentWire.encode(status()), "applied-revision 43", "applied-revision 43\napplied-revision 44");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeStatus(body))
                .withMessageContaining("appears twice");
    }

    @Test
    void an_unknown_record_is_rejected_and_named_without_its_value() {
        String body =
                replacing(AgentWire.encode(snapshot()), "listen-port 51820", "listen-port 51820\nendpoint " + PSK);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeState(body))
                .withMessage("line 6: unknown record 'endpoint'");
    }

    @Test
    void an_unknown_record_name_is_cut_and_reduced_to_printable_characters_in_the_message() {
        String body = replacing(
                AgentWire.encode(status()),
                "applied-revision 43",
                "applied-revision 43\nx\u00e9<script>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 1");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeStatus(body))
                .withMessage("line 5: unknown record 'x??script?aaaaaaaaaa'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\t", "\r", "\u001b[2J", "\u007f"})
    void a_control_character_in_a_line_is_rejected(String control) {
        String body = replacing(
                AgentWire.encode(status()),
                "error a second error: with colons and spaces",
                "error a second" + control + "error");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeStatus(body))
                .withMessageContaining("control character");
    }

    @Test
    void a_c1_control_character_in_an_error_is_rejected() {
        String body =
                replacing(AgentWire.encode(status()), "error a second error: with colons and spaces", "error a\u0085b");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeStatus(body))
                .withMessageContaining("one line");
    }

    @Test
    void a_line_longer_than_the_limit_is_rejected() {
        String longLine = "error " + "x".repeat(AgentWire.MAX_LINE_LENGTH);
        String body = replacing(AgentWire.encode(status()), "error a second error: with colons and spaces", longLine);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeStatus(body))
                .withMessageContaining("longer than");
    }

    @Test
    void an_empty_line_is_rejected() {
        String body = replacing(AgentWire.encode(snapshot()), "listen-port 51820", "listen-port 51820\n");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeState(body))
                .withMessageContaining("empty");
    }

    @Test
    void an_error_longer_than_a_report_allows_is_rejected_and_an_empty_or_missing_one_too() {
        String status = AgentWire.encode(status());
        String line = "error a second error: with colons and spaces";

        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeStatus(
                        replacing(status, line, "error " + "x".repeat(StatusReport.MAX_ERROR_LENGTH + 1))));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeStatus(replacing(status, line, "error ")));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeStatus(replacing(status, line, "error")))
                .withMessageContaining("'error' takes a text");
        assertThat(AgentWire.decodeStatus(replacing(status, line, "error " + "x".repeat(StatusReport.MAX_ERROR_LENGTH)))
                        .errors())
                .hasSize(2);
    }

    @Test
    void more_errors_than_a_report_allows_are_rejected() {
        String line = "error a second error: with colons and spaces";
        String many = (line + "\n").repeat(StatusReport.MAX_ERRORS).strip();
        String body = replacing(AgentWire.encode(status()), line, many);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeStatus(body))
                .withMessageContaining("at most");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "peer wbsIjWAYGPLVouGun0ms+c23qyu9hlUdmTL7+xkfdSg= - 10.10.0.9/32 -", // A is also in the snapshot
                "peer wbsIjWAYGPLVouGun0ms+c23qyu9hlUdmTL7+xkfdSh= - 10.10.0.9/32 -", // non-canonical base64
                "peer wbsIjWAYGPLVouGun0ms+c23qyu9hlUdmTL7+xkfdSg - 10.10.0.9/32 -", // no padding
                "peer YKo4f6HLK0YyJf+Dcin7E6YrBc0OLuarFzEYZyIDZRs= short 10.10.0.9/32 -", // preshared key not a key
                "peer YKo4f6HLK0YyJf+Dcin7E6YrBc0OLuarFzEYZyIDZRs= - 10.10.0.9/32, -", // empty allowed IP
                "peer YKo4f6HLK0YyJf+Dcin7E6YrBc0OLuarFzEYZyIDZRs= - 10.10.0.9/24 -", // host bits set
                "peer YKo4f6HLK0YyJf+Dcin7E6YrBc0OLuarFzEYZyIDZRs= - 010.10.0.9/32 -", // leading zero in an octet
                "peer YKo4f6HLK0YyJf+Dcin7E6YrBc0OLuarFzEYZyIDZRs= -  10.10.0.9/32 -", // two spaces
                "peer YKo4f6HLK0YyJf+Dcin7E6YrBc0OLuarFzEYZyIDZRs= - 10.10.0.9/32 - ", // trailing space
                "peer YKo4f6HLK0YyJf+Dcin7E6YrBc0OLuarFzEYZyIDZRs= 10.10.0.9/32 -", // missing preshared key field
                "address 10.10.0.1", // no prefix length
                "address 10.10.0.1/16", // the same address twice
            })
    void a_bad_record_in_a_snapshot_is_rejected(String record) {
        String body = replacing(AgentWire.encode(snapshot()), "listen-port 51820", "listen-port 51820\n" + record);

        assertThatIllegalArgumentException().isThrownBy(() -> AgentWire.decodeState(body));
    }

    @Test
    void messages_about_a_bad_peer_line_never_echo_the_preshared_key() {
        String body = replacing(
                AgentWire.encode(snapshot()),
                "listen-port 51820",
                "listen-port 51820\npeer " + C + " " + PSK.substring(0, 43) + "x 10.10.0.9/32 -");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeState(body))
                .withMessage("line 6: preshared key is not a base64 WireGuard key of 32 bytes")
                .withMessageNotContaining(PSK.substring(0, 20));
    }

    @Test
    void a_snapshot_whose_peers_do_not_match_its_hash_is_rejected() {
        String body = AgentWire.encode(snapshot()).replace("10.10.0.3/32", "10.10.0.33/32");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeState(body))
                .withMessageContaining("hash");
    }

    @Test
    void a_snapshot_hash_is_independent_of_peer_and_allowed_ip_order() {
        var reordered = List.of(PEERS.get(1), new PeerSpec(A, PSK, List.of("fd10::2/128", "10.10.0.2/32")));

        assertThat(PeerSetHash.of(reordered)).isEqualTo(snapshot().hash());
        assertThat(PeerSetHash.of(List.of(PEERS.get(1))))
                .isNotEqualTo(snapshot().hash());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "revision -1",
                "revision 042",
                "revision +42",
                "revision 4 2",
                "revision 9223372036854775808",
                "revision 99999999999999999999",
                "revision 1e3",
                "revision ",
                "revision"
            })
    void a_negative_overflowing_padded_or_malformed_number_is_rejected(String revision) {
        String body = replacing(AgentWire.encode(snapshot()), "revision 42", revision);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeState(body))
                .withMessageNotContaining("For input string");
    }

    @Test
    void the_largest_revision_still_decodes() {
        var state = GatewayState.snapshot(Long.MAX_VALUE, CONFIG, PEERS);

        assertThat(AgentWire.decodeState(AgentWire.encode(state)).revision()).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"listen-port 0", "listen-port 65536", "listen-port 99999999999", "listen-port 051820"})
    void a_listen_port_out_of_range_is_rejected(String port) {
        String body = replacing(AgentWire.encode(snapshot()), "listen-port 51820", port);

        assertThatIllegalArgumentException().isThrownBy(() -> AgentWire.decodeState(body));
    }

    @Test
    void negative_or_overflowing_counters_in_a_status_are_rejected() {
        String body = AgentWire.encode(status());
        String stat = "stat " + A + " 1763790000 1234 5678 192.0.2.7:40001";

        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeStatus(
                        replacing(body, stat, "stat " + A + " 1763790000 -1 5678 192.0.2.7:40001")));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeStatus(
                        replacing(body, stat, "stat " + A + " 1763790000 1234 18446744073709551616 192.0.2.7:40001")));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeStatus(
                        replacing(body, stat, "stat " + A + " 9223372036854775807 1234 5678 192.0.2.7:40001")))
                .withMessageContaining("line 6");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeStatus(
                        replacing(body, stat, "stat " + A + " 1763790000 1234 5678 portal.example:443")));
    }

    @Test
    void a_peer_named_twice_in_a_delta_is_rejected_even_as_peer_and_remove() {
        String body = AgentWire.encode(delta());

        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> AgentWire.decodeState(replacing(body, "remove " + A, "remove " + A + "\nremove " + A)))
                .withMessageContaining("named twice");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeState(replacing(body, "remove " + A, "remove " + C)))
                .withMessageContaining("named twice");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> AgentWire.decodeState(replacing(body, "remove " + A, "peer " + C + " - 10.10.0.5/32 -")))
                .withMessageContaining("named twice");
    }

    @Test
    void kind_and_base_revision_must_agree() {
        String snapshot = AgentWire.encode(snapshot());
        String delta = AgentWire.encode(delta());

        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> AgentWire.decodeState(replacing(snapshot, "kind snapshot", "kind snapshot\nsince 41")));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeState(replacing(delta, "since 42", "")))
                .withMessageContaining("'since' is missing");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeState(replacing(delta, "since 42", "since 43")));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeState(replacing(delta, "kind delta", "kind full")));
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        AgentWire.decodeState(replacing(snapshot, "kind snapshot", "kind snapshot\nremove " + C)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"revision 42", "kind snapshot", "listen-port 51820"})
    void a_missing_required_record_is_rejected(String line) {
        String body = replacing(AgentWire.encode(snapshot()), line, "");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeState(body))
                .withMessageContaining("is missing");
    }

    @Test
    void a_bad_hash_is_rejected() {
        String body = AgentWire.encode(delta());
        String hash = "hash " + delta().hash();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeState(
                        replacing(body, hash, hash.toUpperCase().replace("HASH", "hash"))));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeState(replacing(body, hash, hash.substring(0, hash.length() - 1))));
    }

    @Test
    void a_status_with_a_bad_version_key_or_drift_kind_is_rejected() {
        String body = AgentWire.encode(status());

        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeStatus(
                        replacing(body, "agent-version 0.1.0-SNAPSHOT", "agent-version 0.1.0/evil")));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeStatus(replacing(body, "public-key " + SELF, "public-key none")));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeStatus(replacing(body, "drift extra " + C, "drift gone " + C)))
                .withMessageContaining("drift kind");
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        AgentWire.decodeStatus(replacing(body, "stat " + B + " - 0 0 -", "stat " + A + " - 0 0 -")))
                .withMessageContaining("reported twice");
    }

    private static final String STATUS_HEAD =
            "tunnelgate-status 1\nagent-version 1\npublic-key " + SELF + "\napplied-revision 0\n";
    private static final String STATE_HEAD = "tunnelgate-state 1\nrevision 1\nkind snapshot\nhash "
            + PeerSetHash.of(List.of()) + "\nlisten-port 51820\n";

    @Test
    void dns_servers_and_dns_checks_survive_encode_and_decode() {
        var config = new InterfaceConfig(51820, List.of("10.10.0.1/16"), List.of("10.10.0.53", "fd10::35"));
        var state = GatewayState.snapshot(42, config, PEERS);
        String text = AgentWire.encode(state);
        assertThat(text).contains("\ndns 10.10.0.53\ndns fd10::35\n");
        assertThat(AgentWire.decodeState(text)).isEqualTo(state);

        var report = new StatusReport(
                "1",
                SELF,
                0,
                null,
                List.of(),
                List.of(),
                List.of(),
                true,
                List.of(
                        new DnsCheck("10.10.0.53", DnsCheck.Outcome.NO_ANSWER),
                        new DnsCheck("fd10::35", DnsCheck.Outcome.TCP_ONLY),
                        new DnsCheck("10.20.0.53", DnsCheck.Outcome.OK)));
        String status = AgentWire.encode(report);
        assertThat(status).contains("\ndns 10.10.0.53 no-answer\ndns fd10::35 tcp-only\ndns 10.20.0.53 ok\n");
        assertThat(AgentWire.decodeStatus(status)).isEqualTo(report);
    }

    @Test
    void a_state_without_dns_servers_is_encoded_as_before_so_older_agents_read_it() {
        assertThat(AgentWire.encode(snapshot())).doesNotContain("dns");
        var withDns =
                snapshot().withInterfaceConfig(new InterfaceConfig(51820, CONFIG.addresses(), List.of("10.10.0.53")));
        assertThat(AgentWire.encode(
                        withDns.withInterfaceConfig(withDns.interfaceConfig().withoutDnsServers())))
                .isEqualTo(AgentWire.encode(snapshot()));
        assertThat(AgentWire.encode(status())).doesNotContain("\ndns ");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "dns 10.10.0.53 maybe",
                "dns 10.10.0.53",
                "dns 10.10.0.53 ok extra",
                "dns 10.10.0.053 ok",
                "dns 10.10.0.0/24 ok",
                "dns FD10::35 ok",
                "dns ::ffff:10.0.0.1 ok",
                "dns example.test ok",
                "dns 10.10.0.1-10.10.0.9 ok",
                "dns <script> ok",
                "dns 10.10.0.53 OK",
            })
    void hostile_or_malformed_dns_checks_are_refused(String line) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeStatus(STATUS_HEAD + line + "\nend\n"))
                .withMessageStartingWith("line 5: ");
    }

    @Test
    void more_dns_checks_than_allowed_a_server_twice_or_dns_in_an_acknowledgement_are_refused() {
        var many = new StringBuilder(STATUS_HEAD);
        for (int i = 1; i <= InterfaceConfig.MAX_DNS_SERVERS + 1; i++) {
            many.append("dns 10.0.0.").append(i).append(" ok\n");
        }
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeStatus(many + "end\n"))
                .withMessageContaining("more than " + InterfaceConfig.MAX_DNS_SERVERS + " DNS checks");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> AgentWire.decodeStatus(STATUS_HEAD + "dns 10.0.0.1 ok\ndns 10.0.0.1 no-answer\nend\n"))
                .withMessageContaining("checked twice");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeStatus(STATUS_HEAD + "stats omitted\ndns 10.0.0.1 ok\nend\n"))
                .withMessageContaining("no DNS checks");
    }

    @Test
    void hostile_dns_servers_in_a_state_are_refused() {
        for (String line : List.of("dns 10.10.0.53 10.10.0.54", "dns 999.1.1.1", "dns -", "dns ")) {
            assertThatIllegalArgumentException()
                    .as(line)
                    .isThrownBy(() -> AgentWire.decodeState(STATE_HEAD + line + "\nend\n"));
        }
        var many = new StringBuilder(STATE_HEAD);
        for (int i = 1; i <= InterfaceConfig.MAX_DNS_SERVERS + 1; i++) {
            many.append("dns 10.0.0.").append(i).append("\n");
        }
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeState(many + "end\n"))
                .withMessageContaining("more than " + InterfaceConfig.MAX_DNS_SERVERS + " DNS servers");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeState(STATE_HEAD + "dns 10.0.0.1\ndns 10.0.0.1\nend\n"))
                .withMessageContaining("distinct");
    }

    @Test
    void an_endpoint_role_survives_encode_and_decode_and_is_left_out_when_unknown() {
        var report = new StatusReport("1", SELF, 0, null, List.of(), List.of(), List.of());
        assertThat(AgentWire.encode(report)).doesNotContain("endpoint-role");
        assertThat(AgentWire.decodeStatus(AgentWire.encode(report)).endpointRole())
                .isNull();
        for (EndpointRole role : EndpointRole.values()) {
            var text = AgentWire.encode(report.withEndpointRole(role));
            assertThat(text).contains("\nendpoint-role " + role.name().toLowerCase(Locale.ROOT) + "\n");
            assertThat(AgentWire.decodeStatus(text)).isEqualTo(report.withEndpointRole(role));
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"endpoint-role master", "endpoint-role", "endpoint-role holder holder", "endpoint-role HOLDER"})
    void a_bad_endpoint_role_is_rejected(String record) {
        assertThatIllegalArgumentException().isThrownBy(() -> AgentWire.decodeStatus(STATUS_HEAD + record + "\nend\n"));
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        AgentWire.decodeStatus(STATUS_HEAD + "endpoint-role holder\nendpoint-role standby\nend\n"))
                .withMessageContaining("twice");
    }

    @Test
    void known_endpoints_survive_encode_and_decode() {
        var endpoints = List.of(
                new KnownEndpoint(A, "192.0.2.7:51000", Instant.ofEpochSecond(1_800_000_000L)),
                new KnownEndpoint(B, "[2001:db8::7]:443", Instant.ofEpochSecond(1_800_000_100L)));
        String text = AgentWire.encodeEndpoints(endpoints);
        assertThat(text)
                .isEqualTo("tunnelgate-endpoints 1\nendpoint " + A + " 192.0.2.7:51000 1800000000\nendpoint " + B
                        + " [2001:db8::7]:443 1800000100\nend\n");
        assertThat(AgentWire.decodeEndpoints(text)).isEqualTo(endpoints);
        assertThat(AgentWire.decodeEndpoints("tunnelgate-endpoints 1\nend\n")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "endpoint " + A + " vpn.example.com:51820 1800000000",
                "endpoint " + A + " 192.0.2.7:51000",
                "endpoint " + A + " 192.0.2.7:51000 -",
                "endpoint " + A + " 192.0.2.7:51000 -5",
                "endpoint not-a-key 192.0.2.7:51000 1800000000",
                "peer " + A + " 192.0.2.7:51000 1800000000"
            })
    void a_bad_known_endpoint_is_rejected(String record) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeEndpoints("tunnelgate-endpoints 1\n" + record + "\nend\n"))
                .withMessageStartingWith("line 2:");
    }

    @Test
    void a_peer_named_twice_among_known_endpoints_is_rejected() {
        String line = "endpoint " + A + " 192.0.2.7:51000 1800000000\n";
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentWire.decodeEndpoints("tunnelgate-endpoints 1\n" + line + line + "end\n"))
                .withMessageContaining("twice");
    }
}
