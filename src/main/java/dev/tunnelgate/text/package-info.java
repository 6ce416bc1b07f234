/**
 * User input: validation of free text typed by users (device names and the like) before it reaches configs, logs or
 * headers, and the errors services refuse a request with (invalid input on a {@link dev.tunnelgate.text.FieldKey},
 * a conflict with what is stored, or nothing found).
 */
@org.jspecify.annotations.NullMarked
package dev.tunnelgate.text;
