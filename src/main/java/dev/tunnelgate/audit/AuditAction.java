package dev.tunnelgate.audit;

/**
 * What happened, in the words stored in the audit log. The codes are what old rows hold and what the Audit view
 * filters by: never change or remove one, add a new action instead.
 */
public enum AuditAction {
    USER_CREATED("user.created"),
    USER_ROLES_CHANGED("user.roles-changed"),
    USER_GROUPS_CHANGED("user.groups-changed"),
    USER_OFFBOARDED("user.offboarded"),
    USER_RESTORED("user.restored"),
    USER_SIGN_IN_REFUSED("user.sign-in-refused"),
    USER_SIGNED_IN("user.signed-in"),

    DEVICE_CREATED("device.created"),
    DEVICE_RENAMED("device.renamed"),
    DEVICE_APPROVED("device.approved"),
    DEVICE_REJECTED("device.rejected"),
    DEVICE_REVOKED("device.revoked"),
    DEVICE_BULK_REVOKED("device.bulk-revoked"),
    DEVICE_ROTATION_STARTED("device.rotation-started"),
    DEVICE_ROTATION_COMPLETED("device.rotation-completed"),

    NETWORK_CREATED("network.created"),
    NETWORK_CHANGED("network.changed"),
    NETWORK_LIFECYCLE_CHANGED("network.lifecycle-changed"),
    NETWORK_GATEWAY_ASSIGNED("network.gateway-assigned"),
    NETWORK_GATEWAY_RELEASED("network.gateway-released"),

    GATEWAY_GROUP_CREATED("gateway.group-created"),
    GATEWAY_GROUP_CHANGED("gateway.group-changed"),
    GATEWAY_KEY_ADOPTED("gateway.key-adopted"),
    GATEWAY_MEMBER_ADDED("gateway.member-added"),
    GATEWAY_MEMBER_REVOKED("gateway.member-revoked"),
    GATEWAY_CREDENTIAL_ROTATED("gateway.credential-rotated"),
    GATEWAY_CREDENTIAL_RETIRED("gateway.credential-retired"),
    GATEWAY_AUTH_FAILED("gateway.auth-failed"),
    GATEWAY_REPORT_REFUSED("gateway.report-refused"),
    GATEWAY_DRIFT_REPAIRED("gateway.drift-repaired"),
    GATEWAY_ENDPOINT_TAKEN_OVER("gateway.endpoint-taken-over"),

    DESTINATION_CREATED("destination.created"),
    DESTINATION_CHANGED("destination.changed"),
    DESTINATION_DELETED("destination.deleted"),
    POLICY_CREATED("policy.created"),
    POLICY_CHANGED("policy.changed"),
    POLICY_DELETED("policy.deleted"),

    API_TOKEN_CREATED("api-token.created"),
    API_TOKEN_REVOKED("api-token.revoked"),
    API_AUTH_FAILED("api-token.auth-failed"),

    USER_PROVISIONED("user.provisioned"),
    USER_PROVISIONING_CHANGED("user.provisioning-changed"),
    USER_DEPROVISIONED("user.deprovisioned"),
    SCIM_GROUP_CREATED("scim-group.created"),
    SCIM_GROUP_CHANGED("scim-group.changed"),
    SCIM_GROUP_DELETED("scim-group.deleted"),
    SCIM_AUTH_FAILED("scim.auth-failed"),

    JOB_RETRIED("job.retried"),
    HOUSEKEEPING_PRUNED("system.pruned");

    private final String code;

    AuditAction(String code) {
        this.code = code;
    }

    /** The stored form, such as {@code device.approved}. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}
