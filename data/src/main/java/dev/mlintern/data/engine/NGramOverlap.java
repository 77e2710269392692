package dev.mlintern.data.engine;

import static dev.mlintern.data.engine.DataEngine.quote;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Benchmark contamination: which evaluation items share at least one word n-gram (13 by default, as
 * in the GPT-3 and Llama reports) with the training texts. Texts are lower-cased and split into
 * letter/digit words (as for MinHash); every n-gram of the evaluation set goes into a hash map (the
 * evaluation set is the small side), then the training texts stream past and each of their n-grams
 * is looked up. Memory is proportional to the evaluation set only. N-grams are compared by a 64-bit
 * rolling hash of their words' hashes (one multiply-add per n-gram). Items shorter than n words
 * cannot be checked and are counted apart.
 */
public final class NGramOverlap {
  public static final int DEFAULT_N = 13;

  /**
   * One contaminated evaluation item: its row, a training row that shares an n-gram, and that
   * n-gram.
   */
  public record Hit(long evalRow, long trainRow, String ngram) {}

  /**
   * How many evaluation items were checked, how many are contaminated, how many were too short, and
   * examples.
   */
  public record Result(int n, long checked, long contaminated, long tooShort, List<Hit> examples) {
    public double share() {
      return checked == 0 ? 0 : (double) contaminated / checked;
    }
  }

  private static final long BASE = 0x9E3779B97F4A7C15L;

  private final DataEngine engine;
  private final int n;

  /** {@code BASE^(n-1)}: the weight of the word that leaves the window. */
  private final long topPower;

  public NGramOverlap(DataEngine engine, int n) {
    this.engine = engine;
    this.n = Math.max(1, n);
    long power = 1;
    for (int k = 1; k < this.n; k++) {
      power *= BASE;
    }
    this.topPower = power;
  }

  public Result check(String train, String trainColumn, String eval, String evalColumn) {
    Map<Long, List<Long>> owners = new HashMap<>();
    long[] counts = {0, 0};
    engine.scan(
        eval,
        "encode(" + quote(evalColumn) + ")",
        quote(evalColumn) + " IS NOT NULL",
        r -> {
          long row = r.getLong(1);
          long[] hashes = hashes(WordShingles.normalized(r.getBytes(2)));
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
    Known known = new Known(owners.keySet());
    boolean[] candidate = new boolean[TextBatches.SIZE];
    TextBatches.run(
        engine,
        train,
        trainColumn,
        quote(trainColumn) + " IS NOT NULL",
        (batch, from, to, buffers) -> {
          for (int i = from; i < to; i++) {
            candidate[i] = mayShare(batch.texts[i], buffers, known);
          }
        },
        batch -> {
          for (int i = 0; i < batch.size; i++) {
            if (candidate[i]) {
              lookUp(batch.rows[i], batch.texts[i], owners, hits, grams);
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

  /**
   * Whether the text has at least one n-gram hash in {@code known}: the cheap, allocation-free
   * filter run on two threads; only these rows go through {@link #lookUp}, so the result is that of
   * looking up every row.
   */
  private boolean mayShare(byte[] text, TextBuffers buffers, Known known) {
    buffers.normalize(text);
    int words = buffers.words;
    if (words < n) {
      return false;
    }
    if (buffers.wordHashes.length < words) {
      buffers.wordHashes = new long[Math.max(words, buffers.wordHashes.length * 2)];
    }
    long[] wordHashes = buffers.wordHashes;
    for (int k = 0; k < words; k++) {
      wordHashes[k] = wordHash(buffers.text, buffers.starts[k], buffers.starts[k + 1] - 1);
    }
    return anyKnown(wordHashes, words, known);
  }

  /** Whether any n-gram hash of these word hashes is in {@code known}. */
  private boolean anyKnown(long[] wordHashes, int words, Known known) {
    long h = firstGram(wordHashes);
    if (known.contains(h)) {
      return true;
    }
    for (int g = 1; g + n <= words; g++) {
      h = nextGram(h, wordHashes, g);
      if (known.contains(h)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The exact per-row step: every n-gram of a training text looked up, first training row per
   * evaluation item kept.
   */
  private void lookUp(
      long trainRow,
      byte[] text,
      Map<Long, List<Long>> owners,
      Map<Long, Long> hits,
      Map<Long, String> grams) {
    byte[] words = WordShingles.normalized(text);
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
  }

  /**
   * 64-bit hashes of every run of n consecutive words of a normalized text (words joined by single
   * spaces).
   */
  long[] hashes(byte[] text) {
    int[] starts = WordShingles.wordStarts(text);
    int words = starts.length - 1;
    if (words < n) {
      return new long[0];
    }
    long[] wordHashes = new long[words];
    for (int w = 0; w < words; w++) {
      wordHashes[w] = wordHash(text, starts[w], starts[w + 1] - 1);
    }
    long[] out = new long[words - n + 1];
    out[0] = firstGram(wordHashes);
    for (int g = 1; g < out.length; g++) {
      out[g] = nextGram(out[g - 1], wordHashes, g);
    }
    return out;
  }

  /**
   * A word's 64-bit hash: its bytes taken eight at a time (little-endian, the last zero-padded), no
   * per-byte multiply, then mixed. The last bytes are one masked read where the array goes on past
   * the word (almost always), else read one by one: the same value either way.
   */
  private static long wordHash(byte[] text, int from, int to) {
    long h = to - from;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      h = (h ^ (long) LONGS.get(text, i)) * 0x9E3779B97F4A7C15L;
    }
    int rest = to - i;
    long tail = 0;
    if (rest > 0 && i + 8 <= text.length) {
      tail = (long) LONGS.get(text, i) & (-1L >>> (64 - 8 * rest));
    } else {
      for (int shift = 0; i < to; i++, shift += 8) {
        tail |= (text[i] & 0xFFL) << shift;
      }
    }
    return LongSet.mix(h ^ tail);
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * The hash of the n-gram starting at word 0: a polynomial in {@link #BASE} over the (already
   * mixed) word hashes, so the next n-gram's hash is one multiply-add away ({@link #nextGram})
   * instead of n mixing rounds.
   */
  private long firstGram(long[] wordHashes) {
    long h = 0;
    for (int k = 0; k < n; k++) {
      h = h * BASE + wordHashes[k];
    }
    return h;
  }

  /** The hash of the n-gram starting at word {@code first}, from the one starting before it. */
  private long nextGram(long previous, long[] wordHashes, int first) {
    return (previous - wordHashes[first - 1] * topPower) * BASE + wordHashes[first + n - 1];
  }

  private String gram(byte[] text, int first) {
    int[] starts = WordShingles.wordStarts(text);
    return new String(
        text,
        starts[first],
        starts[first + n] - 1 - starts[first],
        java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * The evaluation n-gram hashes: a 512 KB bitset (fits a core's cache; about one n-gram in twenty
   * passes it) in front of the exact set, whose look-ups miss the cache.
   */
  private static final class Known {
    private static final int BITS = 22;
    private final long[] bits = new long[1 << (BITS - 6)];
    private final LongSet set;

    Known(Collection<Long> hashes) {
      set = new LongSet(hashes.size());
      for (long h : hashes) {
        set.add(h);
        int at = (int) (h >>> (64 - BITS));
        bits[at >>> 6] |= 1L << at;
      }
    }

    boolean contains(long h) {
      int at = (int) (h >>> (64 - BITS));
      return (bits[at >>> 6] & (1L << at)) != 0 && set.contains(h);
    }
  }
}
