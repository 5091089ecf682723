package nl.waarborg;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(WaarborgApplication.class);

    /**
     * The module picture: each module and the modules it may use. A new dependency is a decision, made here; a
     * dependency that went away is taken out here too, so this map always reads as the real picture.
     */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("errors", Set.of()),
            Map.entry("documents", Set.of()),
            Map.entry("web", Set.of("errors")),
            Map.entry("database", Set.of("web")),
            Map.entry("scheduling", Set.of("web")),
            Map.entry("audit", Set.of("web")),
            Map.entry("security", Set.of("audit", "errors", "web")),
            Map.entry("register", Set.of("audit", "errors", "web", "mail", "documents")),
            Map.entry("statement", Set.of("register", "security", "audit", "errors", "web", "documents")),
            Map.entry("subjects", Set.of("register", "audit", "errors", "web")),
            Map.entry("traffic", Set.of("subjects", "register", "audit", "errors")),
            Map.entry("connectors", Set.of("subjects", "register", "audit", "errors", "web")),
            Map.entry("cli", Set.of("errors", "database")),
            Map.entry("retention", Set.of("subjects", "register", "audit", "errors", "web")),
            Map.entry(
                    "requests",
                    Set.of(
                            "subjects",
                            "register",
                            "retention",
                            "consent",
                            "disclosures",
                            "audit",
                            "errors",
                            "web",
                            "mail",
                            "documents")),
            Map.entry("consent", Set.of("subjects", "register", "audit", "errors", "web", "mail")),
            Map.entry("breaches", Set.of("subjects", "register", "audit", "errors", "web", "mail", "documents")),
            Map.entry(
                    "disclosures", Set.of("subjects", "register", "retention", "audit", "errors", "web", "documents")),
            Map.entry("mail", Set.of("audit", "errors", "web")));

    @Test
    void modulesHaveNoCyclesAndUseOnlyEachOthersApi() {
        modules.verify();
    }

    @Test
    void eachModuleDependsOnExactlyTheModulesItIsAllowed() {
        Map<String, Set<String>> actual = new TreeMap<>();
        for (ApplicationModule module : modules) {
            actual.put(
                    module.getIdentifier().toString(),
                    module.getDirectDependencies(modules)
                            .uniqueModules()
                            .map(m -> m.getIdentifier().toString())
                            .collect(Collectors.toCollection(TreeSet::new)));
        }
        Map<String, Set<String>> allowed = new TreeMap<>();
        ALLOWED.forEach((module, dependencies) -> allowed.put(module, new TreeSet<>(dependencies)));
        assertThat(actual).isEqualTo(allowed);
    }

    /**
     * Domain code knows nothing of the web: it throws its own module's exceptions, which each module's web layer
     * turns into problem+json, and contributes console menus and dashboard tiles from its {@code web} package.
     */
    @Test
    void noTypeOfAWebPackageIsUsedOutsideWebPackages() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("nl.waarborg");
        noClasses()
                .that()
                .resideOutsideOfPackage("..web..")
                .and()
                .resideOutsideOfPackage("nl.waarborg")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("nl.waarborg..web..")
                .because("web types (ApiProblem, Problems, menus, tiles) belong to the web layer only")
                .check(classes);
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(modules).writeDocumentation().writeIndividualModulesAsPlantUml();
    }
}
