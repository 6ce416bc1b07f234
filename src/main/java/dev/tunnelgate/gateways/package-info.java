/**
 * Gateway groups and their members, the desired state they carry, and what the agent API ({@code agentapi}) may
 * read and record of them.
 */
@NullMarked
package dev.tunnelgate.gateways;

import org.jspecify.annotations.NullMarked;
