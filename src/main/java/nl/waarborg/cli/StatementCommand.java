package nl.waarborg.cli;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "statement",
        mixinStandardHelpOptions = true,
        description = "The privacy statement generated from the register.",
        subcommands = {StatementCommand.Render.class, StatementCommand.Import.class, StatementCommand.Versions.class})
class StatementCommand {

    @Command(
            name = "render",
            mixinStandardHelpOptions = true,
            description = "Render the statement in force, or a given version, as HTML, Markdown, PDF or text.")
    static class Render extends ClientCommand {
        @Option(names = "--lang", defaultValue = "nl", description = "nl (default) or en.")
        String lang;

        @Option(names = "--format", defaultValue = "html", description = "html (default), md, pdf or txt.")
        String format;

        @Option(names = "--version", description = "A statement version; the one in force when left out.")
        Integer version;

        @Option(names = "--out", description = "Write to this file instead of standard output.")
        Path out;

        @Override
        public Integer call() throws IOException {
            String path = "/api/v1/statement?lang=" + enc(lang) + "&format=" + enc(format)
                    + (version == null ? "" : "&version=" + version);
            byte[] content = api().getBytes(path);
            if (out != null) {
                InputFiles.write(out, content, messages());
                cli().err.println("Written " + content.length + " bytes to " + out);
            } else {
                out().write(content);
                out().flush();
            }
            return WaarborgCli.OK;
        }
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = {
                "Read an existing privacy statement (Word .docx, PDF, a web page, Markdown, or text with a"
                        + " tab-separated table or lists) and print a register YAML draft.",
                "Warnings go to standard error; nothing is stored. The format is told by the content."
            })
    static class Import extends ClientCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The statement to read.")
        Path file;

        @picocli.CommandLine.Option(
                names = "--url",
                paramLabel = "URL",
                description = "Read the statement from the provider's web page (https) instead of a file.")
        String url;

        @Override
        public Integer call() {
            if ((file == null) == (url == null)) {
                throw usage("statement.import.oneSource");
            }
            byte[] body = url != null ? WebPage.fetch(url, messages()) : read(file);
            var result = api().postBytes("/api/v1/statement/import", "application/octet-stream", body);
            return report(result, r -> {
                out().print(text(r, "yaml"));
                r.path("warnings")
                        .forEach(w -> cli().err
                                .println("warning: "
                                        + (w.path("line").asInt() > 0
                                                ? "line " + w.path("line").asInt() + ": "
                                                : "")
                                        + text(w, "field") + ": " + text(w, "message")));
                cli().err
                        .println("Read as " + text(r, "format") + ": " + text(r, "services") + " services, "
                                + text(r, "categories") + " categories, "
                                + r.path("warnings").size() + " warnings.");
            });
        }

        /** A Word document or PDF as it is; anything else must be UTF-8 text, checked before it is sent. */
        private byte[] read(Path path) {
            byte[] bytes = InputFiles.read(path, messages());
            boolean binary = bytes.length >= 5
                    && ((bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4)
                            || new String(bytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("%PDF-"));
            return binary ? bytes : InputFiles.readText(path, messages());
        }
    }

    @Command(name = "versions", mixinStandardHelpOptions = true, description = "List the statement's versions.")
    static class Versions extends ClientCommand {
        @Override
        public Integer call() {
            var versions = api().get("/api/v1/statement/versions");
            return report(versions, list -> {
                Table table = new Table("VERSION", "IN FORCE FROM", "REGISTER VERSION", "HASH");
                list.forEach(v -> table.row(
                        text(v, "number"),
                        text(v, "effectiveFrom"),
                        text(v, "registerVersion"),
                        text(v, "contentHash").substring(0, 12)));
                table.print(out());
            });
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
