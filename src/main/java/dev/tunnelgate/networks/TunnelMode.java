package dev.tunnelgate.networks;

/** Which traffic a client sends through the tunnel. */
public enum TunnelMode {
    /** Only the network's allowed IPs. */
    SPLIT,
    /** Everything: 0.0.0.0/0 and ::/0. */
    FULL
}
