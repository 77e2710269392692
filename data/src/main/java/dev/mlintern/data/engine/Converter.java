package dev.mlintern.data.engine;

import static dev.mlintern.data.engine.DataEngine.quote;

import dev.mlintern.data.DataException;
import dev.mlintern.data.DataException.Kind;
import dev.mlintern.data.engine.DataEngine.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Converts a table into the columns a trainer expects, and checks every row fits: SFT as chat
 * {@code messages}, SFT as {@code prompt}/{@code completion}, DPO ({@code prompt}/{@code
 * chosen}/{@code rejected}), GRPO ({@code prompt} + reference {@code answer}), classification
 * ({@code text}/{@code label}). Source columns are found by their usual names (question,
 * instruction, response, …) unless a mapping names them.
 */
public final class Converter {
  /** The target formats. */
  public enum Format {
    SFT,
    PROMPT_COMPLETION,
    DPO,
    GRPO,
    CLASSIFICATION;

    public static Format parse(String name) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new DataException(
            Kind.BAD_INPUT,
            "unknown format '"
                + name
                + "'; formats are: sft, prompt-completion, dpo, grpo, classification");
      }
    }
  }

  private static final Map<String, List<String>> ALIASES =
      Map.of(
          "prompt", List.of("prompt", "instruction", "question", "query", "input", "problem"),
          "completion", List.of("completion", "response", "answer", "output", "target"),
          "chosen", List.of("chosen", "preferred", "response_chosen", "chosen_response"),
          "rejected", List.of("rejected", "dispreferred", "response_rejected", "rejected_response"),
          "answer",
              List.of(
                  "answer",
                  "solution",
                  "reference",
                  "ground_truth",
                  "target",
                  "completion",
                  "output"),
          "text", List.of("text", "sentence", "review", "content", "document", "input"),
          "label", List.of("label", "labels", "target", "class", "category", "score", "y"));

  private final DataEngine engine;

  public Converter(DataEngine engine) {
    this.engine = engine;
  }

  public Table convert(Table in, Format format, Map<String, String> mapping) {
    Map<String, String> m = mapping == null ? Map.of() : mapping;
    String sql =
        switch (format) {
          case SFT -> {
            if (in.column("messages").isPresent() && !m.containsKey("prompt")) {
              yield "SELECT messages FROM " + quote(in.name());
            }
            Map<String, String> cols = resolve(in, m, "prompt", "completion");
            yield "SELECT [{'role': 'user', 'content': CAST("
                + quote(cols.get("prompt"))
                + " AS VARCHAR)}, {'role': 'assistant', "
                + "'content': CAST("
                + quote(cols.get("completion"))
                + " AS VARCHAR)}] AS messages FROM "
                + quote(in.name());
          }
          case PROMPT_COMPLETION -> project(in, resolve(in, m, "prompt", "completion"));
          case DPO -> project(in, resolve(in, m, "prompt", "chosen", "rejected"));
          case GRPO -> project(in, resolve(in, m, "prompt", "answer"));
          case CLASSIFICATION -> project(in, resolve(in, m, "text", "label"));
        };
    Table out = engine.derive("converted", sql, in.source());
    validate(out, format);
    return out;
  }

  private static String project(Table in, Map<String, String> cols) {
    StringBuilder select = new StringBuilder("SELECT ");
    cols.forEach(
        (to, from) ->
            select
                .append(select.length() > 7 ? ", " : "")
                .append("CAST(")
                .append(quote(from))
                .append(" AS VARCHAR) AS ")
                .append(quote(to)));
    return select.append(" FROM ").append(quote(in.name())).toString();
  }

  private static Map<String, String> resolve(
      Table in, Map<String, String> mapping, String... roles) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String role : roles) {
      String from = mapping.get(role);
      if (from != null) {
        in.require(from, role);
      } else {
        from =
            ALIASES.get(role).stream()
                .filter(a -> in.column(a).isPresent() && !out.containsValue(a))
                .findFirst()
                .orElseThrow(
                    () ->
                        new DataException(
                            Kind.BAD_INPUT,
                            in.source()
                                + ": no column for '"
                                + role
                                + "' (looked for "
                                + String.join(", ", ALIASES.get(role))
                                + "); columns are: "
                                + in.columnList()
                                + " — map one, e.g. "
                                + role
                                + "=<column>"));
      }
      out.put(role, from);
    }
    return out;
  }

  private void validate(Table out, Format format) {
    String t = quote(out.name());
    List<String> required =
        format == Format.SFT
            ? List.of()
            : out.columns().stream().map(DataEngine.Column::name).toList();
    for (String c : required) {
      long[] bad = {0, 0};
      engine.query(
          "SELECT count(*), min(rowid) + 1 FROM "
              + t
              + " WHERE "
              + quote(c)
              + " IS NULL OR trim("
              + quote(c)
              + ") = ''",
          r -> {
            bad[0] = r.getLong(1);
            bad[1] = r.getLong(2);
          });
      if (bad[0] > 0) {
        throw new DataException(
            Kind.BAD_INPUT,
            out.source()
                + ": "
                + bad[0]
                + " rows have an empty '"
                + c
                + "' (first at row "
                + bad[1]
                + "); filter them out before converting to "
                + format.name().toLowerCase(Locale.ROOT));
      }
    }
    if (format == Format.SFT) {
      long bad =
          engine.single(
              "SELECT count(*) FROM "
                  + t
                  + " WHERE messages IS NULL OR len(messages) < 2 OR "
                  + "list_last(messages).role <> 'assistant' OR len(list_filter(messages, lambda x: x.content IS NULL OR trim(x.content) = '')) > 0");
      if (bad > 0) {
        throw new DataException(
            Kind.BAD_INPUT,
            out.source()
                + ": "
                + bad
                + " conversations are empty, have an empty turn or do "
                + "not end with an assistant turn; filter them out before converting to sft");
      }
    }
    if (format == Format.DPO) {
      long same = engine.single("SELECT count(*) FROM " + t + " WHERE chosen = rejected");
      if (same > 0) {
        throw new DataException(
            Kind.BAD_INPUT,
            out.source()
                + ": "
                + same
                + " rows have chosen equal to rejected; "
                + "they teach nothing — filter them out (filter: chosen <> rejected)");
      }
    }
  }
}
