package dev.tunnelgate.wgconfig;

/** A config text or model value was rejected; the message says where and which rule failed, never the raw value. */
public class InvalidConfigException extends IllegalArgumentException {
    public InvalidConfigException(String message) {
        super(message);
    }

    public InvalidConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
