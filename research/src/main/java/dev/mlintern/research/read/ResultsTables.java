package dev.mlintern.research.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads results tables: tables whose caption or header talks about results or metrics, or that are
 * mostly numbers. The first row is the header, the first column names the row; every cell holding a
 * number (bold, ±, % allowed) becomes a {@link ReportedResult}.
 */
public final class ResultsTables {
  private static final Pattern NUMBER =
      Pattern.compile(
          "^[*_\\s]*([-−+]?\\d+(?:[.,]\\d+)?)\\s*%?[*_\\s]*(?:(?:±|\\+/-|\\+-)\\s*\\d+(?:\\.\\d+)?)?[*†‡\\s]*$");
  private static final Pattern RESULTY =
      Pattern.compile(
          "(?i)result|accuracy|acc\\b|bleu|rouge|f1|exact match|\\bem\\b|perplexity|ppl|score|auc|mae|rmse|pass@|win rate|performance|comparison");
  private static final int MAX_RESULTS = 400;

  private ResultsTables() {}

  public static List<ReportedResult> find(PaperDocument doc) {
    List<ReportedResult> results = new ArrayList<>();
    int n = 0;
    for (Section s : doc.sections()) {
      for (Table table : s.tables()) {
        n++;
        String name = table.label().isBlank() ? "Table " + n : table.label();
        if (!isResults(table)) {
          continue;
        }
        List<String> header = table.rows().get(0);
        for (List<String> row : table.rows().subList(1, table.rows().size())) {
          for (int c = 1; c < row.size(); c++) {
            Matcher m = NUMBER.matcher(row.get(c));
            if (m.matches() && results.size() < MAX_RESULTS) {
              String column = c < header.size() ? header.get(c) : "column " + (c + 1);
              double value = Double.parseDouble(m.group(1).replace('−', '-').replace(',', '.'));
              results.add(
                  new ReportedResult(
                      name,
                      row.get(0),
                      column,
                      value,
                      row.get(c).strip(),
                      name + (s.number().isEmpty() ? "" : " (§" + s.number() + ")")));
            }
          }
        }
      }
    }
    return results;
  }

  static boolean isResults(Table table) {
    if (table.rows().size() < 2) {
      return false;
    }
    String words =
        (table.label() + " " + table.caption() + " " + String.join(" ", table.rows().get(0)))
            .toLowerCase(Locale.ROOT);
    if (RESULTY.matcher(words).find()) {
      return true;
    }
    int numeric = 0;
    int cells = 0;
    for (List<String> row : table.rows().subList(1, table.rows().size())) {
      for (String cell : row.subList(Math.min(1, row.size()), row.size())) {
        cells++;
        numeric += NUMBER.matcher(cell).matches() ? 1 : 0;
      }
    }
    return cells > 0 && numeric * 2 >= cells;
  }
}
