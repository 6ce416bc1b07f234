package dev.tunnelgate.scim;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks the SCIM controllers, whose errors {@link ScimErrors} answers as SCIM error bodies. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@interface ScimEndpoint {}
