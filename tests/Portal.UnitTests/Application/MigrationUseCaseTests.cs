using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Moves;
using Portal.Application.Features.Moves.Applications;
using Portal.Application.Features.Moves.Plans;
using Portal.Application.Features.Moves.Waves;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Moves;
using Portal.Domain.Requests;
using Portal.Moves.Playbooks;
using Portal.Moves.Preflight;
using Portal.UnitTests.Security;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>Planning a wave through the use cases, against fake clusters: shared-1 holds Alpha's alpha-ns (a
/// Deployment with a claim on fast-ssd), shared-2 is the target with premium-ssd only.</summary>
public class MigrationUseCaseTests
{
    private sealed record People(CurrentPrincipal Architect, CurrentPrincipal Platform, CurrentPrincipal SecondPlatform);

    private static async Task<(PortalTestHost Host, WalkWorld World, People People)> StartAsync()
    {
        var host = await PortalTestHost.StartAsync();
        var w = await WalkWorld.SeedAsync(host);
        await using (var db = await host.OpenAllAsync())
        {
            CurrentPrincipal Estate(string name, Persona persona)
            {
                var user = new PortalUser($"estate-{name}", name, $"{name}@estate.example");
                db.Users.Add(user);
                db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, user.Id.ToString(), persona, ScopeKind.Estate));
                return new CurrentPrincipal(user.Id.ToString(), name, user.Email, []);
            }
            var people = new People(Estate("Maria", Persona.MigrationArchitect), Estate("Priya", Persona.PlatformEngineer), Estate("Paul", Persona.PlatformEngineer));
            await db.SaveChangesAsync();
            host.Migration.Objects[("shared-1", "alpha-ns")] =
            [
                Obj("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"alpha-ns"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27"}],"volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"web-data"}}]}}}}"""),
                Obj("""{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"web-data","namespace":"alpha-ns"},"spec":{"storageClassName":"fast-ssd","accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}"""),
                Obj("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"web-db","namespace":"alpha-ns"},"type":"Opaque","data":{"password":"aHVudGVyMg=="}}"""),
            ];
            host.Migration.Facts["shared-1"] = new TargetClusterFacts
            {
                StorageClasses = [new StorageClassFact("fast-ssd", "ebs.csi.aws.com", true)],
                ServedApis = [new ServedApiVersion("v1", []), new ServedApiVersion("apps/v1", [])],
            };
            host.Migration.Facts["shared-2"] = new TargetClusterFacts
            {
                StorageClasses = [new StorageClassFact("premium-ssd", "disk.csi.azure.com", true)],
                ServedApis = [new ServedApiVersion("v1", []), new ServedApiVersion("apps/v1", [])],
            };
            return (host, w, people);
        }
    }

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static async Task<T> Ok<T>(Task<Result<T>> call)
    {
        var result = await call;
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value!;
    }

    private static async Task<(Guid Plan, Guid Wave, Guid App)> PlanAlphaAsync(PortalTestHost host, WalkWorld w, People p)
    {
        host.Principal.Current = p.Architect;
        var plan = await Ok(host.RunAsync<CreateMigrationPlan, Result<Guid>>(u => u.HandleAsync(new CreateMigrationPlanCommand("Exit shared-1", null, w.ClusterId, w.TargetClusterId))));
        var wave = await Ok(host.RunAsync<AddMigrationWave, Result<Guid>>(u => u.HandleAsync(new AddMigrationWaveCommand(plan, "Wave 1", DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(2), 2))));
        var app = await Ok(host.RunAsync<AddMigrationApplication, Result<Guid>>(u => u.HandleAsync(new AddMigrationApplicationCommand(wave, w.AlphaNs))));
        return (plan, wave, app);
    }

    private static async Task<MigrationApplication> AppAsync(PortalTestHost host, Guid id)
    {
        await using var db = await host.OpenAllAsync();
        return await db.MigrationApplications.AsNoTracking().FirstAsync(a => a.Id == id);
    }

    [Fact]
    public async Task PlanWave_ClassifyPreflightMapSubmitApprove_CreatesApprovedRequestPerApplication()
    {
        var (host, w, p) = await StartAsync();
        await using var _ = host;
        var (_, wave, appId) = await PlanAlphaAsync(host, w, p);
        var app = await AppAsync(host, appId);
        Assert.True(app.Classification.HasPersistentVolumeClaims);
        Assert.Equal(MigrationPlaybook.ExportTransformApply, app.RecommendedPlaybook); // no shared backup location, no shared storage
        Assert.False(string.IsNullOrWhiteSpace(app.RecommendationReason));

        var first = await Ok(host.RunAsync<RunMigrationPreflight, Result<PreflightSummary>>(u => u.HandleAsync(new RunMigrationPreflightCommand(wave))));
        Assert.True(first.Errors > 0);
        Assert.Contains((await AppAsync(host, appId)).Findings, f => f.Rule == PreflightRules.StorageClass && f.Message.Contains("fast-ssd"));
        var refused = await host.RunAsync<SubmitMigrationWave, Result<Unit>>(u => u.HandleAsync(new SubmitMigrationWaveCommand(wave)));
        Assert.Contains("error", refused.Error!.Message);

        await Ok(host.RunAsync<ChangeMigrationApplication, Result<Unit>>(u => u.HandleAsync(new ChangeMigrationApplicationCommand(appId,
            MigrationPlaybook.ExportTransformApply, "alpha-moved", new Dictionary<string, string> { ["fast-ssd"] = "premium-ssd" }, new Dictionary<string, string>()))));
        Assert.True((await AppAsync(host, appId)).PreflightStale);
        var second = await Ok(host.RunAsync<RunMigrationPreflight, Result<PreflightSummary>>(u => u.HandleAsync(new RunMigrationPreflightCommand(wave))));
        Assert.Equal(0, second.Errors);
        var manifests = await Ok(host.RunAsync<GetMigrationManifests, Result<MigrationManifests>>(u => u.HandleAsync(new GetMigrationManifestsQuery(appId))));
        Assert.Contains("storageClassName: premium-ssd", manifests.Yaml);
        Assert.Contains("namespace: alpha-moved", manifests.Yaml);
        Assert.DoesNotContain("aHVudGVyMg==", manifests.Yaml); // reviewed without the Secret's value
        Assert.Contains("(hidden: 7 bytes)", manifests.Yaml);
        if (second.Warnings > 0) await Ok(host.RunAsync<AcknowledgeMigrationWarnings, Result<Unit>>(u => u.HandleAsync(new AcknowledgeMigrationWarningsCommand(appId))));
        await Ok(host.RunAsync<SubmitMigrationWave, Result<Unit>>(u => u.HandleAsync(new SubmitMigrationWaveCommand(wave))));

        // The architect cannot approve (not a platform engineer, and the author); a platform engineer can.
        var self = await host.RunAsync<DecideOnMigrationWave, Result<Unit>>(u => u.HandleAsync(new DecideOnMigrationWaveCommand(wave, true, null)));
        Assert.Equal(ErrorKind.Forbidden, self.Error!.Kind);
        host.Principal.Current = p.Platform;
        await Ok(host.RunAsync<DecideOnMigrationWave, Result<Unit>>(u => u.HandleAsync(new DecideOnMigrationWaveCommand(wave, true, "go"))));

        app = await AppAsync(host, appId);
        Assert.Equal(MigrationApplicationStatus.Waiting, app.Status);
        await using var db = await host.OpenAllAsync();
        var request = await db.Requests.AsNoTracking().FirstAsync(r => r.Id == app.MigrationRequestId);
        Assert.Equal((RequestKind.ApplicationMigration, RequestStatus.Approved, "alpha-ns", w.AlphaTenant), (request.Kind, request.Status, request.Namespace, request.TenantId));
        Assert.Equal("Priya", request.DecidedByName);
        Assert.Equal(MigrationWaveStatus.Scheduled, (await db.MigrationWaves.AsNoTracking().FirstAsync(x => x.Id == wave)).Status);
        Assert.Equal(0, host.Migration.Writes);
    }

    [Fact]
    public async Task Approve_ByThePlansAuthor_IsRefused_EvenAsPlatformEngineer()
    {
        var (host, w, p) = await StartAsync();
        await using var _ = host;
        host.Principal.Current = p.Platform; // a platform engineer holding the architect's persona too plans and submits...
        await using (var db = await host.OpenAllAsync())
        {
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, p.Platform.UserId, Persona.MigrationArchitect, ScopeKind.Estate));
            await db.SaveChangesAsync();
        }
        var plan = await Ok(host.RunAsync<CreateMigrationPlan, Result<Guid>>(u => u.HandleAsync(new CreateMigrationPlanCommand("Own", null, w.ClusterId, w.TargetClusterId))));
        var wave = await Ok(host.RunAsync<AddMigrationWave, Result<Guid>>(u => u.HandleAsync(new AddMigrationWaveCommand(plan, "W", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), 1))));
        host.Migration.Objects[("shared-1", "alpha-ns")] = [Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"alpha-ns"},"data":{"a":"b"}}""")];
        var app = await Ok(host.RunAsync<AddMigrationApplication, Result<Guid>>(u => u.HandleAsync(new AddMigrationApplicationCommand(wave, w.AlphaNs))));
        await Ok(host.RunAsync<RunMigrationPreflight, Result<PreflightSummary>>(u => u.HandleAsync(new RunMigrationPreflightCommand(wave))));
        await Ok(host.RunAsync<SubmitMigrationWave, Result<Unit>>(u => u.HandleAsync(new SubmitMigrationWaveCommand(wave))));
        var own = await host.RunAsync<DecideOnMigrationWave, Result<Unit>>(u => u.HandleAsync(new DecideOnMigrationWaveCommand(wave, true, null)));
        Assert.Contains("cannot approve it", own.Error!.Message); // ...and still cannot approve it
        host.Principal.Current = p.SecondPlatform;
        await Ok(host.RunAsync<DecideOnMigrationWave, Result<Unit>>(u => u.HandleAsync(new DecideOnMigrationWaveCommand(wave, true, null))));
        Assert.Equal(MigrationApplicationStatus.Waiting, (await AppAsync(host, app)).Status);
    }

    [Fact]
    public async Task Approve_WhenTenantPolicyAsksOwners_WaitsForTheOwnersAcknowledgement()
    {
        var (host, w, p) = await StartAsync();
        await using var _ = host;
        await using (var db = await host.OpenAllAsync())
        {
            db.ApprovalPolicies.Add(new ApprovalPolicy(w.AlphaTenant, RequestKind.ApplicationMigration, true, Persona.ApplicationOwner));
            await db.SaveChangesAsync();
        }
        var (_, wave, appId) = await PlanAlphaAsync(host, w, p);
        await Ok(host.RunAsync<ChangeMigrationApplication, Result<Unit>>(u => u.HandleAsync(new ChangeMigrationApplicationCommand(appId,
            MigrationPlaybook.ExportTransformApply, "alpha-ns", new Dictionary<string, string> { ["fast-ssd"] = "premium-ssd" }, new Dictionary<string, string>()))));
        var summary = await Ok(host.RunAsync<RunMigrationPreflight, Result<PreflightSummary>>(u => u.HandleAsync(new RunMigrationPreflightCommand(wave))));
        if (summary.Warnings > 0) await Ok(host.RunAsync<AcknowledgeMigrationWarnings, Result<Unit>>(u => u.HandleAsync(new AcknowledgeMigrationWarningsCommand(appId))));
        await Ok(host.RunAsync<SubmitMigrationWave, Result<Unit>>(u => u.HandleAsync(new SubmitMigrationWaveCommand(wave))));

        host.Principal.Current = p.Platform;
        var early = await host.RunAsync<DecideOnMigrationWave, Result<Unit>>(u => u.HandleAsync(new DecideOnMigrationWaveCommand(wave, true, null)));
        Assert.Contains("its owners must acknowledge", early.Error!.Message);

        host.Principal.Current = w.BravoOwner; // another tenant's owner does not even see it
        Assert.Equal(ErrorKind.NotFound, (await host.RunAsync<AcknowledgeMigrationAsOwner, Result<Unit>>(u => u.HandleAsync(new AcknowledgeMigrationAsOwnerCommand(appId)))).Error!.Kind);
        host.Principal.Current = w.AlphaPeople[Persona.ApplicationOwner];
        await Ok(host.RunAsync<AcknowledgeMigrationAsOwner, Result<Unit>>(u => u.HandleAsync(new AcknowledgeMigrationAsOwnerCommand(appId))));
        var planId = (await AppAsync(host, appId)).PlanId;
        var view = await Ok(host.RunAsync<GetMigrationPlan, Result<MigrationPlanView>>(u => u.HandleAsync(new GetMigrationPlanQuery(planId))));
        Assert.False(view.CallerMayPlan); // the owner sees the plan through their application, and may not plan
        Assert.Equal("alpha-ns", Assert.Single(Assert.Single(view.Waves).Applications).Application.SourceNamespace);

        host.Principal.Current = p.Platform;
        await Ok(host.RunAsync<DecideOnMigrationWave, Result<Unit>>(u => u.HandleAsync(new DecideOnMigrationWaveCommand(wave, true, null))));
    }

    [Fact]
    public async Task AddApplication_SourceUnreachable_SaysSoAndWritesNothing()
    {
        var (host, w, p) = await StartAsync();
        await using var _ = host;
        host.Principal.Current = p.Architect;
        var plan = await Ok(host.RunAsync<CreateMigrationPlan, Result<Guid>>(u => u.HandleAsync(new CreateMigrationPlanCommand("Down", null, w.ClusterId, w.TargetClusterId))));
        var wave = await Ok(host.RunAsync<AddMigrationWave, Result<Guid>>(u => u.HandleAsync(new AddMigrationWaveCommand(plan, "W", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), 1))));
        host.Migration.Down.Add("shared-1");
        var result = await host.RunAsync<AddMigrationApplication, Result<Guid>>(u => u.HandleAsync(new AddMigrationApplicationCommand(wave, w.AlphaNs)));
        Assert.Equal(ErrorKind.Unavailable, result.Error!.Kind);
        Assert.Contains("shared-1", result.Error.Message);
        await using var db = await host.OpenAllAsync();
        Assert.False(await db.MigrationApplications.AnyAsync(a => a.WaveId == wave));
    }

    [Fact]
    public async Task BadInput_SameCluster_ClosedWindow_UnseenNamespace_NamespaceInAnotherPlan_AreRefusedInWords()
    {
        var (host, w, p) = await StartAsync();
        await using var _ = host;
        host.Principal.Current = p.Architect;
        var same = await host.RunAsync<CreateMigrationPlan, Result<Guid>>(u => u.HandleAsync(new CreateMigrationPlanCommand("Same", null, w.ClusterId, w.ClusterId)));
        Assert.Contains("same cluster", same.Error!.Message);
        var (plan, _, _) = await PlanAlphaAsync(host, w, p);
        var closed = await host.RunAsync<AddMigrationWave, Result<Guid>>(u => u.HandleAsync(new AddMigrationWaveCommand(plan, "Late",
            DateTimeOffset.UtcNow.AddHours(-3), DateTimeOffset.UtcNow.AddHours(-1), 1)));
        Assert.Contains("already be closed", closed.Error!.Message);

        var otherPlan = await Ok(host.RunAsync<CreateMigrationPlan, Result<Guid>>(u => u.HandleAsync(new CreateMigrationPlanCommand("Other", null, w.ClusterId, w.TargetClusterId))));
        var otherWave = await Ok(host.RunAsync<AddMigrationWave, Result<Guid>>(u => u.HandleAsync(new AddMigrationWaveCommand(otherPlan, "W", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), 1))));
        var twice = await host.RunAsync<AddMigrationApplication, Result<Guid>>(u => u.HandleAsync(new AddMigrationApplicationCommand(otherWave, w.AlphaNs)));
        Assert.Contains("already part of plan \"Exit shared-1\"", twice.Error!.Message);

        // A migration architect bound to the Alpha tenant only cannot plan between clusters, nor add Bravo's namespace.
        host.Principal.Current = w.AlphaPeople[Persona.MigrationArchitect];
        Assert.Equal(ErrorKind.Forbidden, (await host.RunAsync<CreateMigrationPlan, Result<Guid>>(u => u.HandleAsync(new CreateMigrationPlanCommand("Mine", null, w.ClusterId, w.TargetClusterId)))).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, (await host.RunAsync<AddMigrationApplication, Result<Guid>>(u => u.HandleAsync(new AddMigrationApplicationCommand(otherWave, w.BravoNs)))).Error!.Kind);
    }

    [Fact]
    public async Task RollBack_MovedApplication_QueuesARollbackRequest_AndNeverStartedOneIsTakenOut()
    {
        var (host, w, p) = await StartAsync();
        await using var _ = host;
        var (_, wave, appId) = await PlanAlphaAsync(host, w, p);
        await Ok(host.RunAsync<ChangeMigrationApplication, Result<Unit>>(u => u.HandleAsync(new ChangeMigrationApplicationCommand(appId,
            MigrationPlaybook.ExportTransformApply, "alpha-ns", new Dictionary<string, string> { ["fast-ssd"] = "premium-ssd" }, new Dictionary<string, string>()))));
        var summary = await Ok(host.RunAsync<RunMigrationPreflight, Result<PreflightSummary>>(u => u.HandleAsync(new RunMigrationPreflightCommand(wave))));
        if (summary.Warnings > 0) await Ok(host.RunAsync<AcknowledgeMigrationWarnings, Result<Unit>>(u => u.HandleAsync(new AcknowledgeMigrationWarningsCommand(appId))));
        await Ok(host.RunAsync<SubmitMigrationWave, Result<Unit>>(u => u.HandleAsync(new SubmitMigrationWaveCommand(wave))));
        host.Principal.Current = p.Platform;
        await Ok(host.RunAsync<DecideOnMigrationWave, Result<Unit>>(u => u.HandleAsync(new DecideOnMigrationWaveCommand(wave, true, null))));

        // Not started yet: rolling back takes it out of the wave, its request cancelled.
        Assert.Equal(1, await Ok(host.RunAsync<RollBackMigration, Result<int>>(u => u.HandleAsync(new RollBackMigrationCommand(wave, appId, "change of plan")))));
        var app = await AppAsync(host, appId);
        Assert.Equal(MigrationApplicationStatus.Skipped, app.Status);
        Assert.Null(app.RollbackRequestId);
        await using var db = await host.OpenAllAsync();
        Assert.Equal(RequestStatus.Cancelled, (await db.Requests.AsNoTracking().FirstAsync(r => r.Id == app.MigrationRequestId)).Status);
        var again = await host.RunAsync<RollBackMigration, Result<int>>(u => u.HandleAsync(new RollBackMigrationCommand(wave, null, "again")));
        Assert.Equal(ErrorKind.Validation, again.Error!.Kind);
    }

    [Fact]
    public async Task AddApplication_ObjectsTrackedByAnExistingArgoApp_AdoptsItSoTheMoveFreezesIt()
    {
        var (host, w, p) = await StartAsync();
        await using var _ = host;
        host.Migration.Objects[("shared-1", "alpha-ns")] =
        [
            Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"web-config","namespace":"alpha-ns","annotations":{"argocd.argoproj.io/tracking-id":"shop-web:/ConfigMap:alpha-ns/web-config"}},"data":{"a":"b"}}"""),
        ];
        host.Migration.GitOpsObjects["shared-1"] =
            [Obj("""{"apiVersion":"argoproj.io/v1alpha1","kind":"Application","metadata":{"name":"shop-web","namespace":"argocd"},"spec":{"destination":{"namespace":"alpha-ns"}}}""")];
        var (_, _, appId) = await PlanAlphaAsync(host, w, p);
        var app = await AppAsync(host, appId);
        Assert.Equal(new GitOpsReference(GitOpsKind.ArgoCdApplication, "shop-web", "argocd"), app.GitOps);
        Assert.Equal(MigrationPlaybook.GitOpsRedeploy, app.RecommendedPlaybook);

        host.Migration.GitOpsObjects.Clear(); // tracked by an app that is not there: not adopted, and the preflight warns
        var (_, wave2, app2) = await PlanAgainAsync(host, w);
        Assert.Equal(GitOpsKind.None, (await AppAsync(host, app2)).GitOps.Kind);
        await Ok(host.RunAsync<RunMigrationPreflight, Result<PreflightSummary>>(u => u.HandleAsync(new RunMigrationPreflightCommand(wave2))));
        Assert.Contains((await AppAsync(host, app2)).Findings, f => f.Severity == PreflightSeverity.Warning && f.Message.Contains("found no Argo CD Application or Flux Kustomization"));
    }

    /// <summary>A second plan for the same namespace, once the first one's application is out of it.</summary>
    private static async Task<(Guid Plan, Guid Wave, Guid App)> PlanAgainAsync(PortalTestHost host, WalkWorld w)
    {
        await using (var db = await host.OpenAllAsync())
        {
            db.MigrationApplications.RemoveRange(db.MigrationApplications.Where(a => a.SourceNamespace == "alpha-ns"));
            await db.SaveChangesAsync();
        }
        var plan = await Ok(host.RunAsync<CreateMigrationPlan, Result<Guid>>(u => u.HandleAsync(new CreateMigrationPlanCommand("Again", null, w.ClusterId, w.TargetClusterId))));
        var wave = await Ok(host.RunAsync<AddMigrationWave, Result<Guid>>(u => u.HandleAsync(new AddMigrationWaveCommand(plan, "W", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), 1))));
        var app = await Ok(host.RunAsync<AddMigrationApplication, Result<Guid>>(u => u.HandleAsync(new AddMigrationApplicationCommand(wave, w.AlphaNs))));
        return (plan, wave, app);
    }

    private static async Task<CurrentPrincipal> PersonAsync(PortalTestHost host, string name, params (Persona Persona, ScopeKind Scope, Guid? Cluster)[] grants)
    {
        await using var db = await host.OpenAllAsync();
        var user = new PortalUser($"x-{name}", name, $"{name}@x.example");
        db.Users.Add(user);
        foreach (var (persona, scope, cluster) in grants)
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, user.Id.ToString(), persona, scope, clusterId: cluster));
        await db.SaveChangesAsync();
        return new CurrentPrincipal(user.Id.ToString(), name, user.Email, []);
    }

    private static async Task ReadyAndSubmitAsync(PortalTestHost host, Guid wave, Guid appId)
    {
        await Ok(host.RunAsync<ChangeMigrationApplication, Result<Unit>>(u => u.HandleAsync(new ChangeMigrationApplicationCommand(appId,
            MigrationPlaybook.ExportTransformApply, "alpha-ns", new Dictionary<string, string> { ["fast-ssd"] = "premium-ssd" }, new Dictionary<string, string>()))));
        var summary = await Ok(host.RunAsync<RunMigrationPreflight, Result<PreflightSummary>>(u => u.HandleAsync(new RunMigrationPreflightCommand(wave))));
        if (summary.Warnings > 0) await Ok(host.RunAsync<AcknowledgeMigrationWarnings, Result<Unit>>(u => u.HandleAsync(new AcknowledgeMigrationWarningsCommand(appId))));
        await Ok(host.RunAsync<SubmitMigrationWave, Result<Unit>>(u => u.HandleAsync(new SubmitMigrationWaveCommand(wave))));
    }

    [Fact]
    public async Task FourEyes_SomeoneWhoChangedTheWavesApplications_CannotApproveIt()
    {
        var (host, w, p) = await StartAsync();
        await using var _ = host;
        var (_, wave, appId) = await PlanAlphaAsync(host, w, p);
        var both = await PersonAsync(host, "Bea", (Persona.MigrationArchitect, ScopeKind.Estate, null), (Persona.PlatformEngineer, ScopeKind.Estate, null));
        host.Principal.Current = both; // changes the mapping of Maria's application...
        await Ok(host.RunAsync<ChangeMigrationApplication, Result<Unit>>(u => u.HandleAsync(new ChangeMigrationApplicationCommand(appId,
            MigrationPlaybook.ExportTransformApply, "alpha-ns", new Dictionary<string, string> { ["fast-ssd"] = "premium-ssd" }, new Dictionary<string, string>()))));
        host.Principal.Current = p.Architect;
        await ReadyAndSubmitAsync(host, wave, appId);
        host.Principal.Current = both; // ...so cannot approve it
        Assert.Contains("cannot approve it", (await host.RunAsync<DecideOnMigrationWave, Result<Unit>>(u => u.HandleAsync(new DecideOnMigrationWaveCommand(wave, true, null)))).Error!.Message);
        host.Principal.Current = p.Platform;
        await Ok(host.RunAsync<DecideOnMigrationWave, Result<Unit>>(u => u.HandleAsync(new DecideOnMigrationWaveCommand(wave, true, null))));
    }

    [Fact]
    public async Task OwnerPolicy_HoldsForAnApproverBoundToBothClusters_AndANewWindowNeedsANewAcknowledgement()
    {
        var (host, w, p) = await StartAsync();
        await using var _ = host;
        await using (var db = await host.OpenAllAsync())
        {
            db.ApprovalPolicies.Add(new ApprovalPolicy(w.AlphaTenant, RequestKind.ApplicationMigration, true, Persona.ApplicationOwner));
            await db.SaveChangesAsync();
        }
        var (_, wave, appId) = await PlanAlphaAsync(host, w, p);
        host.Principal.Current = w.AlphaPeople[Persona.ApplicationOwner];
        await Ok(host.RunAsync<AcknowledgeMigrationAsOwner, Result<Unit>>(u => u.HandleAsync(new AcknowledgeMigrationAsOwnerCommand(appId))));
        host.Principal.Current = p.Architect; // the window moves: the owner agreed to the old one
        await Ok(host.RunAsync<ChangeMigrationWave, Result<Unit>>(u => u.HandleAsync(new ChangeMigrationWaveCommand(wave, "Wave 1",
            DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddHours(5), 2))));
        Assert.False((await AppAsync(host, appId)).IsOwnerAcknowledged);
        await ReadyAndSubmitAsync(host, wave, appId);

        var clusterBound = await PersonAsync(host, "Cleo", (Persona.PlatformEngineer, ScopeKind.Cluster, w.ClusterId), (Persona.PlatformEngineer, ScopeKind.Cluster, w.TargetClusterId));
        host.Principal.Current = clusterBound;
        Assert.Contains("its owners must acknowledge", (await host.RunAsync<DecideOnMigrationWave, Result<Unit>>(u => u.HandleAsync(new DecideOnMigrationWaveCommand(wave, true, null)))).Error!.Message);
    }

    [Fact]
    public async Task BadInput_TargetNamespaceTaken_MissingGitOpsObject_LaterWaveBeforeEarlierOne()
    {
        var (host, w, p) = await StartAsync();
        await using var _ = host;
        var (plan, wave, appId) = await PlanAlphaAsync(host, w, p);
        await using (var db = await host.OpenAllAsync())
        {
            db.TenantNamespaces.Add(new Portal.Domain.Tenants.TenantNamespace(w.AlphaTenant, w.ClusterId, "alpha-two", DateTimeOffset.UtcNow, "test"));
            await db.SaveChangesAsync();
        }
        host.Migration.Objects[("shared-1", "alpha-two")] = [Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"alpha-two"},"data":{"a":"b"}}""")];
        Guid two;
        await using (var db = await host.OpenAllAsync()) two = (await db.TenantNamespaces.FirstAsync(n => n.Namespace == "alpha-two")).Id;
        var taken = await host.RunAsync<AddMigrationApplication, Result<Guid>>(u => u.HandleAsync(new AddMigrationApplicationCommand(wave, two, TargetNamespace: "alpha-ns")));
        Assert.Contains("already where alpha-ns moves", taken.Error!.Message);
        var missing = await host.RunAsync<AddMigrationApplication, Result<Guid>>(u => u.HandleAsync(new AddMigrationApplicationCommand(wave, two,
            new GitOpsReference(GitOpsKind.ArgoCdApplication, "no-such-app", "argocd"))));
        Assert.Contains("was not found on shared-1", missing.Error!.Message);

        var second = await Ok(host.RunAsync<AddMigrationWave, Result<Guid>>(u => u.HandleAsync(new AddMigrationWaveCommand(plan, "Wave 2", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(2), 1))));
        await Ok(host.RunAsync<AddMigrationApplication, Result<Guid>>(u => u.HandleAsync(new AddMigrationApplicationCommand(second, two))));
        await Ok(host.RunAsync<RunMigrationPreflight, Result<PreflightSummary>>(u => u.HandleAsync(new RunMigrationPreflightCommand(second))));
        await Ok(host.RunAsync<SubmitMigrationWave, Result<Unit>>(u => u.HandleAsync(new SubmitMigrationWaveCommand(second))));
        host.Principal.Current = p.Platform;
        var early = await host.RunAsync<DecideOnMigrationWave, Result<Unit>>(u => u.HandleAsync(new DecideOnMigrationWaveCommand(second, true, null)));
        Assert.Contains("Waves move in order: wave 1", early.Error!.Message);
    }

    [Fact]
    public async Task Preflight_FluxMove_ChecksEverythingTheSwitchNeedsOnTheTarget_NamespaceSourceAndRunningControllers()
    {
        var (host, w, p) = await StartAsync();
        await using var _ = host;
        host.Migration.GitOpsObjects["shared-1"] =
        [
            Obj("""{"apiVersion":"kustomize.toolkit.fluxcd.io/v1","kind":"Kustomization","metadata":{"name":"shop","namespace":"flux-system"},"spec":{"targetNamespace":"alpha-ns","sourceRef":{"kind":"GitRepository","name":"fleet"},"path":"./shop","prune":true,"interval":"5m"}}"""),
            Obj("""{"apiVersion":"source.toolkit.fluxcd.io/v1","kind":"GitRepository","metadata":{"name":"fleet","namespace":"flux-system"},"spec":{"url":"https://git.example.com/fleet.git","interval":"1m"}}"""),
        ];
        var flux = new[] { new ServedApiVersion("kustomize.toolkit.fluxcd.io/v1", ["Kustomization"]), new ServedApiVersion("source.toolkit.fluxcd.io/v1", ["GitRepository"]) };
        var target = host.Migration.Facts["shared-2"] with { ServedApis = [.. host.Migration.Facts["shared-2"].ServedApis, .. flux] };
        host.Migration.Facts["shared-2"] = target; // Flux's CRDs served, nothing else
        host.Principal.Current = p.Architect;
        var plan = await Ok(host.RunAsync<CreateMigrationPlan, Result<Guid>>(u => u.HandleAsync(new CreateMigrationPlanCommand("Flux exit", null, w.ClusterId, w.TargetClusterId))));
        var wave = await Ok(host.RunAsync<AddMigrationWave, Result<Guid>>(u => u.HandleAsync(new AddMigrationWaveCommand(plan, "W", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), 1))));
        var appId = await Ok(host.RunAsync<AddMigrationApplication, Result<Guid>>(u => u.HandleAsync(new AddMigrationApplicationCommand(wave, w.AlphaNs,
            new GitOpsReference(GitOpsKind.FluxKustomization, "shop", "flux-system")))));

        async Task<List<string>> GitOpsErrorsAsync()
        {
            await Ok(host.RunAsync<RunMigrationPreflight, Result<PreflightSummary>>(u => u.HandleAsync(new RunMigrationPreflightCommand(wave))));
            return (await AppAsync(host, appId)).Findings.Where(f => f.Rule == PreflightRules.CustomResource && f.Severity == PreflightSeverity.Error).Select(f => f.Message).ToList();
        }

        Assert.Contains("recreates Flux Kustomization flux-system/shop on shared-2 in namespace flux-system, which does not exist there", Assert.Single(await GitOpsErrorsAsync()));

        host.Migration.Facts["shared-2"] = target with { Namespaces = [new NamespaceFact("flux-system", null)] };
        var errors = await GitOpsErrorsAsync();
        Assert.Equal(2, errors.Count);
        Assert.Contains("Flux does not run on shared-2: no source-controller in namespace flux-system", errors[0]);
        Assert.Contains("no kustomize-controller", errors[1]);

        static JsonObject Controller(string name, int available)
        {
            var o = Obj("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"namespace":"flux-system"},"spec":{"replicas":1},"status":{"replicas":1}}""");
            o["metadata"]!["name"] = name;
            o["status"]!["readyReplicas"] = available;
            o["status"]!["availableReplicas"] = available;
            return o;
        }
        host.Migration.GitOpsObjects["shared-2"] = [Controller("source-controller", 1), Controller("kustomize-controller", 0)];
        Assert.Contains("Flux's kustomize-controller on shared-2 has no ready replica (Deployment kustomize-controller: 0 of 1 ready)", Assert.Single(await GitOpsErrorsAsync()));

        host.Migration.GitOpsObjects["shared-2"] = [Controller("source-controller", 1), Controller("kustomize-controller", 1)];
        Assert.Empty(await GitOpsErrorsAsync());

        host.Migration.GitOpsObjects["shared-1"].RemoveAt(1); // the GitRepository is on neither cluster
        Assert.Contains("reads the GitRepository flux-system/fleet, which is on neither cluster", Assert.Single(await GitOpsErrorsAsync()));
        Assert.Equal(0, host.Migration.Writes);
    }
}
