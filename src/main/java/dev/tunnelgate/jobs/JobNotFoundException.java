package dev.tunnelgate.jobs;

import dev.tunnelgate.text.Message;
import dev.tunnelgate.text.NotFoundException;

/** No job with that id. */
public class JobNotFoundException extends NotFoundException {
    public JobNotFoundException(long id) {
        super(Message.of("refusals.job.not-found", id));
    }
}
