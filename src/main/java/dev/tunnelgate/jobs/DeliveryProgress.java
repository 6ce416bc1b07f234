package dev.tunnelgate.jobs;

import java.util.List;

/**
 * How far the members of a gateway group are towards a revision. Implemented where gateways live;
 * jobs ask it every few hundred milliseconds while an attempt runs, so it reads the database (the
 * truth) in its own short transaction and does not wait itself. Without an implementation, every
 * group counts as having no members, and every job is done at its first attempt.
 */
public interface DeliveryProgress {
    Progress progress(long groupId, long targetRevision);

    /**
     * {@code acknowledged} of the group's {@code members} have acknowledged the target revision or a
     * later one; {@code pending} names the others. A group without members is complete.
     */
    record Progress(int acknowledged, int members, List<Pending> pending) {
        public Progress {
            if (members < 0 || acknowledged < 0 || acknowledged > members) {
                throw new IllegalArgumentException("Invalid progress %d of %d".formatted(acknowledged, members));
            }
            pending = List.copyOf(pending);
        }

        public static Progress noMembers() {
            return new Progress(0, 0, List.of());
        }

        public boolean complete() {
            return acknowledged == members;
        }
    }

    /** A member that has not acknowledged the target yet, and the revision it last applied (0: none). */
    record Pending(String member, long appliedRevision) {}
}
