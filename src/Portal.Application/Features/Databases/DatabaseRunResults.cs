using System.Text.Json;

namespace Portal.Application.Features.Databases;

/// <summary>One dump as a request's result: the artifact the portal recorded and where it is.</summary>
/// <param name="Run">The Job (or CloudNativePG Backup) that made it.</param>
/// <param name="Location">The path inside <paramref name="VolumeClaim"/> (or the operator's destination).</param>
public sealed record DumpRunResult(Guid ArtifactId, string Status, string Run, string? VolumeClaim, string? Location, long? SizeBytes,
    string? Sha256, string? Tool, string? Error);

/// <summary>The Velero half of a recovery point.</summary>
public sealed record VeleroBackupResult(string Name, string? Phase, string? FailureReason);

/// <summary>A consistent recovery point: the dump, then (only if it succeeded) the Velero backup of the namespace.</summary>
public sealed record RecoveryPointResult(DumpRunResult Dump, VeleroBackupResult? Backup);

/// <summary>The restore Job's end. <paramref name="Status"/> is Succeeded or Failed.</summary>
public sealed record RestoreRunResult(string Job, string Database, string Artifact, string Status, string? Error);

public sealed record VerifiedTableResult(string Schema, string Name, long Rows);

/// <summary>What the verification Job counted in the restored database and compared with the dump's table of contents.
/// <paramref name="TocTables"/> is null for plain SQL dumps (they have none); when <paramref name="Truncated"/> the
/// table list did not fit in the pod's termination message and only the counts are known (the full list is in its log).</summary>
public sealed record VerificationResult(string Job, IReadOnlyList<VerifiedTableResult> Tables, int TableCount, int? TocTables,
    IReadOnlyList<string> Missing, int MissingCount, bool Truncated);

/// <summary>A database restore: the restore, then its verification when one was asked for.</summary>
public sealed record DatabaseRestoreResult(RestoreRunResult Restore, VerificationResult? Verification);

/// <summary>How the executor writes these into <c>OperationRequest.ResultJson</c> and how pages read them back.</summary>
public static class DatabaseRunResults
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Write<T>(T result) => JsonSerializer.Serialize(result, Json);

    /// <summary>Null when there is no result yet or it is of another shape.</summary>
    public static T? Read<T>(string? json) where T : class
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            return JsonSerializer.Deserialize<T>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
