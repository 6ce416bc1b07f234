package dev.tunnelgate.identity;

import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.stereotype.Component;

/**
 * The portal's Content-Security-Policy, as strict as Vaadin Flow 25 allows. Flow's client engine
 * builds functions from the expressions the server sends (executeJs, event data), which needs
 * 'unsafe-eval'; Lumo and the components add style elements and attributes at run time, which
 * needs inline styles. The bootstrap page starts the engine with inline scripts: rather than
 * 'unsafe-inline' for scripts, those carry a nonce made for each response, so markup injected into
 * a page cannot bring a script that runs. QR codes are data: images or canvases; the keys made in
 * the browser use WebCrypto, which no directive governs.
 */
@Component
class PortalContentSecurityPolicy implements HeaderWriter, VaadinServiceInitListener {
    static final String HEADER = "Content-Security-Policy";
    private static final String NONCE_ATTRIBUTE = PortalContentSecurityPolicy.class.getName() + ".nonce";

    private final SecureRandom random = new SecureRandom();

    static String policy(String scriptNonce) {
        return String.join(
                "; ",
                "default-src 'self'",
                "script-src 'self' 'nonce-" + scriptNonce + "' 'unsafe-eval'",
                "style-src 'self' 'unsafe-inline'",
                // data: images: the server-made QR code, and icons in the components' styles
                "img-src 'self' data:",
                // Lumo's icon fonts are data: URLs
                "font-src 'self' data:",
                // UIDL requests and push; 'self' covers ws: and wss: to the same host
                "connect-src 'self'",
                "object-src 'none'",
                // Vaadin's bootstrap page has a <base href>
                "base-uri 'self'",
                // no page of the portal posts a form anywhere else; sign-in and sign-out at the IdP are navigations
                "form-action 'self'",
                "frame-ancestors 'none'");
    }

    @Override
    public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader(HEADER, policy(nonce(request)));
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.addIndexHtmlRequestListener(
                page -> page.getDocument().getElementsByTag("script").attr("nonce", nonce((HttpServletRequest)
                        page.getVaadinRequest())));
    }

    /** One nonce per request, made by whichever asks first: the bootstrap page or the header writer. */
    private String nonce(HttpServletRequest request) {
        if (request.getAttribute(NONCE_ATTRIBUTE) instanceof String nonce) {
            return nonce;
        }
        var bytes = new byte[18];
        random.nextBytes(bytes);
        var nonce = Base64.getEncoder().encodeToString(bytes);
        request.setAttribute(NONCE_ATTRIBUTE, nonce);
        return nonce;
    }
}
