package dev.mlintern.research.crawl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Okapi BM25 over a small in-memory set of texts (a crawl's candidates): how well each text matches
 * a goal. Terms are lower-cased words with a plural "s" dropped and common English words ignored;
 * k1 = 1.2, b = 0.75.
 */
public final class Bm25 {
  private static final Set<String> STOP =
      Set.of(
          "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "in", "into", "is",
          "it", "its", "of", "on", "or", "that", "the", "this", "to", "we", "with", "our", "their");
  private static final double K1 = 1.2;
  private static final double B = 0.75;

  private final List<List<String>> docs = new ArrayList<>();
  private final Map<String, Integer> documentFrequency = new HashMap<>();
  private double totalLength;

  public Bm25(List<String> texts) {
    for (String text : texts) {
      List<String> terms = terms(text);
      docs.add(terms);
      totalLength += terms.size();
      terms.stream().distinct().forEach(t -> documentFrequency.merge(t, 1, Integer::sum));
    }
  }

  /** Score of document {@code index} for {@code query}; 0 when nothing matches. */
  public double score(String query, int index) {
    List<String> doc = docs.get(index);
    if (doc.isEmpty()) {
      return 0;
    }
    double avg = totalLength / docs.size();
    Map<String, Integer> tf = new HashMap<>();
    doc.forEach(t -> tf.merge(t, 1, Integer::sum));
    double score = 0;
    for (String term : terms(query).stream().distinct().toList()) {
      Integer f = tf.get(term);
      if (f == null) {
        continue;
      }
      int n = documentFrequency.getOrDefault(term, 0);
      double idf = Math.log(1 + (docs.size() - n + 0.5) / (n + 0.5));
      score += idf * f * (K1 + 1) / (f + K1 * (1 - B + B * doc.size() / avg));
    }
    return score;
  }

  static List<String> terms(String text) {
    List<String> terms = new ArrayList<>();
    if (text == null) {
      return terms;
    }
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (word.length() < 2 || STOP.contains(word)) {
        continue;
      }
      terms.add(
          word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")
              ? word.substring(0, word.length() - 1)
              : word);
    }
    return terms;
  }
}
