package dev.tunnelgate.addressing;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The first index of a pool that was never handed out; only ever moves forward. */
@Entity
@Table(name = "address_cursor")
class AddressCursor {
    @EmbeddedId
    private Key key;

    @Column(nullable = false)
    private long nextIndex;

    protected AddressCursor() {
        this(new Key(0, AddressFamily.IPV4));
    }

    AddressCursor(Key key) {
        this.key = key;
    }

    long nextIndex() {
        return nextIndex;
    }

    void advancePast(long index) {
        if (index < nextIndex) {
            throw new IllegalStateException(
                    "Cursor of %s is at %d, cannot go back to %d".formatted(key, nextIndex, index));
        }
        nextIndex = index + 1;
    }

    @Embeddable
    record Key(long networkId, AddressFamily family) {}
}
