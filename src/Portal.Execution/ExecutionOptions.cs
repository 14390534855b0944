namespace Portal.Execution;

public sealed class ExecutionOptions
{
    public const string Section = "Execution";

    public bool Enabled { get; set; } = true;
    /// <summary>How often an idle executor looks at the queue (it is also woken when a request is queued).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>How long a claim lasts without renewal; a crashed executor's work is taken over after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);
    public int MaxConcurrentRequests { get; set; } = 4;
    /// <summary>After this many attempts that ended in a transient fault, the request fails for good.</summary>
    public int MaxAttempts { get; set; } = 20;
    /// <summary>Base delay before retrying after a transient fault; doubles per attempt, capped at 5 minutes.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Identifies this replica in leases and the audit trail.</summary>
    public string WorkerId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
}
