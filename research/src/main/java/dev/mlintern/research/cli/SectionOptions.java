package dev.mlintern.research.cli;

import picocli.CommandLine.Option;

/** The options both read commands take: which section, from which character, and JSON output. */
final class SectionOptions {
  @Option(
      names = "--section",
      description =
          "Entry number from the table of contents, a section number (3.1), 'abstract' or 'references'.")
  String section;

  @Option(
      names = "--offset",
      defaultValue = "0",
      description = "Continue a long section from this character.")
  int offset;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;
}
