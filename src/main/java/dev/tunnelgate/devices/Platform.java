package dev.tunnelgate.devices;

/** The device's operating system, for import instructions. */
public enum Platform {
    WINDOWS("Windows"),
    MACOS("macOS"),
    LINUX("Linux"),
    IOS("iOS"),
    ANDROID("Android"),
    OTHER("Other");

    private final String label;

    Platform(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
