/** Personal access tokens for the REST API: issued once, stored hashed, scoped, expiring, revocable. */
@org.jspecify.annotations.NullMarked
package dev.tunnelgate.apitokens;
