package dev.mlintern.data.engine;

import static dev.mlintern.data.engine.DataEngine.quote;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Benchmark contamination: which evaluation items share at least one word n-gram (13 by default, as in the GPT-3
 * and Llama reports) with the training texts. Texts are lower-cased and split into letter/digit words (as for
 * MinHash); every n-gram of the evaluation set goes into a hash map (the evaluation set is the small side), then the
 * training texts stream past and each of their n-grams is looked up. Memory is proportional to the evaluation set
 * only. N-grams are compared by a 64-bit hash of their words. Items shorter than n words cannot be checked and are
 * counted apart.
 */
public final class NGramOverlap {
  public static final int DEFAULT_N = 13;

  /** One contaminated evaluation item: its row, a training row that shares an n-gram, and that n-gram. */
  public record Hit(long evalRow, long trainRow, String ngram) {}

  /** How many evaluation items were checked, how many are contaminated, how many were too short, and examples. */
  public record Result(int n, long checked, long contaminated, long tooShort, List<Hit> examples) {
    public double share() {
      return checked == 0 ? 0 : (double) contaminated / checked;
    }
  }

  private final DataEngine engine;
  private final int n;

  public NGramOverlap(DataEngine engine, int n) {
    this.engine = engine;
    this.n = Math.max(1, n);
  }

  public Result check(String train, String trainColumn, String eval, String evalColumn) {
    Map<Long, List<Long>> owners = new HashMap<>();
    long[] counts = {0, 0};
    engine.scan(eval, quote(evalColumn), quote(evalColumn) + " IS NOT NULL",
        r -> {
          long row = r.getLong(1);
          long[] hashes = hashes(WordShingles.normalized(r.getString(2)));
          counts[hashes.length == 0 ? 1 : 0]++;
          for (long h : hashes) {
            List<Long> rows = owners.computeIfAbsent(h, k -> new ArrayList<>(1));
            if (rows.isEmpty() || rows.get(rows.size() - 1) != row) {
              rows.add(row);
            }
          }
        });
    Map<Long, Long> hits = new TreeMap<>();
    Map<Long, String> grams = new HashMap<>();
    engine.scan(train, quote(trainColumn), quote(trainColumn) + " IS NOT NULL",
        r -> {
          long trainRow = r.getLong(1);
          byte[] words = WordShingles.normalized(r.getString(2));
          long[] hashes = hashes(words);
          for (int i = 0; i < hashes.length; i++) {
            List<Long> rows = owners.get(hashes[i]);
            if (rows == null) {
              continue;
            }
            for (Long evalRow : rows) {
              if (hits.putIfAbsent(evalRow, trainRow) == null && grams.size() < 100) {
                grams.put(evalRow, gram(words, i));
              }
            }
          }
        });
    List<Hit> examples = new ArrayList<>();
    for (var hit : hits.entrySet()) {
      if (examples.size() == 5) {
        break;
      }
      examples.add(new Hit(hit.getKey(), hit.getValue(), grams.getOrDefault(hit.getKey(), "")));
    }
    return new Result(n, counts[0], hits.size(), counts[1], examples);
  }

  /** 64-bit hashes of every run of n consecutive words of a normalized text (words joined by single spaces). */
  long[] hashes(byte[] text) {
    int[] starts = WordShingles.wordStarts(text);
    int words = starts.length - 1;
    if (words < n) {
      return new long[0];
    }
    long[] wordHashes = new long[words];
    for (int w = 0; w < words; w++) {
      long h = 0xCBF29CE484222325L;
      for (int i = starts[w]; i < starts[w + 1] - 1; i++) {
        h = (h ^ text[i]) * 0x100000001B3L;
      }
      wordHashes[w] = mix(h);
    }
    long[] out = new long[words - n + 1];
    for (int i = 0; i < out.length; i++) {
      long h = 0x84222325CBF29CE4L;
      for (int k = i; k < i + n; k++) {
        h = mix(h ^ wordHashes[k]) + k - i;
      }
      out[i] = h;
    }
    return out;
  }

  private String gram(byte[] text, int first) {
    int[] starts = WordShingles.wordStarts(text);
    return new String(text, starts[first], starts[first + n] - 1 - starts[first], java.nio.charset.StandardCharsets.UTF_8);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
