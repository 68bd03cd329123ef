// Tests share libtorch global state (thread count, default dtype); run them one class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
