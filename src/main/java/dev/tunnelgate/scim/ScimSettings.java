package dev.tunnelgate.scim;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * SCIM provisioning by the identity provider.
 *
 * @param token the bearer token the identity provider presents; empty (and no token file): SCIM is off, /scim/v2 404
 * @param tokenFile a file holding the token (one line), instead of {@code token}
 * @param issuer the issuer of the accounts SCIM provisions; empty: the sign-in provider's issuer
 * @param subjectAttribute which SCIM attribute is the subject of the provider's ID tokens
 */
@ConfigurationProperties("tunnelgate.scim")
record ScimSettings(
        @DefaultValue("") String token,
        @DefaultValue("") String tokenFile,
        @DefaultValue("") String issuer,
        @DefaultValue("external-id") SubjectAttribute subjectAttribute) {

    /** The SCIM attribute whose value is the user's subject ({@code sub}) at the identity provider. */
    enum SubjectAttribute {
        EXTERNAL_ID("externalId"),
        USER_NAME("userName");

        private final String scimName;

        SubjectAttribute(String scimName) {
            this.scimName = scimName;
        }

        String scimName() {
            return scimName;
        }
    }
}
