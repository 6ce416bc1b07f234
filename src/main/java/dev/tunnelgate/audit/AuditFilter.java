package dev.tunnelgate.audit;

/** What the Audit view filters by; empty means "any". */
public record AuditFilter(String actor, String target, String action) {
    public static final AuditFilter NONE = new AuditFilter("", "", "");
}
