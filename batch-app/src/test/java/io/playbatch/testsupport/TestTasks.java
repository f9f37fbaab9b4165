package io.playbatch.testsupport;

import io.playbatch.taskmodel.TaskFailure;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Task types for runtime tests, registered next to the real ones: {@code echo} returns
 * {@code args.value} (and fails while {@link Switches#failing} is on for an {@code args.fail} of
 * true), {@code flaky} fails with an HTTP-500-like error until attempt {@code args.succeed_on},
 * {@code broken} always fails, {@code ordered} records the order and concurrency of its calls,
 * {@code sleepy} sleeps {@code args.ms} and counts the interruptions it receives.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestTasks {

    /** Test-controlled behaviour, one per application context. */
    public static final class Switches {
        public final AtomicBoolean failing = new AtomicBoolean(true);
        public final List<Object> order = new CopyOnWriteArrayList<>();
        public final AtomicInteger concurrent = new AtomicInteger();
        public final AtomicInteger maxConcurrent = new AtomicInteger();
        public final AtomicInteger interrupted = new AtomicInteger();
    }

    @Bean
    Switches switches() {
        return new Switches();
    }

    @Bean
    ScriptedTask echo(Switches switches) {
        return new ScriptedTask("echo", (task, context) -> {
            if (Boolean.TRUE.equals(task.args().get("fail")) && switches.failing.get()) {
                throw new TaskFailure("http_500", "echo of " + task.args().get("value") + " failed on purpose");
            }
            return task.args().get("value");
        });
    }

    @Bean
    ScriptedTask flaky() {
        return new ScriptedTask("flaky", (task, context) -> {
            int succeedOn = ((Number) task.args().get("succeed_on")).intValue();
            if (context.attempt() < succeedOn) {
                throw new TaskFailure("http_500", "HTTP 500 on attempt " + context.attempt());
            }
            return "succeeded on attempt " + context.attempt();
        });
    }

    @Bean
    ScriptedTask broken() {
        return new ScriptedTask("broken", (task, context) -> {
            throw new TaskFailure("http_503", "HTTP 503 on attempt " + context.attempt());
        });
    }

    @Bean
    ScriptedTask ordered(Switches switches) {
        return new ScriptedTask("ordered", (task, context) -> {
            int now = switches.concurrent.incrementAndGet();
            switches.maxConcurrent.accumulateAndGet(now, Math::max);
            switches.order.add(task.args().get("value"));
            Thread.sleep(2);
            switches.concurrent.decrementAndGet();
            return task.args().get("value");
        });
    }

    @Bean
    ScriptedTask sleepy(Switches switches) {
        return new ScriptedTask("sleepy", (task, context) -> {
            try {
                Thread.sleep(((Number) task.args().get("ms")).longValue());
            } catch (InterruptedException e) {
                switches.interrupted.incrementAndGet();
                throw e;
            }
            return "woke up";
        });
    }
}
