/**
 * The REST API {@code /api/v1} shared parts: its security chain (personal access tokens only, stateless), errors as
 * RFC 9457 problem details, paging and ETags. The endpoints live in their features and call the same services as
 * the views.
 */
@org.jspecify.annotations.NullMarked
package dev.tunnelgate.api;
