package nl.waarborg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The jar leaves out files named {@code package.html} (the archiver's default excludes, from the days of package
 * javadoc): a template of that name works in the tests, which read {@code target/classes}, and is missing from the
 * application. Found once in the demo; this keeps it from coming back.
 */
class TemplateNamesTests {

    @Test
    void noResourceIsNamedAsTheJarLeavesItOut() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources"))) {
            List<Path> excluded = files.filter(p -> p.getFileName().toString().equals("package.html"))
                    .toList();
            assertThat(excluded).as("renamed, or the jar will not hold them").isEmpty();
        }
    }
}
