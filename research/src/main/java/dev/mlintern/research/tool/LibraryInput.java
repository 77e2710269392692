package dev.mlintern.research.tool;

import dev.mlintern.core.tool.Param;

/** The {@code library} tool's operations, one record each. */
public sealed interface LibraryInput {
  record Add(
      @Param(
              "a folder (or one file) of PDF, HTML, Markdown or text papers; relative paths are in the workspace")
          String path)
      implements LibraryInput {}

  record Search(
      @Param("words to look for; Lucene syntax such as \"exact phrase\" or title:lora works too")
          String query,
      @Param(value = "how many papers, default 10, at most 50", optional = true) Integer limit)
      implements LibraryInput {}

  record Read(
      @Param("library id from search, lib:…") String id,
      @Param(
              value =
                  "without it: the table of contents; then the entry number [N], a section number, 'abstract' or "
                      + "'references'",
              optional = true)
          String section,
      @Param(value = "continue a long section from this character offset", optional = true)
          Integer offset)
      implements LibraryInput {}
}
