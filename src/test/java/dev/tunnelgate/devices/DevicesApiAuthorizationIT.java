package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.apitokens.ApiTokenScope;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.testing.TestUsers;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Who may call each device endpoint, over real HTTP: no token, an employee, an approver, an auditor, an admin, a
 * read-only token (of a user with every role), an expired and a revoked token (of such a user too). Every call acts
 * on a fresh device that the caller could change if the call went through (their own, or another user's pending or
 * active one), so a refusal is checked by the device being exactly as it was.
 */
class DevicesApiAuthorizationIT extends DevicesApiTest {
    enum Caller {
        ANONYMOUS,
        EMPLOYEE,
        APPROVER,
        AUDITOR,
        ADMIN,
        READ_ONLY,
        EXPIRED,
        REVOKED
    }

    /** Whose device a call acts on. */
    enum Target {
        NONE,
        OWN,
        OTHERS_PENDING,
        OTHERS_ACTIVE
    }

    private static final Set<Caller> EVERY_ROLE =
            Set.of(Caller.EMPLOYEE, Caller.APPROVER, Caller.AUDITOR, Caller.ADMIN);

    record Endpoint(
            String method,
            String path,
            Target target,
            @Nullable String body,
            Set<Caller> allowed,
            int success,
            boolean changes) {
        String pathFor(long deviceId) {
            return path.replace("{id}", Long.toString(deviceId));
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/api/v1/devices", Target.OWN, null, EVERY_ROLE, 200, false),
            new Endpoint("POST", "/api/v1/devices", Target.NONE, null, EVERY_ROLE, 201, true),
            new Endpoint("GET", "/api/v1/devices/{id}", Target.OWN, null, EVERY_ROLE, 200, false),
            new Endpoint("PATCH", "/api/v1/devices/{id}", Target.OWN, "{\"name\":\"renamed\"}", EVERY_ROLE, 200, true),
            new Endpoint("POST", "/api/v1/devices/{id}/revoke", Target.OWN, null, EVERY_ROLE, 200, true),
            new Endpoint("GET", "/api/v1/devices/{id}/config", Target.OWN, null, EVERY_ROLE, 200, false),
            new Endpoint("GET", "/api/v1/approvals", Target.OTHERS_PENDING, null, Set.of(Caller.APPROVER), 200, false),
            new Endpoint(
                    "POST",
                    "/api/v1/approvals/{id}/approve",
                    Target.OTHERS_PENDING,
                    null,
                    Set.of(Caller.APPROVER),
                    204,
                    true),
            new Endpoint(
                    "POST",
                    "/api/v1/approvals/{id}/reject",
                    Target.OTHERS_PENDING,
                    "{\"reason\":\"not this one\"}",
                    Set.of(Caller.APPROVER),
                    204,
                    true),
            new Endpoint(
                    "GET",
                    "/api/v1/fleet/devices?status=active&sort=created,desc",
                    Target.OTHERS_ACTIVE,
                    null,
                    Set.of(Caller.ADMIN, Caller.AUDITOR),
                    200,
                    false),
            new Endpoint(
                    "GET",
                    "/api/v1/fleet/devices/count?status=active",
                    Target.NONE,
                    null,
                    Set.of(Caller.ADMIN, Caller.AUDITOR),
                    200,
                    false),
            new Endpoint(
                    "POST",
                    "/api/v1/fleet/devices/{id}/revoke",
                    Target.OTHERS_ACTIVE,
                    "{\"reason\":\"lost\"}",
                    Set.of(Caller.ADMIN),
                    204,
                    true));

    private final Map<Caller, Long> users = new EnumMap<>(Caller.class);
    private final Map<Caller, @Nullable String> tokensOf = new EnumMap<>(Caller.class);
    private long requester;

    @BeforeEach
    void callers() {
        requester = user("Requester");
        users.put(Caller.ANONYMOUS, user("Anonymous target"));
        tokensOf.put(Caller.ANONYMOUS, null);
        users.put(Caller.EMPLOYEE, user("Employee"));
        tokensOf.put(Caller.EMPLOYEE, token(users.get(Caller.EMPLOYEE), ApiTokenScope.READ_WRITE));
        users.put(Caller.APPROVER, user("Approver"));
        tokensOf.put(Caller.APPROVER, token(users.get(Caller.APPROVER), ApiTokenScope.READ_WRITE, Roles.APPROVER));
        users.put(Caller.AUDITOR, user("Auditor"));
        tokensOf.put(Caller.AUDITOR, token(users.get(Caller.AUDITOR), ApiTokenScope.READ_WRITE, Roles.AUDITOR));
        users.put(Caller.ADMIN, user("Admin"));
        tokensOf.put(Caller.ADMIN, token(users.get(Caller.ADMIN), ApiTokenScope.READ_WRITE, Roles.ADMIN));
        for (var caller : List.of(Caller.READ_ONLY, Caller.EXPIRED, Caller.REVOKED)) {
            users.put(caller, user(caller.name()));
            var scope = caller == Caller.READ_ONLY ? ApiTokenScope.READ_ONLY : ApiTokenScope.READ_WRITE;
            tokensOf.put(caller, token(users.get(caller), scope, Roles.ADMIN, Roles.APPROVER, Roles.AUDITOR));
        }
        var expired = Long.parseLong(tokensOf.get(Caller.EXPIRED).split("\\.")[1]);
        jdbc.update(
                "update api_token set created_at = created_at - interval '40' day,"
                        + " expires_at = created_at - interval '39' day where id = ?",
                expired);
        var revoked = Long.parseLong(tokensOf.get(Caller.REVOKED).split("\\.")[1]);
        TestUsers.as(users.get(Caller.REVOKED), () -> {
            tokens.revoke(revoked);
            return null;
        });
    }

    @TestFactory
    List<DynamicTest> every_endpoint_answers_every_caller_as_its_roles_and_token_allow() {
        var tests = new ArrayList<DynamicTest>();
        for (var endpoint : ENDPOINTS) {
            for (var caller : Caller.values()) {
                tests.add(DynamicTest.dynamicTest(endpoint + " as " + caller, () -> call(endpoint, caller)));
            }
        }
        return tests;
    }

    private void call(Endpoint endpoint, Caller caller) {
        long self = users.get(caller);
        long target = switch (endpoint.target()) {
            case NONE -> 0;
            case OWN -> enrolled(self, automatic);
            case OTHERS_PENDING -> enrolled(requester, manual);
            case OTHERS_ACTIVE -> enrolled(requester, automatic);
        };
        LongFunction<Object> state = id -> id == 0 ? devicesOf(self) : stored(id);
        var before = state.apply(target);
        var body = endpoint.method().equals("POST") && endpoint.path().equals("/api/v1/devices")
                ? json(
                        "name",
                        "api-" + UUID.randomUUID().toString().substring(0, 8),
                        "networkId",
                        automatic,
                        "publicKey",
                        newKey())
                : endpoint.body();

        var response = api.send(endpoint.method(), endpoint.pathFor(target), tokensOf.get(caller), body);

        switch (caller) {
            case ANONYMOUS, EXPIRED, REVOKED -> assertProblem(response, 401, "unauthorized", null);
            case READ_ONLY -> {
                if (endpoint.method().equals("GET")) {
                    assertThat(response.status()).as(response.toString()).isEqualTo(endpoint.success());
                } else {
                    assertProblem(response, 403, "read-only-token", null);
                }
            }
            default -> {
                if (endpoint.allowed().contains(caller)) {
                    assertThat(response.status()).as(response.toString()).isEqualTo(endpoint.success());
                } else {
                    assertProblem(response, 403, "forbidden", null);
                }
            }
        }
        var succeeded = response.status() < 300;
        var after = state.apply(target);
        if (succeeded && endpoint.changes()) {
            assertThat(after).as("changed by " + endpoint).isNotEqualTo(before);
        } else if (!succeeded) {
            assertThat(after).as("unchanged after a refusal").isEqualTo(before);
        }
        if (succeeded
                && endpoint.target() != Target.NONE
                && endpoint.method().equals("GET")
                && !endpoint.path().endsWith("/config")
                && !endpoint.path().startsWith("/api/v1/approvals")) {
            // A list shows the caller's target (newest first); a device read shows that device.
            assertThat(response.body()).contains("\"id\":" + target);
        }
    }
}
