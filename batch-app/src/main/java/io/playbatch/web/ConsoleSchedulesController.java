package io.playbatch.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's schedules page. Schedules (Quartz triggers from the playbooks' {@code schedules:})
 * are listed, paused and resumed through the schedule service, which this build does not have yet:
 * until then the page explains that and how schedules will appear.
 */
@Controller
class ConsoleSchedulesController {

    @GetMapping("/schedules")
    String schedules() {
        return "schedules";
    }
}
