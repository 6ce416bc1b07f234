package dev.tunnelgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.apitokens.ApiTokenService;
import dev.tunnelgate.gateways.GatewayService;
import dev.tunnelgate.gateways.GroupSpec;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.policy.DestinationService;
import dev.tunnelgate.policy.DestinationSpec;
import dev.tunnelgate.policy.PolicyService;
import dev.tunnelgate.policy.PolicySpec;
import dev.tunnelgate.protocol.AccessProtocol;
import dev.tunnelgate.testing.ApiCallers;
import dev.tunnelgate.testing.ApiClient;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestNetworks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Who may call which admin endpoint, over real HTTP: every endpoint of the admin half against every kind of caller.
 * Without a valid token nothing is reached (401); employees and approvers reach nothing here (403); auditors read
 * what the auditor's views show and change nothing; a read-only token reads only. Admins get past the services'
 * checks: to ids that do not exist (404) and to bodies the services refuse (400 naming the field), so that the whole
 * matrix changes nothing in the database, which it checks at the end.
 */
class AdminApiMatrixIT extends PortalIntegrationTest {
    /** An id no object of any kind has. */
    private static final long MISSING = 987_654_321L;

    /** The controllers of the admin half; a new endpoint in one of them needs a row in {@link #calls}. */
    private static final Set<String> CONTROLLERS =
            Set.of("NetworksApi", "DestinationsApi", "PoliciesApi", "GatewaysApi", "JobsApi", "UsersApi", "AuditApi");

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApiTokenService tokens;

    @Autowired
    NetworkService networks;

    @Autowired
    DestinationService destinations;

    @Autowired
    PolicyService policies;

    @Autowired
    GatewayService gateways;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    ApiClient api;
    ApiCallers callers;
    String suffix;
    long network;
    long destination;
    long policy;
    long group;

    enum Access {
        /** Admins and auditors read it. */
        READ,
        /** Only admins read it (the Jobs view is for admins). */
        ADMIN_READ,
        /** Only admins change it, with a read-write token. */
        WRITE
    }

    enum Caller {
        ANONYMOUS,
        EXPIRED,
        REVOKED,
        EMPLOYEE,
        APPROVER,
        AUDITOR,
        ADMIN_READ_ONLY,
        ADMIN
    }

