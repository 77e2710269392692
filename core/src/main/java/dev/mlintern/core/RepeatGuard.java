package dev.mlintern.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.model.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Doom-loop guard: notices when the model makes the same tool call(s) three answers in a row, or
 * repeats a sequence of two or three answers three times, and returns a corrective message to
 * inject.
 */
final class RepeatGuard {
  static final int REPEATS = 3;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<String> history = new ArrayList<>();

  void reset() {
    history.clear();
  }

  Optional<String> check(List<ToolCall> calls) {
    history.add(signature(calls));
    for (int period = 1; period <= 3; period++) {
      int span = period * REPEATS;
      if (history.size() >= span && repeating(period, span)) {
        String last = history.get(history.size() - 1);
        history.clear();
        return Optional.of(
            period == 1
                ? "You have made the same tool call "
                    + REPEATS
                    + " times in a row with the same arguments ("
                    + shorten(last)
                    + "). Repeating it will not give a different result. Stop and think about why it is not working, then "
                    + "try a different approach — or explain the problem and finish."
                : "You are repeating the same sequence of "
                    + period
                    + " steps over and over ("
                    + REPEATS
                    + " times so far)."
                    + " This loop is not making progress. Step back, reconsider the approach, and do something different"
                    + " — or explain what is blocking you and finish.");
      }
    }
    return Optional.empty();
  }

  private boolean repeating(int period, int span) {
    int n = history.size();
    for (int i = n - span; i < n - period; i++) {
      if (!history.get(i).equals(history.get(i + period))) {
        return false;
      }
    }
    return true;
  }

  private static String signature(List<ToolCall> calls) {
    List<String> parts = new ArrayList<>();
    for (ToolCall call : calls) {
      String args;
      try {
        args = JSON.readTree(call.arguments()).toString();
      } catch (Exception e) {
        args = call.arguments();
      }
      parts.add(call.name() + " " + args);
    }
    parts.sort(null);
    return String.join(" | ", parts);
  }

  private static String shorten(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }
}
