package nl.waarborg.statement.web;

import java.util.ArrayList;
import java.util.List;
import nl.waarborg.statement.StatementVersion;
import nl.waarborg.statement.Statements;
import nl.waarborg.web.ConsoleMenuItem;
import nl.waarborg.web.DashboardTile;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/** The statement on the console dashboard: which version readers see and whether the register asks too much. */
@Component
class StatementTile implements DashboardTile {

    private final Statements statements;
    private final MessageSource messages;

    StatementTile(Statements statements, MessageSource messages) {
        this.statements = statements;
        this.messages = messages;
    }

    @Override
    public String titleKey() {
        return "statement.tile";
    }

    @Override
    public String authority() {
        return "statement:read";
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public List<Figure> figures() {
        List<Figure> figures = new ArrayList<>();
        var inForce = statements.inForce();
        figures.add(Figure.of(
                "statement.tile.version",
                inForce.map(v -> Integer.toString(v.number())).orElse("—")));
        figures.add(Figure.of(
                "statement.tile.since",
                inForce.map(StatementVersion::effectiveFrom)
                        .map(Object::toString)
                        .orElse("—")));
        figures.add(Figure.of("statement.tile.versions", statements.versions().size()));
        boolean idCopy = statements.registerDemandsIdCopy();
        figures.add(new Figure("statement.tile.verification", idCopy ? "!" : "✓", !idCopy));
        return figures;
    }

    @Configuration(proxyBeanMethods = false)
    static class Menu {
        @Bean
        ConsoleMenuItem statementMenu() {
            return new ConsoleMenuItem("statement.menu", "/console/statement", "statement:read", 30);
        }
    }
}
