/** The append-only record of who changed what, and when. */
@NullMarked
package dev.tunnelgate.audit;

import org.jspecify.annotations.NullMarked;
