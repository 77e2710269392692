package dev.mlintern.compute.shipping;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlintern.compute.JobException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which folders of this machine Slurm nodes can see. */
class SharedStorageTest {
  @TempDir Path work;

  @Test
  void aSingleNodeClusterOnThisMachineSeesAnyFolderThatExists() {
    SharedStorage storage = new SharedStorage(List.of(), "vm.cluster.local");

    assertThatCode(() -> storage.check(work, "work dir", List.of("vm"))).doesNotThrowAnyException();
    assertThatThrownBy(() -> storage.check(work.resolve("gone"), "work dir", List.of("vm")))
        .isInstanceOf(JobException.class)
        .hasMessage(
            "the work dir "
                + work.resolve("gone")
                + " does not exist; create it or submit from another folder");
  }

  @Test
  void otherNodesSeeOnlyDeclaredOrNetworkStorage() {
    SharedStorage local = new SharedStorage(List.of(), "login1");
    SharedStorage declared = new SharedStorage(List.of(work.getParent()), "login1");

    assertThatThrownBy(() -> local.check(work, "work dir", List.of("gpu1", "gpu2")))
        .hasMessageContaining("the work dir " + work + " is on this machine's own disk (")
        .hasMessageContaining("which the Slurm nodes (gpu1, gpu2) cannot see")
        .hasMessageContaining("slurm.shared_paths");
    assertThatCode(() -> declared.check(work, "work dir", List.of("gpu1")))
        .doesNotThrowAnyException();
  }
}
