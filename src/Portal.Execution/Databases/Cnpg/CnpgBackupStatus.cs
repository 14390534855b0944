using System.Globalization;
using System.Text.Json.Nodes;

namespace Portal.Execution.Databases.Cnpg;

/// <summary>The phases of a CloudNativePG <c>Backup</c>, plus the two cases the operator never writes.</summary>
internal enum CnpgBackupPhase { New, Pending, Started, Running, Finalizing, Completed, Failed, WalArchivingFailing, InvalidDefinition, Unknown }

/// <summary>
/// STAND-IN until the <c>dblib</c> branch lands <c>Portal.Databases.Messages.CnpgBackupStatus</c> (same shape and
/// members). What the operator reported on a Backup; <see cref="Parse"/> never throws, because a status written by a
/// newer or a broken operator must not stop the portal from recording the others.
/// </summary>
internal sealed record CnpgBackupStatus(CnpgBackupPhase Phase, string? RawPhase, DateTimeOffset? StartedAt, DateTimeOffset? StoppedAt,
    string? BackupId, string? DestinationPath, string? Error)
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

    public bool Succeeded => Phase == CnpgBackupPhase.Completed;

    public bool Failed => Phase is CnpgBackupPhase.Failed or CnpgBackupPhase.InvalidDefinition;

    public bool Finished => Succeeded || Failed;

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
