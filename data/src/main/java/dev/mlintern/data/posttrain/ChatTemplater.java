package dev.mlintern.data.posttrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.data.DataException;
import dev.mlintern.data.DataException.Kind;
import dev.mlintern.data.engine.DataEngine;
import dev.mlintern.data.engine.DataEngine.Table;
import dev.mlintern.data.engine.OutputWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Turns multiple-choice and QA rows into the chat rows the LLM recipes train and evaluate on. Each
 * output row has {@code messages} (a user question with lettered options and the assistant's
 * letter: SFT), {@code prompt} and {@code answer} (generation eval, GRPO), {@code choices} and
 * {@code label} (multiple-choice eval) and {@code id} (the source's id or row index, so evaluate's
 * per-item predictions can be joined back). Options are shuffled with a seed per row, so the
 * correct letter is spread evenly and the same seed gives the same file. Rows that cannot be asked
 * fairly (empty question or answer, repeated options, a label that names no option) are skipped and
 * counted, each with its reason.
 */
public final class ChatTemplater {
  /** The roles a column map may name. */
  public static final List<String> ROLES =
      List.of("question", "answer", "wrong", "choices", "label", "id");

  /** What was written, and which rows were left out and why (the first few). */
  public record Result(OutputWriter.Output output, long skipped, List<String> problems) {
    public Result {
      problems = List.copyOf(problems);
    }

