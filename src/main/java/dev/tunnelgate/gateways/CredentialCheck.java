package dev.tunnelgate.gateways;

/** The outcome of checking a member credential. Why one was refused is for the audit log; agents are told nothing. */
public sealed interface CredentialCheck {
    /**
     * The member's credential, or its previous one within the rotation grace period.
     *
     * @param previousRetired this was the first use of a rotated credential, so the previous one stopped working now
     */
    record Accepted(long memberId, long groupId, String memberName, boolean previousRetired)
            implements CredentialCheck {}

    /** Not a credential at all. */
    record Malformed() implements CredentialCheck {}

    record NoSuchMember(long memberId) implements CredentialCheck {}

    record Revoked(long memberId) implements CredentialCheck {}

    /** Neither the member's credential nor, within the grace period, its previous one. */
    record Wrong(long memberId) implements CredentialCheck {}
}
