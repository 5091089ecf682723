package nl.waarborg.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Windows launcher does what the bash one does: the same settings read, the same commands (both hand every
 * argument to the application, which owns the command list), the same JVM options for the server and the client, the
 * same build, the same release layout, and the application's exit code as its own.
 */
class LauncherScriptsTests {

    static final String BASH = read("waarborg");
    static final String CMD = read("waarborg.cmd");

    static String read(String name) {
        try {
            return Files.readString(Path.of(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Set<String> matches(String text, String regex) {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void bothReadTheSameSettings() {
        Set<String> bash = matches(BASH, "\\b(WAARBORG_[A-Z_]+)\\b");
        Set<String> cmd = matches(CMD, "\\b(WAARBORG_[A-Z_]+)\\b");
        assertThat(bash).containsExactly("WAARBORG_DATABASE_BINARIES", "WAARBORG_DATA_DIR", "WAARBORG_JAVA_OPTS");
        assertThat(cmd).isEqualTo(bash);
    }

    @Test
    void bothHandEveryArgumentToTheApplicationWithTheSameOptions() {
        assertThat(BASH).contains("exec java ${WAARBORG_JAVA_OPTS:-} -jar \"$JAR\" \"$@\"");
        assertThat(CMD).contains("java %WAARBORG_JAVA_OPTS% -jar \"%JAR%\" %*");
        assertThat(BASH).contains("exec java -XX:TieredStopAtLevel=1 -Xshare:auto -jar \"$JAR\" \"$@\"");
        assertThat(CMD).contains("java -XX:TieredStopAtLevel=1 -Xshare:auto -jar \"%JAR%\" %*");
        // Only serve is told apart; every other command is the application's to know.
        assertThat(matches(BASH, "= \"([a-z-]+)\" \\]")).containsExactly("serve");
        assertThat(matches(CMD, "\"%~1\"==\"([a-z-]+)\"")).containsExactly("serve");
        assertThat(CMD).contains("exit /b %ERRORLEVEL%");
    }

    @Test
    void bothBuildAndFindAReleaseAlike() {
        String flags = "-B -q -DskipTests -Dspotless.check.skip=true -Dmdep.skip=true -Dlicense.skipAddThirdParty=true"
                + " -Dassembly.skipAssembly=true";
        assertThat(BASH.replace("\\\n      ", "")).contains(flags);
        assertThat(CMD).contains(flags);
        assertThat(BASH)
                .contains("$ROOT/lib/waarborg.jar")
                .contains("$ROOT/lib/postgres")
                .contains("$ROOT/pom.xml");
        assertThat(CMD)
                .contains("%ROOT%\\lib\\waarborg.jar")
                .contains("%ROOT%\\lib\\postgres")
                .contains("%ROOT%\\pom.xml");
    }
}