    /** One line per fact: the rows written and, when some were skipped, why. */
    public String summary(Object shownPath) {
      String head = shownPath + "\t" + output.rows() + " rows\tsha256:" + output.sha256() + "\n";
      return skipped == 0
          ? head
          : head + "skipped " + skipped + " rows: " + String.join("; ", problems) + "\n";
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PROBLEMS_SHOWN = 5;
  private static final String PROMPT = Prompts.load("multiple-choice");

  private final DataEngine engine;

  public ChatTemplater(DataEngine engine) {
    this.engine = engine;
  }

  /** Templates {@code table} read with {@code columns} (role to column) and writes {@code out}. */
  public Result template(Table table, Map<String, String> columns, long seed, Path out) {
    Roles roles = Roles.of(table, columns);
    Path staging = engine.scratch().resolve("templated-" + System.nanoTime() + ".jsonl");
    long[] index = {0};
    long[] skipped = {0};
    List<String> problems = new ArrayList<>();
    try (BufferedWriter writer = Files.newBufferedWriter(staging, StandardCharsets.UTF_8)) {
      engine.query(
          "SELECT to_json(t) FROM " + DataEngine.quote(table.name()) + " t ORDER BY rowid",
          r -> {
            long i = index[0]++;
            try {
              JsonNode row = JSON.readTree(r.getString(1));
              writer.write(JSON.writeValueAsString(templated(roles, row, i, seed)));
              writer.newLine();
            } catch (RowProblem p) {
              skipped[0]++;
              if (problems.size() < PROBLEMS_SHOWN) {
                problems.add("row " + i + ": " + p.getMessage());
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      if (skipped[0] == index[0]) {
        throw new DataException(
            Kind.BAD_INPUT,
            "no row of "
                + table.source()
                + " could be templated ("
                + (problems.isEmpty() ? "it is empty" : String.join("; ", problems))
                + ")");
      }
      Table result = engine.load("templated", staging);
      return new Result(new OutputWriter(engine).write(result, out), skipped[0], problems);
    } finally {
      try {
        Files.deleteIfExists(staging);
      } catch (IOException ignored) {
        // scratch is removed with the engine
      }
    }
  }

  private ObjectNode templated(Roles roles, JsonNode row, long index, long seed) {
    String question = text(row, roles.question());
    if (question.isEmpty()) {
      throw new RowProblem("the question (" + roles.question() + ") is empty");
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("id", roles.id() == null ? String.valueOf(index) : text(row, roles.id()));
    if (roles.isOpen()) {
      String answer = text(row, roles.answer());
      if (answer.isEmpty()) {
        throw new RowProblem("the answer (" + roles.answer() + ") is empty");
      }
      return withChat(out, question, answer);
    }
    Options options = roles.choices() == null ? fromColumns(roles, row) : fromList(roles, row);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < options.texts().size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed * 1_000_003L + index));
    ArrayNode choices = JSON.createArrayNode();
    StringBuilder lettered = new StringBuilder();
    int label = -1;
    for (int i = 0; i < order.size(); i++) {
      String option = options.texts().get(order.get(i));
      choices.add(option);
      lettered.append(i == 0 ? "" : "\n").append(letter(i)).append(") ").append(option);
      if (order.get(i) == options.correct()) {
        label = i;
      }
    }
    String prompt =
        PROMPT.replace("{question}", question).replace("{options}", lettered.toString()).strip();
    withChat(out, prompt, letter(label));
    out.set("choices", choices);
    out.put("label", label);
    return out;
  }

  private static ObjectNode withChat(ObjectNode out, String prompt, String answer) {
    ArrayNode messages = out.putArray("messages");
    messages.addObject().put("role", "user").put("content", prompt);
    messages.addObject().put("role", "assistant").put("content", answer);
    out.put("prompt", prompt);
    out.put("answer", answer);
    return out;
  }

  /** The options, in source order, and which one is correct. */
  private record Options(List<String> texts, int correct) {
    Options {
      if (texts.size() < 2) {
        throw new RowProblem("only " + texts.size() + " option(s); a question needs at least 2");
      }
      if (texts.size() > 26) {
        throw new RowProblem(texts.size() + " options; at most 26 can be lettered");
      }
      Set<String> seen = new HashSet<>();
      for (String t : texts) {
        if (t.isEmpty()) {
          throw new RowProblem("an option is empty");
        }
        if (!seen.add(t.strip().toLowerCase(java.util.Locale.ROOT))) {
          throw new RowProblem("option '" + t + "' appears twice, so the answer is ambiguous");
        }
      }
    }
  }

  private static Options fromColumns(Roles roles, JsonNode row) {
    String answer = text(row, roles.answer());
    if (answer.isEmpty()) {
      throw new RowProblem("the correct answer (" + roles.answer() + ") is empty");
    }
    List<String> texts = new ArrayList<>(List.of(answer));
    for (String column : roles.wrong()) {
      texts.add(text(row, column));
    }
    return new Options(texts, 0);
  }

  private static Options fromList(Roles roles, JsonNode row) {
    JsonNode choices = parsed(row.path(roles.choices()));
    List<String> labels = new ArrayList<>();
    if (choices.isObject()) {
      choices.path("label").forEach(l -> labels.add(l.asText()));
      choices = choices.path("text");
    }
    if (!choices.isArray()) {
      throw new RowProblem(
          roles.choices() + " is not a list of options (got " + choices.getNodeType() + ")");
    }
    List<String> texts = new ArrayList<>();
    choices.forEach(c -> texts.add(c.isNull() ? "" : c.asText().strip()));
    JsonNode gold = row.path(roles.label());
    String key = gold.isNull() || gold.isMissingNode() ? "" : gold.asText().strip();
    int correct;
    if (labels.contains(key)) {
      correct = labels.indexOf(key);
    } else if (key.matches("\\d+")) {
      correct = Integer.parseInt(key);
    } else if (key.matches("[A-Za-z]")) {
      correct = Character.toUpperCase(key.charAt(0)) - 'A';
    } else {
      throw new RowProblem(
          "label " + roles.label() + " = '" + key + "' is neither an index nor a letter");
    }
    if (correct < 0 || correct >= texts.size()) {
      throw new RowProblem("label '" + key + "' names no option (there are " + texts.size() + ")");
    }
    if (texts.get(correct).isEmpty()) {
      throw new RowProblem("the correct answer is empty");
    }
    return new Options(texts, correct);
  }

  /** A list column may arrive as a JSON string (CSV sources). */
  private static JsonNode parsed(JsonNode node) {
    if (node.isTextual() && node.asText().strip().startsWith("[")) {
      try {
        return JSON.readTree(node.asText());
      } catch (IOException e) {
        return node;
      }
    }
    return node;
  }

  private static String text(JsonNode row, String column) {
    JsonNode v = row.path(column);
    return v.isNull() || v.isMissingNode() ? "" : v.asText().strip();
  }

  static String letter(int index) {
    return String.valueOf((char) ('A' + index));
  }

  /** The columns in use, checked against the table once, before any row is read. */
  private record Roles(
      String question, String answer, List<String> wrong, String choices, String label, String id) {
    static Roles of(Table table, Map<String, String> columns) {
      String question = need(table, columns, "question");
      String choices = columns.get("choices");
      String wrong = columns.get("wrong");
      String id = columns.get("id");
      if (id != null && table.column(id).isEmpty()) {
        id = null; // ids are optional: the row index stands in
      }
      if (choices != null) {
        require(table, choices, "choices");
        return new Roles(question, null, List.of(), choices, need(table, columns, "label"), id);
      }
      String answer = need(table, columns, "answer");
      List<String> wrongColumns = new ArrayList<>();
      if (wrong != null) {
        for (String w : wrong.split(",")) {
          wrongColumns.add(require(table, w.strip(), "wrong"));
        }
      }
      return new Roles(question, answer, wrongColumns, null, null, id);
    }

    boolean isOpen() {
      return choices == null && wrong.isEmpty();
    }

    private static String need(Table table, Map<String, String> columns, String role) {
      String column = columns.get(role);
      if (column == null) {
        throw new DataException(
            Kind.BAD_INPUT,
            "no column is mapped to role '"
                + role
                + "'; columns are: "
                + table.columnList()
                + " — pass "
                + role
                + "=COLUMN in the column map");
      }
      return require(table, column, role);
    }

    private static String require(Table table, String column, String role) {
      if (table.column(column).isEmpty()) {
        throw new DataException(
            Kind.BAD_INPUT,
            table.source()
                + " has no column '"
                + column
                + "' (role "
                + role
                + "); columns are: "
                + table.columnList()
                + " — pass "
                + role
                + "=COLUMN in the column map or pick another layout");
      }
      return column;
    }
  }

  /** Why one row was skipped. */
  private static final class RowProblem extends RuntimeException {
    RowProblem(String message) {
      super(message, null, false, false);
    }
  }
}
