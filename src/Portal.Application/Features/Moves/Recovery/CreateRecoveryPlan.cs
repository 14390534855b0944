using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Moves;
using Portal.Application.Features.Moves.Applications;

namespace Portal.Application.Features.Moves.Recovery;

public enum RecoveryWaves
{
    /// <summary>One wave per tenant, in tenant order: each tenant's platform engineer can approve (and watch) its own.</summary>
    PerTenant,
    /// <summary>Everything in one wave.</summary>
    OneWave,
}

public sealed record CreateRecoveryPlanCommand(Guid LostClusterId, Guid ReplacementClusterId, string Name, RecoveryWaves Waves,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, int ConcurrencyLimit);

/// <summary>
/// An SRE or platform engineer turns what the portal last knew of a lost cluster into a recovery plan onto a replacement:
/// a migration plan whose applications are restored from their newest backup the replacement reads (the lost cluster is
/// never contacted). Namespaces without a usable backup are recorded on the plan as not recoverable, with the reason.
/// The waves are then submitted and approved (by a platform engineer other than the author) and run like any migration's.
/// </summary>
public sealed class CreateRecoveryPlan(UseCaseServices s, RecoverySurvey survey) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(CreateRecoveryPlanCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!MigrationAccess.MayRecover(caller, cmd.LostClusterId, cmd.ReplacementClusterId))
            return caller.Refuse("Only SREs and platform engineers of the whole estate or of both clusters can plan a cluster's recovery.");
        if (cmd.LostClusterId == cmd.ReplacementClusterId) return Error.Validation("Choose a cluster other than the lost one as the replacement.");
        if (cmd.NotAfter <= cmd.NotBefore) return Error.Validation("The window must end after it starts.");
        if (cmd.ConcurrencyLimit is < 1 or > MigrationWave.MaxConcurrency)
            return Error.Validation($"Recover between 1 and {MigrationWave.MaxConcurrency} applications at a time.");
        await using var db = await s.OpenAsync(caller, ct);
        var lost = await db.Clusters.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cmd.LostClusterId && c.RetiredAt == null, ct);
        var replacement = await db.Clusters.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cmd.ReplacementClusterId && c.RetiredAt == null, ct);
        if (lost is null) return Error.NotFound("The lost cluster");
        if (replacement is null) return Error.NotFound("The replacement cluster");
        if (lost.Health != ClusterHealth.Unreachable)
            return Error.Validation($"{lost.Name} is {lost.Health}, not Unreachable: a cluster that answers is moved with a migration plan, not recovered from backups.");
        if (GetClusterRecovery.WhyNot(replacement) is { } why) return Error.Validation(why);
        if (await db.MigrationPlans.AnyAsync(p => p.Name == cmd.Name.Trim(), ct))
            return Error.Conflict($"A plan named \"{cmd.Name.Trim()}\" exists already; choose another name.");

        var read = await survey.ReadAsync(db, lost, replacement, s.Now, ct);
        if (!read.IsSuccess) return read.Error!;
        var busy = await ActivePlans.ByNamespaceAsync(db, lost.Id, ct);
        var candidates = read.Value!.Select(c => c.IsRecoverable && busy.GetValueOrDefault(c.Namespace) is { } plan
            ? c with { Backup = null, Reason = $"{c.Namespace} is already part of {plan}." } : c).ToList();
        if (candidates.Count == 0) return Error.Validation($"The portal knows no namespace on {lost.Name}: there is nothing to recover.");
        var recoverable = candidates.Where(c => c.IsRecoverable).ToList();
        if (recoverable.Count == 0)
            return Error.Validation($"None of the {candidates.Count} namespace(s) of {lost.Name} can be recovered from a backup {replacement.Name} reads: " +
                                    string.Join(" ", candidates.Select(c => c.Reason)));

        MigrationPlan plan;
        var now = s.Now;
        try
        {
            plan = MigrationPlan.ForRecovery(cmd.Name, $"Recovery of the lost cluster {lost.Name} onto {replacement.Name}, from backups.", lost.Id, replacement.Id,
                candidates.Where(c => !c.IsRecoverable).Select(c => new UnrecoverableNamespace(c.TenantId, c.Namespace, c.Reason!)).ToList(),
                caller.Principal.UserId, caller.Principal.DisplayName, now);
            db.MigrationPlans.Add(plan);
            var groups = cmd.Waves == RecoveryWaves.OneWave
                ? [(Name: "All applications", Apps: recoverable)]
                : recoverable.GroupBy(c => c.Tenant).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (Name: g.Key, Apps: g.ToList())).ToList();
            var order = 0;
            foreach (var (name, apps) in groups)
            {
                var wave = new MigrationWave(plan.Id, ++order, name.Length > 100 ? name[..100] : name, cmd.NotBefore, cmd.NotAfter, cmd.ConcurrencyLimit, now);
                wave.RecordPlanner(caller.Principal.UserId, now);
                db.MigrationWaves.Add(wave);
                foreach (var c in apps) db.MigrationApplications.Add(Application(plan, wave, c, lost, replacement, now));
            }
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }
        db.Audit(caller, now, "recovery.plan.created", "migration-plan", plan.Id.ToString(),
            $"Recovery plan \"{plan.Name}\" of the lost cluster {lost.Name} onto {replacement.Name}: {recoverable.Count} namespace(s) from backups" +
            (plan.Unrecoverable.Count > 0 ? $"; {plan.Unrecoverable.Count} cannot be recovered from a backup ({string.Join(", ", plan.Unrecoverable.Select(u => u.Namespace))})" : ""));
        await db.SaveChangesAsync(ct);
        return plan.Id;
    }

    private static MigrationApplication Application(MigrationPlan plan, MigrationWave wave, RecoveryCandidate c, Cluster lost, Cluster replacement, DateTimeOffset now)
    {
        var app = new MigrationApplication(plan, wave, c.TenantId, c.Namespace, c.Namespace, c.GitOps, now);
        var b = c.Backup!;
        var findings = new List<PreflightFinding>();
        findings.AddRange(c.Notes.Select(n => new PreflightFinding("gitops", PreflightSeverity.Warning, n)));
        if (!b.SeenByReplacement)
            findings.Add(new PreflightFinding(PreflightRules.BackupLocation, PreflightSeverity.Warning,
                $"{replacement.Name} does not list backup {b.Name} yet; its location {b.ReplacementLocation} reads the same bucket and prefix as {lost.Name}'s {b.StorageLocation}, so the recovery waits for its Velero to sync the backup (with a time limit)."));
        var age = now - b.TakenAt;
        findings.Add(new PreflightFinding("data-loss", PreflightSeverity.Warning,
            $"Restored from backup {b.Name} of {b.TakenAt:yyyy-MM-dd HH:mm} UTC: what {c.Namespace} wrote on {lost.Name} after it is lost (at least {RecoveryPoint.Words(age)} now). RPO when planned: {c.Rpo}."));
        app.PlanRecovery(wave, new RecoveryPoint(b.Name, b.StorageLocation, b.TakenAt, c.Rpo, b.SeenByReplacement),
            new ApplicationClassification(false, false, false, c.GitOps is { Kind: not GitOpsKind.None },
                $"recovered from backup {b.Name} (the portal's records of {lost.Name}; the cluster is not contacted)", [], [], []),
            findings, now);
        return app;
    }
}
