package dev.mlintern.research.read;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds candidate dataset names in a paper: Hub ids written out ({@code
 * huggingface.co/datasets/org/name}), names of well-known benchmarks, and capitalised names
 * standing next to the words dataset, benchmark, corpus or "trained/evaluated on". Candidates are a
 * starting point for a Hub search, not a verdict.
 */
public final class DatasetFinder {
  private static final Pattern HUB_ID =
      Pattern.compile("huggingface\\.co/datasets/([\\w.-]+/[\\w.-]+)");
  private static final Set<String> KNOWN =
      Set.of(
          "GLUE",
          "SuperGLUE",
          "SQuAD",
          "MNLI",
          "SST-2",
          "CoLA",
          "QNLI",
          "RTE",
          "MRPC",
          "ImageNet",
          "CIFAR-10",
          "CIFAR-100",
          "MNIST",
          "COCO",
          "MMLU",
          "GSM8K",
          "GPQA",
          "HellaSwag",
          "ARC",
          "TruthfulQA",
          "HumanEval",
          "MBPP",
          "WikiText-103",
          "C4",
          "The Pile",
          "OpenWebText",
          "BookCorpus",
          "IMDB",
          "WMT 2014",
          "WMT14",
          "Natural Questions",
          "TriviaQA",
          "PubMedQA",
          "MedQA",
          "Alpaca",
          "ShareGPT",
          "UltraChat",
          "OpenOrca",
          "MATH",
          "BIG-Bench",
          "LAMBADA",
          "PIQA",
          "WinoGrande",
          "BoolQ",
          "DROP",
          "XSum",
          "CNN/DailyMail");
  private static final Pattern NAME =
      Pattern.compile(
          "\\b([A-Z][A-Za-z0-9]*(?:[-/][A-Za-z0-9]+)*(?:\\s[A-Z0-9][A-Za-z0-9-]*){0,2})");
  private static final Pattern CONTEXT =
      Pattern.compile(
          "(?i)\\b(datasets?|benchmarks?|corpus|corpora|split|trained on|train on|fine-tuned on|evaluated? on|test set)\\b");
  private static final Set<String> NOT_DATASETS =
      Set.of(
          "We",
          "The",
          "In",
          "Our",
          "This",
          "Table",
          "Figure",
          "Section",
          "Appendix",
          "For",
          "On",
          "To",
          "It",
          "As",
          "All",
          "Both",
          "Each",
          "These",
          "Adam",
          "AdamW",
          "SGD",
          "BERT",
          "GPT",
          "Transformer",
          "LSTM",
          "A",
          "An",
          "Finally",
          "However",
          "English",
          "German",
          "French");
  private static final int WINDOW = 80;

  private DatasetFinder() {}

  public static List<Mention> find(PaperDocument doc) {
    Map<String, Mention> found = new LinkedHashMap<>();
    scan(doc.abstractText(), "abstract", found);
    for (Section s : doc.sections()) {
      String where = s.number().isEmpty() ? "§ " + s.title() : "§" + s.number();
      scan(s.text(), where, found);
      for (Table t : s.tables()) {
        scan(t.caption(), t.label().isBlank() ? where : t.label(), found);
      }
    }
    return new ArrayList<>(found.values());
  }

  private static void scan(String text, String where, Map<String, Mention> found) {
    if (text == null || text.isBlank()) {
      return;
    }
    Matcher hub = HUB_ID.matcher(text);
    while (hub.find()) {
      add(found, hub.group(1), where, text, hub.start());
    }
    for (String name : KNOWN) {
      Matcher m = Pattern.compile("(?<![\\w-])" + Pattern.quote(name) + "(?![\\w-])").matcher(text);
      if (m.find()) {
        add(found, name, where, text, m.start());
      }
    }
    Matcher context = CONTEXT.matcher(text);
    while (context.find()) {
      int from = Math.max(0, context.start() - WINDOW);
      int to = Math.min(text.length(), context.end() + WINDOW);
      Matcher name = NAME.matcher(text.substring(from, to));
      while (name.find()) {
        String candidate = name.group(1).strip();
        if (looksLikeDataset(candidate)) {
          add(found, candidate, where, text, from + name.start());
        }
      }
    }
  }

  private static boolean looksLikeDataset(String candidate) {
    String first = candidate.split("\\s")[0];
    if (NOT_DATASETS.contains(first) || candidate.length() < 3) {
      return false;
    }
    long upper = candidate.chars().filter(Character::isUpperCase).count();
    boolean hasDigitOrDash = candidate.matches(".*[0-9-].*");
    return upper >= 2 || hasDigitOrDash;
  }

  private static void add(
      Map<String, Mention> found, String name, String where, String text, int at) {
    String key = name.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
    if (found.containsKey(key)
        || found.keySet().stream().anyMatch(k -> k.length() > key.length() && k.startsWith(key))) {
      return;
    }
    int from = Math.max(0, at - 60);
    int to = Math.min(text.length(), at + name.length() + 60);
    found.put(
        key,
        new Mention(name, null, where, text.substring(from, to).replaceAll("\\s+", " ").strip()));
  }
}
