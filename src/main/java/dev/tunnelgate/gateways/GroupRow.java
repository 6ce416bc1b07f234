package dev.tunnelgate.gateways;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A gateway group as the admin view lists it. */
public record GroupRow(
        long id,
        String name,
        String endpoint,
        int listenPort,
        @Nullable String publicKey,
        long revision,
        List<Long> networkIds,
        List<String> networkNames,
        List<String> interfaceAddresses,
        int members,
        int upToDate,
        EndpointHolding endpointHolding) {}
