package dev.tunnelgate.devices;

import dev.tunnelgate.text.FieldKey;

/** The query parameters of the API's Devices list that it refuses by name: its filters and its sort. */
enum FleetParameter implements FieldKey {
    OWNER,
    NETWORK,
    STATUS,
    SILENT,
    EXPIRES,
    SORT;

    @Override
    public String label() {
        return apiName();
    }
}
