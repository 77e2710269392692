package dev.mlintern.lookup;

import dev.mlintern.core.config.Settings;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.testkit.FixtureServer;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The look-up tools wired to a local fake server, as {@code app} wires them from settings; sleeps
 * are recorded instead of slept.
 */
final class LookupFixture {
  static final Path WIRE = Path.of("src/test/resources/wire");
  final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
  final Lookup lookup;
  final Path workspace;

  LookupFixture(Path home, Map<String, String> values) {
    this.workspace = home.resolve("workspace");
    this.lookup =
        Lookup.fromSettings(
            Settings.of(home, values),
            Clock.systemUTC(),
            sleeps::add,
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build());
  }

  static LookupFixture against(Path home, FixtureServer server) {
    return new LookupFixture(
        home,
        Map.of(
            "MLINTERN_SEARCH_URL", server.baseUrl(),
            "GITHUB_API_URL", server.baseUrl(),
            "HF_ENDPOINT", server.baseUrl()));
  }

  static FixtureServer.Response wire(String name) {
    return FixtureServer.Response.file(200, WIRE.resolve(name));
  }

  @SuppressWarnings("unchecked")
  <I> Tool<I> tool(String name) {
    return (Tool<I>)
        lookup.tools().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  <I> ToolResult call(String name, I input) {
    Tool<I> tool = tool(name);
    return tool.call(input, ToolContext.standalone(workspace));
  }
}
