using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Moves;
using Portal.Moves;
using Portal.Moves.Playbooks;
using Portal.Moves.Preflight;

namespace Portal.Web.Tests.Support;

/// <summary>Adds a target cluster (dr-west), a migration architect (Maria), two platform engineers (Priya; Pat, who also
/// plans), and plans built with the domain's own methods: namespace "shop" of Webshop in one wave, at the stage a test needs.</summary>
public abstract class MigrationTestContext : PortalTestContext
{
    protected const string PausedBecause = "prod-east cannot be reached (connection refused); the move waits and resumes when it is back.";

    protected CurrentPrincipal Maria { get; private set; } = CurrentPrincipal.Anonymous;
    protected CurrentPrincipal Priya { get; private set; } = CurrentPrincipal.Anonymous;
    protected CurrentPrincipal Pat { get; private set; } = CurrentPrincipal.Anonymous;
    protected Guid SourceId { get; private set; }
    protected Guid TargetId { get; private set; }

    protected MigrationTestContext() => Services.AddSingleton<IMigrationClusterGateway, FakeMigrationGateway>();

    public enum Stage { NotPreflighted, Preflighted, Submitted, Paused }

    protected async Task SeedMigrationPeopleAsync()
    {
        await using var db = await OpenAllAsync();
        var protector = Services.GetRequiredService<ICredentialProtector>();
        var now = DateTimeOffset.UtcNow;
        var target = new Cluster("dr-west", "https://fake-dr:6443", protector.Protect("kubeconfig"), ClusterAuthKind.BearerToken, "test", now);
        db.Clusters.Add(target);
        SourceId = await db.Clusters.Where(c => c.Name == "prod-east").Select(c => c.Id).FirstAsync();
        TargetId = target.Id;
        Maria = AddEstateUser(db, "maria", "Maria Migration", Persona.MigrationArchitect);
        Priya = AddEstateUser(db, "priya", "Priya Platform", Persona.PlatformEngineer);
        Pat = AddEstateUser(db, "pat", "Pat Both", Persona.PlatformEngineer, Persona.MigrationArchitect);
        await db.SaveChangesAsync();
    }

    private static CurrentPrincipal AddEstateUser(IPortalDbContext db, string key, string name, params Persona[] personas)
    {
        var user = new PortalUser($"dev:{key}", name, $"{key}@platform.example");
        db.Users.Add(user);
        foreach (var persona in personas) db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, user.Id.ToString(), persona, ScopeKind.Estate));
        return new CurrentPrincipal(user.Id.ToString(), name, user.Email, []);
    }

    /// <summary>Plan "move-to-dr" by <paramref name="author"/>, wave "first" (window open now), namespace "shop" at <paramref name="stage"/>.
    /// Returns the plan's and the application's ids.</summary>
    protected async Task<(Guid PlanId, Guid AppId)> CreatePlanAsync(Stage stage, CurrentPrincipal? author = null)
    {
        author ??= Maria;
        var now = DateTimeOffset.UtcNow;
        await using var db = await OpenAllAsync();
        var plan = new MigrationPlan("move-to-dr", "Webshop to the DR site", SourceId, TargetId, author.UserId, author.DisplayName, now.AddMinutes(-30));
        var wave = new MigrationWave(plan.Id, 1, "first", now.AddMinutes(-5), now.AddHours(3), 2, now);
        var app = new MigrationApplication(plan, wave, TenantId, "shop", "shop", null, now);
        app.RecordInspection(new ApplicationClassification(false, true, false, false, "has volume claims (data)", ["data"], [], ["fast-ssd"]),
            new PlaybookRecommendation(MigrationPlaybook.VeleroBackupRestore, "The data is in the claim data, and both clusters see the same backup storage location.",
            [
                new PlaybookAlternative(MigrationPlaybook.ExportTransformApply, true, "Works, with a PVC data copy."),
                new PlaybookAlternative(MigrationPlaybook.GitOpsRedeploy, false, "No GitOps tool manages this application."),
            ]), now);
        if (stage != Stage.NotPreflighted)
        {
            var findings = stage == Stage.Preflighted
                ? new List<PreflightFinding>
                {
                    new("storage-class", PreflightSeverity.Error, "Storage class fast-ssd does not exist on dr-west; map it to one that does.",
                        new ObjectKey("v1", "PersistentVolumeClaim", "shop", "data")),
                    new("ingress-class", PreflightSeverity.Warning, "Ingress class nginx-internal does not exist on dr-west."),
                }
                : [];
            app.RecordPreflight(wave, findings, "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n", 3, ["Endpoints \"shop/web\": the target recreates it"], [], now);
        }
        if (stage is Stage.Submitted or Stage.Paused) wave.Submit(author.UserId, author.DisplayName, now);
        if (stage == Stage.Paused)
        {
            wave.Approve(plan, Priya.UserId, Priya.DisplayName, "go", now);
            wave.MarkRunning(now);
            app.Schedule(Guid.NewGuid(), now);
            app.StartStep(MigrationStep.FreezeGitOps, null, now.AddSeconds(-20));
            app.FinishStep(MigrationStep.FreezeGitOps, MigrationStepStatus.Skipped, "Not managed by GitOps", now.AddSeconds(-19));
            app.StartStep(MigrationStep.Export, "exporting 12 objects", now.AddSeconds(-10));
            app.Pause(PausedBecause, now);
        }
        db.MigrationPlans.Add(plan);
        db.MigrationWaves.Add(wave);
        db.MigrationApplications.Add(app);
        await db.SaveChangesAsync();
        return (plan.Id, app.Id);
    }

    protected async Task<IPortalDbContext> OpenAllAsync() =>
        await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);

    protected static string TextOf(AngleSharp.Dom.IElement e) => System.Text.RegularExpressions.Regex.Replace(e.TextContent, @"\s+", " ").Trim();
}
