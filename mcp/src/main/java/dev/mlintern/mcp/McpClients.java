package dev.mlintern.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.config.Settings;
import dev.mlintern.core.tool.Tool;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The MCP servers of config.toml, connected: each server's tools (the allowed ones) as mlintern
 * tools named {@code SERVER__tool}. A server that cannot be started or reached is left out and
 * named in {@link #problems()}, so one broken entry does not stop mlintern. Closing ends the
 * servers' processes and connections.
 */
public final class McpClients implements AutoCloseable {
  private static final Duration START = Duration.ofSeconds(20);
  private static final Duration CALL = Duration.ofMinutes(5);
  private final List<McpSyncClient> clients;
  private final List<Tool<?>> tools;
  private final List<String> problems;

  private McpClients(List<McpSyncClient> clients, List<Tool<?>> tools, List<String> problems) {
    this.clients = List.copyOf(clients);
    this.tools = List.copyOf(tools);
    this.problems = List.copyOf(problems);
  }

  /** Connects every {@code [mcp.servers.NAME]}; none configured gives no tools and no processes. */
  public static McpClients open(Settings settings) {
    return open(McpServerSpec.fromSettings(settings));
  }

  public static McpClients open(List<McpServerSpec> specs) {
    List<McpSyncClient> clients = new ArrayList<>();
    List<Tool<?>> tools = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (McpServerSpec spec : specs) {
      McpSyncClient client = null;
      try {
        client =
            McpClient.sync(transport(spec))
                .clientInfo(new McpSchema.Implementation("mlintern", "0.1.0"))
                .initializationTimeout(START)
                .requestTimeout(CALL)
                .build();
        client.initialize();
        clients.add(client);
        for (McpSchema.Tool remote : client.listTools().tools()) {
          if (spec.tools().map(allowed -> allowed.contains(remote.name())).orElse(true)) {
            McpClientTool tool = new McpClientTool(spec.name(), remote, client, spec.readOnly());
            if (names.add(tool.name())) {
              tools.add(tool);
            } else {
              problems.add(
                  spec.name() + ": two tools are named " + tool.name() + "; kept the first");
            }
          }
        }
      } catch (RuntimeException e) {
        if (client != null) {
          client.closeGracefully();
        }
        problems.add(
            "MCP server '" + spec.name() + "' could not be started: " + firstLine(e.getMessage()));
      }
    }
    return new McpClients(clients, tools, problems);
  }

  private static McpClientTransport transport(McpServerSpec spec) {
    JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
    if (spec.url().isPresent()) {
      return HttpClientStreamableHttpTransport.builder(spec.url().get()).jsonMapper(json).build();
    }
    List<String> command = spec.command();
    if (command.get(0).contains("/") && !Files.isExecutable(Path.of(command.get(0)))) {
      throw new IllegalArgumentException(command.get(0) + " is not an executable file");
    }
    ServerParameters parameters =
        ServerParameters.builder(command.get(0))
            .args(command.subList(1, command.size()))
            .env(spec.env())
            .build();
    StdioClientTransport transport = new StdioClientTransport(parameters, json);
    transport.setStdErrorHandler(line -> {}); // a server's own log lines are not ours to show
    return transport;
  }

  private static String firstLine(String message) {
    return message == null ? "no detail" : message.lines().findFirst().orElse("no detail");
  }

  /** The servers' tools, named {@code SERVER__tool}. */
  public List<Tool<?>> tools() {
    return tools;
  }

  /** One line per server or tool that was left out, and why. */
  public List<String> problems() {
    return problems;
  }

  @Override
  public void close() {
    clients.forEach(McpSyncClient::closeGracefully);
  }
}
