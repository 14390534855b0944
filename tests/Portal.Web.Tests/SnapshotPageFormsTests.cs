using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Requests;
using Portal.Web.Components.Pages.Snapshots.Restore;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

/// <summary>The snapshot page's forms: restoring to a new claim refuses a size smaller than the snapshot's restore size and a
/// name Kubernetes would refuse, next to the field and in words, never changing what was typed; the rollback dialog says what
/// will happen and cannot be sent until the claim's name is typed exactly.</summary>
public sealed class SnapshotPageFormsTests : PortalTestContext
{
    private readonly PageClaims _claims = new();

    public SnapshotPageFormsTests() => Services.AddSingleton<IClaimRestoreGateway>(_claims);

    private void Seed()
    {
        Snapshots.Claims.Add(new SnapshotClaimInfo("shop", "data", "gp3", "ebs.csi.aws.com", "Bound", "8Gi", "pv-data", false,
            [new("StatefulSet", "db")]));
        Snapshots.Snapshots.Add(new VolumeSnapshotInfo("shop", "data-snap-1", "data", "ebs", true, "8Gi", DateTimeOffset.UtcNow.AddHours(-2),
            DateTimeOffset.UtcNow.AddHours(-2), null, "content-1", null, "Delete", "ebs.csi.aws.com", null, new Dictionary<string, string>()));
        _claims.Claim = new ClaimDetail("shop", "data", "uid-1", "gp3", "ebs.csi.aws.com", ["ReadWriteOnce"], "8Gi", "Bound", "pv-data", null,
            new Dictionary<string, string>(), false);
    }

    private IRenderedComponent<SnapshotPage> RenderPage()
    {
        var cut = Render<SnapshotPage>(p => p.Add(x => x.Id, ShopNamespaceId).Add(x => x.Name, "data-snap-1"));
        cut.WaitForElement("[data-testid='snapshot-facts']");
        return cut;
    }

    private static IElement Input(IElement box) => box.TagName == "INPUT" ? box : box.QuerySelector("input")!;

    private static string FieldText(IRenderedComponent<SnapshotPage> cut, string testId) =>
        (cut.Find($"[data-testid='{testId}']").Closest(".mud-input-control") ?? cut.Find($"[data-testid='{testId}']").ParentElement!).TextContent;

    [Fact]
    public void RestoreToNewClaim_ASizeBelowTheRestoreSize_IsRefusedNextToTheField_AndLeftAsTyped()
    {
        Seed();
        Principal.Current = Sam;
        var cut = RenderPage();

        Input(cut.Find("[data-testid='restore-claim-name']")).Input("data-copy");
        Input(cut.Find("[data-testid='restore-claim-size']")).Input("4Gi");
        cut.Find("[data-testid='restore-claim-submit']").Click();

        cut.WaitForAssertion(() => Assert.Contains("The snapshot needs at least 8Gi; 4Gi is smaller.", FieldText(cut, "restore-claim-size")));
        Assert.Equal("4Gi", Input(cut.Find("[data-testid='restore-claim-size']")).GetAttribute("value"));
        Assert.Equal(0, _claims.Writes);
        Assert.Empty(RequestsOf());
    }

    [Fact]
    public void RestoreToNewClaim_ANameKubernetesWouldRefuse_IsRefusedInWords()
    {
        Seed();
        Principal.Current = Sam;
        var cut = RenderPage();

        Input(cut.Find("[data-testid='restore-claim-name']")).Input("Data_Copy");
        cut.Find("[data-testid='restore-claim-submit']").Click();

        cut.WaitForAssertion(() => Assert.Contains("The claim name 'Data_Copy' may contain only lower-case letters", FieldText(cut, "restore-claim-name")));
        Assert.Equal("Data_Copy", Input(cut.Find("[data-testid='restore-claim-name']")).GetAttribute("value"));
        Assert.Empty(RequestsOf());
    }

