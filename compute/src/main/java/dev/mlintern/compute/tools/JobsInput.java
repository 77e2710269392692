package dev.mlintern.compute.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.core.tool.Param;
import java.util.Map;

/** Operations of the {@code jobs} tool, one record each. */
public sealed interface JobsInput {
  record Submit(
      @Param(
              "command and arguments, e.g. [\"python\", \"recipes/tabular.py\"]; python resolves to an interpreter with the ML stack")
          java.util.List<String> command,
      @Param(value = "local (default), slurm or hf-jobs", optional = true) String executor,
      @Param(value = "JSON config handed to the job as $MLINTERN_CONFIG", optional = true)
          JsonNode config,
      @Param(value = "CPU cores (default 1)", optional = true) Integer cpus,
      @Param(value = "GPUs (default 0)", optional = true) Integer gpus,
      @Param(value = "memory in MB (default: executor's)", optional = true) Integer memory,
      @Param(
              value = "HF Jobs hardware flavor, e.g. cpu-basic, a10g-small (see operation flavors)",
              optional = true)
          String flavor,
      @Param(value = "stop the job after this long: 90s, 30m, 2h", optional = true) String timeout,
      @Param(value = "extra environment variables", optional = true) Map<String, String> env,
      @Param(value = "names of secrets the job may read, e.g. [\"HF_TOKEN\"]", optional = true)
          java.util.List<String> secrets,
      @Param(value = "experiment name the run is recorded under", optional = true)
          String experiment,
      @Param(value = "run id this one refines (search tree)", optional = true) String parent,
      @Param(value = "keep the job running after the session ends", optional = true) Boolean detach,
      @Param(
              value =
                  "container image (hf-jobs only; default: CUDA PyTorch on GPU flavors, python:3.12 on CPU)",
              optional = true)
          String image,
      @Param(
              value =
                  "Python packages installed before the command on hf-jobs, e.g. [\"scikit-learn>=1.4\"]",
              optional = true)
          java.util.List<String> dependencies,
      @Param(
              value =
                  "workspace files or folders to send to an hf-jobs job besides those the command and config name",
              optional = true)
          java.util.List<String> files,
      @Param(
              value =
                  "columns of a Hub dataset an LLM recipe trains on, e.g. [\"prompt\", \"chosen\", \"rejected\"]"
                      + " (for its GPU pre-flight; local files are read)",
              optional = true)
          java.util.List<String> columns,
      @Param(
              value =
                  "true to let a local job reach the network (Hub downloads, pip); off by default",
              optional = true)
          Boolean network)
      implements JobsInput {}

  record Status(@Param("job id, j-…") String id) implements JobsInput {}

  record Logs(
      @Param("job id") String id,
      @Param(value = "last N lines (default 50)", optional = true) Integer tail,
      @Param(
              value = "read from this byte offset (from a previous call's next_offset)",
              optional = true)
          Long since,
      @Param(value = "only lines matching this regex", optional = true) String grep)
      implements JobsInput {}

  record Wait(
      @Param("job id") String id,
      @Param(value = "longest wait in seconds (default 60, at most 600)", optional = true)
          Integer seconds)
      implements JobsInput {}

  record Cancel(@Param("job id") String id) implements JobsInput {}

  // list and flavors each keep one required field: core's JsonSchemas cannot yet derive an
  // operation whose fields are
  // all optional (it reads a missing "required" array as null).
  record List(@Param("how many jobs, newest first, e.g. 20") Integer limit) implements JobsInput {}

  record Flavors(@Param("executor whose hardware to list, e.g. hf-jobs") String executor)
      implements JobsInput {}
}
