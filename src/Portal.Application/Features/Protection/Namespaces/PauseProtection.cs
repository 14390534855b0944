using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Protection.Namespaces;

/// <param name="Until">When the pause ends by itself; null until someone resumes it.</param>
public sealed record PauseProtectionCommand(Guid ProtectionId, string? Reason, DateTimeOffset? Until);

/// <summary>Pauses a protection's Schedule (Velero's <c>paused</c>): who, why, and optionally until when (then the portal
/// resumes it by itself).</summary>
public sealed class PauseProtection(UseCaseServices s, IExecutionSignal signal) : IUseCase
{
    public const int ReasonMaxLength = 500;

    public async Task<Result<Guid>> HandleAsync(PauseProtectionCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await ProtectionLookup.ForChangeAsync(db, caller, cmd.ProtectionId, "You may not pause this protection.", ct);
        if (!found.IsSuccess) return found.Error!;
        var p = found.Value!;
        if (string.IsNullOrWhiteSpace(cmd.Reason)) return Error.Validation("Say why the protection is paused.");
        if (cmd.Reason.Trim().Length > ReasonMaxLength) return Error.Validation($"Keep the reason to {ReasonMaxLength} characters.");
        if (cmd.Until is { } end && end <= s.Now)
            return Error.Validation($"A pause must end in the future (it is {s.Now.UtcDateTime:yyyy-MM-dd HH:mm} UTC now); leave it empty to pause until someone resumes.");
        if (p.Paused) return Error.Conflict($"The protection of {ProtectionLookup.Subject(p)} is already paused (by {p.PausedBy}: {p.PauseReason}).");

        var until = cmd.Until is { } u ? $" until {u.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "";
        return await ProtectionRequests.ChangeAsync(db, caller, s, signal, p,
            new ProtectionChangeParameters(ProtectionChangeKind.Pause, p.Id, p.PolicyId, p.PolicyName, cmd.Until, cmd.Reason.Trim(), p.Target == Domain.Protection.ProtectionTarget.ClusterResources),
            $"Pause{until}: {cmd.Reason.Trim()}", "protection.pause-requested", $"Pause of the protection of {ProtectionLookup.Subject(p)}{until} requested", ct);
    }
}
