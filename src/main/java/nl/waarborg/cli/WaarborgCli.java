package nl.waarborg.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./waarborg} command line. Exit codes: 0 success, 1 failed operation, 2 bad usage. */
@Command(
        name = "waarborg",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "Privacy operations for telecom, IT and alarm service providers.",
        commandListHeading = "%nCommands:%n",
        footer = {
            "",
            "Against a local server the CLI finds its credentials in the data folder (WAARBORG_DATA_DIR, default ./data).",
            "Against a remote server set WAARBORG_URL and WAARBORG_TOKEN.",
            "Exit codes: 0 success, 1 failed operation, 2 bad usage."
        },
        subcommands = {
            ServeCommand.class,
            StatusCommand.class,
            RegisterCommand.class,
            StatementCommand.class,
            SubjectCommand.class,
            IngestCommand.class,
            ConnectorsCommand.class,
            RetentionCommand.class,
            RequestCommand.class,
            ConsentCommand.class,
            BreachCommand.class,
            DisclosuresCommand.class,
            RecipientsCommand.class,
            KeysCommand.class,
            AdminCommand.class,
            AuditCommand.class
        })
public final class WaarborgCli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    final Map<String, String> env;
    final PrintStream out;
    final PrintStream err;
    final Messages messages;
    private ApiClient client;

    WaarborgCli(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.messages = Messages.of(env);
    }

    public static int run(String[] args) {
        return run(args, System.getenv(), System.out, System.err);
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        WaarborgCli root = new WaarborgCli(env, out, err);
        // The version provider needs the environment (the data folder, WAARBORG_URL) the CLI was started with.
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine cli = new CommandLine(root, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == VersionInfo.class ? type.cast(new VersionInfo(env)) : defaults.create(type);
            }
        });
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        // A usage error, found by picocli or by a command (ParameterException): the reason and where to read more,
        // not the whole usage text, which would push the reason off the screen.
        cli.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine command = ex.getCommandLine();
            err.println("waarborg: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, new PrintWriter(err, true));
            err.println(root.messages.get("usage.more", command.getCommandSpec().qualifiedName()));
            return USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof CliException failure) {
                if (jsonRequested(parseResult) && failure.problem() != null) {
                    out.println(failure.problem().toPrettyString());
                } else {
                    err.println("waarborg: " + failure.getMessage());
                }
                return failure.exitCode();
            }
            Throwable cause = ex instanceof java.io.UncheckedIOException unchecked ? unchecked.getCause() : ex;
            if (cause instanceof java.nio.file.FileSystemException fs && fs.getFile() != null) {
                // A file problem no command foresaw: still in words, never as the exception's name.
                err.println("waarborg: "
                        + InputFiles.failure(fs.getFile(), fs, root.messages).getMessage());
                return FAILED;
            }
            err.println("waarborg: "
                    + root.messages.get(
                            "error.unexpected",
                            ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage())));
            return FAILED;
        });
        if (args.length == 0) {
            cli.usage(out);
            return USAGE;
        }
        return cli.execute(args);
    }

    private static boolean jsonRequested(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult leaf = parseResult;
        while (leaf.subcommand() != null) {
            leaf = leaf.subcommand();
        }
        return leaf.hasMatchedOption("--json");
    }

    ApiClient client() {
        if (client == null) {
            client = ApiClient.fromEnvironment(env);
        }
        return client;
    }
}
