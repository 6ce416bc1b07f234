/** Gateway groups and their members, the desired state they carry, and the API their agents talk to. */
@NullMarked
package dev.tunnelgate.gateways;

import org.jspecify.annotations.NullMarked;
