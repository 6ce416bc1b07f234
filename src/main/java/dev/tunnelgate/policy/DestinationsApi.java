package dev.tunnelgate.policy;

import dev.tunnelgate.api.ApiBodies;
import dev.tunnelgate.api.ApiEndpoint;
import dev.tunnelgate.api.ApiPage;
import dev.tunnelgate.api.ApiPaging;
import dev.tunnelgate.api.ApiSecurity;
import dev.tunnelgate.api.ETags;
import dev.tunnelgate.persistence.Versioned;
import dev.tunnelgate.protocol.AccessProtocol;
import java.net.URI;
import java.util.List;
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
 * Destinations for admins (auditors read): prefixes, a protocol and ports that policies grant. GET carries the version
 * as ETag; PUT and DELETE need it back in If-Match. One that a policy grants cannot be deleted (409).
 */
@ApiEndpoint
@RestController
@RequestMapping(ApiSecurity.PATH + "/destinations")
class DestinationsApi {
    private final DestinationService destinations;

    DestinationsApi(DestinationService destinations) {
        this.destinations = destinations;
    }

    /** A destination as a client sends it: one prefix or port (range) per item. A PUT replaces all of it. */
    record DestinationBody(
            @Nullable String name,
            @Nullable List<@Nullable String> prefixes,
            @Nullable AccessProtocol protocol,
            @Nullable List<@Nullable String> ports) {

        DestinationSpec spec() {
            return new DestinationSpec(
                    ApiBodies.required(name, DestinationField.NAME),
                    ApiBodies.list(prefixes, DestinationField.PREFIXES),
                    protocol,
                    ApiBodies.list(ports, DestinationField.PORTS));
        }
    }

    /** A destination as the API shows it, in the form a PUT takes it. */
    record DestinationResource(
            long id,
            String name,
            List<String> prefixes,
            @Nullable AccessProtocol protocol,
            List<String> ports) {

        static DestinationResource of(DestinationRow row) {
            var spec = DestinationSpec.of(row.settings());
            return new DestinationResource(row.id(), spec.name(), spec.prefixes(), spec.protocol(), spec.ports());
        }
    }

    @GetMapping
    ApiPage<DestinationResource> list(
            @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(required = false) @Nullable Integer size) {
        return ApiPaging.page(destinations.list(ApiPaging.of(page, size)).map(DestinationResource::of));
    }

    @GetMapping("/{id}")
    ResponseEntity<DestinationResource> get(@PathVariable long id) {
        return resource(destinations.getVersioned(id));
    }

    @PostMapping
    ResponseEntity<DestinationResource> create(@RequestBody DestinationBody body) {
        long id = destinations.create(body.spec());
        var created = destinations.getVersioned(id);
        return ResponseEntity.created(URI.create(ApiSecurity.PATH + "/destinations/" + id))
                .eTag(ETags.of(created.version()))
                .body(DestinationResource.of(created.value()));
    }

    @PutMapping("/{id}")
    ResponseEntity<DestinationResource> update(
            @PathVariable long id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @RequestBody DestinationBody body) {
        destinations.update(id, body.spec(), ETags.expectedVersion(ifMatch));
        return resource(destinations.getVersioned(id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(
            @PathVariable long id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
        destinations.delete(id, ETags.expectedVersion(ifMatch));
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<DestinationResource> resource(Versioned<DestinationRow> destination) {
        return ResponseEntity.ok()
                .eTag(ETags.of(destination.version()))
                .body(DestinationResource.of(destination.value()));
    }
}
