package dev.mlintern.data.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.data.ContentHash;
import dev.mlintern.data.DataException;
import dev.mlintern.data.DataException.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Puts one file's bytes into a repo's LFS storage through the Git LFS batch API (basic transfer),
 * so a commit can then name it as an {@code lfsFile} by its sha256: ask the batch endpoint where to
 * upload, {@code PUT} the bytes there with the headers it gave (a storage URL on another host gets
 * no token), then call its verify action. An object the repo already has needs no upload.
 */
final class LfsUpload {
  private static final String LFS_JSON = "application/vnd.git-lfs+json";

  private LfsUpload() {}

  /** Uploads {@code content} for {@code path} of {@code repo}; returns its sha256 (the oid). */
  static String upload(HubHttp http, RepoKind kind, String repo, String path, byte[] content) {
    String oid = ContentHash.sha256(content);
    ObjectNode batch = HubHttp.JSON.createObjectNode().put("operation", "upload");
    batch.putArray("transfers").add("basic");
    batch.put("hash_algo", "sha256");
    batch.putArray("objects").addObject().put("oid", oid).put("size", content.length);
    String what = "LFS upload of " + path + " to " + repo;
    JsonNode answer =
        json(
            http.send(
                HttpRequest.newBuilder(
                        http.uri("/" + kind.urlPrefix() + repo + ".git/info/lfs/objects/batch"))
                    .header("Accept", LFS_JSON)
                    .header("Content-Type", LFS_JSON)
                    .POST(HttpRequest.BodyPublishers.ofString(batch.toString())),
                HttpResponse.BodyHandlers.ofByteArray(),
                what),
            what);
    if (!answer.path("transfer").asText("basic").equals("basic")) {
      throw new DataException(
          Kind.SERVER, "Hub: " + what + " was offered transfer " + answer.path("transfer"));
    }
    JsonNode object = answer.path("objects").path(0);
    if (object.has("error")) {
      throw new DataException(
          Kind.BAD_REQUEST,
          "Hub: " + what + " was refused: " + object.path("error").path("message").asText());
    }
    JsonNode actions = object.path("actions");
    if (actions.has("upload")) {
      HttpRequest.Builder put =
          HttpRequest.newBuilder(URI.create(actions.path("upload").path("href").asText()))
              .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
      headers(put, actions.path("upload"));
      http.send(put, HttpResponse.BodyHandlers.ofByteArray(), what);
    }
    if (actions.has("verify")) {
      ObjectNode body = HubHttp.JSON.createObjectNode().put("oid", oid).put("size", content.length);
      HttpRequest.Builder verify =
          HttpRequest.newBuilder(URI.create(actions.path("verify").path("href").asText()))
              .header("Content-Type", LFS_JSON)
              .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
      headers(verify, actions.path("verify"));
      http.send(verify, HttpResponse.BodyHandlers.ofByteArray(), what);
    }
    return oid;
  }

  private static void headers(HttpRequest.Builder builder, JsonNode action) {
    action
        .path("header")
        .fields()
        .forEachRemaining(h -> builder.setHeader(h.getKey(), h.getValue().asText()));
  }

  private static JsonNode json(HttpResponse<byte[]> response, String what) {
    try {
      return HubHttp.JSON.readTree(response.body());
    } catch (IOException e) {
      throw new DataException(
          Kind.SERVER, "Hub: " + what + " answered with a body that is not JSON");
    }
  }
}
