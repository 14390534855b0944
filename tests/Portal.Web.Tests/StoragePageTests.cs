using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Access;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Requests;
using Portal.Domain.Snapshots;
using Portal.Web.Components.Pages.Storage;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

/// <summary>The storage page over the real use cases and a cluster with an EBS class (two snapshot classes) and an EFS class
/// (none): the matrix says which class has no snapshots possible, the claims that cannot be snapshotted come first with their
/// tenant, and a class change asks first with what depends on it.</summary>
public sealed class StoragePageTests : PortalTestContext
{
    private sealed class Storage : IStorageInventoryGateway
    {
        public List<SnapshotClassInfo> Classes { get; } =
        [
            new("csi-aws-vsc", "ebs.csi.aws.com", "Retain", new Dictionary<string, string>(), true, true, "1"),
            new("csi-aws-vsc-delete", "ebs.csi.aws.com", "Delete", new Dictionary<string, string>(), false, false, "1"),
        ];

        public ClusterAccessException? Failure { get; set; }

        /// <summary>How many times the whole inventory was read.</summary>
        public int Reads;

        public Task<StorageInventory> ReadAsync(ClusterConnection cluster, CancellationToken ct)
        {
            Reads++;
            return Read();
        }

        private Task<StorageInventory> Read() => Failure is { } f ? throw f : Task.FromResult(new StorageInventory(
            [new("standard", "ebs.csi.aws.com", "Delete", "WaitForFirstConsumer", true, true), new("shared-files", "efs.csi.aws.com", "Retain", "Immediate", false, false)],
            true, Classes,
            [
                new("shop", "data", "standard", "10Gi", 10L << 30, "Bound", "pv-1", "ebs.csi.aws.com", false),
                new("shop", "uploads", "shared-files", "5Gi", 5L << 30, "Bound", "pv-2", "efs.csi.aws.com", false),
                new("kube-system", "legacy", null, "1Gi", 1L << 30, "Bound", "nfs-1", null, true),
            ]));

        public Task<IReadOnlyList<SnapshotClassInfo>> ListSnapshotClassesAsync(ClusterConnection cluster, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<SnapshotClassInfo>>(Classes);

        public Task<bool> MarkSnapshotClassAsync(ClusterConnection cluster, string name, SnapshotClassMarks marks, CancellationToken ct) =>
            throw new InvalidOperationException("The page never writes to the cluster.");
    }

    private readonly Storage _storage = new();

    public StoragePageTests() => Services.AddSingleton<IStorageInventoryGateway>(_storage);

