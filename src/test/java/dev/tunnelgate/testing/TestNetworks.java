package dev.tunnelgate.testing;

import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkSpec;
import dev.tunnelgate.networks.TunnelMode;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/** Network form data for tests: start from a plain network and change only the fields a test cares about. */
public final class TestNetworks {
    private TestNetworks() {}

    /**
     * A full-tunnel IPv4 network on {@code ipv4Pool} with manual approval, five devices per user, the endpoint
     * 127.0.0.1:51820 and no gateway key yet.
     */
    public static NetworkSpec network(String name, String ipv4Pool, UnaryOperator<Builder> change) {
        var plain = new NetworkSpec(
                name,
                ipv4Pool,
                null,
                List.of(),
                List.of(),
                NetworkSpec.DEFAULT_MTU,
                NetworkSpec.DEFAULT_KEEPALIVE,
                "127.0.0.1:51820",
                TunnelMode.FULL,
                List.of(),
                ApprovalMode.MANUAL,
                List.of(),
                5,
                null,
                false);
        return change.apply(new Builder(plain)).build();
    }

    /** {@code spec} with some fields changed. */
    public static NetworkSpec with(NetworkSpec spec, UnaryOperator<Builder> change) {
        return change.apply(new Builder(spec)).build();
    }

    /** The public key of a fresh key pair, as a gateway would report it. */
    public static String newGatewayKey() {
        return WgKeyPair.generate(new SecureRandom()).publicKey().toBase64();
    }

    /** Changes one field of a spec at a time. */
    public static final class Builder {
        private String name;
        private String ipv4Pool;
        private @Nullable String ipv6Pool;
        private List<String> gatewayAddresses;
        private List<String> dnsServers;
        private int mtu;
        private int persistentKeepalive;
        private String endpoint;
        private TunnelMode tunnelMode;
        private List<String> allowedIps;
        private ApprovalMode approvalMode;
        private List<String> autoApproveGroups;
        private int devicesPerUser;
        private @Nullable String gatewayPublicKey;
        private boolean openWithoutPolicies;

        Builder(NetworkSpec s) {
            name = s.name();
            ipv4Pool = s.ipv4Pool();
            ipv6Pool = s.ipv6Pool();
            gatewayAddresses = s.gatewayAddresses();
            dnsServers = s.dnsServers();
            mtu = s.mtu();
            persistentKeepalive = s.persistentKeepalive();
            endpoint = s.endpoint();
            tunnelMode = s.tunnelMode();
            allowedIps = s.allowedIps();
            approvalMode = s.approvalMode();
            autoApproveGroups = s.autoApproveGroups();
            devicesPerUser = s.devicesPerUser();
            gatewayPublicKey = s.gatewayPublicKey();
            openWithoutPolicies = s.openWithoutPolicies();
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder ipv4Pool(String v) {
            ipv4Pool = v;
            return this;
        }

        public Builder ipv6Pool(@Nullable String v) {
            ipv6Pool = v;
            return this;
        }

        public Builder gatewayAddresses(String... v) {
            return gatewayAddresses(List.of(v));
        }

        public Builder gatewayAddresses(List<String> v) {
            gatewayAddresses = v;
            return this;
        }

        public Builder dnsServers(String... v) {
            return dnsServers(List.of(v));
        }

        public Builder dnsServers(List<String> v) {
            dnsServers = v;
            return this;
        }

        public Builder mtu(int v) {
            mtu = v;
            return this;
        }

        public Builder persistentKeepalive(int v) {
            persistentKeepalive = v;
            return this;
        }

        public Builder endpoint(String v) {
            endpoint = v;
            return this;
        }

        public Builder tunnelMode(TunnelMode v) {
            tunnelMode = v;
            return this;
        }

        /** A split tunnel to these networks. */
        public Builder split(String... allowed) {
            tunnelMode = TunnelMode.SPLIT;
            return allowedIps(List.of(allowed));
        }

        public Builder allowedIps(List<String> v) {
            allowedIps = v;
            return this;
        }

        public Builder approvalMode(ApprovalMode v) {
            approvalMode = v;
            return this;
        }

        public Builder autoApproveGroups(List<String> v) {
            autoApproveGroups = v;
            return this;
        }

        public Builder devicesPerUser(int v) {
            devicesPerUser = v;
            return this;
        }

        public Builder gatewayPublicKey(@Nullable String v) {
            gatewayPublicKey = v;
            return this;
        }

        /** Whether devices reach everything the gateway routes while no enabled policy names the network. */
        public Builder openWithoutPolicies(boolean v) {
            openWithoutPolicies = v;
            return this;
        }

        public NetworkSpec build() {
            return new NetworkSpec(
                    name,
                    ipv4Pool,
                    ipv6Pool,
                    gatewayAddresses,
                    dnsServers,
                    mtu,
                    persistentKeepalive,
                    endpoint,
                    tunnelMode,
                    allowedIps,
                    approvalMode,
                    autoApproveGroups,
                    devicesPerUser,
                    gatewayPublicKey,
                    openWithoutPolicies);
        }
    }
}
