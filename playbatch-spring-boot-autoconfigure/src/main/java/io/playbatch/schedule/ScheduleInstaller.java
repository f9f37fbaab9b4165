package io.playbatch.schedule;

import io.playbatch.catalog.RegistrationListener;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.ScheduleSpec;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes the schedules of a registered revision real: a {@code schedule} row and a Quartz trigger
 * per {@code schedules[]} entry, and the rows and triggers of entries the new revision no longer
 * has removed. Idempotent, so registering the same content again only repairs what is missing.
 */
@Component
class ScheduleInstaller implements RegistrationListener {

    private static final Logger log = LoggerFactory.getLogger(ScheduleInstaller.class);

    private final ScheduleRepository schedules;
    private final ScheduleTriggers triggers;

    ScheduleInstaller(ScheduleRepository schedules, ScheduleTriggers triggers) {
        this.schedules = schedules;
        this.triggers = triggers;
    }

    @Override
    public void registered(PlaybookGraph graph, boolean changed) {
        List<ScheduleSpec> specs = graph.schedules();
        for (int i = 0; i < specs.size(); i++) {
            ScheduleSpec spec = specs.get(i);
            ScheduleRecord schedule = new ScheduleRecord(ScheduleRecord.id(graph.path(), i), graph.path(), i, spec.cron(),
                    spec.quartzCron(), spec.timezone(), spec.missed(), spec.overlap(), null);
            schedules.upsert(schedule);
            triggers.install(schedule);
        }
        for (String removed : schedules.deleteFrom(graph.path(), specs.size())) {
            triggers.remove(removed);
            log.info("Schedule {} removed: revision {} of {} no longer has it", removed, graph.contentHash(), graph.path());
        }
    }
}
