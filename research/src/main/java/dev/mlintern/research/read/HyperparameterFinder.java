package dev.mlintern.research.read;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds hyperparameter mentions in prose and tables: learning rate, batch size, epochs, steps,
 * warmup, weight decay, dropout, optimizer, LoRA rank and alpha, sequence length, temperature. Each
 * comes with its value as written and where it was found, for the model to check in context before
 * putting it in a recipe.
 */
public final class HyperparameterFinder {
  private static final String NUM =
      "(\\d+(?:\\.\\d+)?(?:\\s*[×x*]\\s*10\\^?\\{?[-−]?\\d+\\}?|[eE][-−+]?\\d+)?[kKM]?)";
  private static final List<Rule> RULES =
      List.of(
          rule(
              "learning_rate",
              "(?i)(?:learning rate|\\blr\\b)(?:\\s+(?:of|=|was|is|set to|:))*\\s*" + NUM),
          rule("learning_rate", "(?i)" + NUM + "\\s+(?:peak\\s+)?learning rate"),
          rule("batch_size", "(?i)batch size(?:\\s+(?:of|=|was|is|set to|:))*\\s*" + NUM),
          rule("batch_size", "(?i)(?:mini-?)?batch(?:es)? of\\s+" + NUM),
          rule("epochs", "(?i)" + NUM + "\\s+epochs?"),
          rule("epochs", "(?i)epochs?(?:\\s+(?:of|=|:))+\\s*" + NUM),
          rule(
              "training_steps", "(?i)" + NUM + "\\s+(?:training\\s+)?(?:steps|iterations|updates)"),
          rule("warmup", "(?i)warm-?up(?:\\s+steps)?(?:\\s+(?:of|=|for|:))*\\s*" + NUM),
          rule("weight_decay", "(?i)weight decay(?:\\s+(?:of|=|was|is|:))*\\s*" + NUM),
          rule(
              "dropout",
              "(?i)dropout(?:\\s+(?:rate|probability))?(?:\\s+(?:of|=|was|is|:))*\\s*" + NUM),
          rule("lora_rank", "(?i)(?:lora\\s+)?rank\\s*(?:r\\s*)?(?:of|=|:)?\\s*" + NUM),
          rule("lora_alpha", "(?i)(?:lora\\s+)?alpha\\s*(?:of|=|:)\\s*" + NUM),
          rule(
              "max_seq_length",
              "(?i)(?:max(?:imum)?\\s+)?(?:sequence|context)\\s+length(?:\\s+(?:of|=|:))*\\s*"
                  + NUM),
          rule("temperature", "(?i)temperature(?:\\s+(?:of|=|:))*\\s*" + NUM),
          rule("label_smoothing", "(?i)label smoothing(?:\\s+(?:of|=|value of|:))*\\s*" + NUM),
          rule("optimizer", "\\b(AdamW|Adam|Adafactor|SGD|LAMB|Lion|RMSProp)\\b"));
  private static final int MAX_MENTIONS = 200;

  private HyperparameterFinder() {}

  private record Rule(String name, Pattern pattern) {}

  private static Rule rule(String name, String regex) {
    return new Rule(name, Pattern.compile(regex));
  }

  public static List<Mention> find(PaperDocument doc) {
    List<Mention> mentions = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Section s : doc.sections()) {
      String where = s.number().isEmpty() ? "§ " + s.title() : "§" + s.number();
      scan(s.text(), where, mentions, seen);
      for (Table t : s.tables()) {
        for (List<String> row : t.rows()) {
          scan(
              String.join(" : ", row),
              t.label().isBlank() ? where + " table" : t.label(),
              mentions,
              seen);
        }
      }
    }
    return mentions;
  }

  private static void scan(String text, String where, List<Mention> mentions, Set<String> seen) {
    for (Rule rule : RULES) {
      Matcher m = rule.pattern().matcher(text);
      while (m.find() && mentions.size() < MAX_MENTIONS) {
        String value = m.group(1).replaceAll("\\s+", "");
        if (seen.add(rule.name() + "=" + value + "@" + where)) {
          int from = Math.max(0, m.start() - 50);
          int to = Math.min(text.length(), m.end() + 50);
          mentions.add(
              new Mention(
                  rule.name(),
                  value,
                  where,
                  text.substring(from, to).replaceAll("\\s+", " ").strip()));
        }
      }
    }
  }
}
