namespace Portal.Application.Features.Recovery.Drills;

/// <summary>How restore drills run (section <c>Drills</c>).</summary>
public sealed class DrillOptions
{
    public const string Section = "Drills";

    /// <summary>The longest a drill's scratch namespace is kept for inspection; longer asks are refused.</summary>
    public TimeSpan MaxKeepForInspection { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the restored workloads have to become available and their claims bound before the drill fails,
    /// naming what is not ready.</summary>
    public TimeSpan VerifyTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long Velero has to finish the restore.</summary>
    public TimeSpan RestoreTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long one check's Job may run.</summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a target cluster has to see the backup through a shared location (Velero's sync) in a cross-cluster drill.</summary>
    public TimeSpan BackupSyncTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The image of HTTP checks (it needs <c>wget</c> or <c>curl</c>; mirror it in an air-gapped registry).</summary>
    public string HttpCheckImage { get; set; } = "curlimages/curl:8.11.1";

    /// <summary>How often due drill schedules are looked for.</summary>
    public TimeSpan ScheduleInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the sweeper looks for scratch namespaces to remove (ended drills not kept, expired keeps, interrupted drills).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}
