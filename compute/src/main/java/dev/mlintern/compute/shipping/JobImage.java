package dev.mlintern.compute.shipping;

import dev.mlintern.compute.JobException;
import java.util.List;
import java.util.Locale;

/**
 * The container image a remote job runs in. Unless the job names one, a GPU flavor gets a CUDA
 * PyTorch image and a CPU flavor a plain Python one (recipes install what else they need from their
 * dependencies). A named image is used as given, but a vetted recipe on a GPU flavor is refused on
 * an image that cannot have CUDA PyTorch: a CPU-only or Alpine (musl) build, or a plain image whose
 * job does not install torch.
 */
public final class JobImage {
  public static final String GPU_DEFAULT = "pytorch/pytorch:2.6.0-cuda12.4-cudnn9-runtime";
  public static final String CPU_DEFAULT = "python:3.12";

  private JobImage() {}

  /** Whether HF Jobs flavor {@code flavor} has an accelerator (every flavor but {@code cpu-*}). */
  public static boolean gpuFlavor(String flavor) {
    return flavor != null && !flavor.startsWith("cpu-");
  }

  /** The image to run: {@code image} as given, else the default for the flavor. */
  public static String choose(String image, String flavor) {
    if (image != null && !image.isBlank()) {
      return image;
    }
    return gpuFlavor(flavor) ? GPU_DEFAULT : CPU_DEFAULT;
  }

  /**
   * Refuses a vetted recipe on a GPU flavor when {@code image} cannot give it CUDA PyTorch, with
   * {@code dependencies} the packages the job installs first.
   */
  public static void check(String image, String flavor, JobBundle bundle) {
    boolean recipe = bundle.command().stream().anyMatch(a -> a.startsWith("recipes/"));
    if (!recipe || !gpuFlavor(flavor)) {
      return;
    }
    String name = image.toLowerCase(Locale.ROOT);
    String tag = name.contains(":") ? name.substring(name.lastIndexOf(':') + 1) : "";
    String why = null;
    if (name.contains("alpine")) {
      why = "it is Alpine-based (musl), for which there are no CUDA PyTorch builds";
    } else if (tag.contains("cpu") || name.contains("rocm")) {
      why = "it is a " + (name.contains("rocm") ? "ROCm" : "CPU-only") + " build";
    } else if (!hasCudaTorch(name) && !installsTorch(bundle.dependencies())) {
      why = "it has no PyTorch and the job does not install torch";
    }
    if (why != null) {
      throw new JobException(
          JobException.Kind.INVALID,
          "image "
              + image
              + " cannot run a recipe on GPU flavor "
              + flavor
              + ": "
              + why
              + "; leave image unset (the default is "
              + GPU_DEFAULT
              + ") or use an image with CUDA PyTorch");
    }
  }

  private static boolean hasCudaTorch(String name) {
    return name.contains("cuda")
        || name.startsWith("pytorch/pytorch")
        || name.startsWith("nvcr.io/nvidia/pytorch")
        || name.contains("pytorch-gpu")
        || name.startsWith("huggingface/trl")
        || name.startsWith("vllm/");
  }

  private static boolean installsTorch(List<String> dependencies) {
    return dependencies.stream().anyMatch(d -> d.matches("(?i)torch([<>=!~;\\[ ].*)?"));
  }
}
