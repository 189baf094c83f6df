"""The eval: gold questions, a deterministic fact matcher, metrics, the runner and the plain llama-index baseline."""
