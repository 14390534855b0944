using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Common;
using Portal.Domain.Recovery;

namespace Portal.Application.Features.Recovery.Drills;

/// <summary>The drills of a namespace between <paramref name="From"/> and <paramref name="To"/> (both optional), for auditors.</summary>
public sealed record GetDrillEvidenceQuery(Guid TenantNamespaceId, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>One drill as evidence: when, what was restored where, the result, RTO against its target, what failed, the checks.</summary>
public sealed record DrillEvidenceRow(Guid DrillId, Guid RequestId, DateTimeOffset AskedAt, string Trigger, string RequestedBy, string Cluster,
    string Namespace, string TargetCluster, string ScratchNamespace, string? Backup, DateTimeOffset? BackupTakenAt, DateTimeOffset? RestoreStartedAt,
    DateTimeOffset? VerifiedAt, string Result, TimeSpan? MeasuredRto, TimeSpan TargetRto, bool MetTarget, string? Failure, string Checks, string CleanUp);

public sealed record DrillEvidence(string Namespace, string Cluster, DateTimeOffset GeneratedAt, string GeneratedBy, IReadOnlyList<DrillEvidenceRow> Rows);

/// <summary>The rows of the evidence report (CSV and printable page), oldest first; at most <see cref="MaxRows"/>.</summary>
public sealed class GetDrillEvidence(UseCaseServices s) : IUseCase
{
    public const int MaxRows = 10_000;

    public async Task<Result<DrillEvidence>> HandleAsync(GetDrillEvidenceQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await DrillLookup.NamespaceAsync(db, caller, q.TenantNamespaceId, tracked: false, ct);
        if (ns is null) return Error.NotFound("The namespace");
        var drills = db.RestoreDrills.AsNoTracking().Where(d => d.ClusterId == ns.ClusterId && d.Namespace == ns.Namespace && d.TenantId == ns.TenantId);
        if (q.From is { } from) drills = drills.Where(d => d.CreatedAt >= from);
        if (q.To is { } to) drills = drills.Where(d => d.CreatedAt <= to);
        var list = await drills.OrderBy(d => d.CreatedAt).Take(MaxRows).ToListAsync(ct);
        var names = await DrillLookup.ClusterNamesAsync(db, list.Select(d => d.TargetClusterId).Append(ns.ClusterId), ct);
        var cluster = names.GetValueOrDefault(ns.ClusterId, "?");
        var rows = list.Select(d => new DrillEvidenceRow(d.Id, d.RequestId, d.CreatedAt, d.Trigger.ToString(), d.RequestedBy, cluster, d.Namespace,
            names.GetValueOrDefault(d.TargetClusterId, "?"), d.ScratchNamespaceName, d.BackupName, d.BackupTakenAt, d.RestoreStartedAt, d.VerifiedAt,
            d.Status.Display(), d.MeasuredRto, d.TargetRto, d.MetTarget, d.Failure,
            string.Join("; ", d.CheckResults.Count > 0 ? d.CheckResults.Select(r => $"{r.Check}: {(r.Passed ? "passed" : "failed")} ({r.Detail})") : d.Checks.Select(c => c.Describe())),
            CleanUp(d))).ToList();
        return new DrillEvidence(ns.Namespace, cluster, s.Now, caller.Principal.DisplayName, rows);
    }

    private static string CleanUp(RestoreDrill d) => d.CleanupState switch
    {
        DrillCleanupState.Done => $"Removed {d.CleanedUpAt:yyyy-MM-dd HH:mm} UTC",
        DrillCleanupState.Kept => $"Kept for inspection until {d.KeepUntil:yyyy-MM-dd HH:mm} UTC",
        DrillCleanupState.Failed => $"Removal failed: {d.CleanupError}",
        _ => "Pending",
    };
}
