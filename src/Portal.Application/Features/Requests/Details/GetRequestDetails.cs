using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Requests.List;
using Portal.Domain.Access;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Requests.Details;

public sealed record GetRequestDetailsQuery(Guid RequestId);

public sealed record TimelineEntry(DateTimeOffset At, RequestEventKind Kind, string Title, string? Detail, string Actor);

/// <param name="Database">For a request about a registered database: what it is about, in names.</param>
/// <param name="ResultJson">What the run produced beyond its status (a restore's verification report, a recovery
/// point's dump and backup), as the executor recorded it.</param>
public sealed record RequestDetails(RequestSummary Summary, string? Reason, string ParametersDescription,
    string? ObjectKind, string? ObjectName, int Warnings, int Errors, int Attempt, string? DecidedBy, string? DecisionComment,
    string ApproverPersona, bool CanDecide, bool CanCancel, IReadOnlyList<TimelineEntry> Timeline,
    DatabaseRequestFacts? Database = null, string? ResultJson = null, Guid? MigrationPlanId = null);

/// <summary>One request with its timeline, and what the caller may do with it.</summary>
public sealed class GetRequestDetails(UseCaseServices s) : IUseCase
{
    public async Task<Result<RequestDetails>> HandleAsync(GetRequestDetailsQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var r = await db.Requests.AsNoTracking().FirstOrDefaultAsync(x => x.Id == q.RequestId, ct);
        if (r is null || !caller.Can(Permission.ViewTenant, r.TenantId, r.ClusterId)) return Error.NotFound("The request");

        var tenant = await TenantNames.OfAsync(db, r.TenantId, ct);
        var cluster = await db.Clusters.AsNoTracking().Where(c => c.Id == r.ClusterId).Select(c => c.Name).FirstAsync(ct);
        var events = await db.RequestEvents.AsNoTracking().Where(e => e.RequestId == r.Id).ToListAsync(ct);
        var timeline = events.OrderBy(e => e.Sequence).ThenBy(e => e.At)
            .Select(e => new TimelineEntry(e.At, e.Kind, e.Title, e.Detail, e.Actor)).ToList();
        var (_, approver) = await ApprovalRules.ResolveAsync(db, r.TenantId, r.Kind, ct);

        var canDecide = r.Status == RequestStatus.PendingApproval && ApprovalRules.CanDecide(caller, r, approver);
        // A migration's requests follow their wave: they are stopped by rolling back on the plan, not cancelled here.
        var canCancel = !r.Kind.IsMigrationKind() && r.Status is RequestStatus.PendingApproval or RequestStatus.Approved or RequestStatus.Queued
            && caller.Can(Permission.CancelRequest, r.TenantId, r.ClusterId)
            && (r.RequestedById == caller.Principal.UserId || caller.Can(ApprovalRules.ApprovePermission(r.Kind), r.TenantId, r.ClusterId));

        var database = (await DatabaseRequestFactsReader.ReadAsync(db, [r], withDumps: true, ct)).GetValueOrDefault(r.Id);
        var summary = ListRequests.ToSummary(r, tenant, cluster, await ListRequests.SourceClustersAsync(db, [r], ct));
        summary = summary with { About = database?.About ?? summary.About };
        return new RequestDetails(summary, r.Reason, database?.About ?? Describe(r), r.ObjectKind, r.ObjectName,
            r.Warnings, r.Errors, r.Attempt, r.DecidedByName, r.DecisionComment, approver.Display(), canDecide, canCancel, timeline,
            database, r.ResultJson, r.Kind.IsMigrationKind() ? r.ParametersAs<MigrationRequestParameters>().PlanId : null);
    }

    private static string Describe(OperationRequest r)
    {
        if (r.Kind.IsDatabaseKind()) return DescribeDatabase(r);
        if (r.Kind == RequestKind.ApplicationMigration) return $"Moves {r.Namespace} with its migration wave; every step is on the plan's status board";
        if (r.Kind == RequestKind.MigrationRollback) return $"Undoes the move of {r.Namespace}: the target cleaned up, the source scaled back up, its GitOps unfrozen";
        if (r.Kind == RequestKind.NamespaceBackup)
        {
            var p = r.BackupParameters;
            var volumes = p.VolumeMode switch
            {
                VolumeBackupMode.Snapshot => "volume snapshots",
                VolumeBackupMode.FileSystem => "file-system backup of volumes",
                _ => "no volume data",
            };
            return $"Keep for {p.Ttl.TotalHours:0} h, {volumes}, storage location {p.StorageLocation ?? "(cluster default)"}";
        }
        if (r.Kind != RequestKind.NamespaceRestore) return r.Kind.Display();
        var rp = r.RestoreParameters;
        var from = rp.IsCrossCluster ? " (taken on another cluster, read through the shared location " + rp.SourceLocation + ")" : "";
        var into = rp.TargetNamespace == r.Namespace && !rp.IsCrossCluster ? "into the same namespace"
            : rp.IntoExistingNamespace ? $"into existing namespace {rp.TargetNamespace} (in use; writing into it was confirmed)"
            : $"into new namespace {rp.TargetNamespace}";
        var existing = rp.ExistingResourcePolicy == ExistingResourcePolicy.Update ? "update existing objects" : "keep existing objects";
        var classes = rp.Classes is { } c && c.StorageClassMap.Count + c.IngressClassMap.Count > 0
            ? "; classes mapped: " + string.Join(", ", c.StorageClassMap.Concat(c.IngressClassMap).Select(m => $"{m.Key} → {m.Value}")) : "";
        var gitOps = rp.GitOps is { Count: > 0 } g
            ? $"; GitOps frozen during the restore: {string.Join(", ", g)}{(rp.KeepGitOpsFrozen ? " (kept frozen afterwards, as asked)" : ", then unfrozen")}" : "";
        return $"From backup {rp.BackupName}{from} {into}; {existing}; {(rp.RestoreVolumes ? "restore" : "skip")} volume data{classes}{gitOps}";
    }

    /// <summary>Database requests carry their own parameters (the database page shows the details).</summary>
    private static string DescribeDatabase(OperationRequest r) => r.Kind switch
    {
        RequestKind.DumpScheduleChange => r.ParametersAs<DumpScheduleChangeParameters>().Action == DumpScheduleAction.Delete
            ? "Remove the dump schedule from the cluster; the dumps already written stay"
            : "Write the dump schedule to the cluster",
        RequestKind.DatabaseDump => "One dump of the schedule, now",
        RequestKind.RecoveryPoint => $"A dump, then a Velero backup of the namespace kept {r.ParametersAs<RecoveryPointParameters>().BackupTtl.TotalHours:0} h",
        _ => DescribeRestore(r.ParametersAs<DatabaseRestoreParameters>()),
    };

    private static string DescribeRestore(DatabaseRestoreParameters p) =>
        $"Restore a dump into database {p.TargetDatabaseName}{(p.Overwrite ? ", replacing what it holds" : "")}{(p.Verify ? ", then verify it" : "")}";
}
