package dev.mlintern.web;

import dev.mlintern.core.secret.Secrets;
import java.nio.file.Path;

/**
 * A web server on a free loopback port over a {@link StoreEngine} in {@code dir}, with a signed-in
 * client (written here). {@code secrets} are the settings' secrets the pages must never show.
 */
record Served(StoreEngine engine, WebServer server, WebClient client, AccessToken token)
    implements AutoCloseable {
  static Served start(Path dir, Secrets secrets) {
    StoreEngine engine = new StoreEngine(dir, Secrets.none());
    AccessToken token = AccessToken.of("test-token-0123456789abcdef");
    WebServer server = new WebServer(engine, token, secrets).start("127.0.0.1", 0);
    return new Served(engine, server, new WebClient(server, token), token);
  }

  @Override
  public void close() {
    server.close();
    engine.close();
  }
}
