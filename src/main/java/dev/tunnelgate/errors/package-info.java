/** What a signed-in user sees when a page does not exist: a page in the shell, with the way back. */
@NullMarked
package dev.tunnelgate.errors;

import org.jspecify.annotations.NullMarked;