    /** One request: its mapping, the concrete path, and what an admin with a read-write token gets. */
    record Call(
            String method,
            String template,
            String path,
            Access access,
            @Nullable String body,
            int adminStatus,
            @Nullable String adminField) {
        String endpoint() {
            return method + " " + template;
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @BeforeEach
    void setUp() {
        api = new ApiClient(baseUrl());
        callers = new ApiCallers(jdbc, tokens);
        suffix = UUID.randomUUID().toString().substring(0, 8);
        callers.asAdmin(() -> {
            network = networks.create(TestNetworks.network("matrix-net-" + suffix, "10.231.0.0/16", b -> b));
            destination = destinations.create(new DestinationSpec(
                    "matrix-dest-" + suffix, List.of("10.231.1.0/24"), AccessProtocol.ANY, List.of()));
            policy = policies.create(new PolicySpec(
                    "matrix-policy-" + suffix, true, Set.of(network), Set.of(destination), List.of("staff"), Set.of()));
            group = gateways.createGroup(
                    new GroupSpec("matrix-group-" + suffix, "gw.example.test:51820", 51820, List.of(), null));
            return null;
        });
    }

    private List<Call> calls() {
        var calls = new ArrayList<Call>();
        var networkBody = """
                {"name":"matrix-new-%s","ipv4Pool":"10.300.0.0/16","endpoint":"vpn.example.test:51820",
                 "tunnelMode":"FULL","approvalMode":"MANUAL","devicesPerUser":5}""".formatted(suffix);
        var validNetwork = networkBody.replace("10.300.0.0/16", "10.232.0.0/16");
        read(calls, "/networks", "/networks");
        read(calls, "/networks/{id}", "/networks/" + network);
        missing(calls, "GET", "/networks/{id}", "/networks/" + MISSING, Access.READ, null);
        write(calls, "POST", "/networks", "/networks", networkBody, 400, "ipv4Pool");
        missing(calls, "PUT", "/networks/{id}", "/networks/" + MISSING, Access.WRITE, validNetwork);
        read(calls, "/networks/{id}/lifecycle", "/networks/" + network + "/lifecycle");
        missing(calls, "GET", "/networks/{id}/lifecycle", "/networks/" + MISSING + "/lifecycle", Access.READ, null);
        missing(
                calls,
                "PUT",
                "/networks/{id}/lifecycle",
                "/networks/" + MISSING + "/lifecycle",
                Access.WRITE,
                "{\"expireAfterDays\":30}");

        var destinationBody = """
                {"name":"matrix-new-%s","prefixes":["10.0.0.0/33"],"protocol":"TCP","ports":["443"]}""".formatted(suffix);
        read(calls, "/destinations", "/destinations");
        read(calls, "/destinations/{id}", "/destinations/" + destination);
        missing(calls, "GET", "/destinations/{id}", "/destinations/" + MISSING, Access.READ, null);
        write(calls, "POST", "/destinations", "/destinations", destinationBody, 400, "prefixes");
        missing(
                calls,
                "PUT",
                "/destinations/{id}",
                "/destinations/" + MISSING,
                Access.WRITE,
                destinationBody.replace("/33", "/16"));
        missing(calls, "DELETE", "/destinations/{id}", "/destinations/" + MISSING, Access.WRITE, null);

        var policyBody = """
                {"name":"matrix-new-%s","enabled":true,"networks":[%d],"destinations":[%d],"groups":["staff"]}""".formatted(suffix, MISSING, destination);
        read(calls, "/policies", "/policies");
        read(calls, "/policies/{id}", "/policies/" + policy);
        missing(calls, "GET", "/policies/{id}", "/policies/" + MISSING, Access.READ, null);
        write(calls, "POST", "/policies", "/policies", policyBody, 400, "networks");
        missing(
                calls,
                "PUT",
                "/policies/{id}",
                "/policies/" + MISSING,
                Access.WRITE,
                policyBody.replace(String.valueOf(MISSING), String.valueOf(network)));
        missing(calls, "DELETE", "/policies/{id}", "/policies/" + MISSING, Access.WRITE, null);

        var groupBody = """
                {"name":"matrix-new-%s","endpoint":"not an endpoint","listenPort":51820}""".formatted(suffix);
        read(calls, "/gateway-groups", "/gateway-groups");
        read(calls, "/gateway-groups/{id}", "/gateway-groups/" + group);
        missing(calls, "GET", "/gateway-groups/{id}", "/gateway-groups/" + MISSING, Access.READ, null);
        write(calls, "POST", "/gateway-groups", "/gateway-groups", groupBody, 400, "endpoint");
        missing(
                calls,
                "PUT",
                "/gateway-groups/{id}",
                "/gateway-groups/" + MISSING,
                Access.WRITE,
                groupBody.replace("not an endpoint", "gw.example.test:51820"));
        read(calls, "/gateway-groups/{id}/members", "/gateway-groups/" + group + "/members");
        missing(
                calls,
                "GET",
                "/gateway-groups/{id}/members",
                "/gateway-groups/" + MISSING + "/members",
                Access.READ,
                null);
        missing(
                calls,
                "POST",
                "/gateway-groups/{id}/members",
                "/gateway-groups/" + MISSING + "/members",
                Access.WRITE,
                "{\"name\":\"gw-a\"}");
        missing(
                calls,
                "POST",
                "/gateway-members/{id}/rotate-credential",
                "/gateway-members/" + MISSING + "/rotate-credential",
                Access.WRITE,
                null);
        missing(
                calls,
                "POST",
                "/gateway-members/{id}/revoke",
                "/gateway-members/" + MISSING + "/revoke",
                Access.WRITE,
                null);

        calls.add(new Call("GET", "/jobs", "/jobs", Access.ADMIN_READ, null, 200, null));
        calls.add(new Call("GET", "/jobs", "/jobs?status=FAILED", Access.ADMIN_READ, null, 200, null));
        missing(calls, "POST", "/jobs/{id}/retry", "/jobs/" + MISSING + "/retry", Access.WRITE, null);

        read(calls, "/users", "/users");
        read(calls, "/users/{id}", "/users/" + callers.employee);
        missing(calls, "GET", "/users/{id}", "/users/" + MISSING, Access.READ, null);
        missing(calls, "POST", "/users/{id}/offboard", "/users/" + MISSING + "/offboard", Access.WRITE, null);
        missing(calls, "POST", "/users/{id}/restore", "/users/" + MISSING + "/restore", Access.WRITE, null);

        read(calls, "/audit", "/audit");
        read(calls, "/audit", "/audit?action=network.created&size=5");
        read(calls, "/audit/export", "/audit/export?target=network:" + network);
        return calls;
    }

    private static void read(List<Call> calls, String template, String path) {
        calls.add(new Call("GET", template, path, Access.READ, null, 200, null));
    }

    private static void missing(
            List<Call> calls, String method, String template, String path, Access access, @Nullable String body) {
        calls.add(new Call(method, template, path, access, body, 404, null));
    }

    private static void write(
            List<Call> calls, String method, String template, String path, String body, int status, String field) {
        calls.add(new Call(method, template, path, Access.WRITE, body, status, field));
    }

    private @Nullable String token(Caller caller) {
        return switch (caller) {
            case ANONYMOUS -> null;
            case EXPIRED -> callers.expired;
            case REVOKED -> callers.revoked;
            case EMPLOYEE -> callers.employeeToken;
            case APPROVER -> callers.approverToken;
            case AUDITOR -> callers.auditorToken;
            case ADMIN_READ_ONLY -> callers.adminReadOnly;
            case ADMIN -> callers.adminToken;
        };
    }

    private static int expected(Caller caller, Call call) {
        return switch (caller) {
            case ANONYMOUS, EXPIRED, REVOKED -> 401;
            case EMPLOYEE, APPROVER -> 403;
            case AUDITOR -> call.access() == Access.READ ? call.adminStatus() : 403;
            case ADMIN_READ_ONLY -> call.access() == Access.WRITE ? 403 : call.adminStatus();
            case ADMIN -> call.adminStatus();
        };
    }

    private static @Nullable String expectedProblem(Caller caller, int status) {
        return switch (status) {
            case 400 -> "invalid-input";
            case 401 -> "unauthorized";
            case 403 -> caller == Caller.ADMIN_READ_ONLY ? "read-only-token" : "forbidden";
            case 404 -> "not-found";
            default -> null;
        };
    }

    /** What the matrix could change if a check were missing: the objects, and every audit event of its callers. */
    private Map<String, Object> state() {
        var state = new LinkedHashMap<String, Object>();
        for (var table :
                List.of("network", "destination", "access_policy", "gateway_group", "gateway_member", "gateway_job")) {
            state.put(table, jdbc.queryForObject("select count(*) from " + table, Long.class));
        }
        state.put(
                "offboarded",
                jdbc.queryForObject("select count(*) from app_user where offboarded_at is not null", Long.class));
        state.put(
                "versions",
                jdbc.queryForList(
                        "select version from network where id = ? union all select version from destination where id = ?"
                                + " union all select version from access_policy where id = ?"
                                + " union all select version from gateway_group where id = ?",
                        Integer.class,
                        network,
                        destination,
                        policy,
                        group));
        state.put(
                "audited",
                jdbc.queryForObject(
                        "select count(*) from audit_event where action <> 'api-token.auth-failed'"
                                + " and (actor like ? or actor like ? or actor like ? or actor like ?)",
                        Long.class,
                        "%(user:" + callers.admin + ")",
                        "%(user:" + callers.auditor + ")",
                        "%(user:" + callers.approver + ")",
                        "%(user:" + callers.employee + ")"));
        return state;
    }

    @Test
    void every_admin_endpoint_answers_each_kind_of_caller_as_its_service_decides_and_changes_nothing() {
        var before = state();
        var soft = new SoftAssertions();
        for (var call : calls()) {
            for (var caller : Caller.values()) {
                var headers = call.method().equals("PUT") || call.method().equals("DELETE")
                        ? new String[] {"If-Match", "\"v0\""}
                        : new String[0];
                var response =
                        api.send(call.method(), ApiSecurity.PATH + call.path(), token(caller), call.body(), headers);
                int status = expected(caller, call);
                soft.assertThat(response.status())
                        .as("%s as %s: %s", call, caller, response)
                        .isEqualTo(status);
                var problem = expectedProblem(caller, status);
                if (problem != null && response.status() == status) {
                    soft.assertThat(response.problem())
                            .as("%s as %s", call, caller)
                            .isEqualTo(problem);
                }
                if (status == 400 && response.status() == 400) {
                    soft.assertThat(response.json().get("field").asString())
                            .as("%s as %s", call, caller)
                            .isEqualTo(call.adminField());
                }
            }
        }
        soft.assertAll();
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void the_matrix_covers_every_endpoint_of_the_admin_half() {
        var mapped = new TreeSet<String>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            if (CONTROLLERS.contains(method.getBeanType().getSimpleName())) {
                var paths = info.getPathPatternsCondition();
                assertThat(paths).isNotNull();
                for (var pattern : paths.getPatternValues()) {
                    info.getMethodsCondition()
                            .getMethods()
                            .forEach(m -> mapped.add(m.name() + " " + pattern.replace(ApiSecurity.PATH, "")));
                }
            }
        });
        var called = new TreeSet<String>();
        calls().forEach(call -> called.add(call.endpoint()));
        assertThat(mapped).hasSizeGreaterThan(25).isEqualTo(called);
    }
}
