package dev.mlintern.research.hf;

import dev.mlintern.research.ResearchException;
import dev.mlintern.research.read.Mention;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Matches dataset names found in a paper to Hub dataset ids: a written-out Hub id is taken as it
 * is; a name is looked up with the Hub's search and matched when a result's repo name equals it
 * once case, dashes and underscores are ignored (GSM8K → openai/gsm8k). Unmatched names are kept so
 * the model can search by hand.
 */
public final class HubDatasetMatcher {
  /** A dataset name from a paper and the Hub id it matched, or null. */
  public record Match(Mention mention, String hubId, long downloads) {}

  private final HfPapersClient hub;

  public HubDatasetMatcher(HfPapersClient hub) {
    this.hub = hub;
  }

  public List<Match> match(List<Mention> mentions, int maxLookups) {
    List<Match> matches = new ArrayList<>();
    int lookups = 0;
    for (Mention m : mentions) {
      if (m.name().matches("[\\w.-]+/[\\w.-]+")) {
        matches.add(new Match(m, m.name(), -1));
        continue;
      }
      if (lookups++ >= maxLookups) {
        matches.add(new Match(m, null, -1));
        continue;
      }
      matches.add(lookup(m));
    }
    return matches;
  }

  private Match lookup(Mention m) {
    String wanted = normal(m.name());
    try {
      for (HubRepo repo : hub.searchDatasets(m.name(), 10).value()) {
        String repoName =
            repo.id().contains("/") ? repo.id().substring(repo.id().indexOf('/') + 1) : repo.id();
        if (normal(repoName).equals(wanted)) {
          return new Match(m, repo.id(), repo.downloads());
        }
      }
    } catch (ResearchException e) {
      // an unmatched name is still a useful candidate
    }
    return new Match(m, null, -1);
  }

  static String normal(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[\\s_.-]", "");
  }
}
