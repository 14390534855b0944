using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Protection;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Protection.Namespaces;

/// <param name="ConfirmName">The namespace's name (for cluster resources: the cluster's Velero namespace), typed to confirm.</param>
public sealed record RemoveProtectionCommand(Guid ProtectionId, string? ConfirmName, string? Reason = null);

/// <summary>Removes a protection: the executor deletes its Schedule; the backups it made stay until they expire. Refused
/// while the tenant has a minimum: a namespace of such a tenant must stay protected.</summary>
public sealed class RemoveProtection(UseCaseServices s, IExecutionSignal signal) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(RemoveProtectionCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await ProtectionLookup.ForChangeAsync(db, caller, cmd.ProtectionId, "You may not remove this protection.", ct);
        if (!found.IsSuccess) return found.Error!;
        var p = found.Value!;
        var name = await ProtectionLookup.RequestNamespaceAsync(db, p, ct);
        if ((cmd.ConfirmName ?? "").Trim() != name) return Error.Validation($"Type {name} to confirm the removal of its protection.");
        if (p.Target == ProtectionTarget.Namespace && await ProtectionTerms.MinimumAsync(db, p.TenantId, ct) is { } minimum)
            return Error.Validation($"The tenant requires every namespace to be on {minimum.Name} or better, so {p.Namespace} cannot be left unprotected. "
                + $"Change its policy instead, or ask {ProtectionTerms.WhoMayLiftMinimum} to lift the minimum.");

        return await ProtectionRequests.ChangeAsync(db, caller, s, signal, p,
            new ProtectionChangeParameters(ProtectionChangeKind.Remove, p.Id, p.PolicyId, p.PolicyName, ClusterResources: p.Target == ProtectionTarget.ClusterResources),
            cmd.Reason ?? $"Remove the protection of {name}", "protection.remove-requested", $"Removal of the protection of {ProtectionLookup.Subject(p)} requested", ct);
    }
}
