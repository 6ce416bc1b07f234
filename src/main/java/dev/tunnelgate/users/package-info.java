/** One person as admins and auditors see them: account, sign-ins, devices, audit trail, offboarding and restoring. */
@NullMarked
package dev.tunnelgate.users;

import org.jspecify.annotations.NullMarked;
