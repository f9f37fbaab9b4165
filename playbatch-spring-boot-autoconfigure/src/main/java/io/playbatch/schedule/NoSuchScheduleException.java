package io.playbatch.schedule;

/** No schedule has the given id. */
public class NoSuchScheduleException extends RuntimeException {

    public NoSuchScheduleException(String scheduleId) {
        super("No schedule " + scheduleId + "; ids are <playbook path>#<position>, list them with 'playbatch schedule list'");
    }
}
