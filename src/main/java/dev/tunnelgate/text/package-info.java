/** Validation of free text typed by users (device names and the like) before it reaches configs, logs or headers. */
@org.jspecify.annotations.NullMarked
package dev.tunnelgate.text;
