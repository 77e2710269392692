package dev.mlintern.research.paper;

import dev.mlintern.research.ResearchException;
import dev.mlintern.research.ResearchException.Kind;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A paper identifier in any form a user or model types: an arXiv id (new style {@code
 * 2104.12255v1}, old style {@code astro-ph/0601001}, with an {@code arxiv:} prefix or as an
 * arxiv.org / huggingface.co/papers URL), a Semantic Scholar id (40 hex), {@code CorpusId:N} or
 * {@code DOI:…}. {@link #parse} rejects anything else with a message that shows the accepted forms.
 */
public record PaperId(Kind kind, String value) {
  /** Which namespace the value lives in. */
  public enum Kind {
    ARXIV,
    S2,
    CORPUS,
    DOI
  }

  private static final Pattern NEW_ARXIV = Pattern.compile("\\d{4}\\.\\d{4,5}(v\\d+)?");
  private static final Pattern OLD_ARXIV =
      Pattern.compile("[a-z][a-z\\-]*(\\.[A-Z]{2})?/\\d{7}(v\\d+)?");
  private static final Pattern URL_ARXIV =
      Pattern.compile(
          "(?i)https?://(?:www\\.|export\\.)?(?:arxiv\\.org/(?:abs|pdf|html)|huggingface\\.co/papers)/([^?#]+?)(?:\\.pdf)?/?(?:[?#].*)?");
  private static final Pattern S2_HEX = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern VERSION = Pattern.compile("v\\d+$");

  public static PaperId parse(String raw) {
    String text = raw == null ? "" : raw.strip();
    Matcher url = URL_ARXIV.matcher(text);
    if (url.matches()) {
      text = url.group(1);
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith("arxiv:")) {
      text = text.substring(6).strip();
    } else if (lower.startsWith("s2:")) {
      text = text.substring(3).strip().toLowerCase(Locale.ROOT);
    } else if (lower.startsWith("corpusid:")) {
      String n = text.substring(9).strip();
      if (n.matches("\\d+")) {
        return new PaperId(Kind.CORPUS, n);
      }
    } else if (lower.startsWith("doi:")) {
      String doi = text.substring(4).strip();
      if (doi.startsWith("10.") && doi.contains("/")) {
        return new PaperId(Kind.DOI, doi);
      }
    } else if (lower.startsWith("10.") && text.contains("/")) {
      return new PaperId(Kind.DOI, text);
    }
    if (NEW_ARXIV.matcher(text).matches() || OLD_ARXIV.matcher(text).matches()) {
      return new PaperId(Kind.ARXIV, text);
    }
    if (S2_HEX.matcher(text.toLowerCase(Locale.ROOT)).matches()) {
      return new PaperId(Kind.S2, text.toLowerCase(Locale.ROOT));
    }
    throw new ResearchException(
        ResearchException.Kind.BAD_REQUEST,
        "'"
            + raw
            + "' is not a paper id I can use; pass an arXiv id "
            + "(2104.12255, 2104.12255v1, astro-ph/0601001), a Semantic Scholar id (40 hex characters), CorpusId:N or "
            + "DOI:10.x/y — or search by title first");
  }

  public static PaperId arxiv(String id) {
    return new PaperId(Kind.ARXIV, id);
  }

  public boolean isArxiv() {
    return kind == Kind.ARXIV;
  }

  /**
   * The arXiv id without its version ({@code 2104.12255v1} → {@code 2104.12255}); the value for
   * other kinds.
   */
  public String unversioned() {
    return kind == Kind.ARXIV ? VERSION.matcher(value).replaceFirst("") : value;
  }

  /** The form the Semantic Scholar Graph API takes in its paths. */
  public String s2Form() {
    return switch (kind) {
      case ARXIV -> "ARXIV:" + unversioned();
      case S2 -> value;
      case CORPUS -> "CorpusId:" + value;
      case DOI -> "DOI:" + value;
    };
  }

  /**
   * The canonical form shown to users and used as a dedup key: {@code arxiv:2104.12255}, {@code
   * s2:…}.
   */
  public String key() {
    return switch (kind) {
      case ARXIV -> "arxiv:" + unversioned();
      case S2 -> "s2:" + value;
      case CORPUS -> "corpus:" + value;
      case DOI -> "doi:" + value.toLowerCase(Locale.ROOT);
    };
  }

  @Override
  public String toString() {
    return kind == Kind.ARXIV ? "arxiv:" + value : key();
  }
}
