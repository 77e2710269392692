package dev.mlintern.autopilot.goal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the autopilot understands from goals written in plain words (and as key: value lines),
 * against small project folders: each row is a folder, the goal as a person would type it, and what
 * must be understood, asked or refused ({@code <ws>} stands for the project folder).
 */
class GoalReaderTest {
  @TempDir static Path root;

  @BeforeAll
  static void projects() throws IOException {
    write("project/data/train.csv", "id,age,income,label\n1,30,100,0\n2,40,200,1\n3,50,150,1\n");
    write("project/data/test.csv", "id,age,income\n4,35,120\n");
    write("project/houses.csv", "sqft,rooms,price\n800,2,150000.5\n1200,3,230000\n950,2,171000\n");
    write("project/iris.csv", "sepal,petal,species\n5.1,1.4,setosa\n6.2,4.5,versicolor\n");
    write("project/customers.csv", "customer_id,tenure,churned\nc1,12,yes\nc2,3,no\n");
    write("project/sales.csv", "region,units,revenue\nnorth,10,1003.5\nsouth,4,402.25\n");
    write("project/empty.csv", "");
    write("project/header.csv", "a,b,c\n");
    write("project/events.parquet", "PAR1");
    write("one/measurements.csv", "x1,x2,y\n0.1,2,3.75\n0.2,1,2.5\n0.3,5,9.125\n");
    write("two/a.csv", "p,q\n1,2\n");
    write("two/b.csv", "r,s\n3,4\n");
    write("none/README.md", "nothing here\n");
    write("split/data/train.csv", "id,f,label\n1,0.5,cat\n2,0.7,dog\n");
    write("split/data/test.csv", "id,f\n3,0.6\n");
    write("split/data/sample_submission.csv", "id,label\n3,cat\n");
  }

