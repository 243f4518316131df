package io.greentrain.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greentrain.jobs.Job;
import io.greentrain.jobs.RunLayout;
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
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * scripts/oozie/: the workflow and coordinator validate against the XSDs in Oozie's own client jar,
 * and every Spark action's command line, with job.properties' values, passes the jobs' parsers.
 */
class OozieFilesTest {

    private static final Path OOZIE = ProjectFiles.SCRIPTS.resolve("oozie");
    private static final String WORKFLOW_NS = "uri:oozie:workflow:1.0";
    private static final String SPARK_NS = "uri:oozie:spark-action:1.0";
    private static final Pattern PARAMETER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_.]*)}");
    private static final List<String> STEP_ORDER =
            List.of("clean", "convert", "train", "evaluate", "ledger-verify", "ledger-report");

    @Test
    void workflowIsValidAgainstOoziesWorkflowAndSparkActionSchemas() throws Exception {
        workflowSchema().newValidator().validate(new StreamSource(OOZIE.resolve("workflow.xml").toFile()));
    }

    @Test
    void theSchemasRejectASparkActionWithoutItsRequiredMaster() throws Exception {
        String broken = Files.readString(OOZIE.resolve("workflow.xml")).replaceFirst("<master>\\$\\{sparkMaster}</master>", "");

        assertThatThrownBy(() -> workflowSchema().newValidator().validate(new StreamSource(new StringReader(broken))))
                .isInstanceOf(SAXException.class).hasMessageContaining("master");
    }

    @Test
    void coordinatorIsValidAgainstOoziesCoordinatorSchema() throws Exception {
        schema("oozie-coordinator-0.5.xsd").newValidator().validate(new StreamSource(OOZIE.resolve("coordinator.xml").toFile()));
    }

    @Test
    void actionsRunTheStepsInOrderRetryAndEndInTheKillNodeOnError() throws Exception {
        Document workflow = parse(OOZIE.resolve("workflow.xml"));
        Element start = (Element) workflow.getElementsByTagNameNS(WORKFLOW_NS, "start").item(0);
        assertThat(start.getAttribute("to")).isEqualTo(STEP_ORDER.get(0));

        List<Element> actions = elements(workflow.getDocumentElement(), WORKFLOW_NS, "action");
        assertThat(actions).extracting(a -> a.getAttribute("name")).containsExactlyElementsOf(STEP_ORDER);
        for (int i = 0; i < actions.size(); i++) {
            Element action = actions.get(i);
            String next = i + 1 < actions.size() ? STEP_ORDER.get(i + 1) : "end";
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

    @Test
    void everyActionRunsAnExistingClassWithArgumentsTheJobsAccept() throws Exception {
        Map<String, String> values = jobProperties();
        String output = values.get("output");
        for (Element action : elements(parse(OOZIE.resolve("workflow.xml")).getDocumentElement(), WORKFLOW_NS, "action")) {
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
                RunLayout layout = JobCommandLines.layoutOf(step,
                        ProjectFiles.CLUSTER_CONF.resolve("jobs/ames-yarn-hdfs.conf").toString());
                assertThat(layout.outputDir()).as(name).isEqualTo(output);
            }
            for (Element file : elements(spark, SPARK_NS, "file")) {
                String shipped = substitute(file.getTextContent(), values);
                String local = shipped.substring(values.get("clusterConfDir").length() + 1, shipped.indexOf('#'));
                assertThat(ProjectFiles.CLUSTER_CONF.resolve(local)).as("%s ships %s", name, shipped).isRegularFile();
            }
        }
    }

    @Test
    void jobPropertiesSetEveryParameterWithoutADefault() throws Exception {
        Map<String, String> values = jobProperties();
        for (String file : List.of("workflow.xml", "coordinator.xml")) {
            Document document = parse(OOZIE.resolve(file));
            NodeList properties = document.getDocumentElement().getElementsByTagNameNS("*", "parameters");
            List<Element> declared = elements((Element) properties.item(0), document.getDocumentElement().getNamespaceURI(), "property");
            assertThat(declared).as("parameters of %s", file).isNotEmpty();
            for (Element property : declared) {
                String name = property.getElementsByTagNameNS("*", "name").item(0).getTextContent();
                boolean hasDefault = property.getElementsByTagNameNS("*", "value").getLength() > 0;
                if (!hasDefault) {
                    assertThat(values).as("job.properties sets %s (%s)", name, file).containsKey(name);
                }
            }
        }
    }

    /** job.properties, with ${...} references between its values resolved as Oozie resolves them. */
    private static Map<String, String> jobProperties() throws IOException {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(OOZIE.resolve("job.properties"))) {
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
