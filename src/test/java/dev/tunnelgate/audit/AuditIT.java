package dev.tunnelgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.MockAccessDeniedException;
import com.vaadin.flow.component.UI;
import dev.tunnelgate.audit.AuditTarget.Kind;
import dev.tunnelgate.identity.TestLogins;
import dev.tunnelgate.testing.PortalIntegrationTest;
import dev.tunnelgate.testing.Views;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.transaction.support.TransactionTemplate;

class AuditIT extends PortalIntegrationTest {
    @Autowired
    AuditLog audit;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    ApplicationContext context;

    String marker;

    @BeforeEach
    void recordSomeEvents() {
        marker = UUID.randomUUID().toString().substring(0, 8);
        tx.executeWithoutResult(status -> {
            audit.record(
                    "Carol " + marker, AuditAction.DEVICE_APPROVED, new AuditTarget(Kind.DEVICE, marker), "name=a");
            audit.record(
                    "Carol " + marker, AuditAction.DEVICE_REJECTED, new AuditTarget(Kind.DEVICE, marker), "reason=b");
            audit.record(
                    "Dave " + marker,
                    AuditAction.DEVICE_APPROVED,
                    new AuditTarget(Kind.DEVICE, "other-" + marker),
                    "name=c");
        });
        Views.start(context);
    }

    @AfterEach
    void tearDown() {
        Views.stop();
    }

    private void signIn(String... roles) {
        Views.signIn(TestLogins.as(9, "Someone", roles), roles);
    }

    @Test
    void the_filters_narrow_the_log_by_actor_target_and_action() {
        signIn("USER", "AUDITOR");
        var page = PageRequest.of(0, 50);
        assertThat(audit.search(new AuditFilter("carol " + marker, "", ""), page))
                .hasSize(2);
        assertThat(audit.search(new AuditFilter(marker, "", "device.approved"), page))
                .hasSize(2);
        assertThat(audit.search(new AuditFilter("", "device:" + marker, "device.rejected"), page))
                .singleElement()
                .satisfies(e -> assertThat(e.details()).isEqualTo("reason=b"));
        assertThat(audit.search(new AuditFilter("nobody-" + marker, "", ""), page))
                .isEmpty();
    }

    @Test
    void the_audit_view_filters_as_the_auditor_types() {
        signIn("USER", "AUDITOR");
        UI.getCurrent().navigate(AuditView.class);
        var view = LocatorJ._get(AuditView.class);
        view.actor.setValue("Dave " + marker);
        assertThat(GridKt._size(view.grid)).isEqualTo(1);
        view.actor.setValue(marker);
        view.action.setValue(AuditAction.DEVICE_REJECTED);
        assertThat(GridKt._size(view.grid)).isEqualTo(1);
        assertThat(GridKt._get(view.grid, 0).target()).isEqualTo("device:" + marker);
    }

    @Test
    void an_employee_sees_neither_the_view_nor_the_events() {
        signIn("USER");
        assertThatThrownBy(() -> UI.getCurrent().navigate(AuditView.class))
                .isInstanceOf(MockAccessDeniedException.class);
        assertThatThrownBy(() -> audit.search(AuditFilter.NONE, PageRequest.of(0, 10)))
                .isInstanceOf(AuthorizationDeniedException.class);
    }
}
