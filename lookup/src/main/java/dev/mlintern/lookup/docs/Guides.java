package dev.mlintern.lookup.docs;

import dev.mlintern.research.ResearchException;
import dev.mlintern.research.ResearchException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * mlintern's own long guidance (the research workflow, post-training formats, hardware sizing),
 * shipped as resources under {@code guides/} and read through {@code docs} as the library {@code
 * mlintern}, so the system prompt stays short and the model opens the detail when it needs it.
 */
final class Guides {
  static final String LIBRARY = "mlintern";
  static final List<String> PAGES = List.of("workflow", "post-training", "hardware");

  private Guides() {}

  static List<HfDocs.Page> pages() {
    return PAGES.stream()
        .map(
            p ->
                new HfDocs.Page(
                    p, text(p).lines().findFirst().orElse(p).replaceFirst("^#+\\s*", "")))
        .toList();
  }

  static String text(String page) {
    if (!PAGES.contains(page)) {
      throw new ResearchException(
          Kind.NOT_FOUND,
          "mlintern has no guide '" + page + "'; its pages are " + String.join(", ", PAGES));
    }
    try (InputStream in =
        Guides.class.getClassLoader().getResourceAsStream("guides/" + page + ".md")) {
      if (in == null) {
        throw new IllegalStateException("missing resource guides/" + page + ".md");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
