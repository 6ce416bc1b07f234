package dev.tunnelgate.configcode;

import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkLifecycle;
import dev.tunnelgate.networks.NetworkSettings;
import dev.tunnelgate.networks.NetworkSpec;
import dev.tunnelgate.networks.TunnelMode;
import dev.tunnelgate.policy.DestinationSettings;
import dev.tunnelgate.policy.DestinationSpec;
import dev.tunnelgate.protocol.AccessProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A configuration document, key for key as the YAML file holds it. Read from a file, any value may be missing (null:
 * its default applies; list items are never null, the reader refuses them); made by {@link ConfigPlanner} or the export, every value is canonical and only optional ones
 * are null. Objects are named, never numbered: references between them are by name.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}, required
 * @param prune         whether destinations and policies the file does not name are deleted (for a kind whose key
 *                      the file has); networks and gateway groups are never deleted
 */
record ConfigFile(
        @Nullable Integer schemaVersion,
        @Nullable Boolean prune,
        @Nullable List<NetworkEntry> networks,
        @Nullable List<DestinationEntry> destinations,
        @Nullable List<PolicyEntry> policies,
        @Nullable List<GroupEntry> gatewayGroups) {
    static final int SCHEMA_VERSION = 1;

    /** The document as the YAML writer takes it: keys in file order, values that are null left out. */
    Map<String, Object> tree() {
        var root = new LinkedHashMap<String, Object>();
        root.put("schemaVersion", schemaVersion == null ? SCHEMA_VERSION : schemaVersion);
        root.put("prune", Boolean.TRUE.equals(prune));
        root.put("networks", trees(networks));
        root.put("destinations", trees(destinations));
        root.put("policies", trees(policies));
        root.put("gatewayGroups", trees(gatewayGroups));
        return root;
    }

    private static List<Map<String, Object>> trees(@Nullable List<? extends Entry> entries) {
        var trees = new ArrayList<Map<String, Object>>();
        for (var entry : entries == null ? List.<Entry>of() : entries) {
            var tree = new LinkedHashMap<String, Object>();
            entry.fields().forEach((key, value) -> {
                if (value != null) {
                    tree.put(key, value);
                }
            });
            trees.add(tree);
        }
        return trees;
    }

    /** One object of the file. */
    sealed interface Entry {
        @Nullable
        String name();

        /** Every key of the object in file order, with its value (null when not set); the diff compares these. */
        Map<String, @Nullable Object> fields();
    }

    /** A network; the lifecycle rules are keys of their own, as the API names them. */
    record NetworkEntry(
            @Nullable String name,
            @Nullable String ipv4Pool,
            @Nullable String ipv6Pool,
            @Nullable List<String> gatewayAddresses,
            @Nullable List<String> dnsServers,
            @Nullable Integer mtu,
            @Nullable Integer persistentKeepalive,
            @Nullable String endpoint,
            @Nullable String gatewayPublicKey,
            @Nullable TunnelMode tunnelMode,
            @Nullable List<String> allowedIps,
            @Nullable ApprovalMode approvalMode,
            @Nullable List<String> autoApproveGroups,
            @Nullable Integer devicesPerUser,
            @Nullable Boolean openWithoutPolicies,
            @Nullable Integer expireAfterDays,
            @Nullable Integer staleAfterDays,
            @Nullable Integer rotateAfterDays,
            @Nullable Integer rotationOverlapHours)
            implements Entry {
        /** The keys {@link dev.tunnelgate.networks.NetworkService#updateLifecycle} changes; the others go to update. */
        static final List<String> LIFECYCLE =
                List.of("expireAfterDays", "staleAfterDays", "rotateAfterDays", "rotationOverlapHours");

        /** The keys a gateway group sets when it serves the network. */
        static final List<String> GATEWAY = List.of("endpoint", "gatewayPublicKey");

        /**
         * Stored or validated settings in canonical text. A network served by a gateway group has neither endpoint
         * nor gateway public key of its own: the group sets them.
         */
        static NetworkEntry of(NetworkSettings settings, NetworkLifecycle lifecycle, boolean served) {
            var text = NetworkSpec.of(settings);
            return new NetworkEntry(
                    text.name(),
                    text.ipv4Pool(),
                    text.ipv6Pool(),
                    text.gatewayAddresses(),
                    text.dnsServers(),
                    text.mtu(),
                    text.persistentKeepalive(),
                    served ? null : text.endpoint(),
                    served ? null : text.gatewayPublicKey(),
                    text.tunnelMode(),
                    text.allowedIps(),
                    text.approvalMode(),
                    text.autoApproveGroups(),
                    text.devicesPerUser(),
                    text.openWithoutPolicies(),
                    lifecycle.expireAfterDays(),
                    lifecycle.staleAfterDays(),
                    lifecycle.rotateAfterDays(),
                    lifecycle.rotationOverlapHours());
        }

        @Override
        public Map<String, @Nullable Object> fields() {
            var fields = new LinkedHashMap<String, @Nullable Object>();
            fields.put("name", name);
            fields.put("ipv4Pool", ipv4Pool);
            fields.put("ipv6Pool", ipv6Pool);
            fields.put("gatewayAddresses", gatewayAddresses);
            fields.put("dnsServers", dnsServers);
            fields.put("mtu", mtu);
            fields.put("persistentKeepalive", persistentKeepalive);
            fields.put("endpoint", endpoint);
            fields.put("gatewayPublicKey", gatewayPublicKey);
            fields.put("tunnelMode", tunnelMode == null ? null : tunnelMode.name());
            fields.put("allowedIps", allowedIps);
            fields.put("approvalMode", approvalMode == null ? null : approvalMode.name());
            fields.put("autoApproveGroups", autoApproveGroups);
            fields.put("devicesPerUser", devicesPerUser);
            fields.put("openWithoutPolicies", openWithoutPolicies);
            fields.put("expireAfterDays", expireAfterDays);
            fields.put("staleAfterDays", staleAfterDays);
            fields.put("rotateAfterDays", rotateAfterDays);
            fields.put("rotationOverlapHours", rotationOverlapHours);
            return fields;
        }
    }

    /** A destination; ports are text, e.g. {@code 443} or {@code 8000-8080}. */
    record DestinationEntry(
            @Nullable String name,
            @Nullable List<String> prefixes,
            @Nullable AccessProtocol protocol,
            @Nullable List<String> ports)
            implements Entry {
        static DestinationEntry of(DestinationSettings settings) {
            var text = DestinationSpec.of(settings);
            return new DestinationEntry(text.name(), text.prefixes(), text.protocol(), text.ports());
        }

        @Override
        public Map<String, @Nullable Object> fields() {
            var fields = new LinkedHashMap<String, @Nullable Object>();
            fields.put("name", name);
            fields.put("prefixes", prefixes);
            fields.put("protocol", protocol == null ? null : protocol.name());
            fields.put("ports", ports);
            return fields;
        }
    }

    /** An access policy: networks and destinations by name, users by their sign-in identity. */
    record PolicyEntry(
            @Nullable String name,
            @Nullable Boolean enabled,
            @Nullable List<String> networks,
            @Nullable List<String> destinations,
            @Nullable List<String> groups,
            @Nullable List<UserEntry> users)
            implements Entry {
        @Override
        public Map<String, @Nullable Object> fields() {
            var fields = new LinkedHashMap<String, @Nullable Object>();
            fields.put("name", name);
            fields.put("enabled", enabled);
            fields.put("networks", networks);
            fields.put("destinations", destinations);
            fields.put("groups", groups);
            fields.put(
                    "users",
                    users == null ? null : users.stream().map(UserEntry::tree).toList());
            return fields;
        }
    }

    /** A user as the identity provider knows them: the issuer and subject of their sign-ins. */
    record UserEntry(@Nullable String issuer, @Nullable String subject) {
        Map<String, @Nullable Object> tree() {
            var tree = new LinkedHashMap<String, @Nullable Object>();
            tree.put("issuer", issuer);
            tree.put("subject", subject);
            return tree;
        }
    }

    /**
     * A gateway group: networks by name. Members are not part of the file (adding one issues a credential that is
     * shown once); a public key left out keeps the one the group has.
     */
    record GroupEntry(
            @Nullable String name,
            @Nullable String endpoint,
            @Nullable Integer listenPort,
            @Nullable String publicKey,
            @Nullable List<String> networks)
            implements Entry {
        @Override
        public Map<String, @Nullable Object> fields() {
            var fields = new LinkedHashMap<String, @Nullable Object>();
            fields.put("name", name);
            fields.put("endpoint", endpoint);
            fields.put("listenPort", listenPort);
            fields.put("publicKey", publicKey);
            fields.put("networks", networks);
            return fields;
        }
    }
}
