package dev.mlintern.research;

import dev.mlintern.core.config.Settings;
import dev.mlintern.testkit.FixtureServer;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Builds {@link Research} pointed at a fixture server, with a fake clock and a temp home. */
public final class TestResearch {
  private TestResearch() {}

  public static Settings settings(Path home, FixtureServer server, Map<String, String> extra) {
    Map<String, String> values = new HashMap<>();
    values.put("MLINTERN_ARXIV_URL", server.baseUrl());
    values.put("MLINTERN_S2_URL", server.baseUrl());
    values.put("MLINTERN_PAPERS_URL", server.baseUrl());
    values.put("HF_ENDPOINT", server.baseUrl());
    values.putAll(extra);
    return Settings.of(home, values);
  }

  public static Research create(Path home, FixtureServer server, FakeTime time) {
    return create(settings(home, server, Map.of()), time);
  }

  public static Research create(Settings settings, FakeTime time) {
    return Research.fromSettings(settings, time, time, HttpClient.newHttpClient());
  }
}