  static Stream<Arguments> goals() {
    return Stream.of(
        // the README's example and the plain phrasings
        row(
            "project",
            "beat 0.95 accuracy on data/train.csv, target column label",
            "train data/train.csv · test data/test.csv · target label (named in the goal) ·"
                + " classification · accuracy (higher is better) · threshold accuracy ≥ 0.95 ·"
                + " budget 300 s"),
        row(
            "project",
            "predict price from houses.csv (RMSE)",
            "train houses.csv · target price (named in the goal) · regression · rmse (lower is"
                + " better) · budget 300 s"),
        row(
            "split",
            "train a classifier on ./data; label is the last column",
            "train data/train.csv · test data/test.csv · target label (the last column, as the"
                + " goal says) · classification · accuracy (higher is better) · budget 300 s"),
        // the key: value brief keeps working
        row(
            "project",
            "training data: data/train.csv\ntarget: label",
            "train data/train.csv · test data/test.csv · target label (named in the goal) ·"
                + " classification · accuracy (higher is better) · budget 300 s"),
        row(
            "project",
            "name: churn\ntraining data: customers.csv\ntarget: churned\nid: customer_id\n"
                + "metric: f1\npositive: yes\ntime budget: 2m",
            "train customers.csv · target churned (named in the goal) · classification · f1"
                + " (higher is better) · budget 120 s"),
        row(
            "project",
            "type: regression\ntrain: sales.csv\ntarget: units\nthreshold: 2",
            "train sales.csv · target units (named in the goal) · regression · rmse (lower is"
                + " better) · threshold rmse ≤ 2 · budget 300 s"),
        // targets: named, hinted, conventional, last column
        row(
            "project",
            "classify churned in customers.csv",
            "train customers.csv · target churned (named in the goal) · classification · accuracy"
                + " (higher is better) · budget 300 s"),
        row(
            "project",
            "predict the species column of iris.csv with f1 above 0.9",
            "train iris.csv · target species (named in the goal) · classification · f1 (higher is"
                + " better) · threshold f1 ≥ 0.9 · budget 300 s"),
        row(
            "project",
            "predict whether a customer churns (column 'churned') using customers.csv in 90"
                + " seconds",
            "train customers.csv · target churned (named in the goal) · classification · accuracy"
                + " (higher is better) · budget 90 s"),
        row(
            "project",
            "the target is churned, data in customers.csv, F1 score of 0.7 or better",
            "train customers.csv · target churned (named in the goal) · classification · f1"
                + " (higher is better) · threshold f1 ≥ 0.7 · budget 300 s"),
        row(
            "project",
            "predict label from data/train.csv",
            "train data/train.csv · test data/test.csv · target label (named in the goal) ·"
                + " classification · accuracy (higher is better) · budget 300 s"),
        row(
            "project",
            "build a model for data/train.csv",
            "train data/train.csv · test data/test.csv · target label (the column called 'label')"
                + " · classification · accuracy (higher is better) · budget 300 s"),
        row(
            "project",
            "forecast revenue from sales.csv",
            "train sales.csv · target revenue (the last column; none is named in the goal or"
                + " called label, target, class or y) · regression · rmse (lower is better) ·"
                + " budget 300 s"),
        // data found in the project folder
        row(
            "one",
            "build the best model you can",
            "train measurements.csv · target y (the column called 'y') · regression · rmse (lower"
                + " is better) · budget 300 s"),
        row(
            "split",
            "train a model",
            "train data/train.csv · test data/test.csv · target label (the column called 'label')"
                + " · classification · accuracy (higher is better) · budget 300 s"),
        row(
            "project",
            "train on data/train.csv and predict data/test.csv",
            "train data/train.csv · test data/test.csv · target label (the column called 'label')"
                + " · classification · accuracy (higher is better) · budget 300 s"),
        // metrics, thresholds and budgets in their many wordings
        row(
            "project",
            "get RMSE below 3.5 predicting price from houses.csv within 10 minutes",
            "train houses.csv · target price (named in the goal) · regression · rmse (lower is"
                + " better) · threshold rmse ≤ 3.5 · budget 600 s"),
        row(
            "project",
            "regression on houses.csv, target=price, mae < 20000",
            "train houses.csv · target price (named in the goal) · regression · mae (lower is"
                + " better) · threshold mae ≤ 20000 · budget 300 s"),
        row(
            "project",
            "AUC of at least 0.8 on customers.csv, target churned",
            "train customers.csv · target churned (named in the goal) · classification · roc_auc"
                + " (higher is better) · threshold roc_auc ≥ 0.8 · budget 300 s"),
        row(
            "project",
            "95% accuracy on iris.csv predicting species",
            "train iris.csv · target species (named in the goal) · classification · accuracy"
                + " (higher is better) · threshold accuracy ≥ 0.95 · budget 300 s"),
        row(
            "project",
            "predict species from iris.csv, accuracy 97",
            "train iris.csv · target species (named in the goal) · classification · accuracy"
                + " (higher is better) · threshold accuracy ≥ 0.97 · budget 300 s"),
        row(
            "project",
            "fit a model on houses.csv for 45s, root mean squared log error",
            "train houses.csv · target price (the last column; none is named in the goal or"
                + " called label, target, class or y) · regression · rmsle (lower is better) ·"
                + " budget 45 s"),
        row(
            "project",
            "predict price from houses.csv in 1.5 hours",
            "train houses.csv · target price (named in the goal) · regression · rmse (lower is"
                + " better) · budget 5400 s"),
        // a follow-up message completes a brief that needed a question
        row(
            "two",
            "train a classifier\ntraining data: a.csv",
            "train a.csv · target q (the last column; none is named in the goal or called label,"
                + " target, class or y) · classification · accuracy (higher is better) · budget"
                + " 300 s"),
        // questions: one precise thing is missing
        row(
            "none",
            "train a classifier",
            "asks: No data file (CSV, Parquet or JSONL) found in the project folder <ws>. Which"
                + " file holds the training data? Name it in the goal, e.g. 'on data/train.csv'."),
        row(
            "two",
            "train a classifier",
            "asks: Which file holds the training data: a.csv, b.csv? Answer with a line like"
                + " 'training data: a.csv'."),
        row(
            "none",
            "summarize recent papers on gradient boosting",
            "asks: No data file (CSV, Parquet or JSONL) found in the project folder <ws>. Which"
                + " file holds the training data? Name it in the goal, e.g. 'on data/train.csv'."),
        // refusals: bad input, said in one line with what to do
        row(
            "project",
            "beat 0.9 accuracy on missing.csv",
            "refuses: missing.csv: no such file in the project folder <ws>; check the path"),
        row(
            "project",
            "predict price from houses.csv, target column cost",
            "refuses: houses.csv has no column 'cost'; its columns are sqft, rooms, price: name"
                + " one of them as the target"),
        row(
            "project",
            "train on empty.csv",
            "refuses: empty.csv is empty; it needs a header line and at least one row"),
        row(
            "project",
            "train on header.csv",
            "refuses: header.csv has no rows; it needs a header line and at least one row"),
        row(
            "project",
            "accuracy above ninety on data/train.csv",
            "refuses: the threshold 'ninety' is not a number; write it as in 'beat 0.95"
                + " accuracy'"),
        row(
            "project",
            "training data: data/train.csv\ntarget: label\nthreshold: high",
            "refuses: the threshold 'high' is not a number; write it as in 'beat 0.95"
                + " accuracy'"),
        row(
            "project",
            "minimize log loss on data/train.csv",
            "refuses: the autopilot scores accuracy, f1, roc_auc, rmse, rmsle or mae, not 'log"
                + " loss'; name one of these"),
        row(
            "project",
            "train on events.parquet",
            "refuses: events.parquet is not a CSV file; the autopilot trains on CSV files: export"
                + " it to CSV first"),
        row(
            "project",
            "classify the flowers in iris.csv by RMSE",
            "refuses: rmse scores regression but the goal asks for classification; pick a metric"
                + " that fits"),
        row(
            "project",
            "regression on iris.csv, target species",
            "refuses: column 'species' holds text, so it cannot be a regression target; ask for a"
                + " classifier or name a numeric column"),
        row(
            "project",
            "train on /etc/shadow.csv",
            "refuses: /etc/shadow.csv is outside the project folder <ws>; copy it in, or run with"
                + " --workspace set to a folder that holds it"),
        row(
            "project",
            "type: ranking\ntraining data: houses.csv\ntarget: price",
            "refuses: type 'ranking' is not one of classification, regression,"
                + " text-classification"),
        row(
            "project",
            "train a model on ./nowhere",
            "refuses: no folder ./nowhere in <ws>; check the path"));
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("goals")
  void understands(String project, String goal, String expected) {
    Path ws = root.resolve(project);
    SessionFacts facts = new SessionFacts(Optional.of(ws), "", OptionalDouble.empty());
    assertThat(said(GoalReader.understand(goal, facts), ws)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("withoutFolder")
  void understandsWithoutAProjectFolder(String goal, String expected) {
    assertThat(said(GoalReader.understand(goal, SessionFacts.none()), root)).isEqualTo(expected);
  }

  static Stream<Arguments> withoutFolder() {
    return Stream.of(
        Arguments.of(
            "training data: data/train.csv\ntest data: data/test.csv\ntarget: label\ntype:"
                + " classification\ntime budget: 30 seconds",
            "train data/train.csv · test data/test.csv · target label (named in the goal) ·"
                + " classification · accuracy (higher is better) · budget 30 s"),
        Arguments.of(
            "beat 0.9 accuracy on data/train.csv",
            "asks: Which column of data/train.csv should the model predict? Answer with a line"
                + " like 'target: label'."));
  }

  @ParameterizedTest(name = "session budget {0} s")
  @MethodSource("budgets")
  void theSessionBudgetCapsTheGoals(double session, String goal, String budget) {
    Path ws = root.resolve("project");
    SessionFacts facts = new SessionFacts(Optional.of(ws), "", OptionalDouble.of(session));
    assertThat(said(GoalReader.understand(goal, facts), ws)).endsWith(budget);
  }

  static Stream<Arguments> budgets() {
    return Stream.of(
        Arguments.of(30.0, "predict price from houses.csv in 10 minutes", "budget 30 s"),
        Arguments.of(900.0, "predict price from houses.csv in 10 minutes", "budget 600 s"),
        Arguments.of(120.0, "predict price from houses.csv", "budget 120 s"));
  }

  private static String said(Understanding understanding, Path ws) {
    String text =
        understanding instanceof Understanding.Understood u
            ? u.goal().describe()
            : (understanding instanceof Understanding.Question ? "asks: " : "refuses: ")
                + understanding.message();
    return text.replace(ws.toString(), "<ws>");
  }

  private static Arguments row(String project, String goal, String expected) {
    return Arguments.of(project, goal, expected);
  }

  private static void write(String file, String content) throws IOException {
    Path path = root.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, content);
  }
}
