package dev.mlintern.compute.shipping;

import dev.mlintern.compute.JobException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether the nodes of a cluster can see a folder of this machine, as a Slurm job needs its work
 * dir and its job folder to be: yes when every node is this machine, when the folder lies under a
 * path the config declares shared ({@code slurm.shared_paths}), or when it is on a network
 * filesystem (NFS, Lustre, GPFS, BeeGFS, CephFS, SMB, …); otherwise it is this machine's own disk
 * and the submission is refused before Slurm would run the job in {@code /tmp} instead.
 */
public final class SharedStorage {
  private static final Set<String> NETWORK_FILESYSTEMS =
      Set.of(
          "nfs",
          "nfs4",
          "lustre",
          "gpfs",
          "beegfs",
          "ceph",
          "cephfs",
          "cifs",
          "smb3",
          "smbfs",
          "glusterfs",
          "fuse.glusterfs",
          "fuse.sshfs",
          "panfs",
          "wekafs",
          "fuse.weka",
          "virtiofs",
          "9p");
  private final List<Path> sharedRoots;
  private final String thisHost;

  /** {@code sharedRoots}: folders declared shared; {@code thisHost}: this machine's host name. */
  public SharedStorage(List<Path> sharedRoots, String thisHost) {
    this.sharedRoots = List.copyOf(sharedRoots);
    this.thisHost = thisHost;
  }

  /**
   * Refuses {@code folder} (named {@code what} in the message) when it is missing or when {@code
   * nodes} (host names; empty when unknown) cannot see it.
   */
  public void check(Path folder, String what, List<String> nodes) {
    if (!Files.isDirectory(folder)) {
      throw new JobException(
          JobException.Kind.INVALID,
          "the "
              + what
              + " "
              + folder
              + " does not exist; create it or submit from another folder");
    }
    if (!nodes.isEmpty() && nodes.stream().allMatch(this::isThisHost)) {
      return;
    }
    Path real;
    String type;
    try {
      real = folder.toRealPath();
      type = Files.getFileStore(real).type().toLowerCase(Locale.ROOT);
    } catch (IOException e) {
      throw new JobException(
          JobException.Kind.INVALID,
          "cannot read the " + what + " " + folder + ": " + e.getMessage());
    }
    if (sharedRoots.stream().anyMatch(real::startsWith) || NETWORK_FILESYSTEMS.contains(type)) {
      return;
    }
    throw new JobException(
        JobException.Kind.INVALID,
        "the "
            + what
            + " "
            + folder
            + " is on this machine's own disk ("
            + type
            + "), which the Slurm nodes"
            + (nodes.isEmpty() ? "" : " (" + String.join(", ", nodes) + ")")
            + " cannot see; put it on storage they share (NFS, Lustre, …) or, if it is shared,"
            + " list its mount in slurm.shared_paths");
  }

  private boolean isThisHost(String node) {
    String short1 = node.split("\\.")[0];
    String short2 = thisHost.split("\\.")[0];
    return short1.equalsIgnoreCase(short2) || node.equals("localhost") || node.equals("127.0.0.1");
  }
}
