package dev.tunnelgate.testing;

import dev.tunnelgate.apitokens.ApiTokenScope;
import dev.tunnelgate.apitokens.ApiTokenService;
import dev.tunnelgate.identity.Roles;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The callers of an admin API test, each a user of its own with the roles a sign-in would have stored (an admin is
 * everything), and a read-write token unless said otherwise; plus an admin's read-only, expired and revoked tokens.
 */
public final class ApiCallers {
    public final long admin;
    public final long auditor;
    public final long approver;
    public final long employee;
    public final String adminToken;
    public final String adminReadOnly;
    public final String auditorToken;
    public final String approverToken;
    public final String employeeToken;
    public final String expired;
    public final String revoked;

    public ApiCallers(JdbcTemplate jdbc, ApiTokenService tokens) {
        var suffix = UUID.randomUUID().toString().substring(0, 8);
        admin = TestUsers.insert(jdbc, "Test API admin " + suffix);
        auditor = TestUsers.insert(jdbc, "Test API auditor " + suffix);
        approver = TestUsers.insert(jdbc, "Test API approver " + suffix);
        employee = TestUsers.insert(jdbc, "Test API employee " + suffix);
        String[] adminRoles = {Roles.ADMIN, Roles.APPROVER, Roles.AUDITOR};
        adminToken = ApiClient.token(jdbc, tokens, admin, ApiTokenScope.READ_WRITE, adminRoles);
        adminReadOnly = ApiClient.token(jdbc, tokens, admin, ApiTokenScope.READ_ONLY, adminRoles);
        expired = ApiClient.token(jdbc, tokens, admin, ApiTokenScope.READ_WRITE, adminRoles);
        jdbc.update(
                "update api_token set created_at = created_at - interval '40' day,"
                        + " expires_at = created_at - interval '39' day where id = ?",
                tokenId(expired));
        revoked = ApiClient.token(jdbc, tokens, admin, ApiTokenScope.READ_WRITE, adminRoles);
        TestUsers.as(
                admin,
                () -> {
                    tokens.revoke(tokenId(revoked));
                    return null;
                },
                adminRoles);
        auditorToken = ApiClient.token(jdbc, tokens, auditor, ApiTokenScope.READ_WRITE, Roles.AUDITOR);
        approverToken = ApiClient.token(jdbc, tokens, approver, ApiTokenScope.READ_WRITE, Roles.APPROVER);
        employeeToken = ApiClient.token(jdbc, tokens, employee, ApiTokenScope.READ_WRITE);
    }

    /** Runs service calls as this admin, as the admin's views would. */
    public <T> T asAdmin(Supplier<T> action) {
        return TestUsers.as(admin, action, Roles.USER, Roles.ADMIN, Roles.APPROVER, Roles.AUDITOR);
    }

    public static long tokenId(String token) {
        return Long.parseLong(token.split("\\.")[1]);
    }
}
