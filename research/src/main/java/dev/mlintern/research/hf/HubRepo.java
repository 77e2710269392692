package dev.mlintern.research.hf;

import java.util.List;

/** A Hub dataset or model that cites a paper (its card carries an {@code arxiv:ID} tag). */
public record HubRepo(String id, String kind, long downloads, long likes, List<String> tags) {
  public HubRepo {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
