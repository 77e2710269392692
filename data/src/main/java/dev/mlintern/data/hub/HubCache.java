package dev.mlintern.data.hub;

import dev.mlintern.data.ContentHash;
import dev.mlintern.data.DataException;
import dev.mlintern.data.DataException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Downloads repo files through resolve URLs into a local cache keyed by repo and revision ({@code
 * <root>/<datasets|models>/<owner>--<name>/<revision>/<path>}). A file already in the cache is
 * returned without a request. An interrupted download resumes from its {@code .part} file with a
 * {@code Range} request. The result is verified before it is moved into place: against the sha256
 * the caller passes (the tree's LFS oid), else the {@code X-Linked-Etag} of the resolve response
 * (sha256 for LFS files, the git blob sha1 for small ones).
 */
public final class HubCache {
  private final HubClient hub;
  private final Path root;

  public HubCache(HubClient hub, Path root) {
    this.hub = hub;
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** Where {@code path} of {@code repo} at {@code revision} lives (or will live) in the cache. */
  public Path location(RepoKind kind, String repo, String revision, String path) {
    String rev = (revision == null ? "main" : revision).replace('/', '_');
    Path target =
        root.resolve(kind.apiSegment())
            .resolve(HubClient.repoPath(repo).replace("/", "--"))
            .resolve(rev)
            .resolve(path)
            .normalize();
    if (!target.startsWith(root.resolve(kind.apiSegment()))) {
      throw new DataException(Kind.BAD_REQUEST, "Hub: file path '" + path + "' leaves the repo");
    }
    return target;
  }

  public Path download(
      RepoKind kind, String repo, String revision, String path, Optional<String> sha256) {
    Path target = location(kind, repo, revision, path);
    if (Files.isRegularFile(target)) {
      return target;
    }
    String rev = revision == null ? "main" : revision;
    URI uri =
        hub.http()
            .uri(
                "/"
                    + kind.urlPrefix()
                    + repo
                    + "/resolve/"
                    + HubHttp.encode(rev)
                    + "/"
                    + path.replaceAll("^/+", ""));
    String what = "file " + path + " of " + kind.singular() + " " + repo;
    try {
      Files.createDirectories(target.getParent());
      Optional<String> expected = sha256.or(() -> linkedEtag(uri, what));
      Path part = target.resolveSibling(target.getFileName() + ".part");
      fetch(uri, part, what);
      if (expected.isPresent()) {
        String actual =
            expected.get().length() == 40
                ? ContentHash.gitBlobSha1(part)
                : ContentHash.sha256(part);
        if (!actual.equalsIgnoreCase(expected.get())) {
          Files.deleteIfExists(part);
          throw new DataException(
              Kind.CHECKSUM,
              "Hub: "
                  + what
                  + " does not match its checksum (expected "
                  + expected.get()
                  + ", got "
                  + actual
                  + "); the partial download was deleted, retry the download");
        }
      }
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Optional<String> linkedEtag(URI uri, String what) {
    HttpResponse<byte[]> head = hub.http().firstHop(uri, what);
    return head.headers()
        .firstValue("X-Linked-Etag")
        .or(() -> head.headers().firstValue("ETag"))
        .map(v -> v.replace("\"", "").replaceFirst("^W/", "").trim())
        .filter(v -> v.matches("[0-9a-fA-F]{40}|[0-9a-fA-F]{64}"));
  }

  private void fetch(URI uri, Path part, String what) throws IOException {
    long have = Files.isRegularFile(part) ? Files.size(part) : 0;
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    if (have > 0) {
      request.header("Range", "bytes=" + have + "-");
    }
    HttpResponse<Object> response;
    try {
      response =
          hub.http()
              .send(
                  request,
                  info -> {
                    if (info.statusCode() == 206) {
                      return BodySubscribers.mapping(
                          BodySubscribers.ofFile(
                              part, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                          p -> (Object) p);
                    }
                    if (info.statusCode() == 200) {
                      return BodySubscribers.mapping(
                          BodySubscribers.ofFile(
                              part,
                              StandardOpenOption.CREATE,
                              StandardOpenOption.WRITE,
                              StandardOpenOption.TRUNCATE_EXISTING),
                          p -> (Object) p);
                    }
                    return BodySubscribers.mapping(BodySubscribers.ofByteArray(), b -> (Object) b);
                  },
                  what);
    } catch (DataException e) {
      if (e.status() == 416 && have > 0) {
        Files.delete(part);
        fetch(uri, part, what);
        return;
      }
      throw e;
    }
    if (!(response.body() instanceof Path)) {
      throw new DataException(
          Kind.SERVER, "Hub: " + what + " answered " + response.statusCode() + " without a body");
    }
  }
}
