package io.playbatch.web;

import io.playbatch.schedule.ScheduleService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The console's schedules page: every schedule of every registered playbook with its cron, time
 * zone, policies, Quartz state, next and latest tick, and Pause/Resume buttons (POST, guarded by
 * {@link ConsoleAccessFilter}) that go through {@link ScheduleService}, so they take effect in every
 * server sharing the database.
 */
@Controller
class ConsoleSchedulesController {

    private final ScheduleService schedules;

    ConsoleSchedulesController(ScheduleService schedules) {
        this.schedules = schedules;
    }

    @GetMapping("/schedules")
    String list(Model model) {
        model.addAttribute("schedules", schedules.list());
        return "schedules";
    }

    @PostMapping("/schedules/pause")
    RedirectView pause(@RequestParam String id) {
        schedules.pause(id);
        return back();
    }

    @PostMapping("/schedules/resume")
    RedirectView resume(@RequestParam String id) {
        schedules.resume(id);
        return back();
    }

    private static RedirectView back() {
        RedirectView view = new RedirectView("/schedules", true);
        view.setHttp10Compatible(false);
        return view;
    }
}
