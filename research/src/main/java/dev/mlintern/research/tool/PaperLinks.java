package dev.mlintern.research.tool;

import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.research.Listings;
import dev.mlintern.research.Research;
import dev.mlintern.research.ResearchException;
import dev.mlintern.research.hf.HubDatasetMatcher;
import dev.mlintern.research.hf.HubRepo;
import dev.mlintern.research.http.Answer;
import dev.mlintern.research.paper.PaperId;
import dev.mlintern.research.read.DatasetFinder;
import dev.mlintern.research.read.Mention;
import dev.mlintern.research.read.PaperDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The find_datasets operation: Hub datasets citing the paper, plus dataset names in its text
 * matched to Hub ids.
 */
final class PaperLinks {
  private static final int MAX_LOOKUPS = 8;
  private final Research research;

  PaperLinks(Research research) {
    this.research = research;
  }

  ToolResult datasets(String rawId, int limit) {
    StringBuilder out = new StringBuilder();
    Map<String, Object> details = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    if (!rawId.strip().startsWith("lib:")) {
      PaperId id = PaperId.parse(rawId);
      try {
        Answer<List<HubRepo>> citing = research.hf().datasetsFor(id, limit);
        out.append("Hub datasets whose cards cite the paper (")
            .append(citing.origin().label())
            .append("):\n")
            .append(Listings.repos(citing.value()));
        details.put("citing", citing.value());
      } catch (ResearchException e) {
        notes.add("Hub datasets citing the paper: " + e.getMessage());
      }
    }
    try {
      PaperDocument doc = research.read(rawId).value();
      List<Mention> mentions = DatasetFinder.find(doc);
      List<HubDatasetMatcher.Match> matches =
          new HubDatasetMatcher(research.hf())
              .match(mentions.subList(0, Math.min(limit * 2, mentions.size())), MAX_LOOKUPS);
      out.append(
          "\nDataset names in the paper's text, matched to Hub ids where the Hub has an exact name:\n");
      for (HubDatasetMatcher.Match m : matches) {
        out.append("- ")
            .append(m.mention().name())
            .append(" → ")
            .append(m.hubId() == null ? "no exact Hub match" : m.hubId())
            .append(" (")
            .append(m.mention().location())
            .append("): \"")
            .append(m.mention().snippet())
            .append("\"\n");
      }
      details.put("mentioned", matches);
    } catch (ResearchException e) {
      notes.add("Dataset names from the text: " + e.getMessage());
    }
    notes.forEach(n -> out.append("\nNote: ").append(n).append('\n'));
    return PapersTool.untrusted(
        "Datasets for " + rawId.strip() + ". Check each against the paper before using it.\n",
        rawId.strip(),
        out.toString(),
        details);
  }
}
