using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Application.Features.Moves.Recovery;
using Portal.Domain.Common;
using Portal.Domain.Moves;

namespace Portal.Application.Features.Moves.Applications;

/// <param name="GitOps">The Argo CD Application or Flux Kustomization that deploys the namespace, if any.</param>
/// <param name="TargetNamespace">The namespace on the target; null keeps the name.</param>
public sealed record AddMigrationApplicationCommand(Guid WaveId, Guid TenantNamespaceId, GitOpsReference? GitOps = null, string? TargetNamespace = null);

/// <summary>Adds an application to a wave in planning: reads it live from the source, classifies it (stateless, PVCs,
/// database, GitOps) and records the recommended playbook with the reason. Nothing is written when the source cannot
/// be read.</summary>
public sealed class AddMigrationApplication(UseCaseServices s, MigrationInspector inspector) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(AddMigrationApplicationCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await MigrationLookup.WaveAsync(db, caller, cmd.WaveId, ct);
        if (!found.IsSuccess) return found.Error!;
        var (plan, wave) = found.Value;
        if (plan.IsRecovery) return Error.Validation(RecoveryRules.NoAdding);
        var ns = await db.TenantNamespaces.AsNoTracking().FirstOrDefaultAsync(n => n.Id == cmd.TenantNamespaceId, ct);
        if (ns is null || !MigrationAccess.MayPlan(caller, plan, ns.TenantId))
            return Error.NotFound("The namespace");
        if (ns.ClusterId != plan.SourceClusterId)
            return Error.Validation($"{ns.Namespace} is not on the plan's source cluster; add namespaces of the source only.");
        if (!wave.IsEditable) return Error.Conflict($"The wave \"{wave.Name}\" is {wave.Status}; add applications to a wave in planning.");
        if ((await ActivePlans.ByNamespaceAsync(db, plan.SourceClusterId, ct)).GetValueOrDefault(ns.Namespace) is { } already)
            return Error.Conflict($"{ns.Namespace} is already part of {already}.");
        if (cmd.GitOps is { Kind: not GitOpsKind.None } g && (KubernetesName.ExplainInvalidSubdomain(g.Name, "GitOps object's name") ?? KubernetesName.ExplainInvalidLabel(g.Namespace, "GitOps object's namespace")) is { } badRef)
            return Error.Validation(badRef);

        var targetNamespace = string.IsNullOrWhiteSpace(cmd.TargetNamespace) ? ns.Namespace : cmd.TargetNamespace.Trim();
        if (await ActivePlans.TargetTakenAsync(db, plan.TargetClusterId, targetNamespace, null, ct) is { } taken) return Error.Conflict(taken);
        var (source, target) = await MigrationLookup.ClustersAsync(db, plan, ct);
        if (TenantNamespaceName.Explain(targetNamespace, "target namespace", ClusterConnections.VeleroNamespaceOf(target)) is { } reserved)
            return Error.Validation(reserved);
        MigrationApplication app;
        try
        {
            app = new MigrationApplication(plan, wave, ns.TenantId, ns.Namespace, targetNamespace,
                cmd.GitOps is { Kind: not GitOpsKind.None } ? cmd.GitOps : null, s.Now);
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }
        try
        {
            if (await inspector.InspectAsync(app, source, target, s.Now, ct) is { } problem) return Error.Validation(problem);
        }
        catch (MigrationClusterException ex)
        {
            return Error.Unavailable(ex.Explanation + " The application was not added; try again when the cluster answers.");
        }
        wave.RecordPlanner(caller.Principal.UserId, s.Now);
        db.MigrationApplications.Add(app);
        plan.Touch(s.Now);
        db.Audit(caller, s.Now, "migration.application.added", "migration-application", app.Id.ToString(),
            $"{ns.Namespace} added to wave \"{wave.Name}\" of \"{plan.Name}\": {app.Classification.Summary}; recommended {app.RecommendedPlaybook}", ns.TenantId);
        await db.SaveChangesAsync(ct);
        return app.Id;
    }
}
