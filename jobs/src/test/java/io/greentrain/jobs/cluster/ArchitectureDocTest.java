package io.greentrain.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/architecture.md's table of module edges says what the poms say, for every module that exists. */
class ArchitectureDocTest {

    private static final Path DOC = ProjectFiles.ROOT.resolve("docs/architecture.md");
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `([a-z-]+)` \\| (.*) \\| (.*) \\|$");
    private static final Pattern BACKTICKED = Pattern.compile("`([a-z-]+)`");
    private static final Pattern MODULE = Pattern.compile("<module>([a-z-]+)</module>");
    private static final Pattern OUR_DEPENDENCY = Pattern.compile(
            "<dependency>\\s*(?:<!--.*?-->\\s*)?<groupId>io\\.greentrain</groupId>\\s*<artifactId>greentrain-([a-z-]+)</artifactId>",
            Pattern.DOTALL);
    private static final Pattern ALLOWED = Pattern.compile("<greentrain.allowedModules>(.*?)</greentrain.allowedModules>");

    /** Module name -> {what it depends on, what it may depend on}, as the doc's table writes them. */
    private static Map<String, List<Set<String>>> documentedEdges() {
        Map<String, List<Set<String>>> rows = new LinkedHashMap<>();
        ProjectFiles.lines(DOC).map(TABLE_ROW::matcher).filter(Matcher::matches).forEach(row ->
                rows.put(row.group(1), List.of(names(row.group(2)), names(row.group(3)))));
        return rows;
    }

    private static Set<String> names(String cell) {
        if (cell.equals("every module")) {
            return Set.of("*");
        }
        Set<String> names = new TreeSet<>();
        Matcher matcher = BACKTICKED.matcher(cell);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static String pom(String module) throws Exception {
        return Files.readString(ProjectFiles.ROOT.resolve(module).resolve("pom.xml"));
    }

    private static List<String> modules() throws Exception {
        List<String> modules = new ArrayList<>();
        Matcher matcher = MODULE.matcher(Files.readString(ProjectFiles.ROOT.resolve("pom.xml")));
        while (matcher.find()) {
            modules.add(matcher.group(1));
        }
        return modules;
    }

    @Test
    void listsEveryModuleWithTheModulesOfOursItsPomDeclares() throws Exception {
        Map<String, List<Set<String>>> documented = documentedEdges();

        for (String module : modules()) {
            assertThat(documented).as("a row for %s in %s", module, DOC).containsKey(module);
            Set<String> declared = new TreeSet<>();
            Matcher matcher = OUR_DEPENDENCY.matcher(pom(module));
            while (matcher.find()) {
                declared.add(matcher.group(1));
            }
            assertThat(documented.get(module).get(0)).as("%s's dependencies on our modules", module)
                    .containsExactlyInAnyOrderElementsOf(declared);
        }
    }

    @Test
    void givesEachModuleTheAllowedModulesItsPomEnforces() throws Exception {
        Map<String, List<Set<String>>> documented = documentedEdges();

        for (String module : modules()) {
            Matcher matcher = ALLOWED.matcher(pom(module));
            Set<String> allowed = matcher.find()
                    ? Pattern.compile(",").splitAsStream(matcher.group(1)).map(String::trim)
                            .map(pattern -> pattern.replace("io.greentrain:", "").replace("greentrain-", ""))
                            .collect(Collectors.toCollection(TreeSet::new))
                    : Set.of();
            assertThat(documented.get(module).get(1)).as("the modules %s may depend on", module)
                    .containsExactlyInAnyOrderElementsOf(allowed);
        }
    }
}
