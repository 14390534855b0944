using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Features.Databases;
using Portal.Domain.Databases;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Requests.Details;

/// <summary>Reads the names behind database requests (database, schedule, dump, target) in a few queries for a
/// whole page of requests. The context is the caller's, so only what their scope shows can be named.</summary>
internal static class DatabaseRequestFactsReader
{
    public static async Task<Dictionary<Guid, DatabaseRequestFacts>> ReadAsync(IPortalDbContext db, IReadOnlyCollection<OperationRequest> requests,
        bool withDumps, CancellationToken ct)
    {
        var parsed = requests.Where(r => r.Kind.IsDatabaseKind()).Select(r => (Request: r, Parameters: Parameters(r))).ToList();
        if (parsed.Count == 0) return [];

        var databaseIds = parsed.SelectMany(p => new[] { p.Parameters.DatabaseId, (p.Parameters as DatabaseRestoreParameters)?.TargetDatabaseId })
            .OfType<Guid>().Distinct().ToList();
        var artifactIds = parsed.Select(p => (p.Parameters as DatabaseRestoreParameters)?.ArtifactId).OfType<Guid>().Distinct().ToList();
        var databases = await db.DatabaseTargets.AsNoTracking().Where(d => databaseIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        var artifacts = await db.DumpArtifacts.AsNoTracking().Where(a => artifactIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var requestIds = parsed.Select(p => p.Request.Id).ToList();
        var made = withDumps
            ? await db.DumpArtifacts.AsNoTracking().Where(a => a.RequestId != null && requestIds.Contains(a.RequestId.Value)).ToListAsync(ct)
            : [];
        var scheduleIds = parsed.Select(p => ScheduleOf(p.Parameters)).OfType<Guid>()
            .Concat(artifacts.Values.Select(a => a.ScheduleId)).Concat(made.Select(a => a.ScheduleId)).Distinct().ToList();
        var schedules = await db.DumpSchedules.AsNoTracking().Where(x => scheduleIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);

        var facts = new Dictionary<Guid, DatabaseRequestFacts>();
        foreach (var (r, p) in parsed)
        {
            var name = databases.GetValueOrDefault(p.DatabaseId)?.Name ?? "a database that is no longer registered";
            var dumps = made.Where(a => a.RequestId == r.Id).OrderByDescending(a => a.StartedAt)
                .Select(a => DumpArtifactView.Of(a, schedules.GetValueOrDefault(a.ScheduleId, "?"))).ToList();
            facts[r.Id] = p switch
            {
                DumpScheduleChangeParameters c => new DatabaseRequestFacts(p.DatabaseId, name,
                    $"{(c.Action == DumpScheduleAction.Delete ? "Remove" : "Apply")} dump schedule {Schedule(schedules, c.ScheduleId)} of {name} "
                    + (c.Action == DumpScheduleAction.Delete ? "from the cluster" : "on the cluster"),
                    c.ScheduleId, schedules.GetValueOrDefault(c.ScheduleId), c.Action),
                DatabaseDumpParameters d => new DatabaseRequestFacts(p.DatabaseId, name, $"Dump {name} now (schedule {Schedule(schedules, d.ScheduleId)})",
                    d.ScheduleId, schedules.GetValueOrDefault(d.ScheduleId), Dumps: dumps),
                RecoveryPointParameters rp => new DatabaseRequestFacts(p.DatabaseId, name,
                    $"Dump {name} (schedule {Schedule(schedules, rp.ScheduleId)}), then a Velero backup of {r.Namespace} kept {rp.BackupTtl.TotalHours:0} h",
                    rp.ScheduleId, schedules.GetValueOrDefault(rp.ScheduleId), BackupTtl: rp.BackupTtl, Dumps: dumps),
                DatabaseRestoreParameters rs => Restore(r, rs, name, databases, artifacts, schedules),
                _ => new DatabaseRequestFacts(p.DatabaseId, name, $"{r.Kind.Display()} of {name}"),
            };
        }
        return facts;
    }

    private static DatabaseRequestFacts Restore(OperationRequest r, DatabaseRestoreParameters p, string name, Dictionary<Guid, DatabaseTarget> databases,
        Dictionary<Guid, DumpArtifact> artifacts, Dictionary<Guid, string> schedules)
    {
        var artifact = artifacts.GetValueOrDefault(p.ArtifactId);
        var server = databases.GetValueOrDefault(p.TargetDatabaseId)?.Name ?? "a server that is no longer registered";
        var dump = artifact is null ? "a dump that is no longer listed"
            : $"the dump of {artifact.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC (schedule {Schedule(schedules, artifact.ScheduleId)})";
        var about = p.Overwrite
            ? $"Overwrite database {p.TargetDatabaseName} on {server} with {dump} of {name}"
            : $"Restore {dump} of {name} into new database {p.TargetDatabaseName} on {server}";
        return new DatabaseRequestFacts(p.DatabaseId, name, about + (p.Verify ? ", then verify it" : ""), artifact?.ScheduleId,
            artifact is null ? null : schedules.GetValueOrDefault(artifact.ScheduleId), null, p.ArtifactId, artifact?.Location, artifact?.StartedAt,
            p.Target, p.TargetDatabaseId, server, p.TargetDatabaseName, p.Overwrite, p.Verify);
    }

    private static string Schedule(Dictionary<Guid, string> schedules, Guid id) => schedules.GetValueOrDefault(id, "(removed)");

    private static Guid? ScheduleOf(IDatabaseRequestParameters p) => p switch
    {
        DumpScheduleChangeParameters c => c.ScheduleId,
        DatabaseDumpParameters d => d.ScheduleId,
        RecoveryPointParameters rp => rp.ScheduleId,
        _ => null,
    };

    private static IDatabaseRequestParameters Parameters(OperationRequest r) => r.Kind switch
    {
        RequestKind.DumpScheduleChange => r.ParametersAs<DumpScheduleChangeParameters>(),
        RequestKind.DatabaseDump => r.ParametersAs<DatabaseDumpParameters>(),
        RequestKind.RecoveryPoint => r.ParametersAs<RecoveryPointParameters>(),
        _ => r.ParametersAs<DatabaseRestoreParameters>(),
    };
}
