package dev.tunnelgate.devices;

import dev.tunnelgate.text.Message;
import dev.tunnelgate.text.NotFoundException;

/** No device with that id that the caller may see: other users' devices are "not found", not "forbidden". */
public class DeviceNotFoundException extends NotFoundException {
    public DeviceNotFoundException(long id) {
        super(Message.of("refusals.device.not-found", id));
    }
}
