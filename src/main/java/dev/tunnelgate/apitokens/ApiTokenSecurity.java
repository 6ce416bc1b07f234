package dev.tunnelgate.apitokens;

import dev.tunnelgate.api.ApiSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.SecurityFilterChain;

/** The REST API's filter chain ({@link ApiSecurity}), ahead of the portal's, authenticated by personal access tokens. */
@Configuration(proxyBeanMethods = false)
class ApiTokenSecurity {
    @Bean
    @Order(20)
    SecurityFilterChain apiSecurityFilterChain(
            HttpSecurity http, ApiTokenAuthenticator authenticator, SecurityContextHolderStrategy contexts)
            throws Exception {
        return ApiSecurity.chain(
                http,
                refusal -> new ApiTokenFilter(authenticator, contexts, refusal),
                ApiTokenAuthentication.WRITE_AUTHORITY);
    }
}
