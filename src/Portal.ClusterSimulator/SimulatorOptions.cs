namespace Portal.ClusterSimulator;

/// <summary>How to start a <see cref="SimulatedCluster"/>.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Names the cluster, user and context in the kubeconfig (and varies one demo namespace).</summary>
    public string ClusterName { get; set; } = "sim";

    /// <summary>HTTPS port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; } = 0;

    /// <summary>Extra CRD YAML files (searched recursively), e.g. ../shared/crds. They replace built-in schemas.</summary>
    public string? CrdDirectory { get; set; }

    /// <summary>Seeds the demo namespaces, Velero install, storage classes and pre-existing scheduled backups.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>Time between two steps of the simulated Velero controller (tests use 50-100 ms).</summary>
    public TimeSpan PhaseStepDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Bearer token clients must present; null generates a random one.</summary>
    public string? Token { get; set; }

    /// <summary>Writes one line per request ("GET /api/v1/namespaces -> 200") to standard output; for the command line.</summary>
    public bool LogRequests { get; set; }

    /// <summary>How often a watch that allows bookmarks receives a BOOKMARK event.</summary>
    public TimeSpan WatchBookmarkInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The cluster's clock (timestamps, cron schedules of CronJobs, Velero and CloudNativePG schedules, Job deadlines);
    /// null = the system clock. Tests pass a FakeTimeProvider to run schedules without waiting. The controller still
    /// steps every <see cref="PhaseStepDelay"/> of real time.
    /// </summary>
    public TimeProvider? TimeProvider { get; set; }
}
