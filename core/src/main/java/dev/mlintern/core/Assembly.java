package dev.mlintern.core;

import dev.mlintern.core.event.Event;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.ToolSpec;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.store.Conversation;
import dev.mlintern.core.store.SessionInfo;
import dev.mlintern.core.store.SessionStore;
import dev.mlintern.core.tool.Tool;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Wires a session's loop from the parts an {@link AgentSession.Builder} collected; the one place
 * that does.
 */
final class Assembly {
  /** What the builder collected. */
  record Parts(
      ChatModel model,
      SessionStore store,
      List<Tool<?>> tools,
      List<SessionHook> hooks,
      List<Consumer<Event>> listeners,
      Map<String, Supplier<String>> pinned,
      String systemPrompt,
      Secrets secrets,
      AgentConfig config,
      Pricing pricing,
      Clock clock) {}

  private Assembly() {}

  static AgentSession assemble(
      Parts p, String sessionId, Path folder, List<Event> events, SessionInfo info) {
    ModelSlot model = new ModelSlot(p.model());
    AgentConfig config = p.config();
    Clock clock = p.clock();
    Pricing pricing = p.pricing();
    Secrets secrets = p.secrets();
    List<Tool<?>> tools = p.tools();
    Map<String, Supplier<String>> pinned = p.pinned();
    List<SessionHook> hooks = p.hooks();
    Recorder recorder = new Recorder(p.store(), sessionId);
    p.listeners().forEach(recorder::subscribe);
    if (info != null) {
      events = Resume.patch(events, recorder);
    }
    Budget budget =
        info == null
            ? new Budget(config, clock, dev.mlintern.core.model.Usage.ZERO, 0)
            : new Budget(config, clock, info.usage(), info.usd());
    Map<String, Tool<?>> byName = new LinkedHashMap<>();
    List<ToolSpec> specs = new ArrayList<>();
    for (Tool<?> tool : tools) {
      if (byName.put(tool.name(), tool) != null) {
        throw new IllegalArgumentException("two tools are named '" + tool.name() + "'");
      }
      specs.add(new ToolSpec(tool.name(), tool.description(), tool.inputSchema()));
    }
    AtomicBoolean cancelled = new AtomicBoolean();
    ExecutorService workers =
        Executors.newCachedThreadPool(daemon("mlintern-" + sessionId + "-work"));
    ExecutorService sessionThread =
        Executors.newSingleThreadExecutor(daemon("mlintern-" + sessionId));
    Policy policy = new Policy(budget, config.autoApprove());
    Approvals approvals = new Approvals();
    Compactor compactor =
        new Compactor(
            model,
            recorder::plan,
            Map.copyOf(pinned),
            usage -> {
              double usd = pricing.usd(model.name(), usage);
              budget.addModel(usage, usd);
              return usd;
            });
    ContextManager context =
        new ContextManager(model, config, p.systemPrompt(), specs, compactor, recorder::record);
    ToolRunner runner =
        new ToolRunner(
            new CallValidator(byName),
            policy,
            approvals,
            new OutputLimiter(
                folder,
                dev.mlintern.core.tool.ToolContext.outputsFolder(folder, sessionId),
                config.maxToolResultChars(),
                secrets),
            recorder,
            budget,
            workers,
            cancelled,
            secrets,
            folder);
    Agent agent =
        new Agent(
            model,
            context,
            runner,
            recorder,
            budget,
            pricing,
            secrets,
            clock,
            workers,
            cancelled,
            Conversation.rebuild(events),
            Resume.untrustedSincePerson(events));
    return new AgentSession(
        sessionId,
        recorder,
        agent,
        approvals,
        policy,
        model,
        List.copyOf(hooks),
        sessionThread,
        workers);
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
