using System.Text.Json;

namespace Portal.Execution.Snapshots;

/// <summary>The steps of a fast rollback, in order; each is recorded once done, so a run that starts again (a restart of the
/// portal, a lease taken over) goes on from the last one. <see cref="PuttingBack"/> and <see cref="PutBack"/> are the way back
/// to the original data when the claim cannot be made from the snapshot or the workload does not come back with it.</summary>
public enum RollbackStep { Checked, ScaledDown, VolumeRetained, ClaimDeleted, ClaimRecreated, Ready, Released, PuttingBack, PutBack }

/// <summary>What a fast rollback records as it goes (the request's result, shown on its page): the workload's replicas and the
/// old volume's reclaim policy before anything was changed, the claim's spec, and the measured time from approval to ready.</summary>
public sealed record ClaimRollbackState
{
    public RollbackStep Step { get; init; }
    public required string Claim { get; init; }
    public required string Snapshot { get; init; }
    public required string Workload { get; init; }
    public int OriginalReplicas { get; init; }
    public required string OldVolume { get; init; }
    public required string OldReclaimPolicy { get; init; }
    public required string OldClaimUid { get; init; }
    public string? StorageClass { get; init; }
    public IReadOnlyList<string> AccessModes { get; init; } = [];
    public required string Size { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public string? NewVolume { get; init; }
    public DateTimeOffset ApprovedAt { get; init; }
    public DateTimeOffset? ReadyAt { get; init; }
    /// <summary>Approval to ready, in words ("1 min 12 s"); the number in <see cref="SecondsFromApprovalToReady"/>.</summary>
    public string? TimeFromApprovalToReady { get; init; }
    public double? SecondsFromApprovalToReady { get; init; }
    /// <summary>Why the original was put back (null while rolling forward).</summary>
    public string? PutBackBecause { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ClaimRollbackState? Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            return JsonSerializer.Deserialize<ClaimRollbackState>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
