package dev.tunnelgate.policy;

import dev.tunnelgate.api.ApiBodies;
import dev.tunnelgate.api.ApiEndpoint;
import dev.tunnelgate.api.ApiPage;
import dev.tunnelgate.api.ApiPaging;
import dev.tunnelgate.api.ApiSecurity;
import dev.tunnelgate.api.ETags;
import dev.tunnelgate.persistence.Versioned;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
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
 * Access policies for admins (auditors read): which groups and users reach which destinations in which networks.
 * GET carries the version as ETag; PUT and DELETE need it back in If-Match.
 */
@ApiEndpoint
@RestController
@RequestMapping(ApiSecurity.PATH + "/policies")
class PoliciesApi {
    private final PolicyService policies;

    PoliciesApi(PolicyService policies) {
        this.policies = policies;
    }

    /** A policy as a client sends it: networks, destinations and users by id. A PUT replaces all of it. */
    record PolicyBody(
            @Nullable String name,
            @Nullable Boolean enabled,
            @Nullable List<@Nullable Long> networks,
            @Nullable List<@Nullable Long> destinations,
            @Nullable List<@Nullable String> groups,
            @Nullable List<@Nullable Long> users) {

        PolicySpec spec() {
            return new PolicySpec(
                    ApiBodies.required(name, PolicyField.NAME),
                    ApiBodies.required(enabled, "enabled"),
                    new LinkedHashSet<>(ApiBodies.list(networks, PolicyField.NETWORKS)),
                    new LinkedHashSet<>(ApiBodies.list(destinations, PolicyField.DESTINATIONS)),
                    ApiBodies.list(groups, PolicyField.GROUPS),
                    new LinkedHashSet<>(ApiBodies.list(users, PolicyField.USERS)));
        }
    }

    /** A policy as the API shows it: what a PUT takes, and the names its ids refer to. */
    record PolicyResource(
            long id,
            String name,
            boolean enabled,
            Set<Long> networks,
            Set<Long> destinations,
            Set<String> groups,
            Set<Long> users,
            List<String> networkNames,
            List<String> destinationNames,
            List<String> userNames) {

        static PolicyResource of(PolicyRow row) {
            var settings = row.settings();
            return new PolicyResource(
                    row.id(),
                    settings.name(),
                    settings.enabled(),
                    settings.networkIds(),
                    settings.destinationIds(),
                    settings.groups(),
                    settings.userIds(),
                    row.networks(),
                    row.destinations(),
                    row.users());
        }
    }

    @GetMapping
    ApiPage<PolicyResource> list(
            @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(required = false) @Nullable Integer size) {
        return ApiPaging.page(policies.list(ApiPaging.of(page, size)).map(PolicyResource::of));
    }

    @GetMapping("/{id}")
    ResponseEntity<PolicyResource> get(@PathVariable long id) {
        return resource(policies.getVersioned(id));
    }

    @PostMapping
    ResponseEntity<PolicyResource> create(@RequestBody PolicyBody body) {
        long id = policies.create(body.spec());
        var created = policies.getVersioned(id);
        return ResponseEntity.created(URI.create(ApiSecurity.PATH + "/policies/" + id))
                .eTag(ETags.of(created.version()))
                .body(PolicyResource.of(created.value()));
    }

    @PutMapping("/{id}")
    ResponseEntity<PolicyResource> update(
            @PathVariable long id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @RequestBody PolicyBody body) {
        policies.update(id, body.spec(), ETags.expectedVersion(ifMatch));
        return resource(policies.getVersioned(id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(
            @PathVariable long id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
        policies.delete(id, ETags.expectedVersion(ifMatch));
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<PolicyResource> resource(Versioned<PolicyRow> policy) {
        return ResponseEntity.ok().eTag(ETags.of(policy.version())).body(PolicyResource.of(policy.value()));
    }
}
