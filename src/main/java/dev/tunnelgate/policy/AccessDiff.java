package dev.tunnelgate.policy;

import java.util.List;

/**
 * What a change would do to access: per user, each device that gains or loses destinations. Devices whose access
 * stays the same are absent; a destination that moves from one policy to another is no change.
 */
public record AccessDiff(List<UserChange> users) {
    public AccessDiff {
        users = List.copyOf(users);
    }

    /** A user, their groups at their last sign-in, and their devices that change. */
    public record UserChange(long userId, String displayName, List<String> groups, List<DeviceChange> devices) {
        public UserChange {
            groups = List.copyOf(groups);
            devices = List.copyOf(devices);
        }
    }

    /** One device's gains and losses (each with the policies that grant it, after resp. before the change). */
    public record DeviceChange(
            long deviceId, String deviceName, String networkName, String status, List<Reach> gained, List<Reach> lost) {
        public DeviceChange {
            gained = List.copyOf(gained);
            lost = List.copyOf(lost);
        }
    }

    public boolean isEmpty() {
        return users.isEmpty();
    }

    /** How many devices gain at least one destination. */
    public int devicesGaining() {
        return (int) devices().filter(d -> !d.gained().isEmpty()).count();
    }

    /** How many devices lose at least one destination. */
    public int devicesLosing() {
        return (int) devices().filter(d -> !d.lost().isEmpty()).count();
    }

    /** How many devices change at all. */
    public int devicesChanging() {
        return (int) devices().count();
    }

    private java.util.stream.Stream<DeviceChange> devices() {
        return users.stream().flatMap(u -> u.devices().stream());
    }
}
