package dev.tunnelgate.devices;

/** No device with that id that the caller may see: other users' devices are "not found", not "forbidden". */
public class DeviceNotFoundException extends RuntimeException {
    public DeviceNotFoundException(long id) {
        super("No device " + id);
    }
}
