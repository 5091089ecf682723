package nl.waarborg;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nl.waarborg.cli.WaarborgCli;
import nl.waarborg.database.DatabaseStartCheck;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * One entry point for the server and the command-line client: {@code serve} starts the server, every other command
 * is a client of a running server's API.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WaarborgApplication {

    public static void main(String[] args) {
        boolean help =
                Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h");
        if (args.length > 0 && args[0].equals("serve") && !help) {
            serve(Arrays.copyOfRange(args, 1, args.length));
        } else {
            System.exit(WaarborgCli.run(args));
        }
    }

    static void serve(String[] args) {
        List<String> springArgs = new ArrayList<>();
        for (String arg : args) {
            springArgs.add(arg.equals("--demo") ? "--waarborg.demo.enabled=true" : arg);
        }
        chooseLogFormat(System.getenv("WAARBORG_LOG_FORMAT"), System.console() != null);
        SpringApplication app = new SpringApplication(WaarborgApplication.class);
        app.addListeners(new DatabaseStartCheck());
        app.run(springArgs.toArray(String[]::new));
    }

    /**
     * Readable lines for a person at a terminal, JSON (ECS) for a log collector: {@code WAARBORG_LOG_FORMAT} ({@code
     * text}, {@code ecs}, {@code logstash}, {@code gelf}) decides, else whether standard input and output are a
     * terminal. A {@code logging.structured.format.console} given explicitly wins over both.
     */
    static void chooseLogFormat(String requested, boolean terminal) {
        String key = "logging.structured.format.console";
        if (System.getProperty(key) != null) {
            return;
        }
        String format = requested == null || requested.isBlank() ? (terminal ? "text" : "ecs") : requested.strip();
        System.setProperty(key, format.equals("text") ? "nl.waarborg.web.ReadableLogFormatter" : format);
    }

    /** All time logic reads this clock, so tests can pin it to month ends, leap days and DST changes. */
    @Bean
    Clock clock() {
        return Clock.system(ZoneId.of("Europe/Amsterdam"));
    }
}
