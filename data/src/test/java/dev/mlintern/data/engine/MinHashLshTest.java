package dev.mlintern.data.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MinHashLshTest {
  @TempDir Path dir;

  @Test
  void findsEditedCopiesButNotUnrelatedTexts() throws Exception {
    String base =
        "the quick brown fox jumps over the lazy dog while the farmer watches from the old wooden fence";
    StringBuilder csv = new StringBuilder("text\n");
    csv.append(base).append('\n');
    csv.append(base.replace("lazy", "sleepy")).append('\n');
    csv.append(
            "completely different words about training neural networks on small tabular data sets today")
        .append('\n');
    csv.append(
            "another unrelated sentence describing gradient descent learning rates and warmup schedules")
        .append('\n');
    Files.writeString(dir.resolve("t.csv"), csv);
    try (DataEngine engine = DataEngine.open(dir)) {
      engine.load("t", dir.resolve("t.csv"));
      MinHashLsh.Result r = new MinHashLsh(engine, 0.6).within("t", "text");
      assertThat(r.pairs()).isEqualTo(1);
      assertThat(r.examples())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.first()).isZero();
                assertThat(p.second()).isEqualTo(1);
                assertThat(p.jaccard()).isBetween(0.6, 0.9);
              });
    }
  }

  @Test
  void acrossPairsTestRowsWithTheFirstTrainRowOfTheirBucketOnly() throws Exception {
    String base =
        "the quick brown fox jumps over the lazy dog while the farmer watches from the old wooden fence";
    String other =
        "completely different words about training neural networks on small tabular data sets today";
    Files.writeString(
        dir.resolve("train.csv"),
        "text\n" + other + "\n" + base + "\n" + base + "\n" + other.replace("small", "big") + "\n");
    Files.writeString(
        dir.resolve("test.csv"),
        "text\nnothing alike in this sentence at all really\n"
            + base.replace("lazy", "sleepy")
            + "\n"
            + base
            + "\n");
    try (DataEngine engine = DataEngine.open(dir)) {
      engine.load("train", dir.resolve("train.csv"));
      engine.load("test", dir.resolve("test.csv"));
      MinHashLsh.Result r = new MinHashLsh(engine, 0.6).across("train", "text", "test", "text");
      assertThat(r.rowsWithDuplicate()).isEqualTo(2);
      assertThat(r.examples())
          .extracting(MinHashLsh.Pair::first, MinHashLsh.Pair::second)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(1L, 1L),
              org.assertj.core.groups.Tuple.tuple(1L, 2L));
      assertThat(r.pairs()).isEqualTo(2);
    }
  }

  @Test
  void shinglesAreWordTrigramsOfLowerCasedWords() {
    assertThat(WordShingles.words("Hello, WORLD! It's 2026."))
        .containsExactly("hello", "world", "it", "s", "2026");
    assertThat(WordShingles.shingles("a b c d")).hasSize(2);
    assertThat(WordShingles.shingles("a b")).hasSize(1);
    assertThat(WordShingles.shingles("!!!")).isEmpty();
    assertThat(
            WordShingles.jaccard(
                WordShingles.shingles("a b c d"), WordShingles.shingles("a b c e")))
        .isEqualTo(1.0 / 3);
  }

  @Test
  void jaccardCountsEachShingleOnce() {
    assertThat(WordShingles.jaccard(new int[] {3, 1, 1, -2}, new int[] {-2, 3, 3, 4}))
        .isEqualTo(2.0 / 4);
    assertThat(WordShingles.jaccard(new int[] {5, 5}, new int[] {5})).isEqualTo(1.0);
    assertThat(WordShingles.jaccard(new int[] {}, new int[] {5})).isZero();
  }
}
