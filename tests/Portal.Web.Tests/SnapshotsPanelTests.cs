using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions.Clusters;
using Portal.Web.Components.Pages.Snapshots;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

/// <summary>The namespace page's snapshots panel: the list with the errors of snapshot and content in words and a link to each
/// snapshot's page, the portability sentence, delete confirmed by the name typed again; read only for those who may not take them.</summary>
public sealed class SnapshotsPanelTests : PortalTestContext
{
    private void Seed()
    {
        Snapshots.Claims.Add(new SnapshotClaimInfo("shop", "data", "gp3", "ebs.csi.aws.com", "Bound", "8Gi", "pv-data", false, [new("StatefulSet", "db")]));
        StorageInventory.SnapshotClasses.Clear();
        StorageInventory.SnapshotClasses.Add(new SnapshotClassInfo("ebs", "ebs.csi.aws.com", "Delete", new Dictionary<string, string>(), ForVelero: false, IsDefault: true, ResourceVersion: null));
        Snapshots.Snapshots.Add(new VolumeSnapshotInfo("shop", "data-snap-1", "data", "ebs", false, null, DateTimeOffset.UtcNow.AddHours(-2), null,
            "Failed to check and update snapshot content: quota", "content-1", "driver: snapshot quota exceeded", "Delete", "ebs.csi.aws.com", null,
            new Dictionary<string, string>()));
    }

    [Fact]
    public void TheList_ShowsTheContentsError_LinksEachSnapshot_AndSaysHowToMoveOne()
    {
        Seed();

        var cut = Render<SnapshotsPanel>(p => p.Add(x => x.TenantNamespaceId, ShopNamespaceId));
        cut.WaitForElement("[data-testid='snapshots-row']");

        var row = cut.Find("[data-testid='snapshots-row']");
        Assert.Contains("Failed", row.TextContent);
        Assert.Contains("Its content content-1 says: driver: snapshot quota exceeded", cut.Find("[data-testid='snapshots-row-error']").TextContent);
        Assert.Contains($"/namespaces/{ShopNamespaceId}/snapshots/data-snap-1", row.InnerHtml);
        Assert.Contains("one cluster and one driver", cut.Find("[data-testid='snapshots-portability']").TextContent);
        Assert.Contains($"/namespaces/{ShopNamespaceId}/backup", cut.Find("[data-testid='snapshots-portability']").InnerHtml);
        Assert.NotEmpty(cut.FindAll("[data-testid='snapshots-now-panel']"));
    }

    [Fact]
    public void Delete_AsksForTheNameTypedAgain_BeforeItCanBeSent()
    {
        Seed();
        var cut = Render<SnapshotsPanel>(p => p.Add(x => x.TenantNamespaceId, ShopNamespaceId));
        cut.WaitForElement("[data-testid='snapshots-delete']");

        cut.Find("[data-testid='snapshots-delete']").Click();

        Assert.True(cut.Find("[data-testid='snapshots-delete-confirmed']").HasAttribute("disabled"));
        var box = cut.Find("[data-testid='snapshots-delete-confirm']");
        (box.TagName == "INPUT" ? box : box.QuerySelector("input")!).Input("data-snap-1");
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid='snapshots-delete-confirmed']").HasAttribute("disabled")));
    }

    [Fact]
    public void WithNothingYet_SaysSo()
    {
        var cut = Render<SnapshotsPanel>(p => p.Add(x => x.TenantNamespaceId, ShopNamespaceId));

        cut.WaitForElement("[data-testid='snapshots-empty']");
        Assert.Contains("No VolumeSnapshots in shop yet", cut.Find("[data-testid='snapshots-empty']").TextContent);
    }

    [Fact]
    public void TheList_ReReads_WhenASnapshotRequestChanges()
    {
        var newest = new List<string?>();
        var cut = Render<SnapshotsPanel>(p => p.Add(x => x.TenantNamespaceId, ShopNamespaceId).Add(x => x.NewestReadyRead, s => newest.Add(s?.Name)));
        cut.WaitForElement("[data-testid='snapshots-empty']");

        // a snapshot taken and made ready by a request (a schedule's too): the executor's writes are announced
        Snapshots.Snapshots.Add(new VolumeSnapshotInfo("shop", "data-snap-2", "data", "ebs", true, "8Gi", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow,
            null, "content-2", null, "Delete", "ebs.csi.aws.com", null, new Dictionary<string, string>()));
        Services.GetRequiredService<Portal.Application.Abstractions.IRequestStatusNotifier>()
            .Notify(new Portal.Application.Common.RequestChange(TenantId, Guid.NewGuid(), Portal.Domain.Requests.RequestKind.VolumeSnapshot));

        cut.WaitForAssertion(() => Assert.Contains("data-snap-2", cut.Find("[data-testid='snapshots-row']").TextContent));
        Assert.Equal("data-snap-2", newest[^1]);
    }
}
