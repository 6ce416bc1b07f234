package dev.tunnelgate.identity;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The response headers of the chains that serve pages to browsers (the portal and the dev IdP).
 * Each brings its own Content-Security-Policy; the rest is shared. docs/production.md explains them.
 */
public final class BrowserHeaders {
    private BrowserHeaders() {}

    /**
     * Referrer-Policy same-origin (the IdP and links out learn nothing of the portal's paths, while the
     * portal's own requests keep their Origin header), nosniff, no framing, HSTS on secure requests
     * only (Spring Security's default, see {@code HstsHeaderWriter}), and {@code contentSecurityPolicy}.
     * They are written before the request is handled: written when the response commits (Spring
     * Security's default), none of them reached Vaadin's bootstrap page.
     */
    public static Customizer<HeadersConfigurer<HttpSecurity>> with(HeaderWriter contentSecurityPolicy) {
        return headers -> headers.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                .contentTypeOptions(Customizer.withDefaults())
                .frameOptions(frames -> frames.deny())
                .httpStrictTransportSecurity(Customizer.withDefaults())
                .addHeaderWriter(contentSecurityPolicy)
                .withObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
                    @Override
                    public <O extends HeaderWriterFilter> O postProcess(O filter) {
                        filter.setShouldWriteHeadersEagerly(true);
                        return filter;
                    }
                });
    }
}
