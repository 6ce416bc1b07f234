package dev.tunnelgate.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code @RestController} of the REST API: its errors become problem details ({@link ApiProblems}). Its
 * paths start with {@link ApiSecurity#PATH}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ApiEndpoint {}
