package dev.tunnelgate.networks;

import dev.tunnelgate.api.ApiBodies;
import dev.tunnelgate.api.ApiEndpoint;
import dev.tunnelgate.api.ApiPage;
import dev.tunnelgate.api.ApiPaging;
import dev.tunnelgate.api.ApiSecurity;
import dev.tunnelgate.api.ETags;
import dev.tunnelgate.persistence.Versioned;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Networks and their lifecycle rules for admins (auditors read). A network's GET carries its version as ETag; a PUT
 * of the network or of its rules needs it back in If-Match, and is refused (412) when the network changed meanwhile.
 */
@ApiEndpoint
@RestController
@RequestMapping(ApiSecurity.PATH + "/networks")
class NetworksApi {
    private final NetworkService networks;

    NetworksApi(NetworkService networks) {
        this.networks = networks;
    }

    /**
     * A network's settings as a client sends them. Lists that are missing are empty; a missing MTU, keepalive or
     * "open without policies" takes the value of a new network in the portal. A PUT replaces every setting.
     */
    record NetworkBody(
            @Nullable String name,
            @Nullable String ipv4Pool,
            @Nullable String ipv6Pool,
            @Nullable List<@Nullable String> gatewayAddresses,
            @Nullable List<@Nullable String> dnsServers,
            @Nullable Integer mtu,
            @Nullable Integer persistentKeepalive,
            @Nullable String endpoint,
            @Nullable TunnelMode tunnelMode,
            @Nullable List<@Nullable String> allowedIps,
            @Nullable ApprovalMode approvalMode,
            @Nullable List<@Nullable String> autoApproveGroups,
            @Nullable Integer devicesPerUser,
            @Nullable String gatewayPublicKey,
            @Nullable Boolean openWithoutPolicies) {

        NetworkSpec spec() {
            return new NetworkSpec(
                    ApiBodies.required(name, NetworkField.NAME),
                    ApiBodies.required(ipv4Pool, NetworkField.IPV4_POOL),
                    ipv6Pool,
                    ApiBodies.list(gatewayAddresses, NetworkField.GATEWAY_ADDRESSES),
                    ApiBodies.list(dnsServers, NetworkField.DNS_SERVERS),
                    Objects.requireNonNullElse(mtu, NetworkSpec.DEFAULT_MTU),
                    Objects.requireNonNullElse(persistentKeepalive, NetworkSpec.DEFAULT_KEEPALIVE),
                    ApiBodies.required(endpoint, NetworkField.ENDPOINT),
                    ApiBodies.required(tunnelMode, "tunnelMode"),
                    ApiBodies.list(allowedIps, NetworkField.ALLOWED_IPS),
                    ApiBodies.required(approvalMode, "approvalMode"),
                    ApiBodies.list(autoApproveGroups, NetworkField.AUTO_APPROVE_GROUPS),
                    ApiBodies.required(devicesPerUser, NetworkField.DEVICES_PER_USER),
                    gatewayPublicKey,
                    Objects.requireNonNullElse(openWithoutPolicies, false));
        }
    }

    /** A network as the API shows it: its id and the settings in the form a PUT takes them. */
    record NetworkResource(
            long id,
            String name,
            String ipv4Pool,
            @Nullable String ipv6Pool,
            List<String> gatewayAddresses,
            List<String> dnsServers,
            int mtu,
            int persistentKeepalive,
            String endpoint,
            TunnelMode tunnelMode,
            List<String> allowedIps,
            ApprovalMode approvalMode,
            List<String> autoApproveGroups,
            int devicesPerUser,
            @Nullable String gatewayPublicKey,
            boolean openWithoutPolicies) {

        static NetworkResource of(long id, NetworkSettings settings) {
            var spec = NetworkSpec.of(settings);
            return new NetworkResource(
                    id,
                    spec.name(),
                    spec.ipv4Pool(),
                    spec.ipv6Pool(),
                    spec.gatewayAddresses(),
                    spec.dnsServers(),
                    spec.mtu(),
                    spec.persistentKeepalive(),
                    spec.endpoint(),
                    spec.tunnelMode(),
                    spec.allowedIps(),
                    spec.approvalMode(),
                    spec.autoApproveGroups(),
                    spec.devicesPerUser(),
                    spec.gatewayPublicKey(),
                    spec.openWithoutPolicies());
        }
    }

    @GetMapping
    ApiPage<NetworkResource> list(
            @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(required = false) @Nullable Integer size) {
        return ApiPaging.page(
                networks.list(ApiPaging.of(page, size)).map(row -> NetworkResource.of(row.id(), row.settings())));
    }

    @GetMapping("/{id}")
    ResponseEntity<NetworkResource> get(@PathVariable long id) {
        return resource(id, networks.getVersioned(id));
    }

    @PostMapping
    ResponseEntity<NetworkResource> create(@RequestBody NetworkBody body) {
        long id = networks.create(body.spec());
        var created = networks.getVersioned(id);
        return ResponseEntity.created(URI.create(ApiSecurity.PATH + "/networks/" + id))
                .eTag(ETags.of(created.version()))
                .body(NetworkResource.of(id, created.value()));
    }

    @PutMapping("/{id}")
    ResponseEntity<NetworkResource> update(
            @PathVariable long id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @RequestBody NetworkBody body) {
        networks.update(id, body.spec(), ETags.expectedVersion(ifMatch));
        return resource(id, networks.getVersioned(id));
    }

    /** The lifecycle rules; a rule that is null is off. They share the network's version (ETag). */
    @GetMapping("/{id}/lifecycle")
    ResponseEntity<NetworkLifecycle> lifecycle(@PathVariable long id) {
        var lifecycle = networks.lifecycleVersioned(id);
        return ResponseEntity.ok().eTag(ETags.of(lifecycle.version())).body(lifecycle.value());
    }

    @PutMapping("/{id}/lifecycle")
    ResponseEntity<NetworkLifecycle> updateLifecycle(
            @PathVariable long id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @RequestBody LifecycleSpec body) {
        networks.updateLifecycle(id, body, ETags.expectedVersion(ifMatch));
        return lifecycle(id);
    }

    private static ResponseEntity<NetworkResource> resource(long id, Versioned<NetworkSettings> network) {
        return ResponseEntity.ok().eTag(ETags.of(network.version())).body(NetworkResource.of(id, network.value()));
    }
}
