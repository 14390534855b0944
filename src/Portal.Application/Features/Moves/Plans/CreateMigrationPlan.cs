using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Common;
using Portal.Domain.Moves;

namespace Portal.Application.Features.Moves.Plans;

public sealed record CreateMigrationPlanCommand(string Name, string? Description, Guid SourceClusterId, Guid TargetClusterId);

/// <summary>A migration architect starts a plan from one registered cluster to another.</summary>
public sealed class CreateMigrationPlan(UseCaseServices s) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(CreateMigrationPlanCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!MigrationAccess.MayPlan(caller, cmd.SourceClusterId, cmd.TargetClusterId))
            return caller.Refuse("Only migration architects can plan migrations between these clusters.");
        if (cmd.SourceClusterId == cmd.TargetClusterId)
            return Error.Validation("The source and the target are the same cluster: choose another target to move the applications to.");
        if (InputLimits.ExplainTooLong(cmd.Description, InputLimits.Reason, "description") is { } tooLong) return Error.Validation(tooLong);
        await using var db = await s.OpenAsync(caller, ct);
        var clusters = await db.Clusters.AsNoTracking().Where(c => (c.Id == cmd.SourceClusterId || c.Id == cmd.TargetClusterId) && c.RetiredAt == null)
            .Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        if (clusters.All(c => c.Id != cmd.SourceClusterId)) return Error.NotFound("The source cluster");
        if (clusters.All(c => c.Id != cmd.TargetClusterId)) return Error.NotFound("The target cluster");
        if (await db.MigrationPlans.AnyAsync(p => p.Name == cmd.Name.Trim(), ct))
            return Error.Conflict($"A plan named \"{cmd.Name.Trim()}\" exists already; choose another name.");
        MigrationPlan plan;
        try
        {
            plan = new MigrationPlan(cmd.Name, cmd.Description, cmd.SourceClusterId, cmd.TargetClusterId, caller.Principal.UserId, caller.Principal.DisplayName, s.Now);
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }
        db.MigrationPlans.Add(plan);
        db.Audit(caller, s.Now, "migration.plan.created", "migration-plan", plan.Id.ToString(),
            $"Migration plan \"{plan.Name}\" from {clusters.First(c => c.Id == cmd.SourceClusterId).Name} to {clusters.First(c => c.Id == cmd.TargetClusterId).Name} created");
        await db.SaveChangesAsync(ct);
        return plan.Id;
    }
}
