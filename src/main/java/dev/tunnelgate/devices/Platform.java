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

    /** Short import instructions for the stock WireGuard client. */
    public String importHint() {
        return switch (this) {
            case WINDOWS, MACOS ->
                "Open the WireGuard app, choose \"Import tunnel(s) from file\" and pick the downloaded .conf.";
            case LINUX -> "Save the file as /etc/wireguard/<name>.conf (mode 600) and run: wg-quick up <name>";
            case IOS, ANDROID -> "In the WireGuard app tap +, \"Create from QR code\", and scan the code.";
            case OTHER -> "Import the .conf file, or scan the QR code, in your WireGuard client.";
        };
    }
}
