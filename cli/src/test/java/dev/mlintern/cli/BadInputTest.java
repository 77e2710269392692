package dev.mlintern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bad input, walked as a person would with {@code mlintern run} in a project folder:
 * each is said in one line naming what is wrong and what to do, exits 2 before any job starts, and
 * leaves the project folder as it was.
 */
class BadInputTest {
  @TempDir Path root;
  private Path project;
  private Path home;

  @BeforeEach
  void project() throws IOException {
    project = Files.createDirectories(root.resolve("my-project"));
    Files.createDirectories(project.resolve(".git"));
    Files.createDirectories(project.resolve("data"));
    Files.writeString(project.resolve("data/train.csv"), "x1,x2,label\n1,2,yes\n3,4,no\n");
    Files.writeString(project.resolve("data/empty.csv"), "");
    Files.writeString(project.resolve("data/header.csv"), "x1,x2,label\n");
    Files.writeString(project.resolve("data/secret.csv"), "x1,x2,label\n1,2,yes\n3,4,no\n");
    Files.setPosixFilePermissions(
        project.resolve("data/secret.csv"), PosixFilePermissions.fromString("---------"));
    Files.createDirectories(root.resolve("empty-project"));
    home = Files.createDirectories(root.resolve("home"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          a missing file | my-project | beat 0.9 accuracy on data/nope.csv, target label \
            | data/nope.csv: no such file in the project folder <ws>; check the path
          an unreadable file | my-project | beat 0.9 accuracy on data/secret.csv, target label \
            | data/secret.csv cannot be read (permission denied); fix its permissions
          an unknown target | my-project | beat 0.9 accuracy on data/train.csv, target column y2 \
            | data/train.csv has no column 'y2'; its columns are x1, x2, label: name one of them as the target
          an empty CSV | my-project | beat 0.9 accuracy on data/empty.csv, target label \
            | data/empty.csv is empty; it needs a header line and at least one row
          a CSV with no rows | my-project | beat 0.9 accuracy on data/header.csv, target label \
            | data/header.csv has no rows; it needs a header line and at least one row
          no data at all | empty-project | beat 0.9 accuracy, target label \
            | No data file (CSV, Parquet or JSONL) found in the project folder <ws>. Which file holds the training data? Name it in the goal, e.g. 'on data/train.csv'.
          a threshold in words | my-project | accuracy above ninety on data/train.csv, target label \
            | the threshold 'ninety' is not a number; write it as in 'beat 0.95 accuracy'
          a workspace that does not exist | no-such-folder | beat 0.9 accuracy on data/train.csv \
            | the workspace <ws> does not exist; create it or pass --workspace DIR
          a workspace that is a file | my-project/data/train.csv | beat 0.9 accuracy \
            | the workspace <ws> is not a folder; pass --workspace DIR
          """)
  void isOneLineAndExitTwoWithNothingWritten(String what, String folder, String goal, String line)
      throws Exception {
    Path workspace = root.resolve(folder);
    List<String> before = listing();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        Main.run(
            new String[] {"run", "--workspace", workspace.toString(), goal.strip()},
            Map.of("MLINTERN_HOME", home.toString(), "MLINTERN_PYTHON", "/usr/bin/python3"),
            new PrintWriter(out, true),
            new PrintWriter(err, true));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString().lines())
        .containsExactly("mlintern run: " + line.strip().replace("<ws>", workspace.toString()));
    assertThat(out.toString()).isEmpty();
    assertThat(listing()).isEqualTo(before);
    assertThat(home.resolve("jobs")).doesNotExist();
  }

  private List<String> listing() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> !p.startsWith(home)).map(Path::toString).sorted().toList();
    }
  }
}
