package dev.tunnelgate.networks;

/** Whether a new device is active at once or waits for an approver. */
public enum ApprovalMode {
    /** An approver decides every device. */
    MANUAL,
    /** Members of the listed groups are approved at once; an approver decides the others. */
    GROUPS,
    /** Every device is approved at once. */
    AUTOMATIC
}
