package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.apitokens.ApiTokenScope;
import dev.tunnelgate.apitokens.ApiTokenService;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.testing.ApiClient;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.testing.TestUsers;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the device API tests share: users with tokens, an automatically and a manually approved network with a
 * gateway key, devices enrolled through the service (for set-up) or the API (under test), and the stored state of a
 * device to compare before and after a request.
 */
abstract class DevicesApiTest extends PortalIntegrationTest {
    static final SecureRandom RANDOM = new SecureRandom();
    static final String GATEWAY_KEY = newKey();

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApiTokenService tokens;

    @Autowired
    NetworkService networks;

    @Autowired
    DeviceService devices;

    ApiClient api;
    String suffix;
    long automatic;
    long manual;

    @BeforeEach
    void setUpApi() {
        api = new ApiClient(baseUrl());
        suffix = UUID.randomUUID().toString().substring(0, 8);
        automatic = network("auto", ApprovalMode.AUTOMATIC, GATEWAY_KEY);
        manual = network("manual", ApprovalMode.MANUAL, GATEWAY_KEY);
    }

    /** A network of this test with a /24 pool of its own (more or less: pools may overlap across networks). */
    long network(String name, ApprovalMode approval, @Nullable String gatewayKey) {
        int second = ThreadLocalRandom.current().nextInt(100, 250);
        int third = ThreadLocalRandom.current().nextInt(0, 250);
        var admin = TestUsers.insert(jdbc, "Network admin");
        return TestUsers.as(
                admin,
                () -> networks.create(TestNetworks.network(
                        name + "-" + suffix,
                        "10.%d.%d.0/24".formatted(second, third),
                        b -> b.gatewayAddresses("10.%d.%d.1".formatted(second, third))
                                .endpoint("vpn.example.test:51820")
                                .approvalMode(approval)
                                .devicesPerUser(100)
                                .gatewayPublicKey(gatewayKey))),
                Roles.USER,
                Roles.ADMIN);
    }

    long user(String name) {
        return TestUsers.insert(jdbc, name + " " + suffix);
    }

    String token(long userId, ApiTokenScope scope, String... roles) {
        return ApiClient.token(jdbc, tokens, userId, scope, roles);
    }

    static String newKey() {
        return WgKeyPair.generate(RANDOM).publicKey().toBase64();
    }

    /** A JSON object of these names and values (null values included). */
    static String json(@Nullable Object... namesAndValues) {
        var map = new LinkedHashMap<String, @Nullable Object>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            map.put(String.valueOf(namesAndValues[i]), namesAndValues[i + 1]);
        }
        return ApiClient.JSON.writeValueAsString(map);
    }

    ApiClient.Response enroll(String token, long network, String name, String publicKey) {
        return api.send(
                "POST", "/api/v1/devices", token, json("name", name, "networkId", network, "publicKey", publicKey));
    }

    /** Enrolls a device of this user through the service, as set-up; returns its id. */
    long enrolled(long ownerId, long network) {
        return TestUsers.as(
                ownerId,
                () -> devices.enroll(new EnrollmentRequest(
                                "dev-" + UUID.randomUUID().toString().substring(0, 8),
                                Platform.LINUX,
                                network,
                                KeyOrigin.USER,
                                newKey()))
                        .device()
                        .id());
    }

    /** What a request could change about a device: status, name, version and the config's recorded AllowedIPs. */
    record Stored(
            String status,
            String name,
            int version,
            @Nullable String configAllowedIps) {}

    Stored stored(long deviceId) {
        return Objects.requireNonNull(jdbc.queryForObject(
                "select status, name, version, config_allowed_ips from device where id = ?",
                (rs, n) -> new Stored(
                        rs.getString("status"),
                        rs.getString("name"),
                        rs.getInt("version"),
                        rs.getString("config_allowed_ips")),
                deviceId));
    }

    long devicesOf(long ownerId) {
        return Objects.requireNonNull(
                jdbc.queryForObject("select count(*) from device where owner_id = ?", Long.class, ownerId));
    }

    static void assertProblem(ApiClient.Response response, int status, String type, @Nullable String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.problem()).as(response.toString()).isEqualTo(type);
        var actual = response.json().get("field");
        assertThat(actual == null || actual.isNull() ? null : actual.asString())
                .as(response.toString())
                .isEqualTo(field);
    }
}
