package dev.tunnelgate.configcode;

import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.FieldKey;
import dev.tunnelgate.text.InvalidInputException;

/**
 * Where in a configuration file a refusal points, such as {@code networks[2].mtu}: the {@code field} of the API's
 * problem detail, and the start of its message.
 */
record FilePath(String path) implements FieldKey {
    static final FilePath ROOT = new FilePath("");

    FilePath key(String key) {
        return new FilePath(path.isEmpty() ? key : path + "." + key);
    }

    FilePath item(int index) {
        return new FilePath(path + "[" + index + "]");
    }

    @Override
    public String label() {
        return path.isEmpty() ? "file" : path;
    }

    @Override
    public String apiName() {
        return label();
    }

    /** The file is refused here: "networks[2].mtu: message". */
    InvalidInputException invalid(String message) {
        return new InvalidInputException(this, label() + ": " + message);
    }

    /** The file clashes with what is stored, here. */
    ConflictException conflict(String message) {
        return new ConflictException(this, label() + ": " + message);
    }
}
