package dev.tunnelgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Old audit rows hold these texts and the Audit view filters by them exactly: they never change. */
class AuditVocabularyTest {
    @Test
    void actions_keep_the_codes_stored_in_existing_rows() {
        var codes = new LinkedHashMap<AuditAction, String>();
        Arrays.stream(AuditAction.values()).forEach(a -> codes.put(a, a.code()));

        assertThat(codes)
                .containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                        Map.entry(AuditAction.USER_CREATED, "user.created"),
                        Map.entry(AuditAction.USER_ROLES_CHANGED, "user.roles-changed"),
                        Map.entry(AuditAction.USER_GROUPS_CHANGED, "user.groups-changed"),
                        Map.entry(AuditAction.DEVICE_CREATED, "device.created"),
                        Map.entry(AuditAction.DEVICE_RENAMED, "device.renamed"),
                        Map.entry(AuditAction.DEVICE_APPROVED, "device.approved"),
                        Map.entry(AuditAction.DEVICE_REJECTED, "device.rejected"),
                        Map.entry(AuditAction.DEVICE_REVOKED, "device.revoked"),
                        Map.entry(AuditAction.NETWORK_CREATED, "network.created"),
                        Map.entry(AuditAction.NETWORK_CHANGED, "network.changed"),
                        Map.entry(AuditAction.NETWORK_GATEWAY_ASSIGNED, "network.gateway-assigned"),
                        Map.entry(AuditAction.NETWORK_GATEWAY_RELEASED, "network.gateway-released"),
                        Map.entry(AuditAction.GATEWAY_GROUP_CREATED, "gateway.group-created"),
                        Map.entry(AuditAction.GATEWAY_GROUP_CHANGED, "gateway.group-changed"),
                        Map.entry(AuditAction.GATEWAY_KEY_ADOPTED, "gateway.key-adopted"),
                        Map.entry(AuditAction.GATEWAY_MEMBER_ADDED, "gateway.member-added"),
                        Map.entry(AuditAction.GATEWAY_MEMBER_REVOKED, "gateway.member-revoked"),
                        Map.entry(AuditAction.GATEWAY_CREDENTIAL_ROTATED, "gateway.credential-rotated"),
                        Map.entry(AuditAction.GATEWAY_CREDENTIAL_RETIRED, "gateway.credential-retired"),
                        Map.entry(AuditAction.GATEWAY_AUTH_FAILED, "gateway.auth-failed"),
                        Map.entry(AuditAction.GATEWAY_REPORT_REFUSED, "gateway.report-refused"),
                        Map.entry(AuditAction.GATEWAY_DRIFT_REPAIRED, "gateway.drift-repaired"),
                        Map.entry(AuditAction.GATEWAY_ENDPOINT_TAKEN_OVER, "gateway.endpoint-taken-over"),
                        Map.entry(AuditAction.DESTINATION_CREATED, "destination.created"),
                        Map.entry(AuditAction.DESTINATION_CHANGED, "destination.changed"),
                        Map.entry(AuditAction.DESTINATION_DELETED, "destination.deleted"),
                        Map.entry(AuditAction.POLICY_CREATED, "policy.created"),
                        Map.entry(AuditAction.POLICY_CHANGED, "policy.changed"),
                        Map.entry(AuditAction.POLICY_DELETED, "policy.deleted"),
                        Map.entry(AuditAction.JOB_RETRIED, "job.retried"),
                        Map.entry(AuditAction.USER_OFFBOARDED, "user.offboarded"),
                        Map.entry(AuditAction.USER_RESTORED, "user.restored"),
                        Map.entry(AuditAction.USER_SIGN_IN_REFUSED, "user.sign-in-refused"),
                        Map.entry(AuditAction.USER_SIGNED_IN, "user.signed-in"),
                        Map.entry(AuditAction.DEVICE_BULK_REVOKED, "device.bulk-revoked"),
                        Map.entry(AuditAction.DEVICE_ROTATION_STARTED, "device.rotation-started"),
                        Map.entry(AuditAction.DEVICE_ROTATION_COMPLETED, "device.rotation-completed"),
                        Map.entry(AuditAction.NETWORK_LIFECYCLE_CHANGED, "network.lifecycle-changed"),
                        Map.entry(AuditAction.HOUSEKEEPING_PRUNED, "system.pruned"),
                        Map.entry(AuditAction.API_TOKEN_CREATED, "api-token.created"),
                        Map.entry(AuditAction.API_TOKEN_REVOKED, "api-token.revoked"),
                        Map.entry(AuditAction.API_AUTH_FAILED, "api-token.auth-failed"),
                        Map.entry(AuditAction.USER_PROVISIONED, "user.provisioned"),
                        Map.entry(AuditAction.USER_PROVISIONING_CHANGED, "user.provisioning-changed"),
                        Map.entry(AuditAction.USER_DEPROVISIONED, "user.deprovisioned"),
                        Map.entry(AuditAction.SCIM_GROUP_CREATED, "scim-group.created"),
                        Map.entry(AuditAction.SCIM_GROUP_CHANGED, "scim-group.changed"),
                        Map.entry(AuditAction.SCIM_GROUP_DELETED, "scim-group.deleted"),
                        Map.entry(AuditAction.SCIM_AUTH_FAILED, "scim.auth-failed")));
    }

    @Test
    void action_codes_are_distinct_and_fit_their_column() {
        var codes = Arrays.stream(AuditAction.values()).map(AuditAction::code).toList();

        assertThat(codes)
                .doesNotHaveDuplicates()
                .allSatisfy(code -> assertThat(code.length()).isLessThanOrEqualTo(AuditEvent.ACTION_MAX));
    }

    @Test
    void targets_keep_the_texts_stored_in_existing_rows() {
        assertThat(AuditTarget.user(7).text()).isEqualTo("user:7");
        assertThat(AuditTarget.device(42).text()).isEqualTo("device:42");
        assertThat(AuditTarget.network(3).text()).isEqualTo("network:3");
        assertThat(AuditTarget.gatewayGroup(5).text()).isEqualTo("gateway-group:5");
        assertThat(AuditTarget.gatewayMember(9).text()).isEqualTo("gateway-member:9");
        assertThat(AuditTarget.unknownGatewayMember().text()).isEqualTo("gateway-member:?");
        assertThat(AuditTarget.job(11).text()).isEqualTo("job:11");
        assertThat(AuditTarget.destination(4).text()).isEqualTo("destination:4");
        assertThat(AuditTarget.apiToken(6).text()).isEqualTo("api-token:6");
        assertThat(AuditTarget.unknownApiToken().text()).isEqualTo("api-token:?");
        assertThat(AuditTarget.policy(6).text()).isEqualTo("policy:6");
        assertThat(AuditTarget.scimGroup(8).text()).isEqualTo("scim-group:8");
        assertThat(AuditTarget.device(42)).hasToString("device:42");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "4 2", "4:2", "42\n", "x/y"})
    void a_target_id_that_could_blur_the_stored_text_is_refused(String id) {
        assertThatThrownBy(() -> new AuditTarget(AuditTarget.Kind.DEVICE, id))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_target_id_longer_than_its_part_of_the_column_is_refused() {
        assertThat(new AuditTarget(AuditTarget.Kind.GATEWAY_MEMBER, "x".repeat(64))
                        .text()
                        .length())
                .isLessThanOrEqualTo(AuditEvent.TARGET_MAX);
        assertThatThrownBy(() -> new AuditTarget(AuditTarget.Kind.DEVICE, "x".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
