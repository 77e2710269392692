package dev.mlintern.web;

import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.core.secret.Secrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/** What the page benchmarks share: medians of timed repeats, and a table row per timed GET. */
final class PageTimes {
  static final int REPEATS = 5;

  private PageTimes() {}

  /** The median of {@value #REPEATS} values of {@code measure}, after one warm-up call. */
  static double median(DoubleSupplier measure) {
    measure.getAsDouble();
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < REPEATS; i++) {
      values.add(measure.getAsDouble());
    }
    values.sort(Double::compare);
    return values.get(REPEATS / 2);
  }

  /** Milliseconds {@code work} takes. */
  static double millis(Runnable work) {
    long t = System.nanoTime();
    work.run();
    return (System.nanoTime() - t) / 1e6;
  }

  private static final AccessToken TOKEN = AccessToken.of("bench-token-0123456789");

  /** A web server on a free loopback port over {@code engine} and the ledger {@code db}. */
  static WebServer serve(StoreEngine engine, LedgerDb db) {
    return new WebServer(engine, TOKEN, Secrets.none(), db).start("127.0.0.1", 0);
  }

  /** A Markdown row per path: the median time of {@code GET path} and the page's size. */
  static List<String> gets(WebServer server, String over, List<String> paths) {
    WebClient client = new WebClient(server, TOKEN);
    return new ArrayList<>(paths.stream().map(path -> get(client, path, over)).toList());
  }

  /** Prints {@code rows} under the table's header. */
  static void print(List<String> rows) {
    System.out.println("| measure | median of " + REPEATS + " | unit | page size |");
    System.out.println("|---|---|---|---|");
    rows.forEach(System.out::println);
  }

  private static String get(WebClient client, String path, String over) {
    int[] bytes = {0};
    double ms = median(() -> millis(() -> bytes[0] = client.get(path).body().length()));
    return String.format(
        Locale.ROOT, "| `GET %s` over %s | %.0f | ms | %d KiB |", path, over, ms, bytes[0] / 1024);
  }
}
