package dev.mlintern.compute.tools;

import dev.mlintern.core.tool.Param;

/** Input of the {@code diagnose} tool. */
public record DiagnoseInput(@Param("job id (j-…) of a finished or running job") String id) {}
