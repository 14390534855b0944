using Cronos;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Databases.Schedules;
using Portal.Application.Features.Schedules;
using Portal.Domain.Access;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.Application.Features.Requests;

namespace Portal.Application.Features.Databases;

public sealed record GetDatabaseDetailsQuery(Guid DatabaseId, int RecentDumps = 60);

/// <param name="RecentDumps">The newest dumps, newest first (the chart and the "last dumps" table).</param>
/// <param name="RestoreTargets">Other servers of the tenant the caller manages, of a compatible engine.</param>
/// <param name="OverwriteApprover">Who must approve overwriting a database under the tenant's policy; null when it runs without approval.</param>
public sealed record DatabaseDetails(DatabaseView Database, bool CanManage, bool CanRequestBackup, IReadOnlyList<DumpScheduleView> Schedules,
    IReadOnlyList<DumpArtifactView> RecentDumps, int TotalDumps, RpoStatus Rpo, IReadOnlyList<RestoreTargetOption> RestoreTargets,
    string? OverwriteApprover = null);

/// <summary>The DB engineer's page of one database: schedules, last dumps with their outcome, the RPO status.</summary>
public sealed class GetDatabaseDetails(UseCaseServices s) : IUseCase
{
    public async Task<Result<DatabaseDetails>> HandleAsync(GetDatabaseDetailsQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await (from d in db.DatabaseTargets.AsNoTracking()
                           where d.Id == q.DatabaseId
                           join c in db.Clusters on d.ClusterId equals c.Id
                           select new { d, ClusterName = c.Name }).FirstOrDefaultAsync(ct);
        if (found is null || !caller.Can(Permission.ViewTenant, found.d.TenantId, found.d.ClusterId)) return Error.NotFound("The database");
        var tenantName = await TenantNames.OfAsync(db, found.d.TenantId, ct);
        var target = found.d;
        var canManage = caller.Can(Permission.ManageDatabases, target.TenantId, target.ClusterId);

        var schedules = await db.DumpSchedules.AsNoTracking().Where(x => x.DatabaseTargetId == target.Id).ToListAsync(ct);
        var names = schedules.ToDictionary(x => x.Id, x => x.Name);
        var dumps = db.DumpArtifacts.AsNoTracking().Where(a => a.DatabaseTargetId == target.Id);
        var total = await dumps.CountAsync(ct);
        var recent = await dumps.OrderByDescending(a => a.StartedAt).Take(Math.Clamp(q.RecentDumps, 1, 500)).ToListAsync(ct);
        var newestGood = await dumps.Where(a => a.Status == DumpArtifactStatus.Succeeded)
            .OrderByDescending(a => a.CompletedAt).Select(a => a.CompletedAt).FirstOrDefaultAsync(ct);

        var restoreTargets = new List<RestoreTargetOption>();
        if (canManage)
        {
            var others = await (from d in db.DatabaseTargets.AsNoTracking()
                                where d.TenantId == target.TenantId && d.Id != target.Id
                                join c in db.Clusters on d.ClusterId equals c.Id
                                select new { d, ClusterName = c.Name }).ToListAsync(ct);
            restoreTargets = others
                .Where(o => (o.d.Engine == DatabaseEngine.PostgreSql) == (target.Engine == DatabaseEngine.PostgreSql)
                    && caller.Can(Permission.ManageDatabases, o.d.TenantId, o.d.ClusterId))
                .OrderBy(o => o.d.Name)
                .Select(o => new RestoreTargetOption(o.d.Id, o.d.Name, o.ClusterName, o.d.Namespace, o.d.Engine, o.d.DatabaseNames))
                .ToList();
        }

        var (overwriteNeedsApproval, overwriteApprover) = await ApprovalRules.ResolveAsync(db, target.TenantId, RequestKind.DatabaseOverwrite, ct);
        var view = new DatabaseView(target.Id, target.Name, target.Engine, target.ServerMajorVersion, found.ClusterName, target.Namespace, target.Host,
            target.Port, target.DatabaseNames, target.Credentials.SecretName, target.Source, target.SourceObject, target.RpoTarget, tenantName);
        return new DatabaseDetails(view, canManage, caller.Can(Permission.RequestBackup, target.TenantId, target.ClusterId),
            schedules.OrderBy(x => x.State == DumpScheduleState.Removed).ThenBy(x => x.Name).Select(x => ToView(x, s.Now)).ToList(),
            recent.Select(a => DumpArtifactView.Of(a, names.GetValueOrDefault(a.ScheduleId, "?"))).ToList(), total,
            RpoStatus.Evaluate(target.RpoTarget, newestGood, s.Now), restoreTargets,
            overwriteNeedsApproval ? overwriteApprover.Display() : null);
    }

    internal static DumpScheduleView ToView(DumpSchedule x, DateTimeOffset now)
    {
        IReadOnlyList<DateTimeOffset> next = [];
        if (x.State == DumpScheduleState.Active && !x.Suspended && PreviewSchedule.Preview(x.Cron, x.TimeZone, 5, now) is { IsSuccess: true } p)
            next = p.Value!.NextRuns;
        var native = x.Method == DumpMethod.NativeTool;
        return new DumpScheduleView(x.Id, x.Name, x.Method, CreateDumpSchedule.Describe(x), x.DatabaseName, x.Cron, x.TimeZone,
            native ? null : x.OperatorCron, x.State, x.Suspended, native ? x.ClientImage : null, native ? x.Destination : null, native ? x.Retention : null,
            x.CnpgMethod, native ? x.CronJobName : x.ScheduledBackupName, x.AppliedAt, next, x.CreatedBy);
    }
}
