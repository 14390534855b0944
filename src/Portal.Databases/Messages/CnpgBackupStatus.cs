using System.Globalization;
using System.Text.Json.Nodes;

namespace Portal.Databases.Messages;

/// <summary>The phases of a CloudNativePG <c>Backup</c> (<c>status.phase</c>), plus the two cases the operator never writes.</summary>
public enum CnpgBackupPhase
{
    /// <summary>No status yet: the operator has not picked the Backup up.</summary>
    New,
    Pending,
    Started,
    Running,

    /// <summary>Volume snapshots taken, waiting for them to be ready to use.</summary>
    Finalizing,
    Completed,
    Failed,

    /// <summary>The cluster's WAL archiving does not work; recent operators keep checking it every minute.</summary>
    WalArchivingFailing,

    /// <summary>The operator refused the Backup's spec ("invalid backup definition").</summary>
    InvalidDefinition,

    /// <summary>A phase this portal does not know (a newer operator); <see cref="CnpgBackupStatus.RawPhase"/> has it.</summary>
    Unknown,
}

/// <summary>
/// What the operator reported on a <c>Backup</c>: phase, times, the backup id and where it went, or the error.
/// <see cref="Parse"/> never throws: a missing or odd status (wrong types, unparsable times) reads as absent values,
/// because a status written by a newer or a broken operator must not stop the portal from listing backups.
/// </summary>
public sealed record CnpgBackupStatus(
    CnpgBackupPhase Phase,
    string? RawPhase,
    DateTimeOffset? StartedAt,
    DateTimeOffset? StoppedAt,
    string? BackupId,
    string? DestinationPath,
    string? Error)
{
    private static readonly Dictionary<string, CnpgBackupPhase> Phases = new(StringComparer.Ordinal)
    {
        ["pending"] = CnpgBackupPhase.Pending,
        ["started"] = CnpgBackupPhase.Started,
        ["running"] = CnpgBackupPhase.Running,
        ["finalizing"] = CnpgBackupPhase.Finalizing,
        ["completed"] = CnpgBackupPhase.Completed,
        ["failed"] = CnpgBackupPhase.Failed,
        ["walArchivingFailing"] = CnpgBackupPhase.WalArchivingFailing,
        ["invalid backup definition"] = CnpgBackupPhase.InvalidDefinition,
    };

    /// <summary>The backup is usable for a recovery.</summary>
    public bool Succeeded => Phase == CnpgBackupPhase.Completed;

    /// <summary>The operator will not finish this Backup; a new one is needed.</summary>
    public bool Failed => Phase is CnpgBackupPhase.Failed or CnpgBackupPhase.InvalidDefinition;

    /// <summary>Nothing more will happen to this Backup.</summary>
    public bool Finished => Succeeded || Failed;

    /// <summary>Reads <c>status</c> of a whole Backup object (null or anything else gives <see cref="CnpgBackupPhase.New"/>).</summary>
    public static CnpgBackupStatus Parse(JsonObject? backup)
    {
        var status = Child(backup, "status") as JsonObject;
        var raw = Text(status, "phase");
        var phase = string.IsNullOrEmpty(raw) ? CnpgBackupPhase.New
            : Phases.TryGetValue(raw, out var known) ? known : CnpgBackupPhase.Unknown;
        return new CnpgBackupStatus(phase, raw, Time(status, "startedAt"), Time(status, "stoppedAt"),
            Text(status, "backupId"), Text(status, "destinationPath"), Text(status, "error"));
    }

    private static JsonNode? Child(JsonObject? o, string name) =>
        o is not null && o.TryGetPropertyValue(name, out var value) ? value : null;

    private static string? Text(JsonObject? o, string name) =>
        Child(o, name) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static DateTimeOffset? Time(JsonObject? o, string name) =>
        DateTimeOffset.TryParse(Text(o, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
