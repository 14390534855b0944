using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Restores.Preview;
using Portal.Domain.Access;
using Portal.Domain.Requests;
using Portal.UnitTests.Security;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application.Restores;

public class PreviewRestoreUseCaseTests
{
    private static readonly BackupKind Deployment = new("apps/v1", "Deployment");

    private static Task<Result<RestorePreviewPage>> Preview(PortalTestHost host, PreviewRestoreQuery q) =>
        host.RunAsync<PreviewRestore, Result<RestorePreviewPage>>(u => u.HandleAsync(q));

    private static Task<Result<RestorePreviewPage>> PreviewRequest(PortalTestHost host, Guid id) =>
        host.RunAsync<PreviewRestoreRequest, Result<RestorePreviewPage>>(u => u.HandleAsync(new PreviewRestoreRequestQuery(id)));

    [Fact]
    public async Task PreviewRestore_Owner_SeesOwnNamespaceOnly_AgainstTheLiveTarget()
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        host.Principal.Current = world.AlphaPeople[Persona.ApplicationOwner];
        host.Previews.Live[("alpha-ns", Deployment)] = ["alpha-ns-web"];

        var result = await Preview(host, new PreviewRestoreQuery(world.AlphaNs, "alpha-backup", "alpha-ns", ExistingResourcePolicy.None, true));

        Assert.True(result.IsSuccess, result.Error?.Message);
        var p = result.Value!;
        Assert.Equal(PreviewOutcome.Skip, Assert.Single(p.Items.Items, i => i.Kind == "Deployment").Outcome);
        Assert.Equal(PreviewOutcome.Create, Assert.Single(p.Items.Items, i => i.Kind == "ConfigMap").Outcome);
        Assert.DoesNotContain(p.Items.Items, i => i.Name.Contains("bravo", StringComparison.Ordinal));
        Assert.Equal(3, p.OtherNamespacesItems); // bravo-ns: its namespace, deployment and config map are left out
    }

    [Fact]
    public async Task PreviewRestore_SecondPage_ReusesThePreview_FreshReadsAgain()
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        host.Principal.Current = world.AlphaPeople[Persona.ApplicationOwner];
        var q = new PreviewRestoreQuery(world.AlphaNs, "alpha-backup", "alpha-restored", ExistingResourcePolicy.None, true);

        await Preview(host, q);
        await Preview(host, q with { Page = new PageRequest(1, 1) });
        Assert.Equal(1, host.Previews.ListReads);
        await Preview(host, q with { Fresh = true });
        Assert.Equal(2, host.Previews.ListReads);
    }

    [Fact]
    public async Task PreviewRestore_ClusterFault_IsAnErrorInWordsWithTheNextStep()
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        host.Principal.Current = world.AlphaPeople[Persona.ApplicationOwner];
        host.Previews.Failure = new ClusterAccessException(ClusterFault.ToolMissing, "Velero is not installed on cluster c1.");

        var result = await Preview(host, new PreviewRestoreQuery(world.AlphaNs, "alpha-backup", "alpha-ns", ExistingResourcePolicy.None, true));

        Assert.Equal(ErrorKind.Unavailable, result.Error!.Kind);
        Assert.Contains("Velero is not installed", result.Error.Message);
        Assert.Contains("need Velero", result.Error.Message);
    }

    [Fact]
    public async Task PreviewRestore_IntoAnExistingNamespaceNobodyGaveTheTenant_IsRefusedWithoutReadingIt()
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        host.Principal.Current = world.AlphaPeople[Persona.ApplicationOwner];

        var result = await Preview(host, new PreviewRestoreQuery(world.AlphaNs, "alpha-backup", "new-ns", ExistingResourcePolicy.None, true));

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Contains("is not owned by your tenant", result.Error.Message);
        Assert.Empty(host.Previews.LiveReads);
    }

    [Fact]
    public async Task PreviewRestore_ToAnotherCluster_DoesNotTakeTheNamespaceOfTheSameNameThereForTheTenants()
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        host.Principal.Current = world.AlphaPeople[Persona.ApplicationOwner];
        host.Previews.Live[("alpha-ns", Deployment)] = ["alpha-ns-web"];

        // alpha-ns is Alpha's on its own cluster; on the target cluster a namespace of that name is nobody's.
        var result = await Preview(host, new PreviewRestoreQuery(world.AlphaNs, "alpha-backup", "alpha-ns", ExistingResourcePolicy.None, true,
            TargetClusterId: world.TargetClusterId));

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Contains("is not owned by your tenant", result.Error.Message);
        Assert.Empty(host.Previews.LiveReads);
    }

    [Theory]
    [InlineData(Persona.DatabaseEngineer)]
    [InlineData(Persona.MigrationArchitect)]
    public async Task PreviewRestore_WhoMayNotRequestRestores_IsRefused(Persona persona)
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        host.Principal.Current = world.AlphaPeople[persona];

        var result = await Preview(host, new PreviewRestoreQuery(world.AlphaNs, "alpha-backup", "alpha-ns", ExistingResourcePolicy.None, true));

        Assert.Equal(ErrorKind.Forbidden, result.Error!.Kind);
        Assert.Equal(0, host.Previews.ListReads);
    }

    [Theory]
    [InlineData(Persona.SreEngineer, true)]       // the approver of restores, by default
    [InlineData(Persona.ApplicationOwner, true)]  // who asked for it
    [InlineData(Persona.PlatformEngineer, false)] // neither requests restores nor is the tenant's restore approver
    [InlineData(Persona.StorageAdministrator, false)]
    public async Task PreviewRestoreRequest_RequesterAndApprover_SeeIt(Persona persona, bool sees)
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        host.Principal.Current = world.AlphaPeople[persona];

        var result = await PreviewRequest(host, world.AlphaPendingRequest);

        Assert.Equal(sees, result.IsSuccess);
        if (sees) Assert.Equal("alpha-ns", result.Value!.SourceNamespace);
        else Assert.Equal(ErrorKind.Forbidden, result.Error!.Kind);
    }
}
