// `make bench`: lenscribe's throughput next to reference numbers measured in the same run.
TokenizerBenchmark.run()
KernelBenchmark.run()
