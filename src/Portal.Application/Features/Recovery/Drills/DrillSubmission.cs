using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Security;
using Portal.Domain.Common;
using Portal.Domain.Recovery;
using Portal.Domain.Requests;
using Portal.Domain.Tenants;

namespace Portal.Application.Features.Recovery.Drills;

/// <summary>What one drill is asked with: on demand from the form, or by the drill scheduler from a schedule.</summary>
internal sealed record DrillAsk(TenantNamespace Namespace, Guid TargetClusterId, string? BackupName, IReadOnlyList<DrillCheck> Checks,
    TimeSpan? KeepForInspection, TimeSpan TargetRto, DrillTrigger Trigger, Guid? ScheduleId, string? Reason);

/// <summary>Adds a drill and the request that runs it through the one request pipeline (<see cref="RequestSubmission"/>: duplicate
/// check, the tenant's approval policy, timeline, audit, queue). The caller saves with <see cref="RequestSubmission.SaveAsync"/>.</summary>
internal static class DrillSubmission
{
    public static async Task<Result<(OperationRequest Request, RestoreDrill Drill)>> AddAsync(IPortalDbContext db, AccessContext caller, UseCaseServices s,
        DrillAsk ask, CancellationToken ct)
    {
        var ns = ask.Namespace;
        OperationRequest request;
        RestoreDrill drill;
        try
        {
            request = OperationRequest.ForRestoreDrill(ns.TenantId, ns.ClusterId, ns.Namespace,
                new RestoreDrillParameters(ask.BackupName, ask.TargetClusterId, ask.ScheduleId),
                caller.Principal.UserId, caller.Principal.DisplayName, string.IsNullOrWhiteSpace(ask.Reason) ? null : ask.Reason.Trim(), s.Now);
            drill = new RestoreDrill(ns.TenantId, ns.ClusterId, ns.Namespace, ask.TargetClusterId, ask.BackupName, ask.Trigger, ask.ScheduleId,
                request.Id, ask.TargetRto, ask.Checks, ask.KeepForInspection, caller.Principal.DisplayName, s.Now);
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }
        if (await RequestSubmission.SubmitAsync(db, caller, request, s, ct) is { } asked) return asked;
        db.RestoreDrills.Add(drill);
        db.Audit(caller, s.Now, "drill.requested", "restore-drill", drill.Id.ToString(),
            $"Restore drill of {ns.Namespace} into {drill.ScratchNamespaceName} requested ({(ask.BackupName is null ? "latest good backup" : "backup " + ask.BackupName)})",
            ns.TenantId);
        return (request, drill);
    }
}
