using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Moves.Applications;
using Portal.Application.Features.Moves.Plans;
using Portal.Application.Features.Moves.Waves;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Moves;
using Portal.Domain.Requests;
using Portal.Moves.Playbooks;
using Portal.Web.Authentication;

namespace Portal.Web.Hosting;

/// <summary>
/// The demo's migration plan, written once: Maria (migration architect) plans "prod-east to dr-west" with one wave
/// holding a stateless app (<c>catalog</c>), an app with claims (<c>reports</c>, its fast-ssd mapped to dr-west's
/// premium-ssd) and a GitOps-managed app (<c>storefront</c>, Argo CD), inspected and preflighted against the
/// simulated clusters. Billing's policy asks its owners to acknowledge moves, so Bob is asked about <c>reports</c>.
/// Submitting and approving are left to people. Goes through the same use cases as Maria would.
/// </summary>
internal sealed class DemoMigrationSeeder(IPortalDbContextFactory factory, PrincipalOverride principal, TimeProvider time,
    CreateMigrationPlan createPlan, AddMigrationWave addWave, AddMigrationApplication addApp, ChangeMigrationApplication changeApp,
    RunMigrationPreflight preflight, ILogger<DemoMigrationSeeder> log)
{
    public const string PlanName = "prod-east to dr-west";

    public async Task SeedAsync(CancellationToken ct)
    {
        CurrentPrincipal maria;
        Guid source, target;
        Dictionary<string, Guid> namespaces;
        await using (var db = await factory.CreateAsync(TenantScope.Everything, ct))
        {
            if (await db.MigrationPlans.AnyAsync(ct)) return;
            var clusters = await db.Clusters.Where(c => c.Name == "prod-east" || c.Name == "dr-west").ToDictionaryAsync(c => c.Name, c => c.Id, ct);
            if (clusters.Count < 2) return;
            (source, target) = (clusters["prod-east"], clusters["dr-west"]);
            namespaces = await db.TenantNamespaces.Where(n => n.ClusterId == source).ToDictionaryAsync(n => n.Namespace, n => n.Id, ct);
            var user = await db.Users.FirstAsync(u => u.ExternalId == DevelopmentUsers.Maria.ExternalId, ct);
            maria = new CurrentPrincipal(user.Id.ToString(), user.DisplayName, user.Email, []);
            var billing = await db.Tenants.FirstOrDefaultAsync(t => t.Slug == "billing", ct);
            if (billing is not null && !await db.ApprovalPolicies.AnyAsync(p => p.TenantId == billing.Id && p.Kind == RequestKind.ApplicationMigration, ct))
            {
                db.ApprovalPolicies.Add(new ApprovalPolicy(billing.Id, RequestKind.ApplicationMigration, true, Persona.ApplicationOwner));
                await db.SaveChangesAsync(ct);
            }
        }

        var previous = principal.Principal;
        principal.Principal = maria;
        try
        {
            var now = time.GetUtcNow();
            var plan = await Check(createPlan.HandleAsync(new CreateMigrationPlanCommand(PlanName,
                "Move the shop's catalog, reporting and storefront to the DR site.", source, target), ct), "plan");
            var wave = await Check(addWave.HandleAsync(new AddMigrationWaveCommand(plan, "Wave 1: catalog, reports, storefront",
                now.AddMinutes(-5), now.AddDays(7), 2), ct), "wave");
            foreach (var ns in new[] { "catalog", "reports", "storefront" })
            {
                if (!namespaces.TryGetValue(ns, out var nsId)) continue;
                var gitOps = ns == "storefront" ? new GitOpsReference(GitOpsKind.ArgoCdApplication, "storefront", "argocd") : null;
                var app = await Check(addApp.HandleAsync(new AddMigrationApplicationCommand(wave, nsId, gitOps), ct), ns);
                if (ns == "reports")
                {
                    await Check(changeApp.HandleAsync(new ChangeMigrationApplicationCommand(app, MigrationPlaybook.VeleroBackupRestore, "reports",
                        new Dictionary<string, string> { ["fast-ssd"] = "premium-ssd" }, new Dictionary<string, string>()), ct), "reports mapping");
                }
            }
            await Check(preflight.HandleAsync(new RunMigrationPreflightCommand(wave), ct), "preflight");
        }
        catch (DemoSeedException ex)
        {
            log.LogWarning("Demo migration plan: {Error}", ex.Message);
        }
        finally
        {
            principal.Principal = previous;
        }
    }

    private static async Task<T> Check<T>(Task<Result<T>> call, string what)
    {
        var result = await call;
        return result.IsSuccess ? result.Value! : throw new DemoSeedException($"{what}: {result.Error!.Message}");
    }

    private sealed class DemoSeedException(string message) : Exception(message);
}
