package dev.tunnelgate.gateways.agentapi;

/** A status report that was refused as a whole; nothing of it was stored. How the agent is told is the API's business. */
class ReportRefusedException extends RuntimeException {
    enum Reason {
        /** Larger than a report may be. */
        TOO_LARGE,
        /** Not a status report: not UTF-8, or not in the wire format. */
        MALFORMED,
        /** Well-formed, but not true of the group: a revision it does not have yet, a device's key, a peer it never had. */
        CONTRADICTS_GROUP,
        /** The applied revision went back (typically an agent that restarted and could not re-apply its state). */
        REVISION_WENT_BACK,
        /** The member was revoked while its report was on the way. */
        MEMBER_REVOKED
    }

    private final Reason reason;
    private final String message;

    ReportRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
        this.message = message;
    }

    Reason reason() {
        return reason;
    }

    /** What the agent is told, and admins see as the member's last error. */
    @Override
    public String getMessage() {
        return message;
    }
}
