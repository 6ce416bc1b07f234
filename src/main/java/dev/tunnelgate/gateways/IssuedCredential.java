package dev.tunnelgate.gateways;

/** A member credential, shown to the admin exactly once; only its hash is stored. */
public record IssuedCredential(long memberId, String memberName, String token) {
    @Override
    public String toString() {
        return "IssuedCredential[memberId=" + memberId + ", memberName=" + memberName + ", token=<redacted>]";
    }
}
