package dev.tunnelgate.agent;

import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * Asks the portal, every report interval while the member has a role, where the group's members last saw the peers;
 * keeps the last answer ({@link EndpointCache}). A portal older than this request answers 404: logged once, and the
 * peers' own endpoints remain.
 */
final class EndpointFetch {
    private static final System.Logger LOG = System.getLogger(EndpointFetch.class.getName());

    private final PortalClient portal;
    private final EndpointCache cache;
    private boolean notOffered;

    EndpointFetch(PortalClient portal, EndpointCache cache) {
        this.portal = portal;
        this.cache = cache;
    }

    void run() {
        try {
            var answer = portal.endpoints();
            if (answer.isPresent()) {
                cache.update(answer.get());
                notOffered = false;
            } else if (!notOffered) {
                notOffered = true;
                LOG.log(
                        Level.WARNING,
                        "the portal does not hand out the endpoints other members saw (404): a takeover uses this"
                                + " member's own");
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "the known endpoints were not fetched: " + InterfaceKeeper.message(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
