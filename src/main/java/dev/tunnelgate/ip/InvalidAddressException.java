package dev.tunnelgate.ip;

/** An address or prefix text was rejected; the message names the rule that failed and never repeats the text. */
public class InvalidAddressException extends IllegalArgumentException {
    public InvalidAddressException(String message) {
        super(message);
    }
}
