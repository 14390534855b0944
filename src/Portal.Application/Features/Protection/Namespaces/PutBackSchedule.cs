using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Protection;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Protection.Namespaces;

public sealed record PutBackScheduleCommand(Guid ProtectionId, string? Reason = null);

/// <summary>Writes the protection's Schedule again as the portal wrote it, after someone changed or deleted it on the cluster.</summary>
public sealed class PutBackSchedule(UseCaseServices s, IExecutionSignal signal) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(PutBackScheduleCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await ProtectionLookup.ForChangeAsync(db, caller, cmd.ProtectionId, "You may not change this protection.", ct);
        if (!found.IsSuccess) return found.Error!;
        var p = found.Value!;
        if (p.Drift == ScheduleDrift.None) return Error.Conflict($"The Schedule of {ProtectionLookup.Subject(p)} is as the portal wrote it; there is nothing to put back.");
        var what = p.Drift == ScheduleDrift.Missing ? "deleted" : "changed";
        return await ProtectionRequests.ChangeAsync(db, caller, s, signal, p,
            new ProtectionChangeParameters(ProtectionChangeKind.PutBack, p.Id, p.PolicyId, p.PolicyName, ClusterResources: p.Target == ProtectionTarget.ClusterResources),
            cmd.Reason ?? $"Put the Schedule back (it was {what} on the cluster)", "protection.put-back-requested",
            $"Put-back of the Schedule of {ProtectionLookup.Subject(p)} requested", ct);
    }
}
