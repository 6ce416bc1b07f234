package dev.tunnelgate.addressing;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AddressingSettings.class)
class AddressingConfiguration {}
