using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Protection;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Protection.Namespaces;

public sealed record GetNamespaceProtectionQuery(Guid TenantNamespaceId);

/// <summary>A namespace's protection as the portal last wrote it, and what the caller may do about it.</summary>
public sealed record NamespaceProtectionView(Guid TenantNamespaceId, string Namespace, Guid TenantId, Guid ClusterId,
    ProtectionSummary? Protection, IReadOnlyList<OfferedPolicy> Policies, ProtectionMinimum? Minimum,
    IReadOnlyList<OpenProtectionRequest> OpenRequests, bool CanRequest);

public sealed record ProtectionSummary(Guid Id, Guid PolicyId, string PolicyName, string ScheduleName, bool Paused, string? PausedBy,
    string? PauseReason, DateTimeOffset? PausedUntil, ScheduleDrift Drift, string? DriftDetail, DateTimeOffset? DriftSeenAt,
    DateTimeOffset? AppliedAt, Guid? LastRequestId, bool CountsSnapshots = false);

/// <param name="ShortOfMinimum">Why the policy falls short of the tenant's minimum, in words; null when it meets it (or there is none).</param>
public sealed record OfferedPolicy(Guid Id, string Name, string? Description, string Cron, string TimeZone, TimeSpan Retention,
    TimeSpan TargetRpo, string Volumes, string? ShortOfMinimum)
{
    public string Summary => $"{Cron} ({TimeZone}), keeps {Durations.Words(Retention)}, RPO {Durations.Words(TargetRpo)}, {Volumes}";
}

/// <param name="Met">Whether the current protection meets the minimum (false when unprotected).</param>
public sealed record ProtectionMinimum(Guid PolicyId, string PolicyName, bool Met, string? Why, string WhoMayLift);

public sealed record OpenProtectionRequest(Guid Id, string Reference, RequestKind Kind, string What, RequestStatus Status, DateTimeOffset CreatedAt);

public sealed class GetNamespaceProtection(UseCaseServices s) : IUseCase
{
    public async Task<Result<NamespaceProtectionView>> HandleAsync(GetNamespaceProtectionQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await db.TenantNamespaces.AsNoTracking().FirstOrDefaultAsync(n => n.Id == q.TenantNamespaceId, ct);
        if (ns is null || !caller.Can(Permission.ViewTenant, ns.TenantId, ns.ClusterId)) return Error.NotFound("The namespace");

        var protection = await db.NamespaceProtections.AsNoTracking().FirstOrDefaultAsync(p => p.ClusterId == ns.ClusterId
            && p.Target == ProtectionTarget.Namespace && p.Namespace == ns.Namespace && p.State != ProtectionState.Removed, ct);
        // The namespace may have changed hands: a protection made for another tenant is not this tenant's.
        if (protection is not null && protection.TenantId != ns.TenantId) protection = null;
        var granted = await ProtectionTerms.GrantedAsync(db, ns.TenantId, ct);
        var minimum = await ProtectionTerms.MinimumAsync(db, ns.TenantId, ct);
        var current = protection is null ? null : await db.ProtectionPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.Id == protection.PolicyId, ct);
        var open = await ProtectionRequests.OpenFor(db, ns.ClusterId, ns.Namespace).OrderBy(r => r.CreatedAt).ToListAsync(ct);

        return new NamespaceProtectionView(ns.Id, ns.Namespace, ns.TenantId, ns.ClusterId,
            protection is null ? null : Summary(protection) with { CountsSnapshots = current?.CountsSnapshots == true },
            granted.Select(p => new OfferedPolicy(p.Id, p.Name, p.Description, p.Cron, p.TimeZone, p.Retention, p.TargetRpo, p.Volumes.Display(),
                minimum is null ? null : p.ShortOf(minimum))).ToList(),
            minimum is null ? null : new ProtectionMinimum(minimum.Id, minimum.Name, current is not null && current.Meets(minimum),
                current is null ? $"{ns.Namespace} is not protected; its tenant requires {minimum.Name} or better." : current.ShortOf(minimum),
                ProtectionTerms.WhoMayLiftMinimum),
            open.Select(r => new OpenProtectionRequest(r.Id, r.Reference, r.Kind, What(r), r.Status, r.CreatedAt)).ToList(),
            caller.Can(Permission.RequestBackup, ns.TenantId, ns.ClusterId));
    }

    private static ProtectionSummary Summary(NamespaceProtection p) => new(p.Id, p.PolicyId, p.PolicyName, p.ScheduleName, p.Paused, p.PausedBy,
        p.PauseReason, p.PausedUntil, p.Drift, p.DriftDetail, p.DriftSeenAt, p.AppliedAt, p.LastRequestId);

    internal static string What(OperationRequest r)
    {
        if (r.Kind == RequestKind.ProtectionBackupNow) return "Back up now";
        var p = r.ParametersAs<ProtectionChangeParameters>();
        return p.Change switch
        {
            ProtectionChangeKind.Protect => $"Protect with {p.PolicyName}",
            ProtectionChangeKind.ChangePolicy => $"Change policy to {p.PolicyName}",
            ProtectionChangeKind.Pause => p.PauseUntil is { } u ? $"Pause until {u.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "Pause",
            ProtectionChangeKind.Resume => "Resume",
            ProtectionChangeKind.Remove => "Remove protection",
            ProtectionChangeKind.PutBack => "Put the schedule back",
            ProtectionChangeKind.Reapply => $"Apply {p.PolicyName} again",
            _ => p.Change.ToString(),
        };
    }
}
