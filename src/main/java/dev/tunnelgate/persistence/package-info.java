/** What the services share about the database: names unique ignoring case, and recognising a unique constraint's refusal. */
@NullMarked
package dev.tunnelgate.persistence;

import org.jspecify.annotations.NullMarked;