    private async Task<MyAccess> SignInStorageAdminAsync()
    {
        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var cluster = await db.Clusters.Select(c => c.Id).SingleAsync();
        var user = new PortalUser("dev:sofia", "Sofia Storage", "sofia@example.com");
        db.Users.Add(user);
        db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, user.Id.ToString(), Persona.StorageAdministrator, ScopeKind.Cluster, clusterId: cluster));
        await db.SaveChangesAsync();
        Principal.Current = new CurrentPrincipal(user.Id.ToString(), user.DisplayName, user.Email, []);
        return (await Services.GetRequiredService<GetMyAccess>().HandleAsync(new GetMyAccessQuery())).ValueOrThrow();
    }

    [Fact]
    public async Task StorageAdmin_SeesTheClassWithNoSnapshotsPossible_AndTheUnsnapshottableClaimsWithTheirTenant()
    {
        var access = await SignInStorageAdminAsync();
        var cut = Render<StoragePage>(p => p.AddCascadingValue(access));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=storage-class-row]").Count));
        var files = cut.Find("[data-testid=storage-class-row][data-class=shared-files]");
        Assert.Equal("none", files.GetAttribute("data-snapshots"));
        Assert.Contains("No snapshots possible: no VolumeSnapshotClass has driver efs.csi.aws.com.", files.TextContent);
        Assert.Equal("possible", cut.Find("[data-testid=storage-class-row][data-class=standard]").GetAttribute("data-snapshots"));
        Assert.Contains("prod-east", cut.Find("[data-testid=storage-cluster-link]").TextContent);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=storage-claim-name]").Count));
        var names = cut.FindAll("[data-testid=storage-claim-name]").Select(e => e.TextContent).ToList();
        Assert.Equal(["legacy", "uploads"], names.Order());
        Assert.Contains("Webshop", cut.FindAll("[data-testid=storage-claim-tenant]").Select(e => e.TextContent));
        Assert.Contains("no tenant", cut.FindAll("[data-testid=storage-claim-tenant]").Select(e => e.TextContent));
    }

    [Fact]
    public async Task UseForVelero_AsksFirstWithWhatDependsOnIt_ThenSubmitsARequestForApproval()
    {
        var access = await SignInStorageAdminAsync();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<StoragePage>(p => p.AddCascadingValue(access));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=snapshot-class-row]").Count));
        Assert.True(cut.Find("[data-testid=snapshot-class-row][data-class=csi-aws-vsc] [data-testid=use-for-velero]").HasAttribute("disabled"));

        var asking = cut.InvokeAsync(() => cut.Find("[data-testid=snapshot-class-row][data-class=csi-aws-vsc-delete] [data-testid=use-for-velero]").Click());
        dialogs.WaitForElement("[data-testid=confirm-ok]");
        var message = dialogs.Find("[data-testid=confirm-dialog]").TextContent;
        Assert.Contains("csi-aws-vsc lose", message);
        Assert.Contains("shop/data", message);
        Assert.Contains("Webshop", message);
        Assert.Empty(await AllRequestsAsync()); // nothing asked before the confirmation
        await dialogs.Find("[data-testid=confirm-ok]").ClickAsync(new());
        await asking;

        var request = Assert.Single(await AllRequestsAsync());
        Assert.Equal((RequestKind.SnapshotClassChange, RequestStatus.PendingApproval), (request.Kind, request.Status));
        cut.WaitForAssertion(() => Assert.Contains("waits for a platform engineer", cut.Find("[data-testid=storage-class-change-asked]").TextContent));
    }

    [Fact]
    public async Task ClusterDown_IsAStateWithANextStep()
    {
        _storage.Failure = new ClusterAccessException(ClusterFault.Unreachable, "prod-east did not answer.");
        var access = await SignInStorageAdminAsync();
        var cut = Render<StoragePage>(p => p.AddCascadingValue(access));

        cut.WaitForAssertion(() => Assert.Contains("Next step", cut.Find("[data-testid=storage-cluster-problem]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=storage-matrix]"));
    }

    [Fact]
    public async Task ClusterDown_Refresh_ReadsAgain_AndShowsTheMatrixOnceItAnswers()
    {
        _storage.Failure = new ClusterAccessException(ClusterFault.Unreachable, "prod-east did not answer.");
        var access = await SignInStorageAdminAsync();
        var cut = Render<StoragePage>(p => p.AddCascadingValue(access));
        cut.WaitForAssertion(() => Assert.Contains("Next step", cut.Find("[data-testid=storage-cluster-problem]").TextContent));

        _storage.Failure = null;
        await cut.InvokeAsync(() => cut.Find("[data-testid=storage-refresh]").Click());
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=storage-class-row]").Count));
        Assert.Empty(cut.FindAll("[data-testid=storage-cluster-problem]"));
    }

    [Fact]
    public async Task OpeningThePage_ReadsTheClusterOnce_ForTheMatrixAndTheClaims_RefreshReadsAgain()
    {
        var access = await SignInStorageAdminAsync();
        var cut = Render<StoragePage>(p => p.AddCascadingValue(access));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=storage-claim-name]").Count));
        Assert.Equal(1, _storage.Reads); // before: 2 (the matrix, then the claims table read the cluster again)

        await cut.InvokeAsync(() => cut.Find("[data-testid=storage-refresh]").Click());
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=storage-claim-name]").Count));
        Assert.Equal(2, _storage.Reads);
    }

    [Fact]
    public async Task ClassChangeConfirmation_NamesTheSnapshotSchedulesThatUseTheClass()
    {
        var access = await SignInStorageAdminAsync();
        await using (var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything))
        {
            var cluster = await db.Clusters.Select(c => c.Id).SingleAsync();
            var now = DateTimeOffset.UtcNow;
            db.SnapshotSchedules.Add(new SnapshotSchedule(TenantId, cluster, "shop", new SnapshotScheduleSettings(["data"], null, "csi-aws-vsc-delete",
                SnapshotConsistency.None, "30 2 * * *", "Europe/Berlin", 7, null), "seed", now.AddDays(1), now));
            await db.SaveChangesAsync();
        }

        var dialogs = Render<MudDialogProvider>();
        var cut = Render<StoragePage>(p => p.AddCascadingValue(access));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=snapshot-class-row]").Count));
        var asking = cut.InvokeAsync(() => cut.Find("[data-testid=snapshot-class-row][data-class=csi-aws-vsc-delete] [data-testid=use-for-velero]").Click());
        dialogs.WaitForElement("[data-testid=confirm-ok]");

        var message = dialogs.Find("[data-testid=confirm-dialog]").TextContent;
        Assert.Contains("Snapshot schedules that use the class: shop: data, \"30 2 * * *\" (Europe/Berlin), class csi-aws-vsc-delete.", message);
        Assert.Contains("shop/data", message); // next to the claims, as before
        await dialogs.Find("[data-testid=confirm-cancel]").ClickAsync(new());
        await asking;
        Assert.Empty(await AllRequestsAsync());
    }

    [Fact]
    public void Owner_IsRefused_InWords()
    {
        Principal.Current = Alice;
        var cut = Render<StoragePage>();
        cut.WaitForAssertion(() => Assert.Contains("storage administrators", cut.Find("[data-testid=storage-error]").TextContent));
    }
}
