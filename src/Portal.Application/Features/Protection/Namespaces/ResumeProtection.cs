using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Protection.Namespaces;

public sealed record ResumeProtectionCommand(Guid ProtectionId, string? Reason = null);

/// <summary>Resumes a paused protection's Schedule.</summary>
public sealed class ResumeProtection(UseCaseServices s, IExecutionSignal signal) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(ResumeProtectionCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await ProtectionLookup.ForChangeAsync(db, caller, cmd.ProtectionId, "You may not resume this protection.", ct);
        if (!found.IsSuccess) return found.Error!;
        var p = found.Value!;
        if (!p.Paused) return Error.Conflict($"The protection of {ProtectionLookup.Subject(p)} is not paused.");
        return await ProtectionRequests.ChangeAsync(db, caller, s, signal, p,
            new ProtectionChangeParameters(ProtectionChangeKind.Resume, p.Id, p.PolicyId, p.PolicyName, ClusterResources: p.Target == Domain.Protection.ProtectionTarget.ClusterResources),
            cmd.Reason ?? "Resume the protection", "protection.resume-requested", $"Resume of the protection of {ProtectionLookup.Subject(p)} requested", ct);
    }
}
