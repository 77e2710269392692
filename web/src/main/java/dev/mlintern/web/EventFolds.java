package dev.mlintern.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.event.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Jobs, log tails and ledger rows folded from a session's own events ({@code job_submitted}, {@code
 * job_status}, {@code job_log}, {@code metric}); the defaults of {@link WebEngine} so the UI works
 * on any stored session.
 */
final class EventFolds {
  private EventFolds() {}

  static List<JobRow> jobs(List<Event> events) {
    Map<String, JobRow> jobs = new LinkedHashMap<>();
    for (Event event : events) {
      if (event.body() instanceof AgentEvent.JobSubmitted s) {
        jobs.put(
            s.jobId(), new JobRow(s.jobId(), s.executor(), s.command(), "submitted", null, null));
      } else if (event.body() instanceof AgentEvent.JobStatus s) {
        JobRow old = jobs.get(s.jobId());
        jobs.put(
            s.jobId(),
            new JobRow(
                s.jobId(),
                old == null ? "" : old.executor(),
                old == null ? "" : old.command(),
                s.state(),
                s.exitCode(),
                s.message()));
      }
    }
    List<JobRow> rows = new ArrayList<>(jobs.values());
    Collections.reverse(rows);
    return rows;
  }

  static List<String> log(List<Event> events, String jobId, int lines) {
    Deque<String> tail = new ArrayDeque<>();
    for (Event event : events) {
      if (event.body() instanceof AgentEvent.JobLog log && log.jobId().equals(jobId)) {
        for (String line : log.lines()) {
          tail.addLast(line);
          if (tail.size() > lines) {
            tail.removeFirst();
          }
        }
      }
    }
    return List.copyOf(tail);
  }

  static List<LedgerRow> ledger(List<Event> events) {
    Map<String, String> status = new LinkedHashMap<>();
    Map<String, String> command = new LinkedHashMap<>();
    Map<String, Map<String, List<LedgerRow.Point>>> curves = new LinkedHashMap<>();
    for (Event event : events) {
      AgentEvent body = event.body();
      if (body instanceof AgentEvent.JobSubmitted s) {
        status.put(s.jobId(), "submitted");
        command.put(s.jobId(), s.command());
      } else if (body instanceof AgentEvent.JobStatus s) {
        status.put(s.jobId(), s.state());
      } else if (body instanceof AgentEvent.Metric m && m.jobId() != null) {
        double value = number(m.value());
        String name =
            m.split() == null || m.split().isBlank() ? m.name() : m.split() + "/" + m.name();
        List<LedgerRow.Point> points =
            curves
                .computeIfAbsent(m.jobId(), k -> new TreeMap<>())
                .computeIfAbsent(name, k -> new ArrayList<>());
        points.add(new LedgerRow.Point(m.step() == null ? points.size() : m.step(), value));
        status.putIfAbsent(m.jobId(), "running");
      }
    }
    List<LedgerRow> rows = new ArrayList<>();
    for (String job : status.keySet()) {
      Map<String, List<LedgerRow.Point>> byName = curves.getOrDefault(job, Map.of());
      Map<String, Double> last = new TreeMap<>();
      byName.forEach((name, points) -> last.put(name, points.get(points.size() - 1).value()));
      rows.add(new LedgerRow(job, status.get(job), command.getOrDefault(job, ""), last, byName));
    }
    return rows;
  }

  static double number(JsonNode value) {
    if (value == null || value.isNull()) {
      return Double.NaN;
    }
    if (value.isNumber()) {
      return value.asDouble();
    }
    return switch (value.asText()) {
      case "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> Double.NaN;
    };
  }
}
