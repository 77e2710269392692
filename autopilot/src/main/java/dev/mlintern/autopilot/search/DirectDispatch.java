package dev.mlintern.autopilot.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Trials through the autopilot's {@code trial} tool: one call each, answered with the metrics. */
final class DirectDispatch implements Dispatch {
  @Override
  public boolean setup(Transcript t, Calls calls) {
    return false;
  }

  @Override
  public boolean advance(Transcript t, Calls calls) {
    return false;
  }

  @Override
  public void trial(Calls calls, String name, ObjectNode config) {
    ObjectNode args = Candidate.JSON.createObjectNode().put("name", name);
    args.set("config", config);
    calls.add("trial", args);
  }

  @Override
  public List<TrialRecord> records(Transcript t) {
    return t.steps().stream()
        .filter(s -> s.is("trial") && s.args().has("config") && s.content() != null)
        .map(TrialRecord::of)
        .toList();
  }
}
