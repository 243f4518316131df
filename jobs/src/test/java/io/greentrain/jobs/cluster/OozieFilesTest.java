package io.greentrain.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greentrain.jobs.Job;
import io.greentrain.jobs.RunLayout;
import io.greentrain.jobs.config.JobConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * scripts/oozie/: every workflow ({@code *workflow.xml}: the tabular and the text-corpus pipeline)
 * and the coordinator validate against the XSDs in Oozie's own client jar, and every Spark action's
 * command line, with the values of the workflow's properties file ({@code workflow.xml} with
 * {@code job.properties}, {@code X-workflow.xml} with {@code X-job.properties}), passes the jobs'
 * parsers and configuration loader.
 */
class OozieFilesTest {

    private static final Path OOZIE = ProjectFiles.SCRIPTS.resolve("oozie");
    private static final String WORKFLOW_NS = "uri:oozie:workflow:1.0";
    private static final String SPARK_NS = "uri:oozie:spark-action:1.0";
    private static final String COORDINATOR_NS = "uri:oozie:coordinator:0.5";
    private static final Pattern PARAMETER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_.]*)}");
    private static final String WORKFLOW_SUFFIX = "workflow.xml";
    /** The actions each workflow file must run, in order; a workflow file not listed here fails the tests. */
    private static final Map<String, List<String>> STEP_ORDERS = Map.of(
            "workflow.xml", List.of("clean", "convert", "train", "evaluate", "ledger-verify", "ledger-report"),
            "text-workflow.xml", List.of("text-clean", "text-prepare", "text-train", "ledger-verify", "ledger-report"));
    /** Where the checked-in job configurations that the properties files upload live. */
    private static final List<Path> JOB_CONFIG_DIRS =
            List.of(ProjectFiles.CLUSTER_CONF.resolve("jobs"), ProjectFiles.ROOT.resolve("data/text"));

    /** A workflow file, the properties file that runs it, and the actions it must run in order. */
    record Workflow(Path file, Path properties, List<String> steps) {

        @Override
        public String toString() {
            return file.getFileName().toString();
        }
    }

    /** Every {@code *workflow.xml} under scripts/oozie/, with its properties file. */
    static List<Workflow> workflows() {
        return ProjectFiles.list(OOZIE, "*" + WORKFLOW_SUFFIX).stream().map(file -> {
            String name = file.getFileName().toString();
            assertThat(STEP_ORDERS).as("the steps %s must run (add them to this test)", name).containsKey(name);
            String prefix = name.substring(0, name.length() - WORKFLOW_SUFFIX.length());
            return new Workflow(file, OOZIE.resolve(prefix + "job.properties"), STEP_ORDERS.get(name));
        }).toList();
    }

    @Test
    void findsTheTabularAndTheTextWorkflowEachWithItsProperties() {
        assertThat(workflows()).extracting(Workflow::toString).containsExactlyInAnyOrder("workflow.xml", "text-workflow.xml");
        assertThat(workflows()).allSatisfy(w -> assertThat(w.properties()).isRegularFile());
    }

    @ParameterizedTest
    @MethodSource("workflows")
    void workflowIsValidAgainstOoziesWorkflowAndSparkActionSchemas(Workflow workflow) throws Exception {
        workflowSchema().newValidator().validate(new StreamSource(workflow.file().toFile()));
    }

    @ParameterizedTest
    @MethodSource("workflows")
    void theSchemasRejectASparkActionWithoutItsRequiredMaster(Workflow workflow) throws Exception {
        String broken = Files.readString(workflow.file()).replaceFirst("<master>\\$\\{sparkMaster}</master>", "");

        assertThatThrownBy(() -> workflowSchema().newValidator().validate(new StreamSource(new StringReader(broken))))
                .isInstanceOf(SAXException.class).hasMessageContaining("master");
    }

    @Test
    void coordinatorIsValidAgainstOoziesCoordinatorSchema() throws Exception {
        schema("oozie-coordinator-0.5.xsd").newValidator().validate(new StreamSource(OOZIE.resolve("coordinator.xml").toFile()));
    }

    @ParameterizedTest
    @MethodSource("workflows")
    void actionsRunTheStepsInOrderRetryAndEndInTheKillNodeOnError(Workflow files) throws Exception {
        List<String> stepOrder = files.steps();
        Document workflow = parse(files.file());
        Element start = (Element) workflow.getElementsByTagNameNS(WORKFLOW_NS, "start").item(0);
        assertThat(start.getAttribute("to")).isEqualTo(stepOrder.get(0));

        List<Element> actions = elements(workflow.getDocumentElement(), WORKFLOW_NS, "action");
        assertThat(actions).extracting(a -> a.getAttribute("name")).containsExactlyElementsOf(stepOrder);
        for (int i = 0; i < actions.size(); i++) {
            Element action = actions.get(i);
            String next = i + 1 < actions.size() ? stepOrder.get(i + 1) : "end";
            assertThat(child(action, WORKFLOW_NS, "ok").getAttribute("to")).as(action.getAttribute("name")).isEqualTo(next);
            assertThat(child(action, WORKFLOW_NS, "error").getAttribute("to")).as(action.getAttribute("name")).isEqualTo("fail");
            int retries = Integer.parseInt(action.getAttribute("retry-max"));
            if (action.getAttribute("name").equals("ledger-verify")) {
                assertThat(retries).isZero();
            } else {
                assertThat(retries).as(action.getAttribute("name")).isPositive();
                assertThat(Integer.parseInt(action.getAttribute("retry-interval"))).as(action.getAttribute("name")).isPositive();
            }
        }
        Element kill = (Element) workflow.getElementsByTagNameNS(WORKFLOW_NS, "kill").item(0);
        assertThat(kill.getAttribute("name")).isEqualTo("fail");
        assertThat(child(kill, WORKFLOW_NS, "message").getTextContent()).contains("${wf:lastErrorNode()}", "${wf:errorMessage(");
    }

    @ParameterizedTest
    @MethodSource("workflows")
    void everyActionRunsAnExistingClassWithArgumentsTheJobsAccept(Workflow workflow) throws Exception {
        Map<String, String> values = jobProperties(workflow.properties());
        String output = values.get("output");
        String jobConfig = localJobConfig(values.get("jobConfig"));
        for (Element action : elements(parse(workflow.file()).getDocumentElement(), WORKFLOW_NS, "action")) {
            Element spark = child(action, SPARK_NS, "spark");
            Class.forName(child(spark, SPARK_NS, "class").getTextContent().trim());
            List<String> args = elements(spark, SPARK_NS, "arg").stream().map(a -> substitute(a.getTextContent(), values)).toList();
            String name = action.getAttribute("name");
            if (name.startsWith("ledger-")) {
                assertThat(Job.fromCliName(args.get(0))).isEqualTo(Job.LEDGER);
                String ledger = new RunLayout(output).ledger();
                assertThat(args).as(name).isEqualTo(name.equals("ledger-verify")
                        ? List.of("ledger", "verify", ledger)
                        : List.of("ledger", "report", ledger, "--out", output + "/report"));
            } else {
                JobCommandLines.StepCommand step = JobCommandLines.parseStep(args);
                assertThat(step.job().cliName()).isEqualTo(name);
                // The step loads the checked-in job configuration that the properties file uploads.
                JobConfig config = JobCommandLines.configOf(step, jobConfig);
                assertThat(config.outputDir()).as(name).isEqualTo(output);
                boolean first = name.equals(workflow.steps().get(0));
                assertThat(step.arguments().inputs()).as("inputs of %s", name).isEqualTo(first ? List.of(values.get("input")) : List.of());
                if (first) {
                    assertThat(config.requireInputPaths()).as(name).containsExactly(values.get("input"));
                }
            }
            for (Element file : elements(spark, SPARK_NS, "file")) {
                String shipped = substitute(file.getTextContent(), values);
                String local = shipped.substring(values.get("clusterConfDir").length() + 1, shipped.indexOf('#'));
                assertThat(ProjectFiles.CLUSTER_CONF.resolve(local)).as("%s ships %s", name, shipped).isRegularFile();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("workflows")
    void propertiesRunTheirOwnWorkflowOnceOrDailyThroughTheCoordinator(Workflow workflow) throws Exception {
        Map<String, String> values = jobProperties(workflow.properties());
        String path = "/" + workflow.file().getFileName();
        assertThat(values.get("oozie.wf.application.path")).endsWith(path);
        assertThat(values.get("workflowPath")).endsWith(path);

        // The coordinator hands each run the properties it sets; the workflow must declare them.
        Element coordinatorAction = child(parse(OOZIE.resolve("coordinator.xml")).getDocumentElement(), COORDINATOR_NS, "action");
        List<String> handed = new ArrayList<>();
        NodeList names = child(child(coordinatorAction, COORDINATOR_NS, "workflow"), COORDINATOR_NS, "configuration")
                .getElementsByTagNameNS(COORDINATOR_NS, "name");
        for (int i = 0; i < names.getLength(); i++) {
            handed.add(names.item(i).getTextContent().trim());
        }
        assertThat(handed).containsExactlyInAnyOrder("input", "output");
        assertThat(parameterNames(parse(workflow.file()))).as("parameters of %s", workflow).containsAll(handed);
    }

    @ParameterizedTest
    @MethodSource("workflows")
    void jobPropertiesSetEveryParameterWithoutADefault(Workflow workflow) throws Exception {
        Map<String, String> values = jobProperties(workflow.properties());
        for (Path file : List.of(workflow.file(), OOZIE.resolve("coordinator.xml"))) {
            Document document = parse(file);
            NodeList properties = document.getDocumentElement().getElementsByTagNameNS("*", "parameters");
            List<Element> declared = elements((Element) properties.item(0), document.getDocumentElement().getNamespaceURI(), "property");
            assertThat(declared).as("parameters of %s", file).isNotEmpty();
            for (Element property : declared) {
                String name = property.getElementsByTagNameNS("*", "name").item(0).getTextContent();
                boolean hasDefault = property.getElementsByTagNameNS("*", "value").getLength() > 0;
                if (!hasDefault) {
                    assertThat(values).as("%s sets %s (%s)", workflow.properties().getFileName(), name, file.getFileName())
                            .containsKey(name);
                }
            }
        }
    }

    private static List<String> parameterNames(Document document) {
        Element parameters = (Element) document.getDocumentElement().getElementsByTagNameNS("*", "parameters").item(0);
        return elements(parameters, document.getDocumentElement().getNamespaceURI(), "property").stream()
                .map(p -> p.getElementsByTagNameNS("*", "name").item(0).getTextContent().trim()).toList();
    }

    /** The checked-in file an HDFS job configuration was uploaded from (by file name; exactly one must match). */
    private static String localJobConfig(String uploaded) {
        String name = uploaded.substring(uploaded.lastIndexOf('/') + 1);
        List<Path> matches = JOB_CONFIG_DIRS.stream().map(dir -> dir.resolve(name)).filter(Files::isRegularFile).toList();
        assertThat(matches).as("the checked-in job configuration %s in %s", name, JOB_CONFIG_DIRS).hasSize(1);
        return matches.get(0).toString();
    }

    /** A job.properties file, with ${...} references between its values resolved as Oozie resolves them. */
    private static Map<String, String> jobProperties(Path file) throws IOException {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, String> raw = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(k -> raw.put(k, properties.getProperty(k)));
        Map<String, String> resolved = new LinkedHashMap<>();
        raw.forEach((k, v) -> resolved.put(k, substitute(v, raw)));
        return resolved;
    }

    /** {@code text} with every ${name} replaced from {@code values}, repeatedly; fails on a name that has no value. */
    private static String substitute(String text, Map<String, String> values) {
        String result = text.trim();
        for (int round = 0; round < 10; round++) {
            Matcher matcher = PARAMETER.matcher(result);
            if (!matcher.find()) {
                return result;
            }
            StringBuilder out = new StringBuilder();
            matcher.reset();
            while (matcher.find()) {
                String value = values.get(matcher.group(1));
                assertThat(value).as("value of ${%s} in '%s'", matcher.group(1), text).isNotNull();
                matcher.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            matcher.appendTail(out);
            result = out.toString();
        }
        throw new AssertionError("parameters nest too deep in " + text);
    }

    private static Schema workflowSchema() throws SAXException {
        return schema("oozie-workflow-1.0.xsd", "spark-action-1.0.xsd");
    }

    /** A schema of XSDs read from Oozie's client jar (their includes resolve inside the jar). */
    private static Schema schema(String... resources) throws SAXException {
        List<Source> sources = new ArrayList<>();
        for (String resource : resources) {
            URL url = OozieFilesTest.class.getClassLoader().getResource(resource);
            assertThat(url).as("%s in oozie-client's jar", resource).isNotNull();
            sources.add(new StreamSource(url.toExternalForm()));
        }
        return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(sources.toArray(Source[]::new));
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        try (InputStream in = Files.newInputStream(file)) {
            return factory.newDocumentBuilder().parse(in);
        }
    }

    private static List<Element> elements(Element parent, String namespace, String name) {
        List<Element> children = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getLocalName()) && namespace.equals(element.getNamespaceURI())) {
                children.add(element);
            }
        }
        return children;
    }

    private static Element child(Element parent, String namespace, String name) {
        List<Element> children = elements(parent, namespace, name);
        assertThat(children).as("<%s> in <%s %s>", name, parent.getLocalName(), parent.getAttribute("name")).hasSize(1);
        return children.get(0);
    }
}
