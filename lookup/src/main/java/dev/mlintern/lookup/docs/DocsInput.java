package dev.mlintern.lookup.docs;

import dev.mlintern.core.tool.Param;

/** The {@code docs} tool's operations, one record each. */
public sealed interface DocsInput {
  record Search(
      @Param("words to look for, e.g. SFTTrainer packing") String query,
      @Param(
              value =
                  "transformers, trl, peft, datasets, hub, accelerate …; the first search of a"
                      + " library indexes it. Without it: every library indexed so far",
              optional = true)
          String library,
      @Param(value = "how many pages, default 8, at most 30", optional = true) Integer limit)
      implements DocsInput {}

  record Pages(@Param("transformers, trl, peft, datasets, hub, accelerate …") String library)
      implements DocsInput {}

  record Read(
      @Param("the library, e.g. trl") String library,
      @Param("the page path from search or pages, e.g. sft_trainer") String page,
      @Param(value = "continue a long page from this character offset", optional = true)
          Integer offset)
      implements DocsInput {}
}
