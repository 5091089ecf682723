package nl.waarborg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every text exists in Dutch and in English: each bundle and its {@code _en} twin have the same keys. */
class MessageBundleTests {

    @Test
    void everyDutchTextHasAnEnglishOneAndTheOtherWayRound() throws IOException {
        Path dir = Path.of("src/main/resources/i18n");
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path dutch : files.filter(f -> f.toString().endsWith(".properties")
                            && !f.toString().endsWith("_en.properties"))
                    .sorted()
                    .toList()) {
                String name = dutch.getFileName().toString();
                Path english = dir.resolve(name.replace(".properties", "_en.properties"));
                assertThat(english).as("the English twin of " + name).exists();
                TreeSet<String> nl = keys(dutch);
                TreeSet<String> en = keys(english);
                for (String key : nl) {
                    if (!en.contains(key)) {
                        missing.add(english.getFileName() + " lacks " + key);
                    }
                }
                for (String key : en) {
                    if (!nl.contains(key)) {
                        missing.add(name + " lacks " + key);
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    private static TreeSet<String> keys(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return new TreeSet<>(p.stringPropertyNames());
    }
}
