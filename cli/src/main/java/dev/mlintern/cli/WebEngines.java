package dev.mlintern.cli;

import dev.mlintern.app.Config;
import dev.mlintern.app.Mlintern;
import dev.mlintern.app.Project;
import dev.mlintern.app.SessionOptions;
import dev.mlintern.core.AgentConfig;
import dev.mlintern.core.AgentSession;
import dev.mlintern.core.store.SessionInfo;
import dev.mlintern.web.AgentEngine;
import dev.mlintern.web.NewSession;
import java.time.Duration;
import java.util.Optional;

/** Adapts the wired engine to what the web UI needs: start and resume sessions, cancel jobs. */
final class WebEngines {
  private WebEngines() {}

  static AgentEngine open(Config config) {
    Mlintern engine = Mlintern.open(config);
    return new AgentEngine(
        engine.store(),
        new AgentEngine.Sessions() {
          @Override
          public AgentSession start(NewSession request) {
            String goal =
                request.goal()
                    + (request.data() == null || request.data().isBlank()
                        ? ""
                        : "\n\nData: " + request.data())
                    + (request.executor() == null || request.executor().isBlank()
                        ? ""
                        : "\nExecutor: " + request.executor());
            AgentConfig agentConfig = AgentConfig.defaults();
            if (request.maxUsd() != null) {
              agentConfig = agentConfig.withUsdBudget(request.maxUsd());
            }
            if (request.maxMinutes() != null) {
              agentConfig = agentConfig.withTimeBudget(Duration.ofMinutes(request.maxMinutes()));
            }
            SessionOptions options =
                new SessionOptions(
                    Optional.ofNullable(request.model()).filter(m -> !m.isBlank()), agentConfig);
            return request.workspace() == null
                ? engine.start(goal, options, null)
                : engine.start(Project.at(request.workspace()), goal, options, null);
          }

          @Override
          public AgentSession resume(SessionInfo session) {
            return engine.resume(session.id(), SessionOptions.defaults(), null);
          }
        },
        engine::cancelJob);
  }
}
