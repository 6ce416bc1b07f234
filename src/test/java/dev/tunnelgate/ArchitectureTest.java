package dev.tunnelgate;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.repository.Repository;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;

class ArchitectureTest {
    /** What runs on a gateway: the agent, the records it exchanges with the portal, and the value types they use. */
    private static final String[] AGENT_SIDE = {
        "dev.tunnelgate.agent..", "dev.tunnelgate.protocol..", "dev.tunnelgate.keys..", "dev.tunnelgate.ip.."
    };

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tunnelgate");
    }

    @Test
    void feature_packages_have_no_cycles() {
        slices().matching("dev.tunnelgate.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void agent_protocol_keys_and_ip_depend_on_neither_spring_nor_vaadin() {
        noClasses()
                .that()
                .resideInAnyPackage(AGENT_SIDE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "com.vaadin..", "jakarta.persistence..", "org.hibernate..")
                .allowEmptyShould(true)
                .check(classes);
    }

    /** {@code tunnelgate config …} runs in pipelines without the portal: plain Java and Jackson, and none of the portal. */
    @Test
    void the_config_command_line_depends_on_neither_spring_nor_vaadin_nor_the_portal() {
        noClasses()
                .that()
                .resideInAPackage("dev.tunnelgate.configcli..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "com.vaadin..", "jakarta.persistence..", "org.hibernate..")
                .check(classes);
        classes()
                .that()
                .resideInAPackage("dev.tunnelgate.configcli..")
                .should()
                .onlyDependOnClassesThat(
                        resideInAnyPackage("dev.tunnelgate.configcli..").or(resideOutsideOfPackage("dev.tunnelgate..")))
                .check(classes);
    }

    /** The agent runs without the portal: of the portal's packages it shares only the plain key and IP types. */
    @Test
    void agent_and_protocol_use_of_the_portal_only_keys_and_ip() {
        classes()
                .that()
                .resideInAnyPackage("dev.tunnelgate.agent..", "dev.tunnelgate.protocol..")
                .should()
                .onlyDependOnClassesThat(resideInAnyPackage(AGENT_SIDE).or(resideOutsideOfPackage("dev.tunnelgate..")))
                .check(classes);
    }

    @Test
    void the_agent_api_builds_on_the_gateways_and_not_the_other_way_round() {
        noClasses()
                .that()
                .resideInAPackage("dev.tunnelgate.gateways")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.tunnelgate.gateways.agentapi")
                .check(classes);
    }

    @Test
    void repositories_are_used_only_by_services_of_their_own_package() {
        classes()
                .that()
                .areAssignableTo(Repository.class)
                .and()
                .areInterfaces()
                .should(beUsedOnlyByServicesOfTheirPackage())
                .check(classes);
    }

    @Test
    void repositories_are_package_private() {
        classes()
                .that()
                .areAssignableTo(Repository.class)
                .and()
                .areInterfaces()
                .should()
                .notHaveModifier(JavaModifier.PUBLIC)
                .check(classes);
    }

    @Test
    void every_view_and_the_layout_declare_who_may_open_them() {
        classes()
                .that()
                .areAnnotatedWith(Route.class)
                .or()
                .areAnnotatedWith(Layout.class)
                .should()
                .beAnnotatedWith(PermitAll.class)
                .orShould()
                .beAnnotatedWith(RolesAllowed.class)
                .orShould()
                .beAnnotatedWith(AnonymousAllowed.class)
                .check(classes);
    }

    @Test
    void views_report_errors_and_successes_through_the_one_ui_helper() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.tunnelgate.ui..")
                .should()
                .dependOnClassesThat()
                .areAssignableTo(Notification.class)
                .because("ui.Feedback shows errors on their field or in a notification, alike everywhere")
                .check(classes);
    }

    private static ArchCondition<JavaClass> beUsedOnlyByServicesOfTheirPackage() {
        var service = DescribedPredicate.<JavaClass>describe(
                "service", c -> c.isAnnotatedWith(Service.class) || c.isAnnotatedWith(Component.class));
        return new ArchCondition<>("be used only by services of their own package") {
            @Override
            public void check(JavaClass repository, ConditionEvents events) {
                repository.getAccessesToSelf().forEach(access -> {
                    var user = access.getOriginOwner();
                    var ok = user.equals(repository)
                            || (user.getPackageName().equals(repository.getPackageName()) && service.test(user));
                    if (!ok) {
                        events.add(SimpleConditionEvent.violated(
                                access, "%s is used by %s".formatted(repository.getName(), user.getName())));
                    }
                });
                repository.getDirectDependenciesToSelf().forEach(dependency -> {
                    var user = dependency.getOriginClass();
                    if (!user.getPackageName().equals(repository.getPackageName())) {
                        events.add(SimpleConditionEvent.violated(
                                dependency,
                                "%s is referenced from another package by %s"
                                        .formatted(repository.getName(), user.getName())));
                    }
                });
            }
        };
    }
}
