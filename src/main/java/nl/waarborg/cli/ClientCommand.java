package nl.waarborg.cli;

import java.io.PrintStream;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** Base of every command that calls the API and reports something, as text or with {@code --json}. */
abstract class ClientCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print machine-readable JSON instead of text.")
    boolean json;

    WaarborgCli cli() {
        return (WaarborgCli) spec.root().userObject();
    }

    ApiClient api() {
        return cli().client();
    }

    PrintStream out() {
        return cli().out;
    }

    Messages messages() {
        return cli().messages;
    }

    /** A usage error found by the command itself: picocli reports it like its own, with exit code 2. */
    ParameterException usage(String key, Object... args) {
        return new ParameterException(spec.commandLine(), messages().get(key, args));
    }

    /**
     * A date option as {@code YYYY-MM-DD}, checked before anything is sent: a date that does not exist (30 February)
     * is told apart from one that is written wrongly.
     */
    LocalDate date(String option, String text) {
        Matcher m = DATE.matcher(text.strip());
        if (!m.matches()) {
            throw usage("option.date.form", option);
        }
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        if (month < 1 || month > 12) {
            throw usage("option.date.month", option, text.strip());
        }
        YearMonth yearMonth = YearMonth.of(year, month);
        if (day < 1 || day > yearMonth.lengthOfMonth()) {
            throw usage(
                    "option.date.day",
                    option,
                    text.strip(),
                    yearMonth
                            .getMonth()
                            .getDisplayName(TextStyle.FULL, messages().locale()),
                    Integer.toString(year),
                    Integer.toString(yearMonth.lengthOfMonth()));
        }
        return LocalDate.of(year, month, day);
    }

    /** A whole-number option within bounds. */
    int within(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw usage("option.range", option, Integer.toString(min), Integer.toString(max));
        }
        return value;
    }

    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");

    /** Prints the answer as JSON, or hands it to the text printer. */
    int report(JsonNode answer, java.util.function.Consumer<JsonNode> text) {
        if (json) {
            out().println(answer.toPrettyString());
        } else {
            text.accept(answer);
        }
        return WaarborgCli.OK;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "" : value.asString();
    }
}
