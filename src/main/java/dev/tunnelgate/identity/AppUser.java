package dev.tunnelgate.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A person who signed in at least once, identified by their IdP's (issuer, subject). */
@Entity
@Table(name = "app_user")
public class AppUser {
    static final int ISSUER_MAX_LENGTH = 512;
    static final int SUBJECT_MAX_LENGTH = 255;
    static final int DISPLAY_NAME_MAX_LENGTH = 200;
    static final int EMAIL_MAX_LENGTH = 320;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    @Version
    private int version;

    @Column(nullable = false, updatable = false)
    private String issuer;

    @Column(nullable = false, updatable = false)
    private String subject;

    @Column(nullable = false)
    private String displayName;

    private @Nullable String email;

    @Column(nullable = false)
    private String roles;

    @Column(nullable = false, updatable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private Instant lastLoginAt;

    /** Set while the user is offboarded: sign-in and enrollment are refused until an admin restores the account. */
    private @Nullable Instant offboardedAt;

    private @Nullable String offboardedBy;

    private @Nullable String uiLanguage;

    private @Nullable String colorScheme;

    /** The SCIM userName the identity provider provisioned the account with; null when it is not provisioned. */
    private @Nullable String scimUserName;

    private @Nullable String scimUserNameKey;

    private @Nullable String scimExternalId;

    private @Nullable Instant scimUpdatedAt;

    /** Whether SCIM assigns the account's groups (a sign-in then leaves them, and the roles, alone). */
    private boolean scimGroups;

    protected AppUser() {
        this.issuer = "";
        this.subject = "";
        this.displayName = "";
        this.roles = "";
        this.createdAt = Instant.EPOCH;
        this.lastLoginAt = Instant.EPOCH;
    }

    AppUser(String issuer, String subject, Instant now) {
        this.issuer = issuer;
        this.subject = subject;
        this.displayName = subject;
        this.roles = "";
        this.createdAt = now;
        this.lastLoginAt = now;
    }

    /** Refreshes what the IdP says about the user; returns true when the roles changed. */
    boolean signedIn(String displayName, @Nullable String email, String roles, Instant now) {
        var rolesChanged = !this.roles.equals(roles);
        this.displayName = displayName;
        this.email = email;
        this.roles = roles;
        this.lastLoginAt = now;
        return rolesChanged;
    }

    /**
     * Records what the identity provider provisioned (SCIM): a name and e-mail until the user's next sign-in brings
     * the claims, and the SCIM userName and externalId.
     */
    void provision(
            String userName,
            String userNameKey,
            @Nullable String externalId,
            String displayName,
            @Nullable String email,
            Instant now) {
        this.scimUserName = userName;
        this.scimUserNameKey = userNameKey;
        this.scimExternalId = externalId;
        this.displayName = displayName;
        this.email = email;
        this.scimUpdatedAt = now;
    }

    /** Ends the provisioning: SCIM no longer lists the account; the account itself stays (devices, audit). */
    void deprovision(Instant now) {
        this.scimGroups = false;
        this.scimUserName = null;
        this.scimUserNameKey = null;
        this.scimExternalId = null;
        this.scimUpdatedAt = now;
    }

    /** SCIM assigned the groups: from now on it is their source, not the sign-in's groups claim. */
    void groupsFromDirectory() {
        this.scimGroups = true;
    }

    /** Whether SCIM assigns the groups, which a sign-in then leaves alone. */
    public boolean hasGroupsFromDirectory() {
        return scimGroups;
    }

    /** Sets the roles the directory's groups grant; returns true when they changed. */
    boolean rolesFromDirectory(String roles) {
        var changed = !this.roles.equals(roles);
        this.roles = roles;
        return changed;
    }

    /** Marks the account offboarded: sign-in and enrollment are refused from now on. */
    void offboard(String actor, Instant now) {
        if (offboardedAt != null) {
            throw new IllegalStateException("User %s is offboarded already".formatted(id));
        }
        offboardedAt = now;
        offboardedBy = actor;
    }

    /** Lets an offboarded user sign in and enroll again; what offboarding revoked stays revoked. */
    void restore() {
        if (offboardedAt == null) {
            throw new IllegalStateException("User %s is not offboarded".formatted(id));
        }
        offboardedAt = null;
        offboardedBy = null;
    }

    public boolean isOffboarded() {
        return offboardedAt != null;
    }

    public long id() {
        if (id == null) {
            throw new IllegalStateException("User is not saved yet");
        }
        return id;
    }

    public String issuer() {
        return issuer;
    }

    public String subject() {
        return subject;
    }

    public String displayName() {
        return displayName;
    }

    public @Nullable String email() {
        return email;
    }

    public String roles() {
        return roles;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant lastLoginAt() {
        return lastLoginAt;
    }

    public @Nullable Instant offboardedAt() {
        return offboardedAt;
    }

    public @Nullable String offboardedBy() {
        return offboardedBy;
    }

    /** The language chosen in the user menu (a language tag such as {@code de}), or null to follow the browser. */
    public @Nullable String uiLanguage() {
        return uiLanguage;
    }

    /** {@code light} or {@code dark} as chosen in the user menu, or null to follow the operating system. */
    public @Nullable String colorScheme() {
        return colorScheme;
    }

    public @Nullable String scimUserName() {
        return scimUserName;
    }

    public @Nullable String scimExternalId() {
        return scimExternalId;
    }

    public @Nullable Instant scimUpdatedAt() {
        return scimUpdatedAt;
    }

    public int version() {
        return version;
    }

    void choose(@Nullable String uiLanguage, @Nullable String colorScheme) {
        this.uiLanguage = uiLanguage;
        this.colorScheme = colorScheme;
    }
}
