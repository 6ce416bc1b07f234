package dev.tunnelgate.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.keys.WgKey;
import dev.tunnelgate.keys.WgKeyPair;
import dev.tunnelgate.networks.ApprovalMode;
import dev.tunnelgate.networks.NetworkService;
import dev.tunnelgate.networks.NetworkSpec;
import dev.tunnelgate.qr.QrCodes;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.TestNetworks;
import dev.tunnelgate.testing.WebWalker;
import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.wgconfig.PrivateKeyEntry;
import dev.tunnelgate.wgconfig.WgConfigParser;
import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;

/** Enrollment, approval and ownership through the service, as the views call it. */
class DevicesIT extends PortalIntegrationTest {
    private static final String GATEWAY_KEY =
            WgKeyPair.generate(new SecureRandom()).publicKey().toBase64();

    @Autowired
    DeviceService devices;

    @Autowired
    NetworkService networks;

    @Autowired
    DeviceRepository repository;

    @Autowired
    JdbcTemplate jdbc;

    long owner;
    long other;
    long approver;
    long automaticNetwork;
    long manualNetwork;

    private long user(String name) {
        jdbc.update(
                "insert into app_user (version, issuer, subject, display_name, roles, created_at, last_login_at)"
                        + " values (0, 'https://idp.test', ?, ?, '[USER]', ?, ?)",
                UUID.randomUUID().toString(),
                name,
                java.sql.Timestamp.from(Instant.now()),
                java.sql.Timestamp.from(Instant.now()));
        return jdbc.queryForObject("select max(id) from app_user", Long.class);
    }

    private static NetworkSpec network(String name, int third, ApprovalMode approval) {
        return TestNetworks.network(
                name,
                "10.77.%d.0/24".formatted(third),
                b -> b.ipv6Pool("fd77:%d::/64".formatted(third))
                        .gatewayAddresses("10.77.%d.1".formatted(third))
                        .dnsServers("10.77.%d.1".formatted(third))
                        .endpoint("vpn.example.test:51820")
                        .split("10.77.0.0/16")
                        .approvalMode(approval)
                        .devicesPerUser(3)
                        .gatewayPublicKey(GATEWAY_KEY));
    }

    private static void as(long userId, String... roles) {
        SecurityContextHolder.getContext().setAuthentication(TestLogins.as(userId, "user " + userId, Set.of(), roles));
    }

