package dev.tunnelgate.networks;

import dev.tunnelgate.text.FieldKey;

/**
 * The fields of a network that {@link NetworkService} names when it refuses input. The labels are those the
 * validator's messages use; the form's visible labels may say more ("IPv6 pool (optional)").
 */
public enum NetworkField implements FieldKey {
    NAME("Name"),
    IPV4_POOL("IPv4 pool"),
    IPV6_POOL("IPv6 pool"),
    GATEWAY_ADDRESSES("Gateway addresses"),
    DNS_SERVERS("DNS servers"),
    MTU("MTU"),
    PERSISTENT_KEEPALIVE("PersistentKeepalive"),
    ENDPOINT("Endpoint"),
    ALLOWED_IPS("Allowed IPs"),
    AUTO_APPROVE_GROUPS("Auto-approve groups"),
    DEVICES_PER_USER("Devices per user"),
    GATEWAY_PUBLIC_KEY("Gateway public key"),
    EXPIRE_AFTER_DAYS("Devices expire after (days)"),
    STALE_AFTER_DAYS("Revoke after days without a handshake"),
    ROTATE_AFTER_DAYS("Ask for a new key after (days)"),
    ROTATION_OVERLAP_HOURS("Old key works after a replacement for (hours)");

    private final String label;

    NetworkField(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
