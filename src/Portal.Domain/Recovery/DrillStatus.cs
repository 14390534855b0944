namespace Portal.Domain.Recovery;

/// <summary>Where a drill stands. Stored as strings.</summary>
public enum DrillStatus
{
    /// <summary>Asked for; its request waits for approval or for the executor.</summary>
    Pending,
    /// <summary>The scratch namespace is being made and isolated, or Velero is restoring into it.</summary>
    Restoring,
    /// <summary>Restored; waiting for workloads and claims, then running the checks.</summary>
    Verifying,
    Passed,
    Failed,
    /// <summary>Never ran: its request was rejected or cancelled.</summary>
    Cancelled,
}

/// <summary>What started a drill.</summary>
public enum DrillTrigger { OnDemand, Scheduled }

/// <summary>Whether what a drill made (scratch namespace, Velero Restore, modifier ConfigMap) is gone.</summary>
public enum DrillCleanupState
{
    /// <summary>Nothing made yet, or not removed yet.</summary>
    Pending,
    Done,
    /// <summary>Kept for inspection until <see cref="RestoreDrill.KeepUntil"/>; the sweeper removes it then.</summary>
    Kept,
    /// <summary>Removal failed (the error says why); the sweeper tries again.</summary>
    Failed,
}

public static class DrillStatusExtensions
{
    public static bool IsTerminal(this DrillStatus s) => s is DrillStatus.Passed or DrillStatus.Failed or DrillStatus.Cancelled;

    public static string Display(this DrillStatus s) => s switch
    {
        DrillStatus.Pending => "Waiting to run",
        DrillStatus.Restoring => "Restoring",
        DrillStatus.Verifying => "Verifying",
        DrillStatus.Passed => "Passed",
        DrillStatus.Failed => "Failed",
        DrillStatus.Cancelled => "Not run",
        _ => s.ToString(),
    };
}
