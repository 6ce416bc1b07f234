package dev.tunnelgate.gateways;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The address gateway agents reach this portal at ({@code tunnelgate.public-url}), e.g. {@code https://vpn.example.com}
 * or {@code https://example.com/tunnelgate}: an absolute http or https URL naming a host, with at most a plain path
 * (no user, query, fragment, dot or empty segment; path segments of letters, digits and {@code . _ ~ % -} only, so that
 * the agent command it is pasted into stays one shell word). Checked when the portal starts, so a mistyped value stops it
 * with the reason instead of printing a command no agent can use. Kept without a trailing slash.
 */
public record PublicUrl(URI uri) {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~%-]+");

    /** Parses the property's text; how Spring Boot converts it, so a refusal names the property and the reason. */
    public static PublicUrl valueOf(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw refused(text, "it is not a URL (" + e.getReason() + ")");
        }
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw refused(text, "it must be an absolute http:// or https:// URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw refused(text, "it must name a host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw refused(text, "it must not carry a user, a query or a fragment");
        }
        var path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        if (!path.isEmpty()) {
            for (var segment : path.substring(1).split("/", -1)) {
                if (segment.equals(".")
                        || segment.equals("..")
                        || !SEGMENT.matcher(segment).matches()) {
                    throw refused(
                            text, "its path may only name the folder the portal is served under, e.g. /tunnelgate");
                }
            }
        }
        return new PublicUrl(URI.create(scheme + "://" + uri.getRawAuthority() + path));
    }

    @Override
    public String toString() {
        return uri.toString();
    }

    private static IllegalArgumentException refused(String text, String reason) {
        return new IllegalArgumentException(
                "tunnelgate.public-url \"%s\" is not usable: %s, e.g. https://vpn.example.com".formatted(text, reason));
    }
}
