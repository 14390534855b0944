namespace Portal.Execution.Moves;

/// <summary>Timing of migration waves: how often the dispatcher looks at the waves, how long the executor waits for
/// the clusters before it gives up on a step.</summary>
public sealed class MigrationOptions
{
    public const string Section = "Migrations";

    /// <summary>How often the wave dispatcher looks at approved waves (starts them, queues applications, ends them).</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(3);
    /// <summary>How often a waiting step reads the cluster again (Velero sync, Jobs, workloads becoming available).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>Verify gives up after this long, naming what is not ready.</summary>
    public TimeSpan VerifyTimeout { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>How long the target's Velero may take to see a backup made on the source (synced from the shared location).</summary>
    public TimeSpan BackupSyncTimeout { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>How long copying one claim's data with rsync may take.</summary>
    public TimeSpan DataCopyTimeout { get; set; } = TimeSpan.FromHours(2);
    /// <summary>When a cluster cannot be reached, the move is given back to the queue and tried again after this.</summary>
    public TimeSpan PausedRetry { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>The size (GiB) of the scratch claims that hold the database dumps of one application on each cluster.</summary>
    public int DatabaseScratchSizeGi { get; set; } = 10;
    /// <summary>The image of the rsync daemon and client that copy claims (Crane's transfer image).</summary>
    public string RsyncImage { get; set; } = "quay.io/konveyor/rsync-transfer:latest";
    /// <summary>The addresses (CIDRs) the source clusters' traffic leaves from: when set, the rsync receiver's
    /// LoadBalancer accepts only them (<c>loadBalancerSourceRanges</c>). The copy is in TLS either way.</summary>
    public string[] TransferSourceRanges { get; set; } = [];
}
