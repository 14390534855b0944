using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Application.Features.Protection;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Telemetry;
using Portal.Domain.Access;
using Portal.Domain.Recovery;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Recovery.Drills;

/// <param name="BackupName">The backup to restore; null for the namespace's latest good backup, found when the drill runs.</param>
/// <param name="TargetClusterId">Where to restore; null for the namespace's own cluster.</param>
/// <param name="KeepForInspection">Keep the scratch namespace this long after the drill (at most <see cref="DrillOptions.MaxKeepForInspection"/>); null to remove it at once.</param>
public sealed record RunRestoreDrillCommand(Guid TenantNamespaceId, string? BackupName = null, Guid? TargetClusterId = null,
    IReadOnlyList<DrillCheck>? Checks = null, TimeSpan? KeepForInspection = null, string? Reason = null);

/// <summary>An SRE (or platform engineer) runs a restore drill of a namespace now: a request through the one pipeline, and the
/// drill's history row. The executor checks everything again when it acts.</summary>
public sealed class RunRestoreDrill(UseCaseServices s, IExecutionSignal signal, IClusterGateway gateway, ClusterConnections connections,
    IOptions<DrillOptions> options, IOptions<ProtectionOptions> protection) : IUseCase
{
    public async Task<Result<RunRestoreDrillResult>> HandleAsync(RunRestoreDrillCommand cmd, CancellationToken ct = default)
    {
        using var activity = PortalTelemetry.StartUseCase(nameof(RunRestoreDrill));
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await DrillLookup.NamespaceAsync(db, caller, cmd.TenantNamespaceId, tracked: false, ct);
        if (ns is null) return Error.NotFound("The namespace");
        if (!caller.Can(Permission.RunRestoreDrill, ns.TenantId, ns.ClusterId)) return caller.Refuse($"You may not run drills of {ns.Namespace}.");
        var target = await DrillLookup.TargetClusterAsync(db, caller, ns.TenantId, ns.ClusterId, cmd.TargetClusterId, ct);
        if (!target.IsSuccess) return target.Error!;
        if (DrillLookup.CheckKeep(cmd.KeepForInspection, options.Value) is { } keep) return keep;
        var checks = cmd.Checks ?? [];
        if (await DrillLookup.CheckChecksAsync(db, ns.ClusterId, ns.Namespace, checks, ct) is { } bad) return bad;
        var backupName = string.IsNullOrWhiteSpace(cmd.BackupName) ? null : cmd.BackupName.Trim();

        var cluster = await db.Clusters.FindAsync([ns.ClusterId], ct);
        try
        {
            var conn = connections.For(cluster!);
            var velero = ClusterConnections.VeleroNamespaceOf(cluster!);
            if (backupName is not null)
            {
                var backup = await gateway.GetBackupAsync(conn, velero, backupName, ct);
                if (backup is null) return Error.Validation($"The backup {backupName} does not exist on cluster {cluster!.Name} (any more).");
                if (!backup.Includes(ns.Namespace)) return Error.Validation($"The backup {backupName} does not contain namespace {ns.Namespace}.");
                if (!backup.IsRestorable) return Error.Validation($"The backup {backupName} is {backup.Phase ?? "not finished"}; only a Completed or PartiallyFailed backup can be restored.");
            }
            else if (LatestGoodBackup.Of(await gateway.ListBackupsAsync(conn, velero, ct), ns.Namespace) is null)
                return Error.Validation($"{ns.Namespace} has no completed backup on cluster {cluster!.Name} to drill with: back it up first.");
        }
        catch (ClusterAccessException ex)
        {
            return Error.Unavailable(ClusterConnections.Explain(ex, cluster!.Name));
        }

        var ask = new DrillAsk(ns, target.Value!.Id, backupName, checks, cmd.KeepForInspection,
            TargetRto.Of(ns.TargetRto, protection.Value.DefaultTargetRto), DrillTrigger.OnDemand, null, cmd.Reason);
        var added = await DrillSubmission.AddAsync(db, caller, s, ask, ct);
        if (!added.IsSuccess) return added.Error!;
        var (request, drill) = added.Value;
        if (await RequestSubmission.SaveAsync(db, request, s, ct) is { } raced) return raced;
        if (request.Status == RequestStatus.Queued) signal.RequestQueued();
        s.Notifier.Notify(RequestChange.Of(request));
        return new RunRestoreDrillResult(drill.Id, request.Id, drill.ScratchNamespaceName);
    }
}

public sealed record RunRestoreDrillResult(Guid DrillId, Guid RequestId, string ScratchNamespace);
