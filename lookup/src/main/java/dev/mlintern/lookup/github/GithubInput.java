package dev.mlintern.lookup.github;

import dev.mlintern.core.tool.Param;

/** The {@code github} tool's operations, one record each. */
public sealed interface GithubInput {
  record SearchCode(
      @Param("code to look for, e.g. SFTTrainer packing=True") String query,
      @Param(value = "limit to one repository, owner/name", optional = true) String repo,
      @Param(value = "limit to one language, e.g. python", optional = true) String language,
      @Param(value = "how many files, default 10, at most 30", optional = true) Integer limit)
      implements GithubInput {}

  record SearchRepos(
      @Param("words describing the repository") String query,
      @Param(value = "how many repositories, default 10, at most 30", optional = true)
          Integer limit)
      implements GithubInput {}

  record Tree(
      @Param("owner/name") String repo,
      @Param(value = "only files under this folder, e.g. examples/scripts", optional = true)
          String path,
      @Param(value = "branch, tag or commit; default: the default branch", optional = true)
          String ref)
      implements GithubInput {}

  record Read(
      @Param("owner/name") String repo,
      @Param("file path in the repository") String path,
      @Param(value = "branch, tag or commit; default: the default branch", optional = true)
          String ref,
      @Param(value = "continue a long file from this character offset", optional = true)
          Integer offset)
      implements GithubInput {}
}