    [Fact]
    public void RollbackDialog_SaysWhatWillHappen_AndWaitsForTheClaimsNameTypedExactly()
    {
        Seed();
        Principal.Current = Sam;
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderPage();

        Assert.Contains("Roll back data", cut.Find("[data-testid='rollback-button']").TextContent);
        _ = cut.InvokeAsync(() => cut.Find("[data-testid='rollback-button']").Click());
        dialogs.WaitForElement("[data-testid='rollback-steps']");

        var steps = dialogs.Find("[data-testid='rollback-steps']").TextContent;
        Assert.Contains("StatefulSet/db", steps.Replace(" ", ""), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("scaled to zero", steps);
        Assert.Contains("data-snap-1", steps);
        Assert.Contains("kept (reclaim policy Retain)", steps);
        Assert.True(dialogs.Find("[data-testid='rollback-submit']").HasAttribute("disabled"));

        Input(dialogs.Find("[data-testid='rollback-confirm']")).Input("dat");
        dialogs.WaitForAssertion(() => Assert.True(dialogs.Find("[data-testid='rollback-submit']").HasAttribute("disabled")));
        Input(dialogs.Find("[data-testid='rollback-confirm']")).Input("Data");
        dialogs.WaitForAssertion(() => Assert.True(dialogs.Find("[data-testid='rollback-submit']").HasAttribute("disabled")));
        Input(dialogs.Find("[data-testid='rollback-confirm']")).Input("data");
        dialogs.WaitForAssertion(() => Assert.False(dialogs.Find("[data-testid='rollback-submit']").HasAttribute("disabled")));
    }

    [Fact]
    public void ThePage_LinksTheRequestThatTookIt_AndNamesWhatMountsItsClaim()
    {
        Seed();
        var request = Guid.NewGuid();
        Snapshots.Snapshots[0] = Snapshots.Snapshots[0] with { Labels = new Dictionary<string, string> { [Portal.Domain.Common.PortalLabels.RequestId] = request.ToString() } };
        Principal.Current = Sam;
        var cut = RenderPage();

        Assert.Equal($"/requests/{request}", cut.Find("[data-testid='snapshot-request-link']").GetAttribute("href"));
        Assert.Contains("StatefulSet db", cut.Find("[data-testid='snapshot-used-by']").TextContent);
        Assert.Contains("content-1 · Delete", cut.Find("[data-testid='snapshot-content']").TextContent);
    }

    [Fact]
    public void ThePage_ReReadsTheSnapshot_WhenASnapshotRequestChanges()
    {
        Seed();
        var ready = Snapshots.Snapshots[0];
        Snapshots.Snapshots[0] = ready with { ReadyToUse = false, RestoreSize = null };
        Principal.Current = Sam;
        var cut = RenderPage();
        Assert.Contains("Not ready yet", cut.Find("[data-testid='snapshot-state']").TextContent);
        Assert.Empty(cut.FindAll("[data-testid='rollback-button']"));

        // the executor records the snapshot ready (a request of someone else's, or of a schedule): announced, never polled
        Snapshots.Snapshots[0] = ready;
        Services.GetRequiredService<Portal.Application.Abstractions.IRequestStatusNotifier>()
            .Notify(new Portal.Application.Common.RequestChange(TenantId, Guid.NewGuid(), RequestKind.VolumeSnapshot));

        cut.WaitForAssertion(() => Assert.Contains("Ready to use", cut.Find("[data-testid='snapshot-state']").TextContent));
        Assert.Contains("8Gi", cut.Find("[data-testid='snapshot-size']").TextContent);
        Assert.NotEmpty(cut.FindAll("[data-testid='rollback-button']"));
    }

    private List<OperationRequest> RequestsOf()
    {
        var db = Services.GetRequiredService<Portal.Application.Abstractions.IPortalDbContextFactory>()
            .CreateAsync(Portal.Application.Security.TenantScope.Everything).GetAwaiter().GetResult();
        try { return db.Requests.ToList(); }
        finally { db.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
    }

    /// <summary>The claim the snapshot was taken of; every write counted (the forms must write nothing).</summary>
    private sealed class PageClaims : IClaimRestoreGateway
    {
        public ClaimDetail? Claim { get; set; }
        public int Writes;

        public Task<ClaimDetail?> GetClaimAsync(ClusterConnection cluster, string @namespace, string name, CancellationToken ct) =>
            Task.FromResult(Claim is { } c && c.Namespace == @namespace && c.Name == name ? c : null);
        public Task<VolumeDetail?> GetVolumeAsync(ClusterConnection cluster, string name, CancellationToken ct) => Task.FromResult<VolumeDetail?>(null);
        public Task<WorkloadClaims?> GetWorkloadClaimsAsync(ClusterConnection cluster, string @namespace, WorkloadReference workload, CancellationToken ct) =>
            Task.FromResult<WorkloadClaims?>(new WorkloadClaims(workload, 1, ["data"]));
        public Task<ClaimCreation> CreateClaimAsync(ClusterConnection cluster, ClaimFromSnapshotSpec spec, string requestLabelValue, CancellationToken ct)
        {
            Writes++;
            return Task.FromResult(ClaimCreation.Created);
        }
        public Task<bool> DeleteClaimAsync(ClusterConnection cluster, string @namespace, string name, string uid, TimeSpan limit, CancellationToken ct) => Write();
        public Task<bool> SetReclaimPolicyAsync(ClusterConnection cluster, string volume, string policy, CancellationToken ct) => Write();
        public Task<bool> MakeVolumeBindableAsync(ClusterConnection cluster, string volume, CancellationToken ct) => Write();
        public Task<ClaimDetail> WaitForClaimBoundAsync(ClusterConnection cluster, string @namespace, string name, TimeSpan limit, CancellationToken ct) =>
            Task.FromResult(Claim!);

        private Task<bool> Write()
        {
            Writes++;
            return Task.FromResult(true);
        }
    }
}
