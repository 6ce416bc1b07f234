package dev.tunnelgate.jobs;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.i18n.I18NProvider;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.tunnelgate.identity.Roles;
import dev.tunnelgate.text.InvalidInputException;
import dev.tunnelgate.text.NotFoundException;
import dev.tunnelgate.ui.Feedback;
import dev.tunnelgate.ui.Formats;
import dev.tunnelgate.ui.LiveUpdates;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The job queue: what each gateway group is being brought to, what changed for it, how far it got, and why it failed.
 * Statuses and acknowledgements refresh live (server push) while the view is open.
 */
@Route("jobs")
@Menu(order = 70, icon = "vaadin:tasks", title = "jobs.menu")
@RolesAllowed(Roles.ADMIN)
public class JobsView extends Main implements HasDynamicTitle {
    final Grid<JobRow> grid = new Grid<>();
    final Select<JobStatus> status = new Select<>();
    final Span counts = new Span();
    final Button refresh = new Button(getTranslation("jobs.refresh"));
    private final JobService jobs;
    /** What the jobs of the pages on screen changed, read with each page (one query per page). */
    private final Map<Long, JobChanges> changes = new ConcurrentHashMap<>();

    JobsView(JobService jobs) {
        this.jobs = jobs;
        grid.addColumn(row -> "#" + row.id())
                .setHeader(getTranslation("jobs.column.job"))
                .setAutoWidth(true);
        grid.addColumn(JobRow::groupName)
                .setHeader(getTranslation("jobs.column.group"))
                .setAutoWidth(true);
        grid.addColumn(JobsView::revisions)
                .setHeader(getTranslation("jobs.column.revision"))
                .setAutoWidth(true);
        grid.addColumn(row -> changesText(changes.get(row.id())))
                .setHeader(getTranslation("jobs.column.changes"))
                .setKey("changes")
                .setWidth("22rem")
                .setFlexGrow(1)
                .setTooltipGenerator(row -> changesText(changes.get(row.id())));
        grid.addColumn(row -> label(row.status()))
                .setHeader(getTranslation("jobs.column.status"))
                .setKey("status")
                .setAutoWidth(true);
        grid.addColumn(JobRow::attempts)
                .setHeader(getTranslation("jobs.column.attempts"))
                .setAutoWidth(true);
        grid.addColumn(JobsView::acknowledged)
                .setHeader(getTranslation("jobs.column.acknowledged"))
                .setKey("acknowledged")
                .setAutoWidth(true);
        grid.addColumn(row -> row.lastError() == null ? "" : row.lastError())
                .setHeader(getTranslation("jobs.column.last-error"))
                .setWidth("16rem")
                .setFlexGrow(1)
                .setTooltipGenerator(row -> row.lastError() == null ? "" : row.lastError());
        grid.addColumn(row -> Formats.dateTime(row.createdAt()))
                .setHeader(getTranslation("jobs.column.created"))
                .setAutoWidth(true);
        grid.addColumn(row -> Formats.dateTime(row.updatedAt()))
                .setHeader(getTranslation("jobs.column.updated"))
                .setAutoWidth(true);
        grid.addComponentColumn(this::actions).setKey("actions").setAutoWidth(true);
        grid.setItems(query -> {
            var page = jobs.list(status.getValue(), VaadinSpringDataHelpers.toSpringPageRequest(query))
                    .getContent();
            changes.putAll(jobs.changes(page.stream().map(JobRow::id).toList()));
            return page.stream();
        });
        grid.setSizeFull();
        grid.setEmptyStateText(getTranslation("jobs.empty"));

        status.setLabel(getTranslation("jobs.status"));
        status.setItems(JobStatus.values());
        status.setEmptySelectionAllowed(true);
        status.setEmptySelectionCaption(getTranslation("jobs.status.any"));
        status.setItemLabelGenerator(s -> s == null ? getTranslation("jobs.status.any") : label(s));
        status.addValueChangeListener(e -> {
            grid.setEmptyStateText(getTranslation(e.getValue() == null ? "jobs.empty" : "jobs.empty.status"));
            refresh();
        });
        refresh.addClickListener(e -> refresh());
        counts.setId("job-counts");
        counts.addClassNames(LumoUtility.TextColor.SECONDARY);

        var toolbar = new HorizontalLayout(status, refresh, counts);
        toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);
        addClassNames("view");
        setSizeFull();
        add(new H2(getTranslation("jobs.title")), toolbar, grid);
        showCounts();
        // Statuses, acknowledgements and new jobs show up as they happen, also those of other portal instances.
        LiveUpdates.subscribe(this, this::refresh);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("jobs.title") + " · Tunnelgate"; // not shown: the product name
    }

    private Component actions(JobRow row) {
        if (row.status() != JobStatus.FAILED) {
            return new Span();
        }
        var retry = new Button(getTranslation("jobs.retry"), e -> retry(row));
        retry.addThemeVariants(ButtonVariant.LUMO_SMALL);
        retry.setId("retry-job-" + row.id());
        return retry;
    }

    private void retry(JobRow row) {
        try {
            var carrier = jobs.retry(row.id());
            Feedback.success(
                    carrier == row.id()
                            ? getTranslation("jobs.retried", String.valueOf(row.id()))
                            : getTranslation(
                                    "jobs.retried.joined",
                                    String.valueOf(carrier),
                                    row.groupName(),
                                    String.valueOf(row.targetRevision())));
        } catch (InvalidInputException | NotFoundException e) {
            Feedback.error(e);
        }
        refresh();
    }

    void refresh() {
        changes.clear();
        grid.getDataProvider().refreshAll();
        showCounts();
    }

    private void showCounts() {
        var byStatus = jobs.counts();
        counts.setText(Arrays.stream(JobStatus.values())
                .map(s -> getTranslation("jobs.count." + key(s), byStatus.get(s)))
                .collect(Collectors.joining(" · ")));
    }

    /** The target revision, or the range of revisions a job delivers (joined changes), e.g. "7" or "5–7". */
    static String revisions(JobRow row) {
        return row.firstRevision() >= row.targetRevision()
                ? String.valueOf(row.targetRevision())
                : row.firstRevision() + "–" + row.targetRevision();
    }

    static String acknowledged(JobRow row) {
        if (row.members() == null || row.acknowledged() == null) {
            return "–";
        }
        return row.members() == 0
                ? I18NProvider.translate("jobs.acknowledged.no-members")
                : row.acknowledged() + "/" + row.members();
    }

    /**
     * e.g. "2 peers changed: laptop (Alice), phone (Bob)", "Whole peer set sent again (networks changed)", "Details
     * pruned" or "No peer changed (gateway settings)".
     */
    static String changesText(@Nullable JobChanges changes) {
        if (changes == null) {
            return "";
        }
        var parts = new ArrayList<String>();
        if (changes.wholeSet()) {
            parts.add(I18NProvider.translate("jobs.changes.whole-set"));
        }
        if (changes.peers() > 0) {
            var names = changes.named().stream().map(JobsView::peer).collect(Collectors.joining(", "));
            var more = changes.peers() - changes.named().size();
            if (more > 0) {
                names = I18NProvider.translate("jobs.changes.more", names, more);
            }
            parts.add(I18NProvider.translate("jobs.changes.peers", changes.peers(), names));
        }
        if (changes.pruned()) {
            parts.add(I18NProvider.translate(parts.isEmpty() ? "jobs.changes.pruned" : "jobs.changes.pruned-earlier"));
        }
        if (parts.isEmpty()) {
            parts.add(I18NProvider.translate("jobs.changes.settings"));
        }
        return String.join("; ", parts);
    }

    private static String peer(JobChanges.Peer peer) {
        if (peer.device() == null) {
            return I18NProvider.translate(
                    "jobs.changes.key",
                    peer.publicKey().substring(0, Math.min(8, peer.publicKey().length())));
        }
        return peer.owner() == null
                ? peer.device()
                : I18NProvider.translate("jobs.changes.peer", peer.device(), peer.owner());
    }

    private static String key(JobStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static String label(JobStatus status) {
        return I18NProvider.translate("jobs.status." + key(status));
    }
}
