// Each test starts its own simulated cluster, database and executors; run them one at a time so that
// timing (leases, watches) is not at the mercy of a two-core machine running them all at once.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
