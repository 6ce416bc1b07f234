package dev.tunnelgate.apitokens;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A personal access token of one user; only the hash of its secret is kept. */
@Entity
@Table(name = "api_token")
class ApiToken {
    static final int NAME_MAX_LENGTH = 64;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    @Version
    private int version;

    @Column(nullable = false, updatable = false)
    private long userId;

    @Column(nullable = false, updatable = false)
    private String name;

    @Column(nullable = false)
    private String tokenHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private ApiTokenScope scope;

    @Column(nullable = false, updatable = false)
    private Instant createdAt;

    @Column(nullable = false, updatable = false)
    private Instant expiresAt;

    private @Nullable Instant lastUsedAt;

    private @Nullable Instant revokedAt;

    protected ApiToken() {
        this.name = "";
        this.tokenHash = "";
        this.scope = ApiTokenScope.READ_ONLY;
        this.createdAt = Instant.EPOCH;
        this.expiresAt = Instant.EPOCH;
    }

    ApiToken(long userId, String name, ApiTokenScope scope, Instant now, Instant expiresAt) {
        this.userId = userId;
        this.name = name;
        // Replaced by the real hash once the id (which the token names) is known.
        this.tokenHash = "-";
        this.scope = scope;
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    void setHash(String tokenHash) {
        this.tokenHash = tokenHash;
    }

    void revoke(Instant now) {
        if (revokedAt != null) {
            throw new IllegalStateException("Token %s is revoked already".formatted(id));
        }
        revokedAt = now;
    }

    long id() {
        if (id == null) {
            throw new IllegalStateException("Token is not saved yet");
        }
        return id;
    }

    long userId() {
        return userId;
    }

    String name() {
        return name;
    }

    String tokenHash() {
        return tokenHash;
    }

    ApiTokenScope scope() {
        return scope;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    @Nullable
    Instant lastUsedAt() {
        return lastUsedAt;
    }

    @Nullable
    Instant revokedAt() {
        return revokedAt;
    }

    ApiTokenRow row() {
        return new ApiTokenRow(id(), name, scope, createdAt, expiresAt, lastUsedAt, revokedAt);
    }
}
