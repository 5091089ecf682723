package nl.waarborg.web;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's start page: a dashboard built from the tiles the modules contribute. */
@Controller
class ConsoleController {

    private final List<DashboardTile> tiles;

    ConsoleController(List<DashboardTile> tiles) {
        this.tiles = tiles;
    }

    @GetMapping({"/console", "/console/"})
    String dashboard(Model model) {
        Set<String> granted = ConsoleModelAdvice.grantedAuthorities();
        model.addAttribute(
                "tiles",
                tiles.stream()
                        .filter(t -> t.authority() == null || granted.contains(t.authority()))
                        .sorted(Comparator.comparingInt(DashboardTile::order))
                        .map(t -> new TileView(t.titleKey(), t.figures()))
                        .toList());
        return "web/dashboard";
    }

    @GetMapping("/")
    String root() {
        return "redirect:/console";
    }

    record TileView(String titleKey, List<DashboardTile.Figure> figures) {}
}
