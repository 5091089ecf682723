package nl.waarborg.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The build's choice of PostgreSQL binaries, for every operating system and architecture as the JVM names them:
 * exactly one profile of {@code pom.xml} activates on a supported machine, and it brings that machine's artifact;
 * none on another. The activation is evaluated as Maven's {@code <os>} activation does (name and arch compared
 * without case, family {@code mac} and {@code windows} by the name). The release unpacks every supported one.
 */
class PlatformProfilesTests {

    static Document pom;

    @BeforeAll
    static void read() throws Exception {
        pom = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(Path.of("pom.xml").toFile());
    }

    record Profile(String id, String name, String family, String arch, String artifact) {
        boolean activeOn(String osName, String osArch) {
            String os = osName.toLowerCase(Locale.ROOT);
            boolean nameMatches = name == null || os.equals(name.toLowerCase(Locale.ROOT));
            boolean familyMatches = family == null
                    || switch (family) {
                        case "mac" -> os.contains("mac");
                        case "windows" -> os.contains("windows");
                        case "unix" -> !os.contains("windows") && !os.contains("mac");
                        default -> false;
                    };
            boolean archMatches = arch == null || osArch.equalsIgnoreCase(arch);
            return nameMatches && familyMatches && archMatches;
        }
    }

    static List<Profile> profiles() {
        List<Profile> profiles = new ArrayList<>();
        NodeList nodes = pom.getElementsByTagName("profile");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element p = (Element) nodes.item(i);
            NodeList os = p.getElementsByTagName("os");
            if (os.getLength() == 0) {
                continue;
            }
            Element o = (Element) os.item(0);
            profiles.add(new Profile(
                    text(p, "id"), text(o, "name"), text(o, "family"), text(o, "arch"), text(p, "artifactId")));
        }
        return profiles;
    }

    static String text(Element e, String tag) {
        NodeList n = e.getElementsByTagName(tag);
        return n.getLength() == 0 ? null : n.item(0).getTextContent().strip();
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({
        "Linux, amd64",
        "Linux, aarch64",
        "Mac OS X, x86_64",
        "Mac OS X, aarch64",
        "Windows 11, amd64",
        "Windows Server 2022, amd64"
    })
    void aSupportedMachineGetsExactlyItsOwnBinaries(String osName, String osArch) {
        List<Profile> active =
                profiles().stream().filter(p -> p.activeOn(osName, osArch)).toList();
        assertThat(active).hasSize(1);
        assertThat(active.get(0).artifact())
                .isEqualTo(PostgresPlatform.of(osName, osArch).artifact());
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({"Linux, ppc64le", "Linux, s390x", "SunOS, sparcv9", "Windows 11, aarch64", "FreeBSD, amd64"})
    void anotherMachineGetsNone(String osName, String osArch) {
        assertThat(profiles().stream().filter(p -> p.activeOn(osName, osArch))).isEmpty();
        assertThat(PostgresPlatform.of(osName, osArch).supported()).isFalse();
    }

    @Test
    void theReleaseCarriesEverySupportedPlatform() {
        List<String> unpacked = new ArrayList<>();
        NodeList items = pom.getElementsByTagName("artifactItem");
        for (int i = 0; i < items.getLength(); i++) {
            unpacked.add(text((Element) items.item(i), "artifactId"));
        }
        assertThat(unpacked)
                .containsExactlyInAnyOrderElementsOf(PostgresPlatform.SUPPORTED.stream()
                        .map(PostgresPlatform::artifact)
                        .toList());
        assertThat(profiles()).extracting(Profile::artifact).containsExactlyInAnyOrderElementsOf(unpacked);
    }
}
