package io.playbatch.cli;

import io.playbatch.catalog.RegisteredPlaybook;
import io.playbatch.ledger.ExecutionFilter;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.operate.OperationsService;
import io.playbatch.operate.RunHandle;
import io.playbatch.recovery.DeadExecutions;
import io.playbatch.report.ExecutionPage;
import io.playbatch.report.RunProgress;
import io.playbatch.report.RunResume;
import io.playbatch.report.RunSummary;
import io.playbatch.schedule.ScheduleService;
import io.playbatch.schedule.ScheduleView;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/** The answers of the services of a Spring context opened on the database; closing it closes the context. */
final class LocalConnection implements OperatorConnection {

    private final ConfigurableApplicationContext context;

    LocalConnection(ConfigurableApplicationContext context) {
        this.context = context;
    }

    private OperationsService operations() {
        return context.getBean(OperationsService.class);
    }

    private ScheduleService scheduleService() {
        return context.getBean(ScheduleService.class);
    }

    @Override
    public ExecutionPage list(ExecutionFilter filter) {
        return operations().list(filter);
    }

    @Override
    public ExecutionRecord execution(long executionId) {
        return operations().execution(executionId);
    }

    @Override
    public RunSummary summary(long executionId) {
        return operations().show(executionId);
    }

    @Override
    public List<StoredEvent> events(long executionId) {
        return operations().events(executionId);
    }

    @Override
    public List<RunResume> resumes(long executionId) {
        return operations().resumes(executionId);
    }

    @Override
    public ExecutionRecord stop(long executionId) {
        return operations().stop(executionId);
    }

    @Override
    public ExecutionRecord abandon(long executionId, String reason) throws Exception {
        return operations().abandon(executionId, reason);
    }

    @Override
    public ExecutionRecord recover(long executionId) {
        return context.getBean(DeadExecutions.class).recover(executionId);
    }

    @Override
    public List<ExecutionRecord> recoverDead() {
        return context.getBean(DeadExecutions.class).recoverDead();
    }

    @Override
    public List<RegisteredPlaybook> playbooks() {
        return operations().playbooks();
    }

    @Override
    public boolean runsHere() {
        return true;
    }

    @Override
    public RunHandle restart(long executionId) throws Exception {
        return operations().submitRestart(executionId, "cli");
    }

    @Override
    public RunHandle replay(long executionId, String fromStep, Map<String, Object> workload, boolean latest) {
        return operations().replay(executionId, fromStep, workload, latest, "cli", null);
    }

    @Override
    public RunProgress progress(long executionId) {
        return operations().progress(executionId);
    }

    @Override
    public List<ScheduleView> schedules() {
        return scheduleService().list();
    }

    @Override
    public ScheduleView pauseSchedule(String scheduleId) {
        return scheduleService().pause(scheduleId);
    }

    @Override
    public ScheduleView resumeSchedule(String scheduleId) {
        return scheduleService().resume(scheduleId);
    }

    @Override
    public void close() {
        context.close();
    }
}
