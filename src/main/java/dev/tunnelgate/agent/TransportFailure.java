package dev.tunnelgate.agent;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;

/**
 * Why a request never got an answer, in words an operator can act on. The JDK's HTTP client throws a
 * {@link ConnectException} without a message for a refused connection and for a host name that does not resolve
 * (only its cause tells them apart), so "{@code e.getMessage()}" alone logged "null" for a portal that was down.
 */
final class TransportFailure {
    private static final int MAX_CHAIN = 8;

    private TransportFailure() {}

    /** What went wrong, most telling first, then what the rest of the cause chain adds. */
    static String describe(Throwable failure) {
        var chain = chain(failure);
        var words = new ArrayList<String>();
        String headline = headline(chain);
        if (headline != null) {
            words.add(headline);
        }
        for (Throwable link : chain) {
            String message = link.getMessage();
            if (message != null && !message.isBlank() && !alreadySaid(words, message)) {
                words.add(message.strip());
            }
        }
        if (words.isEmpty()) {
            words.add(chain.stream()
                    .map(link -> link.getClass().getSimpleName())
                    .reduce((a, b) -> a + " caused by " + b)
                    .orElse("unknown failure"));
        }
        return ProcessRunner.sanitize(String.join(": ", words));
    }

    /** The kind of failure, from the most specific link of the chain that names one. */
    private static @Nullable String headline(List<Throwable> chain) {
        for (Throwable link : chain) {
            if (link instanceof UnresolvedAddressException || link instanceof UnknownHostException) {
                return "the portal's host name does not resolve (DNS)";
            }
            if (link instanceof HttpConnectTimeoutException) {
                return "connecting timed out";
            }
            if (link instanceof SSLHandshakeException) {
                return "TLS handshake failed";
            }
            if (link instanceof SSLException) {
                return "TLS failed";
            }
            if (link instanceof NoRouteToHostException) {
                return "no route to the portal's host";
            }
        }
        for (Throwable link : chain) {
            if (link instanceof ConnectException) {
                // Without a message (or with "Connection refused"): nothing listens at the address.
                return "connection refused";
            }
            if (link instanceof HttpTimeoutException || link instanceof SocketTimeoutException) {
                return "timed out";
            }
            if (link instanceof EOFException) {
                return "the connection closed before the answer was complete";
            }
            if (link instanceof SocketException) {
                return "connection failed";
            }
        }
        return null;
    }

    private static boolean alreadySaid(List<String> words, String message) {
        String lower = message.strip().toLowerCase(Locale.ROOT);
        return words.stream().anyMatch(word -> word.toLowerCase(Locale.ROOT).contains(lower));
    }

    private static List<Throwable> chain(Throwable failure) {
        var seen = Collections.newSetFromMap(new IdentityHashMap<Throwable, Boolean>());
        var chain = new ArrayList<Throwable>();
        for (Throwable link = failure;
                link != null && chain.size() < MAX_CHAIN && seen.add(link);
                link = link.getCause()) {
            chain.add(link);
        }
        return chain;
    }
}
