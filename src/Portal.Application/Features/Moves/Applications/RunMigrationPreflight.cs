using Portal.Application.Features.Moves.Recovery;
using Portal.Domain.Moves;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Common;

namespace Portal.Application.Features.Moves.Applications;

/// <param name="ApplicationId">One application, or null for every application of the wave the caller may plan.</param>
public sealed record RunMigrationPreflightCommand(Guid WaveId, Guid? ApplicationId = null);

public sealed record PreflightSummary(int Applications, int Errors, int Warnings);

/// <summary>Exports each application from the source, transforms it with its mappings and checks the result against
/// the target (namespace, storage and ingress classes, CRDs, API versions, backup location, snapshot classes, GitOps).
/// Records the findings and the transformed manifests for review. A cluster that cannot be read changes nothing.</summary>
public sealed class RunMigrationPreflight(UseCaseServices s, MigrationInspector inspector) : IUseCase
{
    public async Task<Result<PreflightSummary>> HandleAsync(RunMigrationPreflightCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await MigrationLookup.WaveAsync(db, caller, cmd.WaveId, ct);
        if (!found.IsSuccess) return found.Error!;
        var (plan, wave) = found.Value;
        if (plan.IsRecovery) return Error.Validation(RecoveryRules.NoPreflight);
        if (!wave.IsEditable) return Error.Conflict($"The wave \"{wave.Name}\" is {wave.Status}; the preflight runs while it is being planned.");
        var apps = await db.MigrationApplications.Where(a => a.WaveId == wave.Id && (cmd.ApplicationId == null || a.Id == cmd.ApplicationId)).ToListAsync(ct);
        if (cmd.ApplicationId is not null && apps.Count == 0) return Error.NotFound("The application");
        apps = apps.Where(a => MigrationAccess.MayPlan(caller, plan, a.TenantId)).ToList();
        if (apps.Count == 0) return caller.Refuse("Only migration architects can run the preflight of applications they plan.");
        var (source, target) = await MigrationLookup.ClustersAsync(db, plan, ct);
        var tenantIds = apps.Select(a => a.TenantId).Distinct().ToList();
        var tenants = await db.Tenants.AcrossTenants().AsNoTracking().Where(t => tenantIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.DisplayName, ct);
        try
        {
            foreach (var app in apps) await inspector.PreflightAsync(db, app, wave, source, target, tenants[app.TenantId], s.Now, ct);
        }
        catch (MigrationClusterException ex)
        {
            return Error.Unavailable(ex.Explanation + " The preflight needs both clusters; run it again when they answer.");
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }
        var errors = apps.Sum(a => a.Findings.Count(f => f.Severity == Portal.Domain.Moves.PreflightSeverity.Error));
        var warnings = apps.Sum(a => a.Findings.Count(f => f.Severity == Portal.Domain.Moves.PreflightSeverity.Warning));
        db.Audit(caller, s.Now, "migration.preflight", "migration-wave", wave.Id.ToString(),
            $"Preflight of {string.Join(", ", apps.Select(a => a.SourceNamespace))} in \"{plan.Name}\" against {target.Name}: {errors} error(s), {warnings} warning(s)");
        if (await MigrationLookup.SaveAsync(db, ct) is { } conflict) return conflict;
        return new PreflightSummary(apps.Count, errors, warnings);
    }
}
