package dev.mlintern.compute.shipping;

import dev.mlintern.compute.JobException;
import dev.mlintern.data.DataException;
import dev.mlintern.data.hub.HubCache;
import dev.mlintern.data.hub.HubClient;
import dev.mlintern.data.hub.HubRecords.CommitFile;
import dev.mlintern.data.hub.HubRecords.TreeEntry;
import dev.mlintern.data.hub.RepoKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The user's private Hub model repo that remote jobs use: bundles too large to send inline are
 * committed under {@code bundles/JOB.tar.gz} for the job to download, and each job commits its
 * output folder under {@code outputs/JOB/} when it ends, whence {@link #fetch} brings it back. The
 * repo is created (private) on first use; one that exists but is public is refused, so outputs
 * never land where anyone can read them.
 */
public final class JobRepo {
  /** The repo's name under the user's namespace when the config names none. */
  public static final String DEFAULT_NAME = "mlintern-jobs";

  private final HubClient hub;
  private final HubCache cache;
  private final String endpoint;
  private final Supplier<String> name;
  private volatile boolean ready;

  /**
   * {@code name}: {@code owner/repo}, asked when first needed (the default needs the token's user).
   */
  public JobRepo(HubClient hub, HubCache cache, String endpoint, Supplier<String> name) {
    this.hub = hub;
    this.cache = cache;
    this.endpoint = endpoint.replaceAll("/+$", "");
    this.name = name;
  }

  public String name() {
    return name.get();
  }

  public String endpoint() {
    return endpoint;
  }

  /** Where job {@code jobId}'s outputs go, inside the repo. */
  public static String outputsPath(String jobId) {
    return "outputs/" + jobId;
  }

  /** The outputs' location as shown to people: {@code hf://owner/repo/outputs/JOB}. */
  public String outputsLocation(String jobId) {
    return "hf://" + name() + "/" + outputsPath(jobId);
  }

  /** Commits a bundle and returns the URL the job downloads it from. */
  public String uploadBundle(String jobId, byte[] archive) {
    String path = "bundles/" + jobId + ".tar.gz";
    try {
      ensure();
      hub.commit(
          RepoKind.MODEL,
          name(),
          null,
          "bundle of job " + jobId,
          List.of(new CommitFile(path, archive)));
    } catch (DataException e) {
      throw new JobException(
          JobException.Kind.BACKEND,
          "could not upload the job bundle to " + name() + ": " + e.getMessage(),
          e);
    }
    return endpoint + "/" + name() + "/resolve/main/" + path;
  }

  /** Creates the repo (private) unless it exists; refuses one that is public. */
  public void ensure() {
    if (ready) {
      return;
    }
    boolean isPrivate;
    try {
      hub.createRepo(RepoKind.MODEL, name(), true);
      isPrivate = hub.info(RepoKind.MODEL, name(), null).path("private").asBoolean(false);
    } catch (DataException e) {
      throw new JobException(
          JobException.Kind.BACKEND,
          "could not prepare the job repo " + name() + ": " + e.getMessage(),
          e);
    }
    if (!isPrivate) {
      throw new JobException(
          JobException.Kind.INVALID,
          "the job repo "
              + name()
              + " is public, and job outputs are kept only in a private repo; make it private on"
              + " the Hub or set hf.jobs_repo to another repo");
    }
    ready = true;
  }

  /**
   * Downloads job {@code jobId}'s outputs whose path (inside its outputs) {@code which} accepts
   * into {@code to}, keeping their paths; returns the files written. Throws NOT_FOUND when the job
   * left none.
   */
  public List<Path> fetch(String jobId, Path to, Predicate<String> which) {
    String prefix = outputsPath(jobId) + "/";
    List<TreeEntry> entries;
    try {
      entries = hub.tree(RepoKind.MODEL, name(), null, outputsPath(jobId), true);
    } catch (DataException e) {
      if (e.kind() == DataException.Kind.NOT_FOUND) {
        throw new JobException(
            JobException.Kind.NOT_FOUND,
            "no outputs of "
                + jobId
                + " in "
                + name()
                + " (the job may still run, or its upload failed: see its log)");
      }
      throw new JobException(JobException.Kind.BACKEND, e.getMessage(), e);
    }
    List<Path> written = new ArrayList<>();
    try {
      for (TreeEntry entry : entries) {
        if (!entry.isFile()
            || !entry.path().startsWith(prefix)
            || !which.test(entry.path().substring(prefix.length()))) {
          continue;
        }
        Path target = to.resolve(entry.path().substring(prefix.length())).normalize();
        if (!target.startsWith(to.normalize())) {
          throw new JobException(
              JobException.Kind.BACKEND,
              "refusing output path " + entry.path() + ": it leaves " + to);
        }
        Path cached = cache.download(RepoKind.MODEL, name(), null, entry.path(), entry.sha256());
        Files.createDirectories(target.getParent());
        Files.copy(cached, target, StandardCopyOption.REPLACE_EXISTING);
        written.add(target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (DataException e) {
      throw new JobException(JobException.Kind.BACKEND, e.getMessage(), e);
    }
    return written;
  }
}
