package dev.tunnelgate.apitokens;

import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.stereotype.Component;

/** Makes the token filter for the API's chain (a filter bean of its own would run on every path). */
@Component
public class ApiTokenFilters {
    private final ApiTokenAuthenticator authenticator;

    ApiTokenFilters(ApiTokenAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    public ApiTokenFilter filter(SecurityContextHolderStrategy contexts, AuthenticationEntryPoint refusal) {
        return new ApiTokenFilter(authenticator, contexts, refusal);
    }
}
