package dev.tunnelgate.gateways.agentapi;

/** A request with a query parameter its endpoint does not take; the parameter's value is not echoed. */
class BadParameterException extends RuntimeException {
    private final String message;

    BadParameterException(String message) {
        super(message);
        this.message = message;
    }

    @Override
    public String getMessage() {
        return message;
    }
}
