package dev.mlintern.research.read;

import java.util.List;

/**
 * One section of a paper: its printed number (may be empty), title, depth (1 = section), text and
 * tables.
 */
public record Section(String number, String title, int level, String text, List<Table> tables) {
  public Section {
    number = number == null ? "" : number.strip();
    title = title == null ? "" : title.strip();
    tables = List.copyOf(tables);
  }

  public String heading() {
    return number.isEmpty() ? title : number + " " + title;
  }
}
