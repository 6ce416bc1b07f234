package dev.tunnelgate.jobs;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import dev.tunnelgate.ui.Feedback;
import dev.tunnelgate.ui.Formats;
import jakarta.annotation.security.RolesAllowed;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The job queue: what each gateway group is being brought to, how far it got, and why it failed. */
@Route("jobs")
@PageTitle("Jobs · Tunnelgate")
@Menu(order = 70, icon = "vaadin:tasks", title = "Jobs")
@RolesAllowed(Roles.ADMIN)
public class JobsView extends Main {
    /** Jobs change in the background; the view looks again this often while it is open. */
    static final int REFRESH_MILLIS = 5000;

    final Grid<JobRow> grid = new Grid<>();
    final Select<JobStatus> status = new Select<>();
    final Span counts = new Span();
    final Button refresh = new Button("Refresh");
    private final JobService jobs;
    private @Nullable Registration polling;

    JobsView(JobService jobs) {
        this.jobs = jobs;
        grid.addColumn(row -> "#" + row.id()).setHeader("Job").setAutoWidth(true);
        grid.addColumn(JobRow::groupName).setHeader("Gateway group").setAutoWidth(true);
        grid.addColumn(JobRow::targetRevision).setHeader("Revision").setAutoWidth(true);
        grid.addColumn(row -> label(row.status())).setHeader("Status").setAutoWidth(true);
        grid.addColumn(JobRow::attempts).setHeader("Attempts").setAutoWidth(true);
        grid.addColumn(JobsView::acknowledged).setHeader("Acknowledged").setAutoWidth(true);
        grid.addColumn(row -> row.lastError() == null ? "" : row.lastError())
                .setHeader("Last error")
                .setWidth("20rem")
                .setFlexGrow(1)
                .setTooltipGenerator(row -> row.lastError() == null ? "" : row.lastError());
        grid.addColumn(row -> Formats.dateTime(row.createdAt()))
                .setHeader("Created")
                .setAutoWidth(true);
        grid.addColumn(row -> Formats.dateTime(row.updatedAt()))
                .setHeader("Updated")
                .setAutoWidth(true);
        grid.addComponentColumn(this::actions).setKey("actions").setAutoWidth(true);
        grid.setItems(
                query -> jobs.list(status.getValue(), VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        grid.setSizeFull();

        status.setLabel("Status");
        status.setItems(JobStatus.values());
        status.setEmptySelectionAllowed(true);
        status.setEmptySelectionCaption("Any");
        status.setItemLabelGenerator(s -> s == null ? "Any" : label(s));
        status.addValueChangeListener(e -> refresh());
        refresh.addClickListener(e -> refresh());
        counts.setId("job-counts");
        counts.addClassNames(LumoUtility.TextColor.SECONDARY);

        var toolbar = new HorizontalLayout(status, refresh, counts);
        toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);
        addClassNames("view");
        setSizeFull();
        add(new H2("Jobs"), toolbar, grid);
        showCounts();
    }

    private Component actions(JobRow row) {
        if (row.status() != JobStatus.FAILED) {
            return new Span();
        }
        var retry = new Button("Retry", e -> retry(row));
        retry.addThemeVariants(ButtonVariant.LUMO_SMALL);
        retry.setId("retry-job-" + row.id());
        return retry;
    }

    private void retry(JobRow row) {
        try {
            var carrier = jobs.retry(row.id());
            Feedback.success(
                    carrier == row.id()
                            ? String.format(Locale.ROOT, "Job #%d is queued again", row.id())
                            : String.format(
                                    Locale.ROOT,
                                    "Job #%d, already queued for %s, now delivers revision %d too",
                                    carrier,
                                    row.groupName(),
                                    row.targetRevision()));
        } catch (InvalidInputException | NotFoundException e) {
            Feedback.error(e);
        }
        refresh();
    }

    void refresh() {
        grid.getDataProvider().refreshAll();
        showCounts();
    }

    private void showCounts() {
        var byStatus = jobs.counts();
        counts.setText(Arrays.stream(JobStatus.values())
                .map(s -> byStatus.get(s) + " " + label(s).toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(" · ")));
    }

    static String acknowledged(JobRow row) {
        if (row.members() == null || row.acknowledged() == null) {
            return "–";
        }
        return row.members() == 0 ? "no members" : row.acknowledged() + "/" + row.members();
    }

    private static String label(JobStatus status) {
        var name = status.name();
        return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        event.getUI().setPollInterval(REFRESH_MILLIS);
        polling = event.getUI().addPollListener(e -> refresh());
    }

    @Override
    protected void onDetach(DetachEvent event) {
        event.getUI().setPollInterval(-1);
        if (polling != null) {
            polling.remove();
            polling = null;
        }
    }
}
