package dev.tunnelgate.gateways;

import dev.tunnelgate.api.ApiBodies;
import dev.tunnelgate.api.ApiEndpoint;
import dev.tunnelgate.api.ApiPage;
import dev.tunnelgate.api.ApiPaging;
import dev.tunnelgate.api.ApiSecurity;
import dev.tunnelgate.api.ETags;
import dev.tunnelgate.persistence.Versioned;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Gateway groups and their members for admins (auditors read). A group's GET carries its version as ETag and a PUT
 * needs it back in If-Match. A member's credential is in the answer that adds the member or rotates its credential,
 * and nowhere else, ever: only its hash is stored.
 */
@ApiEndpoint
@RestController
class GatewaysApi {
    private static final String GROUPS = ApiSecurity.PATH + "/gateway-groups";
    private static final String MEMBERS = ApiSecurity.PATH + "/gateway-members";

    private final GatewayService gateways;

    GatewaysApi(GatewayService gateways) {
        this.gateways = gateways;
    }

    /** A group's settings as a client sends them: networks by id. A PUT replaces all of them. */
    record GroupBody(
            @Nullable String name,
            @Nullable String endpoint,
            @Nullable Integer listenPort,
            @Nullable List<@Nullable Long> networks,
            @Nullable String publicKey) {

        GroupSpec spec() {
            return new GroupSpec(
                    ApiBodies.required(name, GroupField.NAME),
                    ApiBodies.required(endpoint, GroupField.ENDPOINT),
                    ApiBodies.required(listenPort, GroupField.LISTEN_PORT),
                    ApiBodies.list(networks, GroupField.NETWORKS),
                    publicKey);
        }
    }

    /** A group as the API shows it: its settings as a PUT takes them, and how far its members are. */
    record GroupResource(
            long id,
            String name,
            String endpoint,
            int listenPort,
            List<Long> networks,
            @Nullable String publicKey,
            List<String> networkNames,
            List<String> interfaceAddresses,
            long revision,
            int members,
            int membersUpToDate) {

        static GroupResource of(GroupRow row) {
            return new GroupResource(
                    row.id(),
                    row.name(),
                    row.endpoint(),
                    row.listenPort(),
                    row.networkIds(),
                    row.publicKey(),
                    row.networkNames(),
                    row.interfaceAddresses(),
                    row.revision(),
                    row.members(),
                    row.upToDate());
        }
    }

    record MemberBody(@Nullable String name) {}

    @GetMapping(GROUPS)
    ApiPage<GroupResource> groups(
            @RequestParam(required = false) @Nullable Integer page,
            @RequestParam(required = false) @Nullable Integer size) {
        return ApiPaging.page(gateways.groups(ApiPaging.of(page, size)).map(GroupResource::of));
    }

    @GetMapping(GROUPS + "/{id}")
    ResponseEntity<GroupResource> group(@PathVariable long id) {
        return resource(gateways.groupVersioned(id));
    }

    @PostMapping(GROUPS)
    ResponseEntity<GroupResource> createGroup(@RequestBody GroupBody body) {
        long id = gateways.createGroup(body.spec());
        var created = gateways.groupVersioned(id);
        return ResponseEntity.created(URI.create(GROUPS + "/" + id))
                .eTag(ETags.of(created.version()))
                .body(GroupResource.of(created.value()));
    }

    @PutMapping(GROUPS + "/{id}")
    ResponseEntity<GroupResource> updateGroup(
            @PathVariable long id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @RequestBody GroupBody body) {
        gateways.updateGroup(id, body.spec(), ETags.expectedVersion(ifMatch));
        return resource(gateways.groupVersioned(id));
    }

    /** Every member, revoked ones last, with its agent's status. */
    @GetMapping(GROUPS + "/{id}/members")
    List<MemberRow> members(@PathVariable long id) {
        return gateways.members(id);
    }

    /** Adds a member; the answer holds its credential, which is never shown again. */
    @PostMapping(GROUPS + "/{id}/members")
    ResponseEntity<IssuedCredential> addMember(@PathVariable long id, @RequestBody MemberBody body) {
        var issued = gateways.addMember(id, ApiBodies.required(body.name(), MemberField.NAME));
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create(GROUPS + "/" + id + "/members"))
                .cacheControl(CacheControl.noStore())
                .body(issued);
    }

    /** A new credential for the member, shown this once; the old one works until the new one is used or for a grace period. */
    @PostMapping(MEMBERS + "/{id}/rotate-credential")
    ResponseEntity<IssuedCredential> rotateCredential(@PathVariable long id) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(gateways.rotateCredential(id));
    }

    /** Revokes the member: its credentials stop working at once. */
    @PostMapping(MEMBERS + "/{id}/revoke")
    ResponseEntity<Void> revoke(@PathVariable long id) {
        gateways.revokeMember(id);
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<GroupResource> resource(Versioned<GroupRow> group) {
        return ResponseEntity.ok().eTag(ETags.of(group.version())).body(GroupResource.of(group.value()));
    }
}
