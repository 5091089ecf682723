package nl.waarborg.cli;

import picocli.CommandLine.Option;

/** {@code -h/--help} without picocli's standard {@code --version}, for commands whose {@code --version} names a register version. */
final class HelpOnly {
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;
}
