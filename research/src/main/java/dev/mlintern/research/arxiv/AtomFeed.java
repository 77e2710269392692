package dev.mlintern.research.arxiv;

import dev.mlintern.research.paper.Paper;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * One page of the arXiv query API's Atom feed: the papers, the total the query matched and the
 * start index. An API error comes back as a single entry titled "Error" whose summary says what was
 * wrong; {@link #error()} holds it.
 */
public record AtomFeed(List<Paper> papers, int totalResults, int startIndex, String error) {
  static final String ATOM = "http://www.w3.org/2005/Atom";
  static final String OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/";
  static final String ARXIV = "http://arxiv.org/schemas/atom";

  public AtomFeed {
    papers = List.copyOf(papers);
  }

  /** Parses a feed; returns null when the bytes are not an Atom feed at all. */
  static AtomFeed parse(byte[] xml) {
    Document doc;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    } catch (Exception e) {
      return null;
    }
    Element feed = doc.getDocumentElement();
    if (feed == null || !"feed".equals(feed.getLocalName())) {
      return null;
    }
    int total = number(child(feed, OPENSEARCH, "totalResults"));
    int start = number(child(feed, OPENSEARCH, "startIndex"));
    List<Paper> papers = new ArrayList<>();
    String error = null;
    NodeList entries = feed.getElementsByTagNameNS(ATOM, "entry");
    for (int i = 0; i < entries.getLength(); i++) {
      Element entry = (Element) entries.item(i);
      String id = text(child(entry, ATOM, "id"));
      String title = text(child(entry, ATOM, "title"));
      if (id.contains("/api/errors") || "Error".equals(title)) {
        error = text(child(entry, ATOM, "summary"));
        continue;
      }
      papers.add(toPaper(entry, id, title));
    }
    return new AtomFeed(papers, total, start, error);
  }

  private static Paper toPaper(Element entry, String id, String title) {
    String arxivId = id.replaceFirst("^https?://arxiv\\.org/abs/", "");
    List<String> authors = new ArrayList<>();
    NodeList names = entry.getElementsByTagNameNS(ATOM, "author");
    for (int i = 0; i < names.getLength(); i++) {
      authors.add(text(child((Element) names.item(i), ATOM, "name")));
    }
    String published = text(child(entry, ATOM, "published"));
    Integer year = published.length() >= 4 ? Integer.valueOf(published.substring(0, 4)) : null;
    String doi = text(child(entry, ARXIV, "doi"));
    return new Paper(
        arxivId,
        null,
        doi.isEmpty() ? null : doi,
        title,
        text(child(entry, ATOM, "summary")),
        authors,
        year,
        published,
        null,
        null,
        "https://arxiv.org/abs/" + arxivId);
  }

  private static Element child(Element parent, String ns, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e
          && name.equals(e.getLocalName())
          && ns.equals(e.getNamespaceURI())) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element element) {
    return element == null ? "" : element.getTextContent().strip().replaceAll("\\s+", " ");
  }

  private static int number(Element element) {
    try {
      return element == null ? 0 : Integer.parseInt(text(element));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
