/** The devices that users enroll, and their lifecycle. */
@NullMarked
package dev.tunnelgate.devices;

import org.jspecify.annotations.NullMarked;
