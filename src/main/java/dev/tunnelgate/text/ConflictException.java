package dev.tunnelgate.text;

/**
 * The request clashes with what is stored: a name that is taken, a device that is no longer pending, a member that
 * is revoked already. Retrying the same request fails again, but another name, or a fresh look at the list, may
 * succeed. A kind of refused input, so that every form and view that shows input errors shows conflicts too; a
 * conflict about one field (a taken name) names it.
 */
public class ConflictException extends InvalidInputException {
    public ConflictException(FieldKey field, String message) {
        super(field, message);
    }

    public ConflictException(FieldKey field, Message message) {
        super(field, message);
    }

    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(Message message) {
        super(message);
    }
}
