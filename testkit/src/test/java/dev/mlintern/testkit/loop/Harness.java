package dev.mlintern.testkit.loop;

import dev.mlintern.core.AgentConfig;
import dev.mlintern.core.AgentSession;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.event.Event;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.store.SqliteSessionStore;
import dev.mlintern.core.tool.Tool;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A store in a temp folder plus a session builder with test defaults; collects events as listeners
 * see them.
 */
final class Harness implements AutoCloseable {
  final Path home;
  final SqliteSessionStore store;
  final List<Event> seen = new CopyOnWriteArrayList<>();

  Harness(Path home) {
    this(home, Secrets.none());
  }

  Harness(Path home, Secrets secrets) {
    this.home = home;
    this.store = new SqliteSessionStore(home.resolve("mlintern.db"), secrets, Clock.systemUTC());
  }

  AgentSession.Builder builder(ChatModel model, List<? extends Tool<?>> tools) {
    return AgentSession.builder(model, store)
        .tools(tools)
        .workspaceRoot(home.resolve("workspaces"))
        .config(AgentConfig.defaults())
        .systemPrompt("You are a test agent.")
        .listener(seen::add);
  }

  static AgentEvent.TurnComplete await(AgentSession session) {
    try {
      return session.currentTurn().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("turn did not complete", e);
    }
  }

  List<AgentEvent> bodies(String session) {
    List<AgentEvent> out = new ArrayList<>();
    store.events(session).forEach(e -> out.add(e.body()));
    return out;
  }

  <T extends AgentEvent> List<T> of(String session, Class<T> type) {
    return bodies(session).stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Override
  public void close() {
    store.close();
  }
}
