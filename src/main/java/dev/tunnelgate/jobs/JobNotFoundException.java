package dev.tunnelgate.jobs;

public class JobNotFoundException extends RuntimeException {
    public JobNotFoundException(long id) {
        super("No job " + id);
    }
}
