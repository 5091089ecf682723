package nl.waarborg.scheduling.web;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import nl.waarborg.scheduling.ScheduledJobs;
import nl.waarborg.web.DashboardTile;
import org.springframework.stereotype.Component;

@Component
class JobsTile implements DashboardTile {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Europe/Amsterdam"));

    private final ScheduledJobs jobs;

    JobsTile(ScheduledJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public String titleKey() {
        return "dashboard.jobs";
    }

    @Override
    public String authority() {
        return null;
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public List<Figure> figures() {
        return jobs.list().stream()
                .map(job -> new Figure(
                        "job." + job.name(),
                        (job.healthy() ? "" : "! ") + (job.nextRun() == null ? "—" : WHEN.format(job.nextRun())),
                        job.healthy()))
                .toList();
    }
}
