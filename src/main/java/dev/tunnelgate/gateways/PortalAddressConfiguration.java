package dev.tunnelgate.gateways;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds (and so checks) {@code tunnelgate.public-url} when the portal starts. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PortalAddress.class)
class PortalAddressConfiguration {}
