package dev.tunnelgate.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.tunnelgate.audit.FailureAudit;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;

class ScimAuthenticationFilterTest {
    private static final String TOKEN = "k3y-0f-the-identity-provider-0123456789abcdef";

    private final FailureAudit failures = mock(FailureAudit.class);

    private MockHttpServletResponse call(String configured, String authorization) throws Exception {
        var filter = new ScimAuthenticationFilter(
                new ScimToken(new ScimSettings(configured, "", "", ScimSettings.SubjectAttribute.EXTERNAL_ID)),
                failures,
                SecurityContextHolder.getContextHolderStrategy());
        var request = new MockHttpServletRequest("GET", "/scim/v2/Users");
        if (!authorization.isEmpty()) {
            request.addHeader("Authorization", authorization);
        }
        var response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }

    @Test
    void without_a_configured_token_every_request_is_a_404_even_with_a_token() throws Exception {
        var response = call("", "Bearer " + TOKEN);
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentType()).startsWith("application/scim+json");
        assertThat(response.getContentAsString()).contains("urn:ietf:params:scim:api:messages:2.0:Error");
        verify(failures, never()).refused(any(), any(), anyString(), anyString(), anyString());
    }

    @Test
    void a_wrong_token_is_a_401_and_audited() throws Exception {
        var response = call(TOKEN, "Bearer nope");
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
        verify(failures).refused(any(), any(), anyString(), anyString(), anyString());
    }

    @Test
    void the_right_token_passes_as_the_provisioner() throws Exception {
        var response = call(TOKEN, "bearer " + TOKEN);
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(SecurityContextHolder.getContext().getAuthentication())
                .as("cleared after the request")
                .isNull();
    }
}
