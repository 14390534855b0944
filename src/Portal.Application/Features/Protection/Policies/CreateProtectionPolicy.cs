using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Common;
using Portal.Domain.Protection;

namespace Portal.Application.Features.Protection.Policies;

public sealed record CreateProtectionPolicyCommand(string Name, ProtectionTarget Target, ProtectionPolicyInput Input);

/// <summary>A platform engineer of the estate makes a named policy. No tenant may use it until it is granted.</summary>
public sealed class CreateProtectionPolicy(UseCaseServices s) : IUseCase
{
    public async Task<Result<ProtectionPolicySaved>> HandleAsync(CreateProtectionPolicyCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!PolicyAccess.ManagesEstate(caller)) return caller.Refuse(PolicyAccess.ManageRefusal);
        await using var db = await s.OpenAsync(caller, ct);

        var name = (cmd.Name ?? "").Trim();
        if (KubernetesName.ExplainInvalidLabel(name, "policy name") is { } nameProblem) return Error.Validation(nameProblem);
        if (await db.ProtectionPolicies.AnyAsync(p => p.Name == name, ct))
            return Error.Conflict($"There is a policy named {name} already (retired policies keep their names): choose another name.");
        var checkedInput = await ProtectionPolicyInputCheck.CheckAsync(db, cmd.Input, s.Now, ct);
        if (!checkedInput.IsSuccess) return checkedInput.Error!;
        var (settings, warnings) = checkedInput.Value;

        ProtectionPolicy policy;
        try
        {
            policy = new ProtectionPolicy(name, cmd.Target, settings, caller.Principal.DisplayName, s.Now);
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }
        db.ProtectionPolicies.Add(policy);
        db.Audit(caller, s.Now, "protection.policy.created", "protection-policy", policy.Id.ToString(), $"Protection policy {name} created: {Describe(policy)}");
        await db.SaveChangesAsync(ct);
        return new ProtectionPolicySaved(policy.Id, policy.Version, warnings, 0);
    }

    /// <summary>A policy in one line, for the audit log.</summary>
    internal static string Describe(ProtectionPolicy p) =>
        $"cron {p.Cron} {p.TimeZone}, keep {Durations.Words(p.Retention)}, RPO {Durations.Words(p.TargetRpo)}, volumes by {p.Volumes.Display()}, "
        + $"location {p.StorageLocation ?? "the cluster's default"}"
        + (p.ExcludedResources.Count > 0 ? $", leaving out {string.Join(", ", p.ExcludedResources)}" : "")
        + (p.Hooks.Count > 0 ? $", hooks {string.Join(", ", p.Hooks.Select(h => h.Name))}" : "")
        + (p.CountsSnapshots ? ", CSI snapshots count as recovery points" : "");
}
