package dev.tunnelgate.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** How groups in the ID token map to roles. */
@ConfigurationProperties("tunnelgate.identity")
public record IdentitySettings(String groupsClaim, String adminGroup, String approverGroup, String auditorGroup) {}
