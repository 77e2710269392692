package dev.mlintern.data.posttrain;

import dev.mlintern.data.DataException;
import dev.mlintern.data.DataException.Kind;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where a question-answering dataset keeps its question and answers: the column each role reads, as
 * the Hub datasets lay them out. Roles are {@code question}, {@code answer} (the correct answer
 * text), {@code wrong} (columns holding wrong answers, comma-separated), {@code choices} (one
 * column holding all options, a list or ARC's {@code {text, label}}), {@code label} (the correct
 * option's index or letter) and {@code id}. A column map given by the user overrides any of them.
 */
public enum ChoiceLayout {
  /** Idavidrein/gpqa: the correct answer and three wrong ones in their own columns. */
  GPQA(
      Map.of(
          "question", "Question",
          "answer", "Correct Answer",
          "wrong", "Incorrect Answer 1,Incorrect Answer 2,Incorrect Answer 3",
          "id", "Record ID")),
  /** cais/mmlu: a list of four choices and the correct one's index. */
  MMLU(Map.of("question", "question", "choices", "choices", "label", "answer")),
  /** allenai/ai2_arc: choices as {text: [...], label: ["A", ...]} and the correct label. */
  ARC(Map.of("question", "question", "choices", "choices", "label", "answerKey", "id", "id")),
  /** allenai/sciq: the correct answer and three distractor columns. */
  SCIQ(
      Map.of(
          "question", "question",
          "answer", "correct_answer",
          "wrong", "distractor1,distractor2,distractor3")),
  /** Open questions with one reference answer (GSM8K, TriviaQA-style): no options to shuffle. */
  QA(Map.of("question", "question", "answer", "answer"));

  private final Map<String, String> roles;

  ChoiceLayout(Map<String, String> roles) {
    this.roles = roles;
  }

  /** The layout's columns with {@code overrides} (role to column) applied. */
  public Map<String, String> columns(Map<String, String> overrides) {
    Map<String, String> out = new LinkedHashMap<>(roles);
    if (overrides != null) {
      for (var e : overrides.entrySet()) {
        if (!ChatTemplater.ROLES.contains(e.getKey())) {
          throw new DataException(
              Kind.BAD_INPUT,
              "unknown role '"
                  + e.getKey()
                  + "' in the column map; roles are: "
                  + String.join(", ", ChatTemplater.ROLES));
        }
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  public static ChoiceLayout parse(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new DataException(
          Kind.BAD_INPUT,
          "unknown layout '"
              + name
              + "'; layouts are: "
              + String.join(
                  ", ",
                  Arrays.stream(values()).map(l -> l.name().toLowerCase(Locale.ROOT)).toList()));
    }
  }
}
