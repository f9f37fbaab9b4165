package io.playbatch.tasks;

import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.taskmodel.TaskFailure;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.stereotype.Component;

/**
 * {@code log}: writes {@code args.message} to the application log at {@code args.level}
 * (trace, debug, info, warn, error; default info) and returns {@code {message}}. A secret in the
 * message is logged as its reference ({@code ${secret:NAME}}), never as its value: the log is one of
 * the places Playbatch promises never to hold a secret.
 */
@Component
public class LogTask implements Task {

    private static final Logger log = LoggerFactory.getLogger("playbatch.task.log");

    @Override
    public String type() {
        return "log";
    }

    @Override
    public boolean receivesSecrets() {
        return false;
    }

    @Override
    public Object run(RenderedTask task, TaskContext context) {
        Object message = task.args().get("message");
        if (message == null) {
            throw new TaskFailure("bad_args", "log task needs args.message (the text to log)");
        }
        String levelName = String.valueOf(task.args().getOrDefault("level", "info")).toUpperCase(Locale.ROOT);
        Level level;
        try {
            level = Level.valueOf(levelName);
        } catch (IllegalArgumentException e) {
            throw new TaskFailure("bad_args", "log task: args.level '" + levelName.toLowerCase(Locale.ROOT)
                    + "' is not one of trace, debug, info, warn, error");
        }
        log.atLevel(level).log("[execution {} {}] {}", context.executionId(), context.nodeId(), message);
        return Map.of("message", String.valueOf(message));
    }
}