    @BeforeEach
    void setUp() {
        owner = user("Owner");
        other = user("Other");
        approver = user("Approver");
        as(approver, Roles.USER, Roles.ADMIN, Roles.APPROVER);
        var suffix = UUID.randomUUID().toString().substring(0, 6);
        var third = (int) (Math.abs(UUID.randomUUID().getLeastSignificantBits()) % 200) + 20;
        automaticNetwork = networks.create(network("auto-" + suffix, third, ApprovalMode.AUTOMATIC));
        manualNetwork = networks.create(network("manual-" + suffix, third + 1, ApprovalMode.MANUAL));
        SecurityContextHolder.clearContext();
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private Enrollment enroll(long network, KeyOrigin method, String publicKey) {
        return devices.enroll(new EnrollmentRequest(
                "laptop-" + UUID.randomUUID().toString().substring(0, 6), Platform.LINUX, network, method, publicKey));
    }

    @Test
    void server_keys_give_a_config_whose_private_key_matches_the_stored_public_key_and_is_stored_nowhere()
            throws Exception {
        as(owner, Roles.USER);
        var enrollment = enroll(automaticNetwork, KeyOrigin.SERVER, null);
        assertThat(enrollment.device().status()).isEqualTo(DeviceStatus.ACTIVE);
        var text = enrollment.config().text();
        var config = WgConfigParser.parse(text);
        var privateKey = ((PrivateKeyEntry.Included) config.iface().privateKey()).key();
        assertThat(privateKey.publicKey().toBase64())
                .isEqualTo(enrollment.device().publicKey());
        assertThat(config.iface().addresses()).hasSize(2);
        assertThat(config.peers().getFirst().publicKey().toBase64()).isEqualTo(GATEWAY_KEY);
        assertThat(config.peers().getFirst().presharedKey()).isNotNull();

        var row = jdbc.queryForMap(
                "select * from device where id = ?", enrollment.device().id());
        assertThat(row.values()).noneMatch(v -> v != null && v.toString().contains(privateKey.toBase64()));
        assertThat(row.get("preshared_key").toString())
                .startsWith("v1:")
                .doesNotContain(config.peers().getFirst().presharedKey().toBase64());

        var qr = ImageIO.read(new ByteArrayInputStream(QrCodes.png(text, 400)));
        // The PNG is a pure code (no photo): without these hints ZXing misses about 1 random config in 40.
        var decoded = new MultiFormatReader()
                .decode(
                        new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(qr))),
                        java.util.Map.of(
                                DecodeHintType.PURE_BARCODE, Boolean.TRUE, DecodeHintType.TRY_HARDER, Boolean.TRUE));
        assertThat(decoded.getText()).isEqualTo(text);
    }

    @Test
    void a_redownload_carries_a_marked_placeholder_and_the_same_preshared_key() {
        as(owner, Roles.USER);
        var enrollment = enroll(automaticNetwork, KeyOrigin.SERVER, null);
        var again = devices.config(enrollment.device().id());
        assertThat(again.includesPrivateKey()).isFalse();
        assertThat(again.text()).contains("PrivateKey = <");
        assertThat(WgConfigParser.parse(again.text()).peers().getFirst().presharedKey())
                .isEqualTo(WgConfigParser.parse(enrollment.config().text())
                        .peers()
                        .getFirst()
                        .presharedKey());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not a key",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                "4Ot6fDtBuK4WVuP68Z/EatoJjeucMrH9hmIFFl9JuAA=",
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                " AAAA\nAAAA",
                "7P///////////////////////////////////////38="
            })
    void a_bad_public_key_is_refused_and_nothing_is_saved(String key) {
        as(owner, Roles.USER);
        var before = repository.count();
        assertThatThrownBy(() -> enroll(manualNetwork, KeyOrigin.USER, key))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(DeviceField.PUBLIC_KEY));
        assertThat(repository.count()).isEqualTo(before);
    }

    @Test
    void a_key_in_use_or_the_gateways_key_is_refused() {
        as(owner, Roles.USER);
        var key = WgKeyPair.generate(new SecureRandom()).publicKey().toBase64();
        enroll(manualNetwork, KeyOrigin.USER, key);
        assertThatThrownBy(() -> enroll(manualNetwork, KeyOrigin.USER, key))
                .hasMessageContaining("already used")
                .isInstanceOf(ConflictException.class);
        as(other, Roles.USER);
        assertThatThrownBy(() -> enroll(manualNetwork, KeyOrigin.USER, key)).hasMessageContaining("already used");
        assertThatThrownBy(() -> enroll(manualNetwork, KeyOrigin.USER, GATEWAY_KEY))
                .hasMessageContaining("gateway");
    }

    @Test
    void names_are_single_line_and_unique_per_owner_and_the_device_limit_holds() {
        as(owner, Roles.USER);
        assertThatThrownBy(() -> devices.enroll(
                        new EnrollmentRequest("a\nb", Platform.IOS, manualNetwork, KeyOrigin.SERVER, null)))
                .isInstanceOf(InvalidInputException.class);
        devices.enroll(new EnrollmentRequest("Phone", Platform.IOS, manualNetwork, KeyOrigin.SERVER, null));
        assertThatThrownBy(() -> devices.enroll(
                        new EnrollmentRequest("phone", Platform.IOS, manualNetwork, KeyOrigin.SERVER, null)))
                .hasMessageContaining("already have a device")
                .isInstanceOfSatisfying(
                        ConflictException.class, e -> assertThat(e.field()).isEqualTo(DeviceField.NAME));
        enroll(manualNetwork, KeyOrigin.SERVER, null);
        enroll(manualNetwork, KeyOrigin.SERVER, null);
        var before = repository.count();
        assertThatThrownBy(() -> enroll(manualNetwork, KeyOrigin.SERVER, null))
                .hasMessageContaining("limit of 3")
                .isInstanceOfSatisfying(
                        ConflictException.class, e -> assertThat(e.field()).isEqualTo(DeviceField.NETWORK));
        assertThat(repository.count()).isEqualTo(before);
    }

    @Test
    void keys_made_for_a_network_without_a_gateway_key_are_refused_before_anything_is_stored_and_own_keys_are_taken() {
        as(approver, Roles.USER, Roles.ADMIN);
        var spec = network("no-gateway-" + UUID.randomUUID().toString().substring(0, 6), 19, ApprovalMode.AUTOMATIC);
        long noGateway = networks.create(TestNetworks.with(spec, b -> b.gatewayPublicKey(null)));
        as(owner, Roles.USER);
        var before = repository.count();
        var leases = jdbc.queryForObject(
                "select count(*) from address_lease where network_id = ?", Integer.class, noGateway);

        // Server keys would be shown nowhere, and browser keys could not be put into a config: the key would be lost.
        for (var method : List.of(KeyOrigin.SERVER, KeyOrigin.BROWSER)) {
            var browserKey = WgKeyPair.generate(new SecureRandom()).publicKey().toBase64();
            assertThatThrownBy(() -> enroll(noGateway, method, method == KeyOrigin.BROWSER ? browserKey : null))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("no gateway yet")
                    .satisfies(e ->
                            assertThat(((InvalidInputException) e).fieldLabel()).isEqualTo("Keys"));
        }
        assertThat(repository.count()).isEqualTo(before);
        assertThat(jdbc.queryForObject(
                        "select count(*) from address_lease where network_id = ?", Integer.class, noGateway))
                .isEqualTo(leases);

        // Whoever brings their own key keeps the private key, and downloads the config once the gateway is known.
        var own = enroll(
                noGateway,
                KeyOrigin.USER,
                WgKeyPair.generate(new SecureRandom()).publicKey().toBase64());
        assertThat(own.config().text()).isNull();
        assertThat(own.config().unavailableReason()).contains("no gateway yet");
    }

    @Test
    void a_device_that_had_a_twin_in_another_case_before_names_were_unique_ignoring_case_keeps_working() {
        as(owner, Roles.USER);
        devices.enroll(new EnrollmentRequest("Tablet", Platform.ANDROID, manualNetwork, KeyOrigin.SERVER, null));
        long twin = devices.enroll(
                        new EnrollmentRequest("tablet-2", Platform.ANDROID, manualNetwork, KeyOrigin.SERVER, null))
                .device()
                .id();
        // What V7 makes of a twin stored earlier: its name as it was, its id after its key.
        jdbc.update("update device set name = 'TABLET', name_key = ? where id = ?", "tablet\n" + twin, twin);

        as(approver, Roles.USER, Roles.APPROVER);
        devices.approve(twin);
        as(owner, Roles.USER);
        devices.rename(twin, "Tablet");
        assertThat(repository.findById(twin).orElseThrow().status()).isEqualTo(DeviceStatus.ACTIVE);
        devices.rename(twin, "Tablet 2");
        assertThatThrownBy(() -> devices.rename(twin, "TABLET"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("already have a device");
        assertThat(repository.findById(twin).orElseThrow().name()).isEqualTo("Tablet 2");
    }

    @Test
    void a_pending_device_is_approved_or_rejected_by_someone_else_and_the_owner_sees_the_outcome() {
        as(approver, Roles.USER, Roles.APPROVER);
        var own = enroll(manualNetwork, KeyOrigin.SERVER, null);
        assertThat(own.device().status()).isEqualTo(DeviceStatus.PENDING);
        assertThatThrownBy(() -> devices.approve(own.device().id()))
                .hasMessageContaining("own device")
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isNull())
                .isNotInstanceOf(ConflictException.class);

        as(owner, Roles.USER);
        var first = enroll(manualNetwork, KeyOrigin.SERVER, null);
        var second = enroll(manualNetwork, KeyOrigin.SERVER, null);
        assertThatThrownBy(() -> devices.approve(first.device().id()))
                .isInstanceOf(org.springframework.security.authorization.AuthorizationDeniedException.class);

        as(approver, Roles.USER, Roles.APPROVER);
        assertThat(devices.pending(PageRequest.of(0, 500)).getContent())
                .extracting(DeviceRow::id)
                .contains(first.device().id(), second.device().id());
        devices.approve(first.device().id());
        assertThatThrownBy(() -> devices.reject(second.device().id(), " ")).isInstanceOf(InvalidInputException.class);
        devices.reject(second.device().id(), "Unknown hardware");
        assertThatThrownBy(() -> devices.approve(second.device().id()))
                .hasMessageContaining("REJECTED")
                .isInstanceOf(ConflictException.class);

        as(owner, Roles.USER);
        var mine = devices.myDevices(PageRequest.of(0, 50)).getContent();
        assertThat(mine)
                .filteredOn(d -> d.id() == first.device().id())
                .singleElement()
                .extracting(DeviceRow::status)
                .isEqualTo(DeviceStatus.ACTIVE);
        assertThat(mine)
                .filteredOn(d -> d.id() == second.device().id())
                .singleElement()
                .satisfies(d -> assertThat(d.decisionReason()).isEqualTo("Unknown hardware"));
        assertThat(jdbc.queryForObject(
                        "select count(*) from audit_event where target = ? and action = 'device.rejected'",
                        Integer.class,
                        "device:" + second.device().id()))
                .isEqualTo(1);
    }

    @Test
    void nobody_reaches_another_users_device_whatever_id_they_try() {
        as(owner, Roles.USER);
        var device = enroll(automaticNetwork, KeyOrigin.SERVER, null).device();
        as(other, Roles.USER);
        for (var id : List.of(device.id(), device.id() + 1, 0L, -1L, Long.MAX_VALUE)) {
            assertThatThrownBy(() -> devices.config(id)).isInstanceOf(DeviceNotFoundException.class);
            assertThatThrownBy(() -> devices.rename(id, "mine now")).isInstanceOf(DeviceNotFoundException.class);
            assertThatThrownBy(() -> devices.revoke(id)).isInstanceOf(DeviceNotFoundException.class);
        }
        assertThat(devices.myDevices(PageRequest.of(0, 50)).getContent())
                .extracting(DeviceRow::id)
                .doesNotContain(device.id());
        as(owner, Roles.USER);
        assertThat(repository.findById(device.id()).orElseThrow().name()).isEqualTo(device.name());
        devices.revoke(device.id());
        assertThat(repository.findById(device.id()).orElseThrow().status()).isEqualTo(DeviceStatus.REVOKED);
    }

    @Test
    void the_config_download_has_a_safe_file_name_and_is_never_cached_and_only_for_its_owner() {
        var walker = new WebWalker();
        var loginPage = walker.follow(baseUrl() + "/");
        walker.follow(WebWalker.location(walker.submitIdpLogin(loginPage, "bob", "bob")));
        long bob = jdbc.queryForObject(
                "select id from app_user where issuer = ? and subject = 'bob'", Long.class, baseUrl());
        as(bob, Roles.USER);
        var device = devices.enroll(new EnrollmentRequest(
                        "Bob's phone: \u00e9t\u00e9", Platform.ANDROID, automaticNetwork, KeyOrigin.SERVER, null))
                .device();
        as(owner, Roles.USER);
        var ownersDevice = enroll(automaticNetwork, KeyOrigin.SERVER, null).device();

        var response = walker.get(baseUrl() + "/devices/" + device.id() + "/config");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        // wg-quick's interface-name rule for the stem, plain ASCII, quoted.
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .matches("attachment; filename=\"[a-zA-Z0-9_=+.-]{1,15}\\.conf\"");
        assertThat(response.body()).contains("[Interface]").contains("PrivateKey = <");
        assertThat(walker.get(baseUrl() + "/devices/" + ownersDevice.id() + "/config")
                        .statusCode())
                .isEqualTo(404);
        assertThat(new WebWalker()
                        .get(baseUrl() + "/devices/" + device.id() + "/config")
                        .statusCode())
                .isEqualTo(302);
    }

    @Test
    void a_public_key_from_wg_tools_is_accepted_as_is() {
        as(owner, Roles.USER);
        var key = WgKeyPair.generate(new SecureRandom()).publicKey();
        var enrollment = enroll(automaticNetwork, KeyOrigin.USER, key.toBase64() + "\n");
        assertThat(WgKey.parsePublic(enrollment.device().publicKey())).isEqualTo(key);
        assertThat(enrollment.config().includesPrivateKey()).isFalse();
    }
}
