package nl.waarborg.requests.web;

import java.util.List;
import nl.waarborg.requests.internal.QueueLine;
import nl.waarborg.requests.internal.RequestDesk;
import nl.waarborg.web.ConsoleMenuItem;
import nl.waarborg.web.DashboardTile;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The requests' console menu entry and dashboard tile: open, due within seven days, overdue. */
@Configuration(proxyBeanMethods = false)
class RequestsConsoleConfiguration {

    @Bean
    ConsoleMenuItem requestsMenu() {
        return new ConsoleMenuItem("menu.requests", "/console/requests", "requests:read", 35);
    }

    @Bean
    DashboardTile requestsTile(RequestDesk desk) {
        return new DashboardTile() {
            @Override
            public String titleKey() {
                return "dashboard.requests";
            }

            @Override
            public String authority() {
                return "requests:read";
            }

            @Override
            public int order() {
                return 35;
            }

            @Override
            public List<Figure> figures() {
                List<QueueLine> open = desk.queue(null, null, null, 1_000);
                long overdue = open.stream().filter(l -> desk.daysLeft(l) < 0).count();
                long soon = open.stream()
                        .filter(l -> {
                            long left = desk.daysLeft(l);
                            return left >= 0 && left <= 7;
                        })
                        .count();
                return List.of(
                        Figure.of("dashboard.requests.open", open.size()),
                        new Figure("dashboard.requests.soon", String.valueOf(soon), soon == 0),
                        new Figure("dashboard.requests.overdue", String.valueOf(overdue), overdue == 0));
            }
        };
    }
}
