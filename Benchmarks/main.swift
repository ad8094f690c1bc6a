// `make bench`: lenscribe's throughput next to reference numbers measured in the same run.
print("lenscribe-bench: no benchmarks registered yet")
TokenizerBenchmark.run()
KernelBenchmark.run()
