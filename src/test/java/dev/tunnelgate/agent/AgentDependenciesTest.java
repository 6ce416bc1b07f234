package dev.tunnelgate.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The agent runs on gateways as plain Java: no framework may creep into it or into the shared protocol. */
class AgentDependenciesTest {
    @Test
    void agent_and_protocol_use_neither_spring_nor_vaadin_nor_jackson() {
        var classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tunnelgate.agent", "dev.tunnelgate.protocol");

        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..", "com.vaadin..", "com.fasterxml.jackson..", "tools.jackson..")
                .check(classes);
    }

    @Test
    void protocol_does_not_reach_into_the_agent() {
        var classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tunnelgate.protocol");

        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.tunnelgate.agent..")
                .check(classes);
    }
}
