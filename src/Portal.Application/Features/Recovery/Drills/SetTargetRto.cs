using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Common;

namespace Portal.Application.Features.Recovery.Drills;

/// <param name="TargetRto">The namespace's own target; null to use the portal's default.</param>
public sealed record SetTargetRtoCommand(Guid TenantNamespaceId, TimeSpan? TargetRto);

/// <summary>Sets a namespace's target RTO (the rule: <see cref="Domain.Recovery.TargetRto"/>). Drills already run keep the target
/// they were measured against.</summary>
public sealed class SetTargetRto(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(SetTargetRtoCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await DrillLookup.NamespaceAsync(db, caller, cmd.TenantNamespaceId, tracked: true, ct);
        if (ns is null) return Error.NotFound("The namespace");
        if (!caller.Can(Permission.RunRestoreDrill, ns.TenantId, ns.ClusterId)) return caller.Refuse($"You may not set the target RTO of {ns.Namespace}.");
        if (Domain.Recovery.TargetRto.Explain(cmd.TargetRto) is { } why) return Error.Validation(why);
        var before = ns.TargetRto;
        ns.SetTargetRto(cmd.TargetRto);
        db.Audit(caller, s.Now, "namespace.target-rto-set", "tenant-namespace", ns.Id.ToString(),
            $"Target RTO of {ns.Namespace} set to {(cmd.TargetRto is { } t ? Durations.Words(t) : "the portal's default")} (was {(before is { } b ? Durations.Words(b) : "the default")})",
            ns.TenantId);
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}
