package io.greentrain.preprocessing.text.read;

import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * HTML to plain text that keeps block structure as line breaks (paragraphs, list items, table rows, headings,
 * {@code <br>}), drops scripts, styles, head and comments, and decodes entities. Whitespace inside a line is left for
 * the normaliser to collapse.
 */
public final class HtmlText {

    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3",
            "h4", "h5", "h6", "pre", "blockquote", "hr", "section", "article", "header", "footer", "dd", "dt", "dl",
            "title", "center", "form", "body");

    private HtmlText() {
    }

    /** The text of {@code html}. */
    public static String toText(String html) {
        Document document = Jsoup.parse(html);
        document.select("script, style, noscript, template, head").remove();
        StringBuilder out = new StringBuilder(html.length() / 2);
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode text) {
                    out.append(text.getWholeText().replace('\n', ' ').replace('\r', ' '));
                } else if (node instanceof Element element && isBlock(element)) {
                    newline(out);
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element && isBlock(element) && !element.normalName().equals("br")) {
                    newline(out);
                } else if (node instanceof Element element && element.normalName().equals("td")) {
                    out.append(' ');
                }
            }
        }, document);
        return out.toString().strip();
    }

    private static boolean isBlock(Element element) {
        return BLOCKS.contains(element.normalName());
    }

    private static void newline(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        } else if (out.length() > 0 && (out.length() < 2 || out.charAt(out.length() - 2) != '\n')) {
            out.append('\n');
        }
    }
}
