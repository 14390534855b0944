using Portal.Domain.Moves;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Domain.Common;
using Portal.Moves.Playbooks;
using Portal.Moves.Transform;

namespace Portal.Application.Features.Moves.Applications;

public sealed record ChangeMigrationApplicationCommand(Guid ApplicationId, MigrationPlaybook Playbook, string TargetNamespace,
    IReadOnlyDictionary<string, string> StorageClasses, IReadOnlyDictionary<string, string> ImageRegistries);

/// <summary>The architect chooses the playbook (another than the recommended one when it can work), the target
/// namespace and the storage class and registry mappings. The preflight has to run again afterwards.</summary>
public sealed class ChangeMigrationApplication(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(ChangeMigrationApplicationCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await MigrationLookup.ApplicationAsync(db, cmd.ApplicationId, ct);
        if (!found.IsSuccess) return found.Error!;
        var (plan, wave, app) = found.Value;
        if (!MigrationAccess.MayPlan(caller, plan, app.TenantId)) return caller.Refuse("Only migration architects can change applications of a plan.");
        var (_, targetCluster) = await MigrationLookup.ClustersAsync(db, plan, ct);
        if (TenantNamespaceName.Explain((cmd.TargetNamespace ?? "").Trim(), "target namespace", ClusterConnections.VeleroNamespaceOf(targetCluster)) is { } reserved)
            return Error.Validation(reserved);
        if (await ActivePlans.TargetTakenAsync(db, plan.TargetClusterId, (cmd.TargetNamespace ?? "").Trim(), app.Id, ct) is { } taken)
            return Error.Conflict(taken);
        if (plan.IsRecovery && Clean(cmd.ImageRegistries).Count > 0)
            return Error.Validation("A recovery restores the backup as it was taken: image registries cannot be mapped (storage classes can).");
        var mappings = new MigrationMappings
        {
            StorageClasses = Clean(cmd.StorageClasses),
            ImageRegistries = Clean(cmd.ImageRegistries),
        };
        try
        {
            app.ChangeMappings(wave, (cmd.TargetNamespace ?? "").Trim(), mappings, s.Now);
            if (cmd.Playbook != app.Playbook) app.ChoosePlaybook(wave, cmd.Playbook, s.Now);
            wave.RecordPlanner(caller.Principal.UserId, s.Now);
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }
        db.Audit(caller, s.Now, "migration.application.changed", "migration-application", app.Id.ToString(),
            $"{app.SourceNamespace} in \"{plan.Name}\": {app.PlaybookTitle} to {app.TargetNamespace}"
            + (mappings.StorageClasses.Count == 0 ? "" : $", storage classes {string.Join(", ", mappings.StorageClasses.Select(m => $"{m.Key}→{m.Value}"))}")
            + (mappings.ImageRegistries.Count == 0 ? "" : $", registries {string.Join(", ", mappings.ImageRegistries.Select(m => $"{m.Key}→{m.Value}"))}"), app.TenantId);
        return await MigrationLookup.SaveAsync(db, ct) is { } conflict ? conflict : Unit.Value;
    }

    /// <summary>Rows left empty in the form are not mappings.</summary>
    private static Dictionary<string, string> Clean(IReadOnlyDictionary<string, string>? map) =>
        (map ?? new Dictionary<string, string>()).Where(p => !string.IsNullOrWhiteSpace(p.Key) && !string.IsNullOrWhiteSpace(p.Value))
            .ToDictionary(p => p.Key.Trim(), p => p.Value.Trim(), StringComparer.Ordinal);
}
