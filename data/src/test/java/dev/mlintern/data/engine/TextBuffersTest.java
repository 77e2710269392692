package dev.mlintern.data.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextBuffersTest {
  @Test
  void reusedBuffersGiveTheDefinedShinglesAndSignatures() {
    String longText = "Word ".repeat(400) + "end";
    List<String> texts =
        List.of(
            "The quick, brown fox -- jumps!",
            "a b",
            "!!!",
            "",
            "  Café au LAIT, très bien 42  ",
            longText,
            "x",
            "UPPER lower 123 mixed-Case");
    TextBuffers buffers = new TextBuffers();
    for (String text : texts) {
      int n = buffers.shingles(text.getBytes(StandardCharsets.UTF_8));
      int[] expected = definitionShingles(text);
      assertThat(Arrays.copyOf(buffers.shingles, n)).as(text).containsExactly(expected);
      assertThat(WordShingles.shingles(text)).as(text).containsExactly(expected);
      assertThat(MinHashLsh.signature(buffers.shingles, n, buffers.signature))
          .isEqualTo(expected.length > 0);
      if (expected.length > 0) {
        assertThat(buffers.signature).as(text).containsExactly(naiveSignature(expected));
      }
    }
  }

  /**
   * The definition: CRC-32 of each run of 3 lower-cased letter/digit words joined by spaces (all
   * words if fewer).
   */
  private static int[] definitionShingles(String text) {
    List<String> words = WordShingles.words(text);
    if (words.isEmpty()) {
      return new int[0];
    }
    int n = Math.max(1, words.size() - 2);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(
          String.join(" ", words.subList(i, Math.min(words.size(), i + 3)))
              .getBytes(StandardCharsets.UTF_8));
      out[i] = (int) crc.getValue();
    }
    return out;
  }

  /** The definition: for each hash function, the minimum of (a*x + b) >>> 32 over the shingles. */
  private static int[] naiveSignature(int[] shingles) {
    int[] out = new int[MinHashLsh.PERMUTATIONS];
    for (int p = 0; p < out.length; p++) {
      long min = Long.MAX_VALUE;
      for (int x : shingles) {
        min = Math.min(min, (MinHashLsh.A[p] * (x & 0xFFFFFFFFL) + MinHashLsh.B[p]) >>> 32);
      }
      out[p] = (int) min;
    }
    return out;
  }
}
