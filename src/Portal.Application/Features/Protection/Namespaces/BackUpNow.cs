using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Protection.Namespaces;

public sealed record BackUpNowCommand(Guid ProtectionId, string? Reason = null);

/// <summary>One backup now, from the protection's Schedule template (as <c>velero backup create --from-schedule</c>).</summary>
public sealed class BackUpNow(UseCaseServices s, IExecutionSignal signal) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(BackUpNowCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await ProtectionLookup.ForChangeAsync(db, caller, cmd.ProtectionId, "You may not back this namespace up.", ct);
        if (!found.IsSuccess) return found.Error!;
        var p = found.Value!;
        if (p.Drift == Domain.Protection.ScheduleDrift.Missing)
            return Error.Conflict("The Schedule was deleted on the cluster, so there is no template to back up from; put it back first.");
        var @namespace = await ProtectionLookup.RequestNamespaceAsync(db, p, ct);
        return await ProtectionRequests.SubmitAsync(db, caller, s, signal, RequestKind.ProtectionBackupNow, p.TenantId, p.ClusterId, @namespace,
            new ProtectionBackupNowParameters(p.Id), cmd.Reason ?? $"Back up now ({p.PolicyName})", "protection.backup-now-requested",
            $"Backup now of {ProtectionLookup.Subject(p)} requested", p.Id.ToString(), ct);
    }
}
